// The optimiser step as one native pass per parameter, for Descent, Momentum and Adam.
//
// The Eddy code (FluxPrelude+Training.swift) runs `Δ = apply!(opt, x, copy(x̄)); x .-= Δ`
// as a chain of broadcasts: Float64 hyperparameters promote each intermediate to Float64, and
// every `.=` rounds into the array's eltype. The pass below does the same operations in the
// same order per element, so the parameters and the optimiser state come out bit-identical;
// the state lives in the same `IdDict`s, with the same values, so both paths can alternate.
// Anything unusual (other hyperparameter types, a state entry of another shape, a user method
// on `apply!`/`update!`, an active tape, values that would make `sqrt` throw) is checked for
// before anything is written, and then the Eddy code runs instead.
import EddyAutodiff
import EddyTensor

extension FluxFast {
  /// A built-in optimiser with plain Float64 hyperparameters.
  enum Rule {
    case descent(eta: Double)
    case momentum(eta: Double, rho: Double, velocity: DictValue)
    case adam(eta: Double, beta1: Double, beta2: Double, eps: Double, state: DictValue)
  }

  /// What one parameter's step reads and writes; `fresh` state arrays (made by the plan, as
  /// `zero(x)` and `[β1, β2]` would be) are entered in the optimiser's `IdDict` by the step.
  struct ParamStep {
    let p: Tensor
    let g: Tensor
    var fresh = false
    var v: Tensor? = nil
    var mt: Tensor? = nil
    var vt: Tensor? = nil
    var bp: Tensor? = nil
  }

  /// `update!`, `apply!` as the prelude defines them, and the optimiser types with the
  /// positions of their fields.
  struct Optimise {
    let update: FunctionValue
    let apply: FunctionValue
    let updates: [Method]
    let applies: [Method]
    let descent: JType, momentum: JType, adam: JType
    let dEta: Int, mEta: Int, mRho: Int, mVel: Int, aEta: Int, aBeta: Int, aEps: Int, aState: Int
    /// The prelude line of `update!(opt, p, g)` in the loop over `Params`.
    let line: Int
  }

  func installUpdate() {
    guard let update = function("update!"), let apply = function("apply!"),
      let descent = type("Descent"), let momentum = type("Momentum"), let adam = type("Adam"),
      let dEta = field(descent, "eta"), let mEta = field(momentum, "eta"),
      let mRho = field(momentum, "rho"), let mVel = field(momentum, "velocity"),
      let aEta = field(adam, "eta"), let aBeta = field(adam, "beta"),
      let aEps = field(adam, "epsilon"), let aState = field(adam, "state"),
      let forArray = update.methods.first(where: {
        $0.types.count == 3 && $0.types[1]?.kind == .array && $0.compiled != nil
      }),
      let forParams = update.methods.first(where: {
        $0.types.count == 3 && $0.types[1] === ParamsValue.type && $0.compiled != nil
      })
    else { return }
    let line =
      FluxFast.sourceLine(after: "function update!(opt, ps::Params, gs)", matching: "update!(opt, p, g)")
      ?? forParams.line
    optimise = Optimise(
      update: update, apply: apply, updates: update.methods, applies: apply.methods,
      descent: descent, momentum: momentum, adam: adam, dEta: dEta, mEta: mEta, mRho: mRho,
      mVel: mVel, aEta: aEta, aBeta: aBeta, aEps: aEps, aState: aState, line: line)

    // `update!(opt, x::AbstractArray, x̄)`
    forArray.fast = { [unowned self] args in
      guard args.count == 3, let r = self.rule(args[0]), case .tensor(let p) = args[1],
        case .tensor(let g) = args[2], let step = self.plan(r, p, g)
      else { return nil }
      self.run(r, step)
      return .nothing
    }
    // `update!(opt, ps::Params, gs)`: for each parameter with a gradient, `update!(opt, p, g)`,
    // natively when `plan` takes it, else through the generic call, in order.
    forParams.fast = { [unowned self] args in
      guard let o = self.optimise, args.count == 3, let r = self.rule(args[0]),
        case .native(let pn) = args[1], let ps = pn as? ParamsValue, case .native(let gn) = args[2],
        let gs = gn as? GradsValue
      else { return nil }
      // `gs[p]` is a KeyError for an array the gradient was not taken with respect to: then the
      // Eddy loop runs (and throws after updating the parameters before it).
      let items = ps.items
      let keys = gs.params
      var inOrder = keys.count == items.count
      if inOrder {
        for i in 0..<items.count where keys[i] !== items[i] {
          inOrder = false
          break
        }
      }
      if !inOrder {
        for p in items where !keys.contains(where: { $0 === p }) { return nil }
      }
      for p in items {
        guard let g = gs.grads[ObjectIdentifier(p)] else { continue }
        if let step = self.plan(r, p, g) {
          self.run(r, step)
          continue
        }
        do {
          _ = try self.interp.callFunction(o.update, [args[0], .tensor(p), .tensor(g)], [])
        } catch var e as JuliaError {
          if !e.located, e.trace.count < 64 {
            e.trace.append(TraceEntry(function: "update!", file: "Flux.jl", line: o.line))
          }
          e.located = false
          throw e
        }
      }
      return .nothing
    }
  }

