# LSTM forget-gate bias is initialised to 1; other biases 0; state is (h, c).
using Flux
m = LSTM(2, 3)
b = m.cell.b
println(b[1:3], " ", b[4:6], " ", b[7:12])
println(typeof(m.state), " ", size(m.state[1]))
m(Float32[1, 2])
println(size(m.state[2]))
# expect: Float32[0.0, 0.0, 0.0] Float32[1.0, 1.0, 1.0] Float32[0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
# expect: Tuple{Matrix{Float32}, Matrix{Float32}} (3, 1)
# expect: (3, 1)
