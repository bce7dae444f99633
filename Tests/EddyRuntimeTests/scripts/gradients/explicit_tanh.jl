# Explicit gradient of sum(tanh.(x)) is 1 - tanh(x)^2 elementwise.
using Flux
x = [0.0, 1.0, 2.0]
g = gradient(x -> sum(tanh.(x)), x)
println(g[1] ≈ 1 .- tanh.(x) .^ 2)
println(g[1][1])
println(gradient(x -> 3x^2, 2.0))
println(gradient((a, b) -> a * b + b, 2.0, 3.0))
println(gradient(x -> sum(x .^ 2), [1.0, 2.0, 3.0]))
println(gradient(x -> 5.0, 1.0))
# expect: true
# expect: 1.0
# expect: (12.0,)
# expect: (3.0, 3.0)
# expect: ([2.0, 4.0, 6.0],)
# expect: (nothing,)
