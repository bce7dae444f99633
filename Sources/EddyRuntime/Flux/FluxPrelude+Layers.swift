// Flux's layers, written in Eddy itself: cells, Recur, Dense, Chain, and how they print.

extension FluxPrelude {
  static let layers = #"""
"""
    RNNCell(in => out, σ = tanh; init = glorot_uniform, initb = zeros32, init_state = zeros32)

The vanilla recurrent cell: `h′ = σ.(Wi*x .+ Wh*h .+ b)`, called as `cell(h, x) -> (h′, y)`.
Fields `σ, Wi, Wh, b, state0`; `state0` is a zero `(out, 1)` matrix.

    rnn = Flux.RNNCell(2, 5); h, y = rnn(rand(Float32, 5), rand(Float32, 2))
"""
struct RNNCell
  σ
  Wi
  Wh
  b
  state0
end

RNNCell(in::Integer, out::Integer, σ = tanh; init = glorot_uniform, initb = zeros32, init_state = zeros32) =
  RNNCell(σ, init(out, in), init(out, out), initb(out), init_state(out, 1))
RNNCell(p::Pair, σ = tanh; kw...) = RNNCell(p.first, p.second, σ; kw...)

function (m::RNNCell)(h, x)
  x = _match_eltype(m, x)
  _size_check(m, x, size(m.Wi, 2))
  h′ = _rnn_step(m.σ, m.Wi, m.Wh, m.b, h, x)
  h′ === nothing && return _generic(m, h, x)
  return h′, _reshape_out(h′, x)
end

# The cell maths as plain Eddy code, for whatever the fused step does not take (it returns
# `nothing`): weights that are not dense Float32/Float64 arrays, other activations, odd shapes.
function _generic(m::RNNCell, h, x)
  h′ = m.σ.(m.Wi * x .+ m.Wh * h .+ m.b)
  return h′, _reshape_out(h′, x)
end

"""
    LSTMCell(in => out; init = glorot_uniform, initb = zeros32, init_state = zeros32)

The long short-term memory cell. Gates are stacked in the order input, forget, cell, output;
the forget-gate bias starts at 1. The state is the tuple `(h, c)`.

    cell = Flux.LSTMCell(3, 5); (h, c), y = cell(cell.state0, rand(Float32, 3))
"""
struct LSTMCell
  Wi
  Wh
  b
  state0
end

function LSTMCell(in::Integer, out::Integer; init = glorot_uniform, initb = zeros32, init_state = zeros32)
  b = initb(4out)
  b[out+1:2out] .= 1
  LSTMCell(init(4out, in), init(4out, out), b, (init_state(out, 1), init_state(out, 1)))
end
LSTMCell(p::Pair; kw...) = LSTMCell(p.first, p.second; kw...)

function (m::LSTMCell)(hc, x)
  h, c = hc
  x = _match_eltype(m, x)
  _size_check(m, x, size(m.Wi, 2))
  hc′ = _lstm_step(m.Wi, m.Wh, m.b, h, c, x)
  hc′ === nothing && return _generic(m, h, c, x)
  return hc′, _reshape_out(hc′[1], x)
end

function _generic(m::LSTMCell, h, c, x)
  o = size(h, 1)
  g = m.Wi * x .+ m.Wh * h .+ m.b
  c′ = σ.(_gate(g, o, 2)) .* c .+ σ.(_gate(g, o, 1)) .* tanh.(_gate(g, o, 3))
  h′ = σ.(_gate(g, o, 4)) .* tanh.(c′)
  return (h′, c′), _reshape_out(h′, x)
end

"""
    GRUCell(in => out; init = glorot_uniform, initb = zeros32, init_state = zeros32)

The gated recurrent unit (v1, as in PyTorch): gates reset, update, candidate; the reset gate
multiplies `Wh*h` after the product.

    cell = Flux.GRUCell(3, 5); h, y = cell(cell.state0, rand(Float32, 3))
"""
struct GRUCell
  Wi
  Wh
  b
  state0
end

GRUCell(in::Integer, out::Integer; init = glorot_uniform, initb = zeros32, init_state = zeros32) =
  GRUCell(init(3out, in), init(3out, out), initb(3out), init_state(out, 1))
GRUCell(p::Pair; kw...) = GRUCell(p.first, p.second; kw...)

function (m::GRUCell)(h, x)
  x = _match_eltype(m, x)
  _size_check(m, x, size(m.Wi, 2))
  h′ = _gru_step(m.Wi, m.Wh, m.b, h, x)
  h′ === nothing && return _generic(m, h, x)
  return h′, _reshape_out(h′, x)
end

function _generic(m::GRUCell, h, x)
  o = size(h, 1)
  gx = m.Wi * x
  gh = m.Wh * h
  r = σ.(_gate(gx, o, 1) .+ _gate(gh, o, 1) .+ _gate(m.b, o, 1))
  z = σ.(_gate(gx, o, 2) .+ _gate(gh, o, 2) .+ _gate(m.b, o, 2))
  h̃ = tanh.(_gate(gx, o, 3) .+ r .* _gate(gh, o, 3) .+ _gate(m.b, o, 3))
  h′ = (1 .- z) .* h̃ .+ z .* h
  return h′, _reshape_out(h′, x)
end

"""
    GRUv3Cell(in => out; init = glorot_uniform, initb = zeros32, init_state = zeros32)

The v3 gated recurrent unit: the reset gate multiplies `h` before the candidate's product
with `Wh_h̃`.

    cell = Flux.GRUv3Cell(3, 5); h, y = cell(cell.state0, rand(Float32, 3))
"""
struct GRUv3Cell
  Wi
  Wh
  b
  Wh_h̃
  state0
end

GRUv3Cell(in::Integer, out::Integer; init = glorot_uniform, initb = zeros32, init_state = zeros32) =
  GRUv3Cell(init(3out, in), init(2out, out), initb(3out), init(out, out), init_state(out, 1))
GRUv3Cell(p::Pair; kw...) = GRUv3Cell(p.first, p.second; kw...)

function (m::GRUv3Cell)(h, x)
  x = _match_eltype(m, x)
  _size_check(m, x, size(m.Wi, 2))
  h′ = _gruv3_step(m.Wi, m.Wh, m.b, m.Wh_h̃, h, x)
  h′ === nothing && return _generic(m, h, x)
  return h′, _reshape_out(h′, x)
end

function _generic(m::GRUv3Cell, h, x)
  o = size(h, 1)
  gx = m.Wi * x
  gh = m.Wh * h
  r = σ.(_gate(gx, o, 1) .+ _gate(gh, o, 1) .+ _gate(m.b, o, 1))
  z = σ.(_gate(gx, o, 2) .+ _gate(gh, o, 2) .+ _gate(m.b, o, 2))
  h̃ = tanh.(_gate(gx, o, 3) .+ m.Wh_h̃ * (r .* h) .+ _gate(m.b, o, 3))
  h′ = (1 .- z) .* h̃ .+ z .* h
  return h′, _reshape_out(h′, x)
end

_gate(g, o, k) = ndims(g) == 1 ? g[(k-1)*o+1:k*o] : g[(k-1)*o+1:k*o, :]
_reshape_out(h, x) = ndims(x) == 1 ? vec(h) : h

"""
    Recur(cell[, state])

Wraps a cell `cell(h, x) -> (h′, y)` into a stateful layer: `m(x)` steps the cell and keeps
the new state in `m.state`. `Flux.reset!(m)` restores `m.cell.state0`.

    m = Flux.Recur(Flux.RNNCell(2, 5)); y = m(rand(Float32, 2))
"""
mutable struct Recur
  cell
  state
end

Recur(cell) = Recur(cell, cell.state0)

function (m::Recur)(x)
  if ndims(x) == 3
    ys = [m(x[:, :, t]) for t in 1:size(x, 3)]
    return reshape(reduce(hcat, ys), size(ys[1], 1), size(x, 2), size(x, 3))
  end
  _check_batch(m, x)
  m.state, y = m.cell(m.state, x)
  return y
end

function _check_batch(m, x)
  h = m.state isa Tuple ? m.state[1] : m.state
  hb = ndims(h) == 1 ? 1 : size(h, 2)
  xb = ndims(x) == 1 ? 1 : size(x, 2)
  if hb != 1 && hb != xb
    throw(DimensionMismatch("the state of $(m) holds a batch of $hb but the input $(summary(x)) has a batch of $xb; call Flux.reset!(m) when the batch size changes"))
  end
  nothing
end

"RNN(in => out, σ = tanh; kw...) is Recur(RNNCell(in => out, σ; kw...)): a stateful vanilla recurrent layer.\n\n    m = RNN(2, 5); y = m(rand(Float32, 2))"
RNN(a...; ka...) = Recur(RNNCell(a...; ka...))
"LSTM(in => out; kw...) is Recur(LSTMCell(in => out; kw...)): a stateful LSTM layer.\n\n    m = LSTM(2, 5); y = m(rand(Float32, 2))"
LSTM(a...; ka...) = Recur(LSTMCell(a...; ka...))
"GRU(in => out; kw...) is Recur(GRUCell(in => out; kw...)): a stateful GRU layer.\n\n    m = GRU(2, 5); y = m(rand(Float32, 2))"
GRU(a...; ka...) = Recur(GRUCell(a...; ka...))
"GRUv3(in => out; kw...) is Recur(GRUv3Cell(in => out; kw...)): a stateful GRU (v3) layer.\n\n    m = GRUv3(2, 5); y = m(rand(Float32, 2))"
GRUv3(a...; ka...) = Recur(GRUv3Cell(a...; ka...))

"""
    reset!(m)

Restores the state of every `Recur` inside `m` to its cell's `state0`.

    m = Chain(RNN(2, 5), Dense(5, 1)); m(rand(Float32, 2)); Flux.reset!(m)
"""
reset!(m::Recur) = (m.state = m.cell.state0)
reset!(m) = (foreach(reset!, _children(m)); nothing)

trainable(m::Recur) = (m.cell,)

"""
    Dense(in => out, σ = identity; bias = true, init = glorot_uniform)

A fully connected layer: `σ.(W*x .+ b)`. Fields `weight`, `bias`, `σ`.

    d = Dense(5, 1); y = d(rand(Float32, 5))
"""
struct Dense
  weight
  bias
  σ
end

function Dense(in::Integer, out::Integer, σ = identity; bias = true, init = glorot_uniform)
  W = init(out, in)
  b = bias === true ? zeros(eltype(W), out) : bias === false ? false : bias
  Dense(W, b, σ)
end
Dense(p::Pair, σ = identity; kw...) = Dense(p.first, p.second, σ; kw...)

function (a::Dense)(x)
  x = _match_eltype(a, x)
  _size_check(a, x, size(a.weight, 2))
  if ndims(x) > 2
    y = a(reshape(x, size(x, 1), :))
    return reshape(y, size(y, 1), size(x)[2:end]...)
  end
  a.σ.(a.weight * x .+ a.bias)
end

"""
    Chain(layers...)

Applies its layers in order: `Chain(f, g)(x) == g(f(x))`. Index with `m[1]`, `m[end]`, `m[1:2]`.

    m = Chain(RNN(2, 5), Dense(5, 1)); y = m(rand(Float32, 2))
"""
struct Chain
  layers
  function Chain(xs...; kw...)
    isempty(kw) ? new(xs) : new(kw)
  end
end

function (c::Chain)(x)
  for l in c.layers
    x = l(x)
  end
  x
end

Base.getindex(c::Chain, i::Integer) = c.layers[i]
Base.getindex(c::Chain, s::Symbol) = c.layers[s]
Base.getindex(c::Chain, r::AbstractVector) = Chain(c.layers[r]...)
Base.length(c::Chain) = length(c.layers)
Base.iterate(c::Chain, i = 1) = i > length(c.layers) ? nothing : (c.layers[i], i + 1)
Base.first(c::Chain) = c.layers[1]
Base.last(c::Chain) = c.layers[end]

"activations(c::Chain, x): the tuple of every layer's output."
function activations(c::Chain, x)
  outs = []
  for l in c.layers
    x = l(x)
    push!(outs, x)
  end
  Tuple(outs)
end

@functor RNNCell
@functor LSTMCell
@functor GRUCell
@functor GRUv3Cell
@functor Recur
@functor Dense
@functor Chain

_actname(f) = f === identity ? "" : ", " * string(f)

Base.show(io::IO, l::RNNCell) = print(io, "RNNCell(", size(l.Wi, 2), ", ", size(l.Wi, 1), _actname(l.σ), ")")
Base.show(io::IO, l::LSTMCell) = print(io, "LSTMCell(", size(l.Wi, 2), ", ", size(l.Wi, 1) ÷ 4, ")")
Base.show(io::IO, l::GRUCell) = print(io, "GRUCell(", size(l.Wi, 2), ", ", size(l.Wi, 1) ÷ 3, ")")
Base.show(io::IO, l::GRUv3Cell) = print(io, "GRUv3Cell(", size(l.Wi, 2), ", ", size(l.Wi, 1) ÷ 3, ")")
Base.show(io::IO, m::Recur) = print(io, "Recur(", m.cell, ")")
function Base.show(io::IO, l::Dense)
  print(io, "Dense(", size(l.weight, 2), ", ", size(l.weight, 1), _actname(l.σ))
  l.bias === false && print(io, "; bias=false")
  print(io, ")")
end
function Base.show(io::IO, c::Chain)
  print(io, "Chain(")
  if c.layers isa NamedTuple
    print(io, join(["$k = $(c.layers[k])" for k in keys(c.layers)], ", "))
  else
    print(io, join([repr(l) for l in c.layers], ", "))
  end
  print(io, ")")
end

function _size_check(layer, x, n)
  size(x, 1) == n ||
    throw(DimensionMismatch("layer $(layer) expects size(input, 1) == $n, but got $(summary(x))"))
  nothing
end

function _match_eltype(layer, x)
  T = eltype(x)
  if T == Float64
    _warn_f64(layer, x)
    return Float32.(x)
  elseif T == Int64 || T == Bool
    return Float32.(x)
  end
  x
end
"""#
}
