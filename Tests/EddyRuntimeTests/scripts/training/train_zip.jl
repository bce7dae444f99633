# Flux.train! with zip data calls loss(x, y) and decreases the loss.
using Flux
using Flux.Losses: mse
using Random
Random.seed!(1)
m = Dense(1, 1)
X = [Float32[x] for x in 0:0.1:1]
Y = [2 .* x .+ 1 for x in X]
loss(x, y) = mse(m(x), y)
total() = sum(loss(x, y) for (x, y) in zip(X, Y))
before = total()
ps = Flux.params(m)
opt = Descent(0.1)
for epoch in 1:50
    Flux.train!(loss, ps, zip(X, Y), opt)
end
println(total() < before / 10)
calls = Ref(0)
Flux.train!((x, y) -> (calls[] += 1; loss(x, y)), ps, zip(X, Y), opt; cb = () -> nothing)
println(calls[])
# expect: true
# expect: 11
