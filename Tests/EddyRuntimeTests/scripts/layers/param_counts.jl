# Parameter arrays and counts, params order, state0 is trainable.
using Flux
count(m) = sum(length, Flux.params(m))
println(count(RNN(2, 5)), " ", count(RNN(3, 5)), " ", count(LSTM(3, 5)), " ", count(GRU(3, 5)), " ", count(GRUv3(3, 5)))
println([size(p) for p in Flux.params(RNN(10, 5))] == [(5, 10), (5, 5), (5,), (5, 1)])
m = Chain(RNN(2, 5), Dense(5, 1))
println(length(Flux.params(m)))
r = RNN(3, 5)
println(length(Flux.params(Chain(r, r))))
println([size(p) for p in Flux.params(LSTM(3, 5))] == [(20, 3), (20, 5), (20,), (5, 1), (5, 1)])
println(count(Chain(LSTM(10, 20), Dense(20, 1))))
# expect: 45 50 190 140 140
# expect: true
# expect: 6
# expect: 4
# expect: true
# expect: 2541
