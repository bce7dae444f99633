# findmax/argmax of a matrix give CartesianIndex positions, which index the matrix.
A = [1 5; 7 2]
println(findmax(A), " ", argmax(A), " ", argmin(A), " ", argmax([3, 9, 2]))
display(argmax(A, dims=1))
println(findmax(A, dims=2))
println(A[argmax(A)], " ", A[argmax(A, dims=1)], " ", A[CartesianIndex(1, 2)])
println(argmax(A, dims=1) .== argmax(A, dims=1), " ", typeof(argmax(zeros(2, 2, 2))))
# expect: (7, CartesianIndex(2, 1)) CartesianIndex(2, 1) CartesianIndex(1, 1) 2
# expect: 1×2 Matrix{CartesianIndex{2}}:
# expect:  CartesianIndex(2, 1)  CartesianIndex(1, 2)
# expect: ([5; 7;;], CartesianIndex{2}[CartesianIndex(1, 2); CartesianIndex(2, 1);;])
# expect: 7 [7 5] 5
# expect: Bool[1 1] CartesianIndex{3}
