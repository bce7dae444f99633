# Params is iterable and broadcastable: size.(params(m)) as in Flux's tests.
using Flux
println(size.(Flux.params(RNN(10, 5))) == [(5, 10), (5, 5), (5,), (5, 1)])
println(length.(Flux.params(Dense(10, 5))))
# expect: true
# expect: [50, 5]