  /// The rule of `opt`, when every method the Eddy code goes through is still the prelude's
  /// and no gradient is being taken.
  func rule(_ opt: Value) -> Rule? {
    guard let o = optimise, Tape.active == nil, case .obj(let s) = opt, FluxFast.complete(s),
      FluxFast.same(o.update, o.updates), FluxFast.same(o.apply, o.applies)
    else { return nil }
    func float(_ v: Value) -> Double? {
      if case .float(let d) = v { return d }
      return nil
    }
    func idDict(_ v: Value) -> DictValue? {
      guard case .native(let n) = v, let d = n as? DictValue, d.isId, d.keyType == nil,
        d.valueType == nil
      else { return nil }
      return d
    }
    if s.type === o.descent {
      guard let eta = float(s.fields[o.dEta]) else { return nil }
      return .descent(eta: eta)
    }
    if s.type === o.momentum {
      guard let eta = float(s.fields[o.mEta]), let rho = float(s.fields[o.mRho]),
        let vel = idDict(s.fields[o.mVel])
      else { return nil }
      return .momentum(eta: eta, rho: rho, velocity: vel)
    }
    if s.type === o.adam {
      guard let eta = float(s.fields[o.aEta]), let eps = float(s.fields[o.aEps]),
        case .tuple(let beta) = s.fields[o.aBeta], beta.count >= 2, let b1 = float(beta[0]),
        let b2 = float(beta[1]), let st = idDict(s.fields[o.aState])
      else { return nil }
      return .adam(eta: eta, beta1: b1, beta2: b2, eps: eps, state: st)
    }
    return nil
  }

  /// Whether `f` still has exactly the methods `ms`.
  @inline(__always) static func same(_ f: FunctionValue, _ ms: [Method]) -> Bool {
    guard f.methods.count == ms.count else { return false }
    for i in 0..<ms.count where f.methods[i] !== ms[i] { return false }
    return true
  }

  /// The state entry of `p` in an optimiser's `IdDict`, found by identity through a remembered
  /// position (checked: the key there must be `p` itself) before the dictionary's own lookup.
  func stateEntry(_ d: DictValue, _ p: Tensor) -> Value? {
    let id = ObjectIdentifier(p)
    if let i = stateHints[id], i < d.keys.count, case .tensor(let k) = d.keys[i], k === p {
      return d.values[i]
    }
    guard let v = d.get(.tensor(p)) else { return nil }
    remember(d, p)
    return v
  }

  /// Enters a new state entry for `p`.
  func setStateEntry(_ d: DictValue, _ p: Tensor, _ v: Value) {
    d.set(.tensor(p), v)
    remember(d, p)
  }

  private func remember(_ d: DictValue, _ p: Tensor) {
    guard
      let i = d.keys.lastIndex(where: {
        if case .tensor(let k) = $0 { return k === p }
        return false
      })
    else { return }
    if stateHints.count > 4096 { stateHints.removeAll(keepingCapacity: true) }
    stateHints[ObjectIdentifier(p)] = i
  }

