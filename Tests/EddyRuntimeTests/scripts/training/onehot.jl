# onehot, onehotbatch, onecold.
using Flux
v = Flux.onehot(:b, [:a, :b, :c])
println(collect(v))
println(Flux.onecold([0.3, 0.2, 0.5], [:a, :b, :c]))
M = Flux.onehotbatch([1, 3, 2], 1:3)
println(size(M), " ", Flux.onecold(M))
println(Flux.onecold([0.1 0.9; 0.8 0.2]))
W = [1.0 2.0 3.0; 4.0 5.0 6.0]
println(W * Flux.onehot(2, 1:3))
println(Flux.onehot(9, 1:3, 1) |> collect)
Flux.onehot(:z, [:a, :b])
# expect: Bool[0, 1, 0]
# expect: c
# expect: (3, 3) [1, 3, 2]
# expect: [2, 1]
# expect: [2.0, 5.0]
# expect: Bool[1, 0, 0]
# expect-error: not in labels
