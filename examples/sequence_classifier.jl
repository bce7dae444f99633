# Classify short sequences by the sign of their sum with a GRU followed by a Dense layer.
# Data are batched the Flux (Recur era) way: a Vector of (features, batch) matrices, one per step.
# Pass --quick for a shorter run (used by the test suite).
using Flux
using Flux.Losses: logitcrossentropy
using Statistics
using Random
Random.seed!(3)

quick = "--quick" in ARGS
seqlen = 6
ntrain = quick ? 64 : 512
ntest = 256
batchsize = 32
epochs = quick ? 2 : 15

# One data set: `n` sequences of `seqlen` numbers in [-1, 1]; the label is 1 if the sum is
# negative and 2 otherwise.
function make_data(n)
    X = 2 .* rand(Float32, seqlen, n) .- 1
    labels = [sum(X[:, j]) < 0 ? 1 : 2 for j in 1:n]
    X, labels
end
# A batch as a sequence of 1×B matrices (features = 1).
as_sequence(X) = [reshape(X[t, :], 1, :) for t in 1:size(X, 1)]

Xtrain, ytrain = make_data(ntrain)
Xtest, ytest = make_data(ntest)

model = Chain(GRU(1, 16), Dense(16, 2))

function predict(seq)
    Flux.reset!(model)
    local out
    for x in seq
        out = model(x)
    end
    out
end

loss(seq, Y) = logitcrossentropy(predict(seq), Y)

accuracy(X, labels) = mean(Flux.onecold(predict(as_sequence(X))) .== labels)

batches = []
for idx in Iterators.partition(1:ntrain, batchsize)
    push!(batches, (as_sequence(Xtrain[:, idx]), Float32.(Flux.onehotbatch(ytrain[idx], 1:2))))
end

ps = Flux.params(model)
opt = Adam(0.01)
println("before training: test accuracy = ", round(accuracy(Xtest, ytest), digits = 3))
for epoch in 1:epochs
    Flux.train!(loss, ps, batches, opt)
    if epoch % (quick ? 1 : 5) == 0
        l = mean(loss(s, Y) for (s, Y) in batches)
        println("epoch $epoch: train loss = ", round(l, digits = 4), ", test accuracy = ", round(accuracy(Xtest, ytest), digits = 3))
    end
end
println("final test accuracy = ", round(accuracy(Xtest, ytest), digits = 3))
