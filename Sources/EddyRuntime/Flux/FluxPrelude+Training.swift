// Flux's losses, optimisers, train! and data utilities, written in Eddy itself.

extension FluxPrelude {
  static let training = #"""
function _check_sizes(ŷ, y)
  if (ŷ isa AbstractArray) && (y isa AbstractArray) && size(ŷ) != size(y)
    throw(DimensionMismatch("loss function expects size(ŷ) = $(size(ŷ)) to match size(y) = $(size(y))"))
  end
  nothing
end
_eps(ŷ) = eltype(ŷ) == Float32 ? eps(Float32) : eps(Float64)

"mse(ŷ, y; agg = mean): mean squared error, `agg((ŷ .- y) .^ 2)`.\n\n    Flux.mse(Float32[1, 2], Float32[1, 4])  # 2.0"
mse(ŷ, y; agg = mean) = (_check_sizes(ŷ, y); agg(abs2.(ŷ .- y)))
"mae(ŷ, y; agg = mean): mean absolute error, `agg(abs.(ŷ .- y))`.\n\n    Flux.mae([0.1, 0.2], [0.0, 0.0])"
mae(ŷ, y; agg = mean) = (_check_sizes(ŷ, y); agg(abs.(ŷ .- y)))
"msle(ŷ, y; agg = mean, eps): mean squared logarithmic error.\n\n    Flux.msle([1.0, 2.0], [1.0, 3.0])"
msle(ŷ, y; agg = mean, eps = _eps(ŷ)) = (_check_sizes(ŷ, y); agg((log.((ŷ .+ eps) ./ (y .+ eps))) .^ 2))
"huber_loss(ŷ, y; agg = mean, delta = 1): quadratic near zero, linear beyond `delta`.\n\n    Flux.huber_loss([0.5, 3.0], [0.0, 0.0])"
function huber_loss(ŷ, y; agg = mean, delta = 1)
  _check_sizes(ŷ, y)
  a = abs.(ŷ .- y)
  quad = a .< delta
  agg(0.5 .* quad .* a .^ 2 .+ (1 .- quad) .* delta .* (a .- 0.5 * delta))
end
"crossentropy(ŷ, y; dims = 1, agg = mean, eps): cross entropy of probabilities ŷ against targets y.\n\n    Flux.crossentropy([0.1, 0.2, 0.7], [0.0, 0.0, 1.0])"
crossentropy(ŷ, y; dims = 1, agg = mean, eps = _eps(ŷ)) =
  (_check_sizes(ŷ, y); agg(.-sum(y .* log.(ŷ .+ eps); dims = dims)))
"logitcrossentropy(ŷ, y; dims = 1, agg = mean): crossentropy(softmax(ŷ), y), computed stably.\n\n    Flux.logitcrossentropy([1.0, 2.0, 3.0], [0.0, 0.0, 1.0])"
logitcrossentropy(ŷ, y; dims = 1, agg = mean) =
  (_check_sizes(ŷ, y); agg(.-sum(y .* logsoftmax(ŷ; dims = dims); dims = dims)))
"binarycrossentropy(ŷ, y; agg = mean, eps): binary cross entropy of probabilities.\n\n    Flux.binarycrossentropy([0.9, 0.2], [1.0, 0.0])"
binarycrossentropy(ŷ, y; agg = mean, eps = _eps(ŷ)) =
  (_check_sizes(ŷ, y); agg(.-(y .* log.(ŷ .+ eps)) .- (1 .- y) .* log.(1 .- ŷ .+ eps)))
"logitbinarycrossentropy(ŷ, y; agg = mean): binarycrossentropy(σ.(ŷ), y), computed stably.\n\n    Flux.logitbinarycrossentropy([2.0, -1.0], [1.0, 0.0])"
logitbinarycrossentropy(ŷ, y; agg = mean) =
  (_check_sizes(ŷ, y); agg((1 .- y) .* ŷ .+ softplus.(.-ŷ)))
"kldivergence(ŷ, y; dims = 1, agg = mean, eps): Kullback-Leibler divergence of y from ŷ.\n\n    Flux.kldivergence([0.5, 0.5], [0.9, 0.1])"
function kldivergence(ŷ, y; dims = 1, agg = mean, eps = _eps(ŷ))
  _check_sizes(ŷ, y)
  entropy = agg(sum(y .* log.(y .+ (y .== 0)); dims = dims))
  entropy + crossentropy(ŷ, y; dims = dims, agg = agg, eps = eps)
end

"Descent(η = 0.1): plain gradient descent, `x .-= η .* Δ`.\n\n    opt = Descent(0.1)"
mutable struct Descent
  eta
end
Descent() = Descent(0.1)
apply!(o::Descent, x, Δ) = (Δ .*= o.eta)

"Momentum(η = 0.01, ρ = 0.9): gradient descent with momentum.\n\n    opt = Momentum()"
mutable struct Momentum
  eta
  rho
  velocity
end
Momentum(η = 0.01, ρ = 0.9) = Momentum(η, ρ, IdDict())
function apply!(o::Momentum, x, Δ)
  haskey(o.velocity, x) || (o.velocity[x] = zero(x))
  v = o.velocity[x]
  @. v = o.rho * v - o.eta * Δ
  @. Δ = -v
end

"Nesterov(η = 0.001, ρ = 0.9): Nesterov accelerated momentum.\n\n    opt = Nesterov()"
mutable struct Nesterov
  eta
  rho
  velocity
end
Nesterov(η = 0.001, ρ = 0.9) = Nesterov(η, ρ, IdDict())
function apply!(o::Nesterov, x, Δ)
  haskey(o.velocity, x) || (o.velocity[x] = zero(x))
  v = o.velocity[x]
  η, ρ = o.eta, o.rho
  d = @. ρ^2 * v - (1 + ρ) * η * Δ
  @. v = ρ * v - η * Δ
  @. Δ = -d
end

"RMSProp(η = 0.001, ρ = 0.9, ϵ = 1e-8): scales steps by a running root mean square of gradients.\n\n    opt = RMSProp()"
mutable struct RMSProp
  eta
  rho
  epsilon
  acc
end
RMSProp(η = 0.001, ρ = 0.9, ϵ = 1e-8) = RMSProp(η, ρ, ϵ, IdDict())
function apply!(o::RMSProp, x, Δ)
  haskey(o.acc, x) || (o.acc[x] = zero(x))
  acc = o.acc[x]
  η, ρ = o.eta, o.rho
  @. acc = ρ * acc + (1 - ρ) * Δ * Δ
  @. Δ = Δ * η / (sqrt(acc) + o.epsilon)
end

"Adam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8): adaptive moment estimation (also spelled ADAM).\n\n    opt = Adam(1e-3)"
mutable struct Adam
  eta
  beta
  epsilon
  state
end
Adam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8) = Adam(η, β, ϵ, IdDict())
function apply!(o::Adam, x, Δ)
  η, β = o.eta, o.beta
  haskey(o.state, x) || (o.state[x] = (zero(x), zero(x), [β[1], β[2]]))
  mt, vt, βp = o.state[x]
  @. mt = β[1] * mt + (1 - β[1]) * Δ
  @. vt = β[2] * vt + (1 - β[2]) * Δ * Δ
  b1, b2 = βp[1], βp[2]
  @. Δ = mt / (1 - b1) / (sqrt(vt / (1 - b2)) + o.epsilon) * η
  βp[1] = b1 * β[1]
  βp[2] = b2 * β[2]
  Δ
