# Float32 matrix product throughput: C = A * B with A M×K, B K×N.
#   eddy bench/gemm.jl LABEL M K N [REPEATS] [RHS] [TARGET_MS]
# RHS = matrix (default; B is K×N, also for N = 1) or vector (B is a Vector of length K).
# Warm-up, then REPEATS repetitions of an inner loop lasting >= TARGET_MS; GFLOP/s from the median.
label = ARGS[1]
M = parse(Int, ARGS[2])
K = parse(Int, ARGS[3])
N = parse(Int, ARGS[4])
repeats = length(ARGS) >= 5 ? parse(Int, ARGS[5]) : 10
rhs = length(ARGS) >= 6 ? ARGS[6] : "matrix"
target_ms = length(ARGS) >= 7 ? parse(Float64, ARGS[7]) : 50.0

A = randn(Float32, M, K)
B = rhs == "vector" ? randn(Float32, K) : randn(Float32, K, N)   # K×1 matrix for N = 1, as numpy

# Timing inside a function: its loop variables are locals, not script globals.
function measure(A, B, repeats, target_ms)
  for i in 1:3
    A * B
  end
  t0 = time()
  A * B
  single = max(time() - t0, 1.0e-7)
  inner = single * 1000.0 >= target_ms ? 1 : min(100000, ceil(Int, target_ms / (single * 1000.0)))
  times = Float64[]
  for r in 1:repeats
    t1 = time()
    for k in 1:inner
      A * B
    end
    push!(times, (time() - t1) / inner * 1000.0)
  end
  times, inner
end

times, inner = measure(A, B, repeats, target_ms)
C = A * B
sorted = sort(times)
n = length(sorted)
med = isodd(n) ? sorted[div(n + 1, 2)] : (sorted[div(n, 2)] + sorted[div(n, 2) + 1]) / 2
flop = 2.0 * M * N * K
println("RESULT {\"bench\": \"gemm\", \"framework\": \"eddy\", \"shape\": \"$label\", \"rhs\": \"$rhs\", \"M\": $M, \"K\": $K, \"N\": $N, \"eltype\": \"$(eltype(C))\", \"median_ms\": $med, \"min_ms\": $(sorted[1]), \"max_ms\": $(sorted[n]), \"reps\": $repeats, \"inner\": $inner, \"gflops\": $(flop / (med * 1.0e-3) / 1.0e9), \"gflops_best\": $(flop / (sorted[1] * 1.0e-3) / 1.0e9)}")
