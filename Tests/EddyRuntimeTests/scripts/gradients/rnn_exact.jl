# Flux test "implicit gradients, exact values": RNNCell(1, 1, identity) with fixed weights.
using Flux
layer = Flux.Recur(Flux.RNNCell(1, 1, identity))
layer.cell.Wi .= 5
layer.cell.Wh .= 4
layer.cell.b .= 0
layer.cell.state0 .= 7
x = [[2f0], [3f0]]
Flux.reset!(layer)
ps = Flux.params(layer)
e, g = Flux.withgradient(ps) do
    out = [layer(xi) for xi in x]
    sum(out[2])
end
println(e)
println(g[ps[1]], " ", g[ps[2]], " ", g[ps[3]], " ", g[ps[4]])
# expect: 167.0
# expect: Float32[11.0;;] Float32[66.0;;] Float32[5.0] Float32[16.0;;]