end
const ADAM = Adam

"AdaGrad(η = 0.1, ϵ = 1e-8): per-parameter learning rates from accumulated squared gradients.\n\n    opt = AdaGrad()"
mutable struct AdaGrad
  eta
  epsilon
  acc
end
AdaGrad(η = 0.1, ϵ = 1e-8) = AdaGrad(η, ϵ, IdDict())
function apply!(o::AdaGrad, x, Δ)
  haskey(o.acc, x) || (o.acc[x] = fill!(zero(x), o.epsilon))
  acc = o.acc[x]
  @. acc = acc + Δ * Δ
  @. Δ = Δ * o.eta / (sqrt(acc) + o.epsilon)
end
const ADAGrad = AdaGrad

"AdaDelta(ρ = 0.9, ϵ = 1e-8): AdaGrad with a decaying window, no learning rate.\n\n    opt = AdaDelta()"
mutable struct AdaDelta
  rho
  epsilon
  state
end
AdaDelta(ρ = 0.9, ϵ = 1e-8) = AdaDelta(ρ, ϵ, IdDict())
function apply!(o::AdaDelta, x, Δ)
  haskey(o.state, x) || (o.state[x] = (zero(x), zero(x)))
  acc, Δacc = o.state[x]
  ρ = o.rho
  @. acc = ρ * acc + (1 - ρ) * Δ * Δ
  @. Δ = Δ * sqrt(Δacc + o.epsilon) / sqrt(acc + o.epsilon)
  @. Δacc = ρ * Δacc + (1 - ρ) * Δ * Δ
  Δ
