# Recur keeps state between calls; reset! restores state0 (the cell's, not the constructor's).
using Flux
y = Flux.Recur(Flux.RNNCell(relu, ones(1, 1), zeros(1, 1), ones(1, 1), zeros(1, 1)), ones(1, 1))
println(y(ones(1, 1)))
println(y.state)
println(Flux.reset!(y))
println(y.state)
accum(h, x) = (h + x, x)
rnn = Flux.Recur(accum, 0)
println(rnn(2), " ", rnn(3), " ", rnn.state)
println(rnn)
c = Chain(RNN(2, 3))
println(Flux.reset!(c) === nothing)
# expect: [2.0;;]
# expect: [2.0;;]
# expect: [0.0;;]
# expect: [0.0;;]
# expect: 2 3 5
# expect: Recur(accum)
# expect: true
