# update! follows Descent, Momentum and Adam exactly as written with broadcasts (Float64
# hyperparameters, results rounded into the Float32 arrays), through Params and per array.
using Flux
function adam_check(g)
  W = Float32[1 2; 3 4]
  ps = Flux.params(W)
  opt = Adam(0.01)
  V = copy(W); mt = zero(V); vt = zero(V); βp = [0.9, 0.999]
  for k in 1:3
    gs = gradient(() -> sum(W .* g), ps)
    Flux.Optimise.update!(opt, ps, gs)
    Δ = copy(g)
    @. mt = 0.9 * mt + (1 - 0.9) * Δ
    @. vt = 0.999 * vt + (1 - 0.999) * Δ * Δ
    @. Δ = mt / (1 - βp[1]) / (sqrt(vt / (1 - βp[2])) + 1e-8) * 0.01
    βp .= βp .* [0.9, 0.999]
    V .-= Δ
  end
  println(W == V, " ", opt.state[W][1] == mt, " ", opt.state[W][2] == vt, " ", opt.state[W][3] == βp)
end
function momentum_check(g)
  W = Float32[1 2; 3 4]
  V = copy(W); v = zero(V)
  opt = Momentum(0.1, 0.8)
  for k in 1:3
    Flux.Optimise.update!(opt, W, g)
    Δ = copy(g)
    @. v = 0.8 * v - 0.1 * Δ
    @. Δ = -v
    V .-= Δ
  end
  println(W == V, " ", opt.velocity[W] == v)
end
function descent_check(g)
  W = Float32[1 2; 3 4]
  V = copy(W)
  for k in 1:3
    Flux.Optimise.update!(Descent(0.3), W, g)
    Δ = copy(g)
    Δ .*= 0.3
    V .-= Δ
  end
  println(W == V)
end
g = Float32[0.5 -1; 0.25 2]
adam_check(g)
momentum_check(g)
descent_check(g)
# expect: true true true true
# expect: true true
# expect: true