end
const ADADelta = AdaDelta

"AMSGrad(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8): Adam with a non-decreasing second moment.\n\n    opt = AMSGrad()"
mutable struct AMSGrad
  eta
  beta
  epsilon
  state
end
AMSGrad(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8) = AMSGrad(η, β, ϵ, IdDict())
function apply!(o::AMSGrad, x, Δ)
  η, β = o.eta, o.beta
  haskey(o.state, x) || (o.state[x] = (fill!(zero(x), o.epsilon), fill!(zero(x), o.epsilon), fill!(zero(x), o.epsilon)))
  mt, vt, v̂t = o.state[x]
  @. mt = β[1] * mt + (1 - β[1]) * Δ
  @. vt = β[2] * vt + (1 - β[2]) * Δ ^ 2
  @. v̂t = max(v̂t, vt)
  @. Δ = η * mt / (sqrt(v̂t) + o.epsilon)
end

"NAdam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8): Adam with Nesterov momentum.\n\n    opt = NAdam()"
mutable struct NAdam
  eta
  beta
  epsilon
  state
end
NAdam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8) = NAdam(η, β, ϵ, IdDict())
function apply!(o::NAdam, x, Δ)
  η, β = o.eta, o.beta
  haskey(o.state, x) || (o.state[x] = (zero(x), zero(x), [o.beta[1], o.beta[2]]))
  mt, vt, βp = o.state[x]
  b1, b2 = βp[1], βp[2]
  @. mt = β[1] * mt + (1 - β[1]) * Δ
  @. vt = β[2] * vt + (1 - β[2]) * Δ * Δ
  @. Δ = (β[1] * mt / (1 - β[1] * b1) + (1 - β[1]) * Δ / (1 - b1)) / (sqrt(vt * β[2] / (1 - b2)) + o.epsilon) * η
  βp[1] = b1 * β[1]
  βp[2] = b2 * β[2]
  Δ
end
const NADAM = NAdam

"WeightDecay(wd = 0): adds `wd .* x` to the step.\n\n    opt = Optimiser(WeightDecay(1e-4), Adam())"
mutable struct WeightDecay
  wd
end
WeightDecay() = WeightDecay(0)
apply!(o::WeightDecay, x, Δ) = (@. Δ += o.wd * x)

"ClipValue(thresh): clamps each step entry to [-thresh, thresh].\n\n    opt = Optimiser(ClipValue(1e-3), Adam())"
mutable struct ClipValue
  thresh
end
apply!(o::ClipValue, x, Δ) = (Δ .= clamp.(Δ, -o.thresh, o.thresh))

