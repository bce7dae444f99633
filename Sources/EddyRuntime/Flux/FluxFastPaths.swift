// Native stand-ins for Flux's hot methods on their common case: a Chain of built-in layers fed
// dense Float32 arrays, `reset!`, `mse`, and the Descent/Momentum/Adam updates.
//
//   (c::Chain)(x)           the layer loop, each layer called as `l(x)` would be
//   (m::Recur)(x)           batch check + cell step + state store, for the four built-in cells
//   (m::XCell)(h, x)        the cell alone (called directly, or by a user's Recur-like layer)
//   (a::Dense)(x)           σ.(W*x .+ b) for built-in activations
//   reset!(m)               the walk over children, for built-in Recurs
//   mse(ŷ, y)               mean(abs2.(ŷ .- y)), same tape ops as the Eddy code
//   update!(opt, ps, gs)    one pass per parameter with Flux's formulas, in the Eddy code's
//   update!(opt, x, x̄)      precision (Float64 scalars promote, results stored in x's eltype)
//
// The Eddy methods in FluxPrelude+Layers.swift / +Training.swift stay the definition: each fast
// path is attached to the compiled method it replaces (`Method.fast`), so dispatch, user
// methods and redefinitions work as before, and it returns nil (running the Eddy body) for
// anything but the plain case: other element types, custom activations or cells, hand-set
// fields of odd shape, methods a user added to `reset!`, `apply!` or `update!`, and every input
// the Eddy code would reject, so that the errors, warnings and backtraces are the Eddy code's own.
// On the plain case the fast path runs the same kernels (`Cells.*StepIfFits`, `Diff.*`) or,
// for the optimisers, the same arithmetic in the same order, so results are bit-identical.
import EddyAutodiff
import EddyNN
import EddyTensor

#if canImport(Glibc)
  import Glibc
#endif

extension Interpreter {
  /// Attaches the fast paths to the Flux prelude's methods; a piece whose method or fields are
  /// not found (a changed prelude) is left out.
  ///
  /// `fluxFastPaths = false`, or `EDDY_FLUX_FASTPATHS=0` in the environment, leaves them out
  /// (to compare both paths).
  func installFluxFastPaths(_ flux: ModuleValue) {
    guard fluxFastPaths else { return }
    if let e = getenv("EDDY_FLUX_FASTPATHS"), String(cString: e) == "0" { return }
    let fx = FluxFast(self, flux)
    fluxFast = fx
    fx.install()
  }
}

/// The Flux types and methods the fast paths stand in for, and the fast paths themselves.
///
/// Owned by the interpreter; the closures attached to the methods hold it unowned, and it holds
/// the types and methods they check against, so no reference cycle goes through a closure.
final class FluxFast {
  unowned let interp: Interpreter
  unowned let flux: ModuleValue

  /// One of the four built-in cells: its type, its call method and the fields the step reads.
  struct Cell {
    enum Kind { case rnn, lstm, gru, gruv3 }
    let kind: Kind
    let type: JType
    let method: Method
    let wi: Int, wh: Int, b: Int
    /// `σ` (RNNCell) or `Wh_h̃` (GRUv3Cell); -1 otherwise.
    let extra: Int
  }
  var cells: [Cell] = []
  /// `Recur` and its `cell`, `state` fields.
  var recur: (type: JType, cell: Int, state: Int)?
  /// Recurrent steps that took `Wi * x` from a whole-sequence projection (tests read it).
  var projectedSteps = 0
  /// `Dense` and its `weight`, `bias`, `σ` fields.
  var dense: (type: JType, weight: Int, bias: Int, act: Int)?
  /// `Chain`, its `layers` field, and the prelude line of its loop's `x = l(x)`.
  var chain: (type: JType, layers: Int, line: Int)?
  /// `reset!` and the prelude's methods of it.
  var reset: (fn: FunctionValue, methods: [Method])?
  /// The binding `mse`'s default `agg = mean` reads.
  var meanRef: GlobalRef?
  /// `update!`, `apply!` and the optimisers (FluxFastPaths+Optimise.swift).
  var optimise: Optimise?
  /// Where each parameter's entry sits in an optimiser's state `IdDict` (a hint, checked).
  var stateHints: [ObjectIdentifier: Int] = [:]

  init(_ interp: Interpreter, _ flux: ModuleValue) {
    self.interp = interp
    self.flux = flux
  }

  func type(_ name: String) -> JType? {
    if case .type(let t)? = flux.globals[name]?.value, t.kind == .structType { return t }
    return nil
  }

  func function(_ name: String) -> FunctionValue? {
    if case .fn(let f)? = flux.globals[name]?.value { return f }
    return nil
  }

