# Scalar loop: the interpreter's per-iteration cost.
#   eddy bench/scalar_loop.jl [REPEATS] [N]
# Times f(N) (default N = 10^7) in-process with time(); one warm-up call, median of REPEATS.
function f(n)
  s = 0.0
  for i in 1:n
    s += i * 0.5
  end
  s
end

repeats = length(ARGS) >= 1 ? parse(Int, ARGS[1]) : 5
n = length(ARGS) >= 2 ? parse(Int, ARGS[2]) : 10^7

f(n)
times = Float64[]
for r in 1:repeats
  t0 = time()
  f(n)
  push!(times, (time() - t0) * 1000.0)
end
sorted = sort(times)
k = length(sorted)
med = isodd(k) ? sorted[div(k + 1, 2)] : (sorted[div(k, 2)] + sorted[div(k, 2) + 1]) / 2
println("RESULT {\"bench\": \"scalar_loop\", \"framework\": \"eddy\", \"n\": $n, \"median_ms\": $med, \"min_ms\": $(sorted[1]), \"max_ms\": $(sorted[k]), \"reps\": $repeats, \"ns_per_iter\": $(med * 1.0e6 / n)}")