"ClipNorm(thresh): rescales the step when its 2-norm exceeds thresh.\n\n    opt = Optimiser(ClipNorm(1.0), Adam())"
mutable struct ClipNorm
  thresh
end
function apply!(o::ClipNorm, x, Δ)
  n = norm(Δ)
  if n > o.thresh
    Δ .*= o.thresh / n
  end
  Δ
end

"ExpDecay(η = 0.001, decay = 0.1, decay_step = 1000, clip = 1e-4, start = 0): multiplies the step by a decaying rate.\n\n    opt = Optimiser(ExpDecay(1.0), Descent())"
mutable struct ExpDecay
  eta
  decay
  step
  clip
  start
  current
end
ExpDecay(η = 0.001, decay = 0.1, decay_step = 1000, clip = 1e-4, start = 0) = ExpDecay(η, decay, decay_step, clip, start, IdDict())
function apply!(o::ExpDecay, x, Δ)
  n = get(o.current, x, 0) + 1
  o.current[x] = n
  if n > o.start && n % o.step == 0 && count(k -> true, keys(o.current)) == 1
    o.eta = max(o.eta * o.decay, o.clip)
  end
  @. Δ *= o.eta
end

"Optimiser(opts...): applies each optimiser's rule in turn (also OptimiserChain).\n\n    opt = Optimiser(ClipValue(1.0), Adam())"
mutable struct Optimiser
  os
end
Optimiser(o1, os...) = Optimiser(Any[o1, os...])
function apply!(o::Optimiser, x, Δ)
  for opt in o.os
    Δ = apply!(opt, x, Δ)
  end
  Δ
end
const OptimiserChain = Optimiser

"AdamW(η = 0.001, β = (0.9, 0.999), decay = 0): Adam with decoupled weight decay.\n\n    opt = AdamW()"
AdamW(η = 0.001, β = (0.9, 0.999), decay = 0) = Optimiser(Adam(η, β), WeightDecay(decay))

struct _OptState
  opt
  model
end

"""
    update!(opt, ps, gs) / update!(opt, x, x̄)

Applies one optimiser step to each parameter in `ps` with its gradient in `gs`, skipping
parameters without a gradient.

    gs = gradient(() -> loss(x, y), ps); Flux.Optimise.update!(opt, ps, gs)
"""
function update!(opt, x::AbstractArray, x̄)
  Δ = apply!(opt, x, copy(x̄))
  x .-= Δ
  nothing
end
function update!(opt, ps::Params, gs)
  for p in ps
    g = gs[p]
    g === nothing && continue
    update!(opt, p, g)
  end
  nothing
end
function update!(st::_OptState, m, g)
  _update_tree!(st.opt, m, g)
  nothing
end
function _update_tree!(opt, x, g)
  g === nothing && return nothing
  if x isa AbstractArray
    update!(opt, x, g)
  elseif x isa Tuple
    for i in 1:length(x)
      _update_tree!(opt, x[i], g[i])
    end
  elseif g isa NamedTuple
    for k in keys(g)
      _update_tree!(opt, getproperty(x, k), g[k])
    end
  end
  nothing
end

Base.show(io::IO, s::_OptState) = print(io, "Flux.setup(", s.opt, ", ...)")
"setup(opt, model): optimiser state for the explicit style, `Flux.train!(loss, model, data, state)`.\n\n    state = Flux.setup(Adam(), m)"
setup(opt, model) = _OptState(opt, model)

"""
    train!(loss, ps, data, opt; cb)

One pass over `data`: for each item `d` (a tuple is splatted into `loss`), takes the
gradient of the loss with respect to `ps` and applies one optimiser step. A non-finite loss
stops training with a DomainError. `cb` (a function or a vector of them) runs after each step.

    Flux.train!(loss, Flux.params(m), zip(X, Y), Adam())
"""
function train!(loss, ps::Params, data, opt; cb = () -> nothing)
  cbs = cb isa AbstractVector ? cb : (cb isa Tuple ? cb : (cb,))
  i = 0
  for d in data
    i += 1
    l, gs = withgradient(() -> d isa Tuple ? loss(d...) : loss(d), ps)
    isfinite(l) || throw(DomainError(l, "Loss is $l on data item $i, stopping training"))
    update!(opt, ps, gs)
    for c in cbs
      c()
    end
  end
  nothing
