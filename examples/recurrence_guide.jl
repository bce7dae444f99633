# Every snippet of Flux's "Recurrent Models" guide (the Recur era), in order, as one script.
# Random values differ from run to run, so the script prints shapes and short confirmations.

# --- Recurrent cells: a hand-written RNN cell
Wxh = randn(Float32, 5, 2)
Whh = randn(Float32, 5, 5)
b = randn(Float32, 5)
function rnn_cell(h, x)
    h = tanh.(Wxh * x .+ Whh * h .+ b)
    return h, h
end
x = rand(Float32, 2) # dummy data
h = rand(Float32, 5) # initial hidden state
h, y = rnn_cell(h, x)
println("hand-written cell: h is ", summary(h), ", y == h: ", y == h)

# --- The same with Flux.RNNCell
using Flux
rnn = Flux.RNNCell(2, 5)
x = rand(Float32, 2) # dummy data
h = rand(Float32, 5) # initial hidden state
h, y = rnn(h, x)
println("RNNCell: output ", summary(y))

# --- Stateful models
x = rand(Float32, 2)
h = rand(Float32, 5)
m = Flux.Recur(rnn, h)
y = m(x)
println("Recur: output ", summary(y), ", state ", summary(m.state))

println(RNN(2, 5))

m = Chain(RNN(2, 5), Dense(5, 1))
println(m)

# --- Working with sequences
x = rand(Float32, 2);
println("m(x) = ", summary(m(x)))

x = [rand(Float32, 2) for i = 1:3];
ys = [m(xi) for xi in x]
println("[m(xi) for xi in x] is a ", summary(ys))

# The guide discourages m.(x) / map(m, x); use an explicit comprehension instead.
y = [m(x) for x in x]
println("comprehension over the sequence: ", length(y), " outputs")

using Flux.Losses: mse
function loss(x, y)
    m(x[1]) # ignores the output but updates the hidden states
    sum(mse(m(xi), yi) for (xi, yi) in zip(x[2:end], y))
end
y = [rand(Float32, 1) for i = 1:2]
println("seq-to-one loss: ", loss(x, y) >= 0)

function loss(x, y)
    sum(mse(m(xi), yi) for (xi, yi) in zip(x, y))
end
seq_init = [rand(Float32, 2)]
seq_1 = [rand(Float32, 2) for i = 1:3]
seq_2 = [rand(Float32, 2) for i = 1:3]
y1 = [rand(Float32, 1) for i = 1:3]
y2 = [rand(Float32, 1) for i = 1:3]
X = [seq_1, seq_2]
Y = [y1, y2]
data = zip(X, Y)
Flux.reset!(m)
[m(x) for x in seq_init]
ps = params(m)
opt = ADAM(1e-3)
Flux.train!(loss, ps, data, opt)
println("trained one epoch over ", length(X), " batches with ", length(ps), " parameter arrays")

# --- Batches of independent sequences: (features, batch) matrices per time step
x = [rand(Float32, 2, 4) for i = 1:3]
y = [rand(Float32, 1, 4) for i = 1:3]
Flux.reset!(m)
println("batched output: ", summary(m(x[1])))

function loss(x, y)
    Flux.reset!(m)
    sum(mse(m(xi), yi) for (xi, yi) in zip(x, y))
end
println("loss with reset! inside: ", loss(x, y) >= 0)
println("done")
