# Implicit gradients with Params: lookup by array, nothing for untouched, KeyError for non-params.
using Flux
W = [1.0 2.0; 3.0 4.0]
b = [0.5, 0.5]
unused = [7.0]
ps = Flux.params(W, b, unused)
println(length(ps))
gs = gradient(() -> sum(W * [1.0, 2.0] .+ b), ps)
println(gs[W])
println(gs[b])
println(gs[unused] === nothing)
println(haskey(gs, W))
other = [1.0]
gs[other]
# expect: 3
# expect: [1.0 2.0; 1.0 2.0]
# expect: [1.0, 1.0]
# expect: true
# expect: true
# expect-error: KeyError
