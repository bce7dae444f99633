# zeros/ones/fill/reshape/vec/collect and shape queries.
z = zeros(2, 3)
println(size(z), " ", length(z), " ", ndims(z), " ", eltype(z))
println(ones(Float32, 2))
println(fill(0.5f0, 2, 2))
a = reshape(collect(1:6), 2, 3)
println(a)
println(vec(a))
println(a[3], " ", size(a, 1), " ", size(a, 3))
println(reshape(a, :, 2))
println(transpose([1 2; 3 4]))
println(permutedims([1, 2]))
println(size(rand(Float32, 5, 2)), " ", eltype(randn(Float32, 3)))
println(similar([1.0, 2.0]) |> length)
println(copy(a) == a, " ", copy(a) === a)
# expect: (2, 3) 6 2 Float64
# expect: Float32[1.0, 1.0]
# expect: Float32[0.5 0.5; 0.5 0.5]
# expect: [1 3 5; 2 4 6]
# expect: [1, 2, 3, 4, 5, 6]
# expect: 3 2 1
# expect: [1 4; 2 5; 3 6]
# expect: [1 3; 2 4]
# expect: [1 2]
# expect: (5, 2) Float32
# expect: 2
# expect: true false
