# Dotted operators, shape expansion, eltype of the result.
println([1, 2, 3] .+ 1)
println([1, 2] .* [3, 4])
println([1, 2, 3] .+ [10 20])
println(Float32[1, 2] .* 2)
println(Float32[1, 2] .* 0.5)
println([1, 2] .+ 0.5)
println([1, 2] .^ 2)
println(1 .+ 2)
println(ones(2, 1) .* ones(1, 3))
println(0 .< [-1, 0.5, 2] .< 1)
println([1, 2] .== [1, 3])
# expect: [2, 3, 4]
# expect: [3, 8]
# expect: [11 21; 12 22; 13 23]
# expect: Float32[2.0, 4.0]
# expect: [0.5, 1.0]
# expect: [1.5, 2.5]
# expect: [1, 4]
# expect: 3
# expect: [1.0 1.0 1.0; 1.0 1.0 1.0]
# expect: Bool[0, 1, 0]
# expect: Bool[1, 0]
