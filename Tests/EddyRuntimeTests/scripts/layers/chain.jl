# Chain applies layers in order; indexing returns layers; slicing returns Chains.
using Flux
c = Chain(x -> x .+ 1, x -> x .* 2, sum)
println(c([1, 2]))
m = Chain(Dense(2, 3), Dense(3, 1))
println(m[1], " ", m[end])
println(m[1:1])
println(length(m))
println(size(m(rand(Float32, 2, 7))))
# expect: 10
# expect: Dense(2, 3) Dense(3, 1)
# expect: Chain(Dense(2, 3))
# expect: 2
# expect: (1, 7)
