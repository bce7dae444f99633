# Array literals: vectors, matrices, typed arrays, concatenation.
v = [1, 2, 3]
println(v, " ", typeof(v))
m = [1 2; 3 4]
println(m, " ", size(m))
println([1 2 3], " ", size([1 2 3]))
println([1; 2; 3])
f = Float32[1, 2.5]
println(f, " ", eltype(f))
println([1, 2.5])
println([[1, 2], [3]])
println(typeof([[1f0], [2f0]]))
println([v; 4])
println([v v])
println(hcat([1, 2], [3, 4]), " ", vcat([1], [2, 3]))
println(Any[1, "a"])
println(Int[])
# expect: [1, 2, 3] Vector{Int64}
# expect: [1 2; 3 4] (2, 2)
# expect: [1 2 3] (1, 3)
# expect: [1, 2, 3]
# expect: Float32[1.0, 2.5] Float32
# expect: [1.0, 2.5]
# expect: [[1, 2], [3]]
# expect: Vector{Vector{Float32}}
# expect: [1, 2, 3, 4]
# expect: [1 1; 2 2; 3 3]
# expect: [1 3; 2 4] [1, 2, 3]
# expect: Any[1, "a"]
# expect: Int64[]