  /// Checks that the Eddy code's step on `p` is the plain one: gradient and state arrays of
  /// `p`'s shape and eltype, state arrays with storage of their own, and (Adam) a square root
  /// that cannot see a negative number; nil otherwise (then the Eddy code runs).
  func plan(_ r: Rule, _ p: Tensor, _ g: Tensor) -> ParamStep? {
    guard p.dtype.isFloat, g.dtype == p.dtype, g.shape == p.shape else { return nil }
    var step = ParamStep(p: p, g: g)
    // Elementwise in-place updates read every operand at index i before writing it, which
    // matches the Eddy code's whole-array steps unless two state arrays share storage.
    var used0: Storage? = nil
    var used1: Storage? = nil
    func fresh(_ st: Storage) -> Bool { st !== p.storage && st !== used0 && st !== used1 }
    func state(_ v: Value) -> Tensor? {
      guard case .tensor(let t) = v, t.dtype == p.dtype, t.shape == p.shape, fresh(t.storage)
      else { return nil }
      if used0 == nil { used0 = t.storage } else { used1 = t.storage }
      return t
    }
    switch r {
    case .descent:
      break
    case .momentum(_, _, let vel):
      if let v = stateEntry(vel, p) {
        guard let t = state(v) else { return nil }
        step.v = t
      } else {
        guard let t = try? Tensor(shape: p.shape, dtype: p.dtype) else { return nil }
        step.v = t
        step.fresh = true
      }
    case .adam(_, _, let beta2, _, let st):
      guard beta2 >= 0 && beta2 <= 1 else { return nil }
      guard let e = stateEntry(st, p) else {
        // A fresh state: βp = [β1, β2], so 1 - βp[2] > 0 unless β2 == 1.
        guard beta2 < 1, let mt = try? Tensor(shape: p.shape, dtype: p.dtype),
          let vt = try? Tensor(shape: p.shape, dtype: p.dtype)
        else { return nil }
        step.mt = mt
        step.vt = vt
        step.fresh = true
        return step
      }
      guard case .tuple(let xs) = e, xs.count == 3, let mt = state(xs[0]), let vt = state(xs[1]),
        case .tensor(let bp) = xs[2], bp.dtype == .float64, bp.ndims == 1, bp.count >= 2,
        fresh(bp.storage), bp.storage.d[1] < 1
      else { return nil }
      // vt ≥ 0 (or NaN) keeps `sqrt(vt / (1 - βp[2]))` in its domain.
      let n = vt.count
      if vt.dtype == .float32 {
        let q = vt.storage.f
        for i in 0..<n where q[i] < 0 { return nil }
      } else {
        let q = vt.storage.d
        for i in 0..<n where q[i] < 0 { return nil }
      }
      step.mt = mt
      step.vt = vt
      step.bp = bp
    }
    return step
  }

  /// Applies a planned step (cannot fail).
  func run(_ r: Rule, _ s: ParamStep) {
    if s.p.dtype == .float32 {
      run(r, s, Float.self)
    } else {
      run(r, s, Double.self)
    }
  }

