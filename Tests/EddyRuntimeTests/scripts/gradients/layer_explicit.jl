# Explicit gradient w.r.t. a Dense layer gives weight and bias gradients.
using Flux
d = Dense(2 => 1)
d.weight .= Float32[1 2]
gd = gradient(d -> sum(d(Float32[1, 1])), d)[1]
println(gd.weight, " ", gd.bias)
# expect: Float32[1.0 1.0] Float32[1.0]
