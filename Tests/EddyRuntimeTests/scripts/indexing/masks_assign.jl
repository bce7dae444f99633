# Logical masks and indexed assignment, including column and broadcast assignment.
v = [-1, 2, -3, 4]
println(v[v .> 0])
println(v .> 0)
v[1] = 100
println(v)
v[2:3] = [7, 8]
println(v)
A = zeros(2, 2)
A[:, 1] = [1, 2]
A[2, :] .= 9
println(A)
w = Float32[1, 2]
w[1] = 3
println(w)
v[v .< 5] .= 0
println(v)
# expect: [2, 4]
# expect: Bool[0, 1, 0, 1]
# expect: [100, 2, -3, 4]
# expect: [100, 7, 8, 4]
# expect: [1.0 0.0; 9.0 9.0]
# expect: Float32[3.0, 2.0]
# expect: [100, 7, 8, 0]
