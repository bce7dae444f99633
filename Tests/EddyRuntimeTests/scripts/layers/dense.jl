# Dense forward pass with fixed weights, activations, and wrong input size.
using Flux
d = Dense(2, 3, relu)
d.weight .= Float32[1 0; 0 1; -1 -1]
d.bias .= Float32[0, 0.5, 0]
println(d(Float32[1, 2]))
println(d(Float32[1 0; 2 0]))
println(size(d.weight), " ", size(d.bias))
d(Float32[1, 2, 3])
# expect: Float32[1.0, 2.5, 0.0]
# expect: Float32[1.0 0.0; 2.5 0.5; 0.0 0.0]
# expect: (3, 2) (3,)
# expect-error: DimensionMismatch
