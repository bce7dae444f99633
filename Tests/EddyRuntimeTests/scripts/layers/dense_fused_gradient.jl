# The built-in Dense gives exactly the values and gradients of σ.(W*x .+ b) written out.
using Flux
W = Float32[0.5 -1 0.25; 2 0.125 -0.5]
b = Float32[0.1, -0.2]
for x in (Float32[1, -1, 3], Float32[1 2; -1 0.5; 3 -2])
  for act in (identity, tanh, σ, relu)
    d = Dense(W, b, act)
    g1 = gradient(() -> sum(abs2.(d(x))), Flux.params(W, b, x))
    g2 = gradient(() -> sum(abs2.(act.(W * x .+ b))), Flux.params(W, b, x))
    e1 = gradient(m -> sum(m(x)), d)[1]
    e2 = gradient((W, b) -> sum(act.(W * x .+ b)), W, b)
    println(act, " ", size(d(x)), " ", d(x) == act.(W * x .+ b), " ", g1[W] == g2[W], " ", g1[b] == g2[b],
      " ", g1[x] == g2[x], " ", e1.weight == e2[1], " ", e1.bias == e2[2])
  end
end
# expect: identity (2,) true true true true true true
# expect: tanh (2,) true true true true true true
# expect: σ (2,) true true true true true true
# expect: relu (2,) true true true true true true
# expect: identity (2, 2) true true true true true true
# expect: tanh (2, 2) true true true true true true
# expect: σ (2, 2) true true true true true true
# expect: relu (2, 2) true true true true true true
