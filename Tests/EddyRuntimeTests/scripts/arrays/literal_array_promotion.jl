# A literal vector of arrays promotes their element types as Julia's vect does.
println(typeof([[1f0], [2.0]]), " ", [[1f0], [2.0]])
println(typeof([[1, 2], Float32[3]]), " ", typeof([[1, 2], [true]]))
println(typeof([zeros(2, 2), ones(2)]), " ", typeof([[1, 2], [3]]))
# expect: Vector{Vector{Float64}} [[1.0], [2.0]]
# expect: Vector{Vector{Float32}} Vector{Vector{Int64}}
# expect: Vector{Array{Float64}} Vector{Vector{Int64}}
