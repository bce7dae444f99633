# Replacing a Recur's cell or state by hand: the step uses what the fields hold now.
using Flux
m = RNN(2, 3)
m.cell = Flux.RNNCell(identity, ones(Float32, 3, 2), zeros(Float32, 3, 3), zeros(Float32, 3), zeros(Float32, 3, 1))
println(m)
println(m(Float32[1, 2]))
m.state = Float32[1, 1, 1]
m.cell.Wh .= 1
println(m(Float32[1, 2]), " ", m.state)
m.state = ones(Float32, 3, 2)
println(size(m(Float32[1 2; 3 4])))
Flux.reset!(m)
println(size(m.state))
m.state = zeros(Float32, 4)
m(Float32[1, 2])
# expect: Recur(RNNCell(2, 3))
# expect: Float32[3.0, 3.0, 3.0]
# expect: Float32[6.0, 6.0, 6.0] Float32[6.0, 6.0, 6.0]
# expect: (3, 2)
# expect: (3, 1)
# expect-error: DimensionMismatch
# expect-error: (RNNCell)
