# Indexing with end, ranges, steps, vectors of indices, begin.
v = [10, 20, 30, 40, 50]
println(v[1], " ", v[end], " ", v[end - 1], " ", v[begin])
println(v[2:4])
println(v[2:end])
println(v[1:2:end])
println(v[[1, 3]])
println(v[end:-1:1])
A = [1 2 3; 4 5 6]
println(A[2, 3], " ", A[end, 1], " ", A[1, end])
println(A[:, 2], " ", A[1, :])
println(A[1:1, :])
println(A[:])
println(A[:, [1, 3]])
# expect: 10 50 40 10
# expect: [20, 30, 40]
# expect: [20, 30, 40, 50]
# expect: [10, 30, 50]
# expect: [10, 30]
# expect: [50, 40, 30, 20, 10]
# expect: 6 4 3
# expect: [2, 5] [1, 2, 3]
# expect: [1 2 3]
# expect: [1, 4, 2, 5, 3, 6]
# expect: [1 3; 4 6]