  /// The only method of a struct type's call function.
  func callMethod(_ t: JType) -> Method? {
    guard let f = t.callFunction, f.methods.count == 1, let m = f.methods.first, m.compiled != nil
    else { return nil }
    return m
  }

  func field(_ t: JType, _ name: String) -> Int? { t.fieldNames.firstIndex(of: name) }

  /// Whether `s` holds a value for every field of its type (so the field positions found at
  /// install time index it safely).
  @inline(__always) static func complete(_ s: StructValue) -> Bool {
    s.fields.count == s.type.fieldNames.count
  }

  func install() {
    installCells()
    installRecur()
    installDense()
    installChain()
    installReset()
    installMSE()
    installUpdate()
  }

  // MARK: - Cells

  func installCells() {
    let specs: [(String, Cell.Kind, String?)] = [
      ("RNNCell", .rnn, "σ"), ("LSTMCell", .lstm, nil), ("GRUCell", .gru, nil),
      ("GRUv3Cell", .gruv3, "Wh_h̃"),
    ]
    for (name, kind, extraName) in specs {
      guard let t = type(name), let m = callMethod(t), let wi = field(t, "Wi"),
        let wh = field(t, "Wh"), let b = field(t, "b")
      else { continue }
      var extra = -1
      if let e = extraName {
        guard let i = field(t, e) else { continue }
        extra = i
      }
      let k = cells.count
      cells.append(Cell(kind: kind, type: t, method: m, wi: wi, wh: wh, b: b, extra: extra))
      // `(m::XCell)(h, x)`: the cell returns `(h′, y)`.
      m.fast = { [unowned self] args in
        let cell = self.cells[k]
        guard args.count == 3, case .obj(let c) = args[0], c.type === cell.type,
          case .tensor(let x) = args[2],
          let (state, y) = try self.cellStep(cell, c, args[1], x)
        else { return nil }
        return .tuple([state, y])
      }
    }
  }

  /// The built-in cell of `v` whose call method is still the prelude's.
  @inline(__always) func builtinCell(_ v: Value) -> (Cell, StructValue)? {
    // A scan of the four cells beats hashing the type on every step.
    guard case .obj(let c) = v, let cell = cells.first(where: { $0.type === c.type }),
      let f = c.type.callFunction, f.methods.count == 1, f.methods[0] === cell.method
    else { return nil }
    return (cell, c)
  }

  /// One step of a built-in cell on the state `state` and the input `x`, as the cell's Eddy
  /// method computes it: `(new state, y)`, or nil when the Eddy method must run (an input that
  /// `_match_eltype` would convert, a size mismatch, weights or states the fused step does not
  /// take, an activation without a fused form).
  func cellStep(_ cell: Cell, _ c: StructValue, _ state: Value, _ x: Tensor) throws -> (Value, Value)? {
    // `_match_eltype` leaves only Float32 input unchanged.
    guard x.dtype == .float32, x.ndims == 1 || x.ndims == 2, FluxFast.complete(c),
      case .tensor(let Wi) = c.fields[cell.wi], Wi.ndims == 2, Wi.shape[1] == x.shape[0],
      case .tensor(let Wh) = c.fields[cell.wh], case .tensor(let b) = c.fields[cell.b]
    else { return nil }
    let projected = try projection(Wi, x)
    switch cell.kind {
    case .rnn:
      guard case .fn(let f) = c.fields[cell.extra], f.isBuiltin, let act = CellActivation(name: f.name),
        case .tensor(let h) = state, h.dtype.isFloat
      else { return nil }
      guard
        let hn = try tensorOp({
          try Cells.rnnStepIfFits(act, Wi: Wi, Wh: Wh, b: b, h: h, x: x, projected: projected)
        })
      else { return nil }
      return (.tensor(hn), try reshapeOut(hn, x))
    case .lstm:
      guard case .tuple(let hc) = state, hc.count == 2, case .tensor(let h) = hc[0],
        case .tensor(let cc) = hc[1], h.dtype.isFloat, cc.dtype.isFloat
      else { return nil }
      guard
        let (hn, cn) = try tensorOp({
          try Cells.lstmStepIfFits(Wi: Wi, Wh: Wh, b: b, h: h, c: cc, x: x, projected: projected)
        })
      else { return nil }
      return (.tuple([.tensor(hn), .tensor(cn)]), try reshapeOut(hn, x))
    case .gru:
      guard case .tensor(let h) = state, h.dtype.isFloat else { return nil }
      guard
        let hn = try tensorOp({ try Cells.gruStepIfFits(Wi: Wi, Wh: Wh, b: b, h: h, x: x, projected: projected) })
      else { return nil }
      return (.tensor(hn), try reshapeOut(hn, x))
    case .gruv3:
      guard case .tensor(let h) = state, h.dtype.isFloat,
        case .tensor(let whh) = c.fields[cell.extra]
      else { return nil }
      guard
        let hn = try tensorOp({
          try Cells.gruv3StepIfFits(Wi: Wi, Wh: Wh, b: b, Whh: whh, h: h, x: x, projected: projected)
        })
      else { return nil }
      return (.tensor(hn), try reshapeOut(hn, x))
    }
  }