end
function train!(loss, model, data, st::_OptState; cb = nothing)
  ps = params(model)
  i = 0
  for d in data
    i += 1
    l, gs = withgradient(() -> d isa Tuple ? loss(model, d...) : loss(model, d), ps)
    isfinite(l) || throw(DomainError(l, "Loss is $l on data item $i, stopping training"))
    update!(st.opt, ps, gs)
  end
  nothing
end

"onehot(x, labels): a Bool vector with a single true at x's position in labels.\n\n    Flux.onehot(:b, [:a, :b, :c])"
function onehot(x, labels, default...)
  i = findfirst(l -> l == x, collect(labels))
  if i === nothing
    isempty(default) && throw(ArgumentError("Value $x is not in labels"))
    return onehot(default[1], labels)
  end
  v = zeros(Bool, length(labels))
  v[i] = true
  v
end
"onehotbatch(xs, labels): the Bool matrix whose column k is onehot(xs[k], labels).\n\n    Flux.onehotbatch([1, 3, 2], 1:3)"
function onehotbatch(xs, labels, default...)
  L = collect(labels)
  M = zeros(Bool, length(L), length(xs))
  for (k, x) in enumerate(xs)
    M[:, k] = onehot(x, L, default...)
  end
  M
end
"onecold(y, labels = 1:size(y, 1)): the label of the largest entry (per column of a matrix).\n\n    Flux.onecold([0.3, 0.2, 0.5], [:a, :b, :c])"
function onecold(y, labels = 1:size(y, 1))
  L = collect(labels)
  ndims(y) == 1 && return L[argmax(y)]
  [L[argmax(y[:, j])] for j in 1:size(y, 2)]
end

"chunk(xs, n): splits xs into n parts of nearly equal size.\n\n    Flux.chunk(1:10, 3)"
function chunk(xs, n)
  s = cld(length(xs), n)
  [xs[i:min(i + s - 1, length(xs))] for i in 1:s:length(xs)]
end
"batchseq(seqs, pad = 0): turns N sequences into one sequence of N-wide batches, padding short ones.\n\n    Flux.batchseq([[1, 2, 3], [4, 5]], 0)"
function batchseq(xs, pad = 0)
  n = maximum(length.(xs))
  [[i <= length(x) ? x[i] : pad for x in xs] for i in 1:n]
end
"flip(f, xs): applies f over xs in reverse order, returning results in the original order.\n\n    Flux.flip(m, xs)"
flip(f, xs) = reverse([f(x) for x in reverse(xs)])
"stack(xs; dims): joins equally-sized arrays along a new dimension.\n\n    Flux.stack([[1, 2], [3, 4]]; dims = 2)"
function stack(xs; dims = ndims(xs[1]) + 1)
  sz = size(xs[1])
  shaped = [reshape(x, sz[1:dims-1]..., 1, sz[dims:end]...) for x in xs]
  cat(shaped...; dims = dims)
end
"unstack(xs; dims): splits an array into a vector of slices along dims.\n\n    Flux.unstack([1 2; 3 4]; dims = 2)"
unstack(xs; dims) = [dims == 1 ? xs[i, :] : dims == 2 ? xs[:, i] : xs[:, :, i] for i in 1:size(xs, dims)]
# The positional forms of Flux v0.12, which the guide's era uses.
stack(xs, dims::Integer) = stack(xs; dims = dims)
unstack(xs, dims::Integer) = unstack(xs; dims = dims)

