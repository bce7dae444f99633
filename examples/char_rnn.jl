# A character-level LSTM language model trained on a small text (examples/data/tiny_fables.txt).
# It prints the falling training loss every few epochs and then samples a string from the model.
# Pass --quick for a shorter run (used by the test suite).
using Flux
using Flux.Losses: logitcrossentropy
using Random
Random.seed!(7)

quick = "--quick" in ARGS

# The fallback keeps the example runnable where file reading is unavailable.
const FALLBACK_TEXT = "A hare laughed at a tortoise for being slow, and the tortoise said that he would win a race against the hare. The hare ran far ahead and then lay down to sleep in the sun. The tortoise walked on and on, slow and steady, and he did not stop. When the hare woke up, the tortoise was near the end of the road, and though the hare ran as fast as he could, the tortoise won the race. Slow and steady wins the race. A lion was asleep when a little mouse ran over his nose. The lion woke and caught the mouse under his paw. The mouse begged to be let go and said that one day she might help the lion. The lion laughed, but he let her go. Some days later the lion was caught in a net, and he roared and roared. The mouse heard him and came and gnawed the ropes until the lion was free. Little friends may prove great friends."

function load_text()
    for path in ("examples/data/tiny_fables.txt", "data/tiny_fables.txt")
        try
            return read(path, String)
        catch
        end
    end
    println("(could not read examples/data/tiny_fables.txt; using the two built-in fables)")
    FALLBACK_TEXT
end

text = lowercase(load_text())
chars = collect(text)
alphabet = sort(unique(chars))
V = length(alphabet)
println("text: $(length(chars)) characters, alphabet of $V")

seqlen = 16
batchsize = 8
hidden = quick ? 16 : 64
epochs = quick ? 2 : 24
nbatches = quick ? 2 : 100

# Cut the text into `batchsize` parallel streams, then into windows of `seqlen` steps.
# Each step is a one-hot (V, batchsize) matrix; targets are the next characters.
stream_len = div(length(chars) - 1, batchsize)
function batch_at(start)
    xs = Matrix{Float32}[]
    ys = Matrix{Float32}[]
    for t in 0:seqlen-1
        cols_x = [chars[(b - 1) * stream_len + start + t] for b in 1:batchsize]
        cols_y = [chars[(b - 1) * stream_len + start + t + 1] for b in 1:batchsize]
        push!(xs, Float32.(Flux.onehotbatch(cols_x, alphabet)))
        push!(ys, Float32.(Flux.onehotbatch(cols_y, alphabet)))
    end
    xs, ys
end
starts = [1 + (k - 1) * seqlen for k in 1:div(stream_len - 1, seqlen)]
data = [batch_at(s) for s in starts[1:min(nbatches, length(starts))]]

model = Chain(LSTM(V, hidden), Dense(hidden, V))

function loss(xs, ys)
    Flux.reset!(model)
    l = 0f0
    for (x, y) in zip(xs, ys)
        l += logitcrossentropy(model(x), y)
    end
    l / length(xs)
end

mean_loss() = sum(loss(xs, ys) for (xs, ys) in data) / length(data)

ps = Flux.params(model)
opt = Adam(0.01)
println("epoch 0: loss = ", round(mean_loss(), digits = 4))
for epoch in 1:epochs
    Flux.train!(loss, ps, data, opt)
    if epoch % (quick ? 1 : 4) == 0
        println("epoch $epoch: loss = ", round(mean_loss(), digits = 4))
    end
end

# Sample: feed a seed, then repeatedly draw the next character from softmax(logits).
function sample(seed, n)
    Flux.reset!(model)
    out = collect(seed)
    local logits
    for c in seed
        logits = model(Float32.(Flux.onehot(c, alphabet)))
    end
    for i in 1:n
        p = softmax(logits)
        r = rand()
        k = 1
        acc = p[1]
        while acc < r && k < V
            k += 1
            acc += p[k]
        end
        c = alphabet[k]
        push!(out, c)
        logits = model(Float32.(Flux.onehot(c, alphabet)))
    end
    join(out)
end
println("sample: ", sample("the ", quick ? 20 : 80))
