# DataLoader batches along the last dimension, tuple data, partial batches.
using Flux
X = reshape(collect(1.0:10.0), 1, 10)
Y = collect(1:10)
sizes = [size(x) for x in Flux.DataLoader(X; batchsize = 4)]
println(sizes)
for (x, y) in Flux.DataLoader((X, Y); batchsize = 5)
    println(size(x), " ", y)
end
println(length(Flux.DataLoader(X; batchsize = 4, partial = false)))
# expect: [(1, 4), (1, 4), (1, 2)]
# expect: (1, 5) [1, 2, 3, 4, 5]
# expect: (1, 5) [6, 7, 8, 9, 10]
# expect: 2
