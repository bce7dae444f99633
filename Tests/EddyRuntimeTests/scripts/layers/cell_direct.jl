# Calling a cell directly with an explicit state returns (new_state, output).
using Flux
rnn = Flux.RNNCell(2, 5)
x = rand(Float32, 2)
h = rand(Float32, 5)
h2, y = rnn(h, x)
println(size(h2), " ", size(y), " ", h2 == y)
m = Flux.Recur(rnn, h)
println(size(m(x)), " ", m.state == rnn(h, x)[1])
println(Flux.sigmoid(0.0), " ", σ(0.0), " ", relu(-1.0), " ", relu(2.0))
println(softmax([0.0, 0.0]))
# expect: (5,) (5,) true
# expect: (5,) true
# expect: 0.5 0.5 0.0 2.0
# expect: [0.5, 0.5]
