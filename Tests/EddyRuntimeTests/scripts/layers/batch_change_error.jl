# Changing the batch size without reset! is an error that mentions reset! (Eddy's documented choice).
using Flux
m = RNN(3, 5)
m(rand(Float32, 3, 10))
println(size(m.state))
m(rand(Float32, 3, 4))
# expect: (5, 10)
# expect-error: reset!
