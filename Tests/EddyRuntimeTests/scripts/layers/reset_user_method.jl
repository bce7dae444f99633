# A reset! method added for a user layer is called when resetting a Chain that holds it.
using Flux
struct Counter
  n
end
Flux.@functor Counter
(c::Counter)(x) = x
Flux.reset!(c::Counter) = (c.n[] += 1; nothing)
c = Counter(Ref(0))
m = Chain(RNN(2, 2), c)
m(Float32[1, 2])
println(m[1].state === m[1].cell.state0)
Flux.reset!(m)
Flux.reset!(m)
println(c.n[], " ", m[1].state === m[1].cell.state0)
# expect: false
# expect: 2 true