  /// `_reshape_out(h, x) = ndims(x) == 1 ? vec(h) : h`
  @inline(__always) func reshapeOut(_ h: Tensor, _ x: Tensor) throws -> Value {
    if x.ndims != 1 { return .tensor(h) }
    return .tensor(try tensorOp { try Diff.reshaped(h, [h.count]) })
  }

  // MARK: - Recur

  func installRecur() {
    guard let t = type("Recur"), let m = callMethod(t), let ci = field(t, "cell"),
      let si = field(t, "state")
    else { return }
    recur = (t, ci, si)
    // `(m::Recur)(x)`: `_check_batch(m, x)`, then `m.state, y = m.cell(m.state, x)`.
    m.fast = { [unowned self] args in
      guard let (t, ci, si) = self.recur, args.count == 2, case .obj(let r) = args[0], r.type === t,
        FluxFast.complete(r), case .tensor(let x) = args[1], x.ndims == 1 || x.ndims == 2,
        let (cell, c) = self.builtinCell(r.fields[ci])
      else { return nil }
      let state = r.fields[si]
      // `_check_batch`: a state batch other than 1 must match the input's (else its error).
      let hv: Value
      if case .tuple(let xs) = state {
        guard let first = xs.first else { return nil }
        hv = first
      } else {
        hv = state
      }
      guard case .tensor(let h) = hv, h.ndims == 1 || h.ndims == 2 else { return nil }
      let hb = h.ndims == 1 ? 1 : h.shape[1]
      let xb = x.ndims == 1 ? 1 : x.shape[1]
      if hb != 1 && hb != xb { return nil }
      guard let (s, y) = try self.cellStep(cell, c, state, x) else { return nil }
      r.fields[si] = s
      return y
    }
  }

  // MARK: - Dense

  func installDense() {
    guard let t = type("Dense"), let m = callMethod(t), let wi = field(t, "weight"),
      let bi = field(t, "bias"), let ai = field(t, "σ")
    else { return }
    dense = (t, wi, bi, ai)
    // `(a::Dense)(x)`: `σ.(W*x .+ b)` after `_match_eltype` and `_size_check`.
    m.fast = { [unowned self] args in
      guard let (t, wi, bi, ai) = self.dense, args.count == 2, case .obj(let d) = args[0],
        d.type === t, FluxFast.complete(d), case .tensor(let x) = args[1],
        x.dtype == .float32, x.ndims == 1 || x.ndims == 2,
        case .tensor(let W) = d.fields[wi], W.ndims == 2, W.dtype.isFloat, !W.isAdjointVector,
        W.shape[1] == x.shape[0],
        case .tensor(let b) = d.fields[bi], b.ndims == 1, b.dtype.isFloat, b.count == W.shape[0],
        case .fn(let f) = d.fields[ai], f.isBuiltin
      else { return nil }
      // identity, tanh, σ and relu with one dtype throughout: one fused op.
      if let act = CellActivation(name: f.name),
        let y = try tensorOp({ try DenseLayer.forwardIfFits(act, W: W, b: b, x: x) })
      {
        return .tensor(y)
      }
      // Otherwise the broadcasts of the Eddy code, as `f.(z)` runs them: one kernel (no domain
      // check needed), or identity.
      var op: UnaryOp?
      if let um = Interpreter.unaryMath[f.name] {
        guard um.domain == nil else { return nil }
        op = um.op
      } else if f.name != "identity" {
        return nil
      }
      let y: Tensor = try tensorOp {
        let z = try Diff.broadcast(.add, try Diff.matmul(W, x), b)
        return try op.map { try Diff.map($0, z) } ?? z
      }
      return self.interp.wrap(y)
    }
  }

  // MARK: - Chain

