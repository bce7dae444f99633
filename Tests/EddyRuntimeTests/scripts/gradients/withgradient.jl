# withgradient returns the value and the gradient together.
using Flux
r = Flux.withgradient(x -> sum(x .^ 2), [1.0, 2.0])
println(r.val)
println(r.grad)
v, g = withgradient(x -> 2x, 1.5)
println(v, " ", g)
# expect: 5.0
# expect: ([2.0, 4.0],)
# expect: 3.0 (2.0,)
