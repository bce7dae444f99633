# Loss function values for fixed inputs.
using Flux
using Flux.Losses: mse, mae, crossentropy, logitcrossentropy, binarycrossentropy, huber_loss
println(mse([1.0, 2.0, 3.0], [1.0, 2.0, 5.0]))
println(mae([1.0, 2.0], [2.0, 4.0]))
println(mse([1.0, 2.0], [0.0, 0.0]; agg = sum))
println(huber_loss([0.0, 3.0], [0.5, 0.0]))
println(round(crossentropy([0.25, 0.75], [0.0, 1.0]), digits = 6))
println(round(logitcrossentropy([0.0, 0.0], [1.0, 0.0]), digits = 6))
println(round(binarycrossentropy([0.5], [1.0]), digits = 6))
println(typeof(mse(Float32[1], Float32[2])))
mse([1.0, 2.0], [1.0, 2.0, 3.0])
# expect: 1.3333333333333333
# expect: 1.5
# expect: 5.0
# expect: 1.3125
# expect: 0.287682
# expect: 0.693147
# expect: 0.693147
# expect: Float32
# expect-error: DimensionMismatch
