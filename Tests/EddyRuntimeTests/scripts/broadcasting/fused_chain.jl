# A chain of dotted arithmetic runs as one fused pass; the values are those of the
# operation-at-a-time broadcasts, number-only subtrees keep their own types, shapes that
# need broadcasting and tracked arrays take the unfused path.
using Flux
x = Float32[1, 2, 3]; y = Float32[0.5, -1, 2]; z = Float32[10, 20, 30]
println(x .* y .+ z)
println(x .* 2 .- z ./ 3)
println(2 ./ 3 .* x)
println(@. x * y - z / x)
println(x .+ 1.5 .* y)
println((x .+ y) .* (z .- x))
println(eltype(x .* 2.0 .+ y), " ", eltype(x .* 2 .+ y))
d = [1.0, 2.0]; println(d .* 2 .+ 0.5f0)
println([1, 2] .* 3 .+ 1)
A = Float32[1 2 3; 4 5 6]; b = Float32[1, 2]
println(A .* b .+ 1)
w = randn(Float32, 5000); v = w .* w .- w ./ 2.0f0
println(all(v[i] == w[i] * w[i] - w[i] / 2.0f0 for i in 1:5000))
println(gradient(x -> sum(x .* x .+ x), Float32[1, 2]))
# expect: Float32[10.5, 18.0, 36.0]
# expect: Float32[-1.3333333, -2.6666665, -4.0]
# expect: [0.6666666666666666, 1.3333333333333333, 2.0]
# expect: Float32[-9.5, -12.0, -4.0]
# expect: [1.75, 0.5, 6.0]
# expect: Float32[13.5, 18.0, 135.0]
# expect: Float64 Float32
# expect: [2.5, 4.5]
# expect: [4, 7]
# expect: Float32[2.0 3.0 4.0; 9.0 11.0 13.0]
# expect: true
# expect: (Float32[3.0, 5.0],)
