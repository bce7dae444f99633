# Explicit gradients through a Chain with a Recur equal the implicit ones.
using Flux
m = Chain(LSTM(2, 3), Dense(3, 1))
xs = [Float32[1, 2], Float32[0.5, -1], Float32[0, 1]]
Flux.reset!(m)
gi = gradient(() -> sum(sum(m(x)) for x in xs), Flux.params(m))
Flux.reset!(m)
ge = gradient(m -> sum(sum(m(x)) for x in xs), m)[1]
c = m[1].cell
println(gi[c.Wi] == ge.layers[1].cell.Wi, " ", gi[c.Wh] == ge.layers[1].cell.Wh, " ", gi[c.b] == ge.layers[1].cell.b)
println(gi[m[2].weight] == ge.layers[2].weight, " ", gi[m[2].bias] == ge.layers[2].bias)
# expect: true true true
# expect: true true
