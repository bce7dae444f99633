# using Flux.Losses: mse brings only mse; Flux.reset! qualified.
using Flux
using Flux.Losses: mse
println(mse([1.0, 2.0], [1.0, 4.0]))
println(Flux.Losses.mae([1.0, 2.0], [1.0, 4.0]))
println(Flux.mse([0.0], [3.0]))
m = RNN(1, 1)
Flux.reset!(m)
println("reset ok")
mae([1.0], [2.0])
# expect: 2.0
# expect: 1.0
# expect: 9.0
# expect: reset ok
# expect-error: UndefVarError: `mae` not defined
