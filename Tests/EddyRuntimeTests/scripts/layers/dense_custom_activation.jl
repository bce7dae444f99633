# Dense with a user-defined activation calls it on every element, forward and backward.
using Flux
leaky(x) = x > 0 ? x : 0.5f0 * x
d = Dense(Float32[1 -1; 2 0], Float32[0, -3], leaky)
println(d)
println(d(Float32[1, 2]))
println(d(Float32[1 2; 2 -1]))
g = gradient(() -> sum(d(Float32[1, 2])), Flux.params(d))
println(g[d.weight], " ", g[d.bias])
# expect: Dense(2, 2, leaky)
# expect: Float32[-0.5, -0.5]
# expect: Float32[-0.5 3.0; -0.5 1.0]
# expect: Float32[0.5 1.0; 0.5 1.0] Float32[0.5, 0.5]
