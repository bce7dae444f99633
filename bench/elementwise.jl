# Elementwise throughput on Float32 vectors: the SIMD kernels behind broadcasting.
#   eddy bench/elementwise.jl OP [REPEATS] [N] [TARGET_MS]
#   OP  tanh   y = tanh.(x)
#       fma    y = x .* y .+ z   (one fused pass, no temporary per operation)
#       exp    y = exp.(x)
#       sigmoid y = σ.(x)
# Warm-up, then REPEATS repetitions of an inner loop lasting >= TARGET_MS. Prints one
# `RESULT {json}` line with the per-call median in milliseconds.
using Flux

op = ARGS[1]
repeats = length(ARGS) >= 2 ? parse(Int, ARGS[2]) : 10
n = length(ARGS) >= 3 ? parse(Int, ARGS[3]) : 65536
target_ms = length(ARGS) >= 4 ? parse(Float64, ARGS[4]) : 50.0

x = randn(Float32, n)
y = randn(Float32, n)
z = randn(Float32, n)

if op == "tanh"
  run_once() = tanh.(x)
elseif op == "fma"
  run_once() = x .* y .+ z
elseif op == "exp"
  run_once() = exp.(x)
elseif op == "sigmoid"
  run_once() = σ.(x)
else
  error("unknown op $op")
end

function measure(run_once, repeats, target_ms)
  for i in 1:3
    run_once()
  end
  t0 = time()
  run_once()
  single = max(time() - t0, 1.0e-7)
  inner = single * 1000.0 >= target_ms ? 1 : min(1000000, ceil(Int, target_ms / (single * 1000.0)))
  times = Float64[]
  for r in 1:repeats
    t1 = time()
    for k in 1:inner
      run_once()
    end
    push!(times, (time() - t1) / inner * 1000.0)
  end
  times, inner
end

times, inner = measure(run_once, repeats, target_ms)
sorted = sort(times)
k = length(sorted)
med = isodd(k) ? sorted[div(k + 1, 2)] : (sorted[div(k, 2)] + sorted[div(k, 2) + 1]) / 2
println("RESULT {\"bench\": \"elementwise\", \"framework\": \"eddy\", \"op\": \"$op\", \"n\": $n, \"median_ms\": $med, \"min_ms\": $(sorted[1]), \"max_ms\": $(sorted[k]), \"reps\": $repeats, \"inner\": $inner, \"ns_per_element\": $(med * 1.0e6 / n)}")
