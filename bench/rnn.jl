# Recurrent-network workloads, written the way a Flux user writes them.
#
#   eddy bench/rnn.jl CELL CASE MODE [REPEATS] [WARMUP] [TARGET_MS]
#
#   CELL    rnn | lstm | gru
#   CASE    seed (I=2,H=5,T=3,B=1) | small (32,64,50,16) | medium (256,256,100,64)
#           | large (512,1024,50,32)             -- the shapes of torch_rnn_bench.py
#   MODE    fwd           reset!, then [m(x) for x in xs] over the sequence (Dense(H,1) head)
#           train         one training step: reset!, forward, gradient of the summed mse, ADAM update!
#           layer_fwd     the recurrent layer alone over the sequence (no head)
#           layer_fwdbwd  the layer alone, gradient of sum of all outputs (no optimiser)
#
# Warm-up calls first, then REPEATS timed repetitions; each repetition runs an inner loop
# calibrated to last at least TARGET_MS (so tiny models are not dominated by the clock).
# Prints one line:  RESULT {json}  with per-call median/min/max in milliseconds.
using Flux
using Flux.Losses: mse

cellname = ARGS[1]
casename = ARGS[2]
mode = ARGS[3]
repeats = length(ARGS) >= 4 ? parse(Int, ARGS[4]) : 10
warmup = length(ARGS) >= 5 ? parse(Int, ARGS[5]) : 3
target_ms = length(ARGS) >= 6 ? parse(Float64, ARGS[6]) : 20.0

if casename == "seed"
  I, H, T, B = 2, 5, 3, 1
elseif casename == "small"
  I, H, T, B = 32, 64, 50, 16
elseif casename == "medium"
  I, H, T, B = 256, 256, 100, 64
elseif casename == "large"
  I, H, T, B = 512, 1024, 50, 32
else
  error("unknown case $casename")
end

if cellname == "rnn"
  gates = 1
  layer = RNN(I, H)
elseif cellname == "lstm"
  gates = 4
  layer = LSTM(I, H)
elseif cellname == "gru"
  gates = 3
  layer = GRU(I, H)
else
  error("unknown cell $cellname")
end

m = Chain(layer, Dense(H, 1))
xs = [randn(Float32, I, B) for t in 1:T]
ys = [randn(Float32, 1, B) for t in 1:T]

loss(xs, ys) = sum(mse(m(x), y) for (x, y) in zip(xs, ys))

if mode == "fwd"
  function run_once()
    Flux.reset!(m)
    [m(x) for x in xs]
  end
elseif mode == "train"
  ps = Flux.params(m)
  opt = ADAM(1e-3)
  function run_once()
    Flux.reset!(m)
    gs = gradient(() -> loss(xs, ys), ps)
    Flux.Optimise.update!(opt, ps, gs)
  end
elseif mode == "layer_fwd"
  function run_once()
    Flux.reset!(layer)
    [layer(x) for x in xs]
  end
elseif mode == "layer_fwdbwd"
  lps = Flux.params(layer)
  function run_once()
    Flux.reset!(layer)
    gradient(() -> sum(sum(layer(x)) for x in xs), lps)
  end
else
  error("unknown mode $mode")
end

flop_fwd = 2.0 * gates * H * (I + H) * B * T
flop = (mode == "train" || mode == "layer_fwdbwd") ? 3.0 * flop_fwd : flop_fwd

# Warm-up; the last warm-up call (or one extra call when WARMUP is 0) calibrates the inner
# loop. Timing runs inside a function so its loop variables are locals, not script globals.
function measure(run_once, repeats, warmup, target_ms)
  single = 0.0
  for i in 1:max(warmup, 1)
    t0 = time()
    run_once()
    single = max(time() - t0, 1.0e-7)
  end
  inner = single * 1000.0 >= target_ms ? 1 : min(100000, ceil(Int, target_ms / (single * 1000.0)))
  times = Float64[]
  for r in 1:repeats
    t0 = time()
    for k in 1:inner
      run_once()
    end
    push!(times, (time() - t0) / inner * 1000.0)
  end
  times, inner
end

times, inner = measure(run_once, repeats, warmup, target_ms)
sorted = sort(times)
n = length(sorted)
med = isodd(n) ? sorted[div(n + 1, 2)] : (sorted[div(n, 2)] + sorted[div(n, 2) + 1]) / 2

println("RESULT {\"bench\": \"rnn\", \"framework\": \"eddy\", \"cell\": \"$cellname\", \"case\": \"$casename\", \"mode\": \"$mode\", \"I\": $I, \"H\": $H, \"T\": $T, \"B\": $B, \"median_ms\": $med, \"min_ms\": $(sorted[1]), \"max_ms\": $(sorted[n]), \"reps\": $repeats, \"inner\": $inner, \"gflops\": $(flop / (med * 1.0e-3) / 1.0e9)}")