  private func run<T: StepFloat>(_ r: Rule, _ s: ParamStep, _: T.Type) {
    let p = s.p
    let n = p.count
    let x = T.buffer(p)
    let g = T.buffer(s.g)
    switch r {
    case .descent(let eta):
      // Δ .*= eta; x .-= Δ
      for i in 0..<n {
        let d = T(Double(g[i]) * eta)
        x[i] = x[i] - d
      }
    case .momentum(let eta, let rho, let vel):
      guard let vt = s.v else { return }
      if s.fresh { setStateEntry(vel, p, .tensor(vt)) }
      let v = T.buffer(vt)
      // v .= rho .* v .- eta .* Δ; Δ .= -v; x .-= Δ
      for i in 0..<n {
        let gi = Double(g[i])
        let vi = T(rho * Double(v[i]) - eta * gi)
        v[i] = vi
        x[i] = x[i] - (-vi)
      }
      vt.storage.version &+= 1
    case .adam(let eta, let beta1, let beta2, let eps, let st):
      guard let mtT = s.mt, let vtT = s.vt else { return }
      let bpT: Tensor
      if s.fresh {
        bpT = Tensor(shape: [2], doubles: [beta1, beta2], dtype: .float64)
        setStateEntry(st, p, .tuple([.tensor(mtT), .tensor(vtT), .tensor(bpT)]))
      } else {
        guard let c = s.bp else { return }
        bpT = c
      }
      let mt = T.buffer(mtT)
      let vt = T.buffer(vtT)
      let b1 = bpT.storage.d[0]
      let b2 = bpT.storage.d[1]
      let c1 = 1 - beta1
      let c2 = 1 - beta2
      let k1 = 1 - b1
      let k2 = 1 - b2
      // Several elements at a time (lane-wise IEEE operations: the same values as one by one).
      var i = 0
      if T.self == Float.self {
        // Float32 parameters: eight lanes, converted to and from Float64 as whole vectors.
        let gp = UnsafeRawPointer(g), mp = UnsafeMutableRawPointer(mt)
        let vp = UnsafeMutableRawPointer(vt), xp = UnsafeMutableRawPointer(x)
        while i + 8 <= n {
          let o = i * 4
          let gi = SIMD8<Double>(gp.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
          let m0 = SIMD8<Double>(mp.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
          let v0 = SIMD8<Double>(vp.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
          let mk = SIMD8<Float>(beta1 * m0 + c1 * gi)
          let vk = SIMD8<Float>(beta2 * v0 + c2 * gi * gi)
          mp.storeBytes(of: mk, toByteOffset: o, as: SIMD8<Float>.self)
          vp.storeBytes(of: vk, toByteOffset: o, as: SIMD8<Float>.self)
          let m = SIMD8<Double>(mk), v = SIMD8<Double>(vk)
          let d = SIMD8<Float>(m / k1 / ((v / k2).squareRoot() + eps) * eta)
          let x0 = xp.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
          xp.storeBytes(of: x0 - d, toByteOffset: o, as: SIMD8<Float>.self)
          i += 8
        }
      }
      while i + 4 <= n {
        let gi = SIMD4<Double>(Double(g[i]), Double(g[i + 1]), Double(g[i + 2]), Double(g[i + 3]))
        let m0 = SIMD4<Double>(Double(mt[i]), Double(mt[i + 1]), Double(mt[i + 2]), Double(mt[i + 3]))
        let v0 = SIMD4<Double>(Double(vt[i]), Double(vt[i + 1]), Double(vt[i + 2]), Double(vt[i + 3]))
        let mr = beta1 * m0 + c1 * gi
        let vr = beta2 * v0 + c2 * gi * gi
        var m = SIMD4<Double>()
        var v = SIMD4<Double>()
        for k in 0..<4 {
          let mk = T(mr[k])
          let vk = T(vr[k])
          mt[i + k] = mk
          vt[i + k] = vk
          m[k] = Double(mk)
          v[k] = Double(vk)
        }
        let d = m / k1 / ((v / k2).squareRoot() + eps) * eta
        for k in 0..<4 { x[i + k] = x[i + k] - T(d[k]) }
        i += 4
      }
      for i in i..<n {
        let gi = Double(g[i])
        // mt .= β1 .* mt .+ (1 - β1) .* Δ;  vt .= β2 .* vt .+ (1 - β2) .* Δ .* Δ
        let m = T(beta1 * Double(mt[i]) + c1 * gi)
        let v = T(beta2 * Double(vt[i]) + c2 * gi * gi)
        mt[i] = m
        vt[i] = v
        // Δ .= mt ./ (1 - b1) ./ (sqrt.(vt ./ (1 - b2)) .+ ϵ) .* η;  x .-= Δ
        let d = T(Double(m) / k1 / ((Double(v) / k2).squareRoot() + eps) * eta)
        x[i] = x[i] - d
      }
      bpT.storage.d[0] = b1 * beta1
      bpT.storage.d[1] = b2 * beta2
      mtT.storage.version &+= 1
      vtT.storage.version &+= 1
      bpT.storage.version &+= 1
    }
    p.storage.version &+= 1
  }
}

/// The element types of parameters: Float32 and Float64 storage, converted through Double.
protocol StepFloat: BinaryFloatingPoint {
  static func buffer(_ t: Tensor) -> UnsafeMutablePointer<Self>
  init(_ d: Double)
}
extension Float: StepFloat {
  @inline(__always) static func buffer(_ t: Tensor) -> UnsafeMutablePointer<Float> { t.storage.f }
}
extension Double: StepFloat {
  @inline(__always) static func buffer(_ t: Tensor) -> UnsafeMutablePointer<Double> { t.storage.d }
}