  func installChain() {
    guard let t = type("Chain"), let m = callMethod(t), let li = field(t, "layers") else { return }
    // The location the Eddy loop's `x = l(x)` stamps on errors raised inside a layer.
    let line = FluxFast.sourceLine(after: "function (c::Chain)(x)", matching: "x = l(x)") ?? m.line
    chain = (t, li, line)
    m.fast = { [unowned self] args in
      guard let (t, li, line) = self.chain, args.count == 2, case .obj(let c) = args[0], c.type === t,
        FluxFast.complete(c), case .tuple(let layers) = c.fields[li]
      else { return nil }
      var x = args[1]
      for l in layers {
        do {
          // A layer whose type has one call method with a fast path (Recur, Dense): straight to
          // it, as dispatch would go; anything it declines takes the full call.
          if case .obj(let o) = l, let cf = o.type.callFunction, cf.methods.count == 1,
            let fast = cf.methods[0].fast, let y = try self.interp.runFast(fast, [l, x])
          {
            x = y
          } else {
            x = try self.interp.call(l, [x])
          }
        } catch var e as JuliaError {
          if !e.located, e.trace.count < 64 {
            e.trace.append(TraceEntry(function: "(Chain)", file: "Flux.jl", line: line))
          }
          e.located = false
          throw e
        }
      }
      return x
    }
  }

  /// The 1-based line of the prelude (`Flux.jl`) holding `text`, the first after the line
  /// holding `anchor`.
  static func sourceLine(after anchor: String, matching text: String) -> Int? {
    var seen = false
    var n = 0
    for line in FluxPrelude.source.split(separator: "\n", omittingEmptySubsequences: false) {
      n += 1
      if !seen {
        if line.contains(anchor) { seen = true }
      } else if line.drop(while: { $0 == " " }) == text {
        return n
      }
    }
    return nil
  }

  // MARK: - reset!

  func installReset() {
    guard let f = function("reset!"), f.methods.count == 2, recur != nil,
      let generic = f.methods.first(where: { $0.types.count == 1 && $0.types[0] == nil }),
      let forRecur = f.methods.first(where: { $0.types.count == 1 && $0.types[0] === recur?.type })
    else { return }
    reset = (f, f.methods)
    // `reset!(m) = (foreach(reset!, _children(m)); nothing)`
    generic.fast = { [unowned self] args in
      guard args.count == 1, self.resetUnchanged() else { return nil }
      return self.resetWalk(args[0], 0) ? .nothing : nil
    }
    // `reset!(m::Recur) = (m.state = m.cell.state0)`
    forRecur.fast = { [unowned self] args in
      guard args.count == 1, self.resetUnchanged(), let (t, _, si) = self.recur,
        case .obj(let r) = args[0], r.type === t, self.resetRecur(r)
      else { return nil }
      return r.fields[si]
    }
  }

  /// Whether `reset!` still has only the prelude's two methods.
  @inline(__always) func resetUnchanged() -> Bool {
    guard let (f, ms) = reset, f.methods.count == ms.count else { return false }
    for i in 0..<ms.count where f.methods[i] !== ms[i] { return false }
    return true
  }

  /// `m.state = m.cell.state0`; false when the cell has no `state0` (the Eddy code's error).
  func resetRecur(_ r: StructValue) -> Bool {
    guard let (_, ci, si) = recur, FluxFast.complete(r), case .obj(let c) = r.fields[ci],
      FluxFast.complete(c), let i = c.type.fieldNames.firstIndex(of: "state0")
    else { return false }
    r.fields[si] = c.fields[i]
    return true
  }

  /// `reset!` on `v` and, through `_children`, everything inside it. Resetting is idempotent,
  /// so giving up half-way (false) and rerunning the Eddy code is safe.
  func resetWalk(_ v: Value, _ depth: Int) -> Bool {
    if depth > 256 { return false }
    switch v {
    case .obj(let s):
      if let (t, _, _) = recur, s.type === t { return resetRecur(s) }
      guard s.type.isFunctor else { return true }
      for x in s.fields where !resetWalk(x, depth + 1) { return false }
    case .tuple(let xs):
      for x in xs where !resetWalk(x, depth + 1) { return false }
    case .named(let nt):
      for x in nt.values where !resetWalk(x, depth + 1) { return false }
    default:
      break
    }
    return true
  }

  // MARK: - mse

  func installMSE() {
    guard let f = function("mse"), f.methods.count == 1, let m = f.methods.first,
      m.compiled != nil
    else { return }
    // The default `agg = mean` as the Eddy code reads it (Flux's binding, i.e. Base's).
    meanRef = interp.readRef("mean", in: flux)
    // `mse(ŷ, y; agg = mean) = (_check_sizes(ŷ, y); agg(abs2.(ŷ .- y)))`
    m.fast = { [unowned self] args in
      guard args.count == 2, case .tensor(let a) = args[0], case .tensor(let b) = args[1],
        a.dtype.isFloat, b.dtype.isFloat, a.shape == b.shape, case .fn(let mean)? = self.meanRef?.value,
        mean.isBuiltin
      else { return nil }
      let sq = try tensorOp { try Diff.map(.square, try Diff.broadcast(.sub, a, b)) }
      return try self.interp.callFunction(mean, [self.interp.wrap(sq)], [])
    }
  }
}
