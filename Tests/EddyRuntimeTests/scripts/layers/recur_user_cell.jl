# A Recur around a user-defined cell runs the cell's own method; reset! restores its state0.
using Flux
struct Accum
  state0
end
(c::Accum)(h, x) = (h .+ x, 2 .* (h .+ x))
m = Flux.Recur(Accum(zeros(Float32, 2)))
println(m(Float32[1, 2]))
println(m(Float32[1, 2]))
println(m.state)
Flux.reset!(m)
println(m.state)
c = Chain(m, Dense(Float32[1 1], Float32[0.5], identity))
println(c(Float32[1, 1]), " ", c(Float32[1, 1]))
# expect: Float32[2.0, 4.0]
# expect: Float32[4.0, 8.0]
# expect: Float32[2.0, 4.0]
# expect: Float32[0.0, 0.0]
# expect: Float32[4.5] Float32[8.5]
