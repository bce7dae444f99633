# using/import of built-in modules and qualified names.
using Statistics
println(mean([1, 2, 3, 4]), " ", mean(Float32[1, 2]))
println(std([1.0, 2.0, 3.0]), " ", var([1.0, 2.0, 3.0]))
using Random
Random.seed!(42)
a = rand(3)
Random.seed!(42)
b = rand(3)
println(a == b, " ", length(a))
import LinearAlgebra
println(LinearAlgebra.norm([3.0, 4.0]))
using LinearAlgebra: dot
println(dot([1, 2], [3, 4]))
# expect: 2.5 1.5
# expect: 1.0 1.0
# expect: true 3
# expect: 5.0
# expect: 11
