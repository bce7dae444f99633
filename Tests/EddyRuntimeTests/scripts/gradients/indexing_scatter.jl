# Indexing in the forward pass scatters gradients back into a dense array.
using Flux
x = [1.0, 2.0, 3.0, 4.0]
println(gradient(x -> x[2] * 3 + x[end], x))
println(gradient(x -> sum(x[2:3]), x))
println(gradient(x -> x[1] + x[1], x))
A = [1.0 2.0; 3.0 4.0]
println(gradient(A -> sum(A[:, 2]), A))
# expect: ([0.0, 3.0, 0.0, 1.0],)
# expect: ([0.0, 1.0, 1.0, 0.0],)
# expect: ([2.0, 0.0, 0.0, 0.0],)
# expect: ([0.0 1.0; 0.0 1.0],)