"""
    DataLoader(data; batchsize = 1, shuffle = false, partial = true)

Iterates over mini-batches of `data` (an array or a tuple of arrays), along the last
dimension.

    for (x, y) in Flux.DataLoader((X, Y), batchsize = 4) ... end
"""
mutable struct DataLoader
  data
  batchsize
  shuffle
  partial
  order
end
function DataLoader(data; batchsize = 1, shuffle = false, partial = true)
  batchsize > 0 || throw(ArgumentError("Need positive batchsize"))
  DataLoader(data, batchsize, shuffle, partial, collect(1:_numobs(data)))
end
_numobs(x::Tuple) = _numobs(x[1])
_numobs(x) = size(x, ndims(x))
_getobs(x::Tuple, idx) = map(d -> _getobs(d, idx), x)
_getobs(x, idx) = ndims(x) == 1 ? x[idx] : ndims(x) == 2 ? x[:, idx] : x[:, :, idx]
function Base.length(d::DataLoader)
  n = _numobs(d.data) / d.batchsize
  d.partial ? ceil(Int, n) : floor(Int, n)
end
function Base.iterate(d::DataLoader, i = 0)
  if i == 0 && d.shuffle
    d.order = shuffle(collect(1:_numobs(d.data)))
  end
  n = _numobs(d.data)
  i >= n && return nothing
  last = min(i + d.batchsize, n)
  (!d.partial && last - i < d.batchsize) && return nothing
  (_getobs(d.data, d.order[i+1:last]), last)
end

"throttle(f, timeout): a wrapper that calls f at most once every timeout seconds.\n\n    cb = Flux.throttle(() -> println(loss()), 10)"
function throttle(f, timeout; leading = true, trailing = false)
  last = Ref(-Inf)
  result = Ref{Any}(nothing)
  function throttled(args...)
    now = time()
    if now - last[] >= timeout
      last[] = now
      result[] = f(args...)
    end
    result[]
  end
  throttled
end

"glorot_uniform(dims...): Float32 array drawn from U(-a, a) with a = sqrt(6 / (fan_in + fan_out)).\n\n    W = Flux.glorot_uniform(5, 2)"
glorot_uniform(dims...; gain = 1) = (rand(Float32, dims...) .- 0.5f0) .* Float32(gain * sqrt(24.0 / sum(_nfan(dims...))))
"glorot_normal(dims...): Float32 normal array with std sqrt(2 / (fan_in + fan_out)).\n\n    W = Flux.glorot_normal(5, 2)"
glorot_normal(dims...; gain = 1) = randn(Float32, dims...) .* Float32(gain * sqrt(2.0 / sum(_nfan(dims...))))
_nfan() = (1, 1)
_nfan(n) = (1, n)
_nfan(out, in) = (in, out)
_nfan(dims...) = (prod(dims[1:end-2]) * dims[end-1], prod(dims[1:end-2]) * dims[end])
"zeros32(dims...): a Float32 array of zeros.\n\n    Flux.zeros32(5)"
zeros32(dims...) = zeros(Float32, dims...)
"ones32(dims...): a Float32 array of ones.\n\n    Flux.ones32(5)"
ones32(dims...) = ones(Float32, dims...)
rand32(dims...) = rand(Float32, dims...)
randn32(dims...) = randn(Float32, dims...)
"f32(m): converts every floating-point array in `m` (an array, or a whole model) to Float32.\n\n    m32 = f32(Chain(RNN(2, 5), Dense(5, 1)))"
f32(m) = fmap(x -> x isa AbstractArray && (eltype(x) == Float64 || eltype(x) == Float32) ? Float32.(x) : x, m)
"f64(m): converts every floating-point array in `m` (an array, or a whole model) to Float64.\n\n    m64 = f64(Dense(5, 1))"
f64(m) = fmap(x -> x isa AbstractArray && (eltype(x) == Float64 || eltype(x) == Float32) ? Float64.(x) : x, m)
"""#
}
