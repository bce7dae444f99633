# Matrix products, transpose, outer product, sum with dims.
A = [1.0 2.0; 3.0 4.0]
x = [1.0, 1.0]
println(A * x)
println(A * A)
println(x * x')
println(A')
println(sum(A), " ", sum(A; dims=1), " ", sum(A; dims=2))
println(maximum(A), " ", argmax([3, 9, 2]), " ", prod([1, 2, 3]))
println(2A, " ", A / 2)
println(A + A, " ", A - A)
# expect: [3.0, 7.0]
# expect: [7.0 10.0; 15.0 22.0]
# expect: [1.0 1.0; 1.0 1.0]
# expect: [1.0 3.0; 2.0 4.0]
# expect: 10.0 [4.0 6.0] [3.0; 7.0;;]
# expect: 4.0 2 6
# expect: [2.0 4.0; 6.0 8.0] [0.5 1.0; 1.5 2.0]
# expect: [2.0 4.0; 6.0 8.0] [0.0 0.0; 0.0 0.0]
