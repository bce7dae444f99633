# Full BPTT: gradient through 3 RNN steps equals the hand-unrolled gradient.
using Flux
rnn = RNN(2 => 3)
seq = [Float32[0.1, 0.2], Float32[-0.3, 0.5], Float32[0.7, -0.1]]
Flux.reset!(rnn)
g1 = gradient(Wh -> begin
    rnn.cell.Wh .= Wh
    0f0
end, rnn.cell.Wh)
c = rnn.cell
h0 = c.state0
unrolled(Wh) = sum(tanh.(c.Wi * seq[3] .+ Wh * tanh.(c.Wi * seq[2] .+ Wh * tanh.(c.Wi * seq[1] .+ Wh * h0 .+ c.b) .+ c.b) .+ c.b))
gref = gradient(unrolled, c.Wh)[1]
ps = Flux.params(rnn)
gs = gradient(ps) do
    Flux.reset!(rnn)
    sum([rnn(s) for s in seq][3])
end
println(isapprox(gs[c.Wh], gref; rtol = 1e-5))
# expect: true
