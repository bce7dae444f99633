# Array types called on a collection collect it, converting to the element type.
println(Array(1:3))
println(Vector{Float32}([1, 2]))
println(Matrix([1 2; 3 4]))
println(length(Vector{Float64}(undef, 4)))
# expect: [1, 2, 3]
# expect: Float32[1.0, 2.0]
# expect: [1 2; 3 4]
# expect: 4
