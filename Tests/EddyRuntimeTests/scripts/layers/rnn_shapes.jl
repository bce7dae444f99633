# Output shapes of RNN/LSTM/GRU/GRUv3 for vector, matrix and 3-D input (features, batch, time).
using Flux
for R in (RNN, LSTM, GRU, GRUv3)
    m = R(3 => 5)
    Flux.reset!(m)
    a = size(m(rand(Float32, 3)))
    b = size(m(rand(Float32, 3)))
    Flux.reset!(m)
    c = size(m(rand(Float32, 3, 1)))
    Flux.reset!(m)
    d = size(m(rand(Float32, 3, 1, 2)))
    Flux.reset!(m)
    e = size(m(rand(Float32, 3, 4)))
    println(a, " ", b, " ", c, " ", d, " ", e)
end
# expect: (5,) (5,) (5, 1) (5, 1, 2) (5, 4)
# expect: (5,) (5,) (5, 1) (5, 1, 2) (5, 4)
# expect: (5,) (5,) (5, 1) (5, 1, 2) (5, 4)
# expect: (5,) (5,) (5, 1) (5, 1, 2) (5, 4)
