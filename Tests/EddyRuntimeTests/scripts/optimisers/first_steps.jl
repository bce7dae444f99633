# First update steps of Descent, Momentum and Adam on a single parameter with constant gradient.
using Flux
function steps(opt, n)
    w = [1.0]
    ps = Flux.params(w)
    out = Float64[]
    for i in 1:n
        gs = gradient(() -> sum(2 .* w), ps)
        Flux.Optimise.update!(opt, ps, gs)
        push!(out, round(w[1], digits = 6))
    end
    out
end
println(steps(Descent(0.1), 3))
println(steps(Momentum(0.1, 0.9), 3))
println(steps(Adam(0.1), 3))
println(steps(ADAM(0.1), 1))
println(Descent(0.1))
# expect: [0.8, 0.6, 0.4]
# expect: [0.8, 0.42, -0.122]
# expect: [0.9, 0.8, 0.7]
# expect: [0.9]
# expect: Descent(0.1)
