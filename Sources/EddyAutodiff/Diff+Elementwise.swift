// Elementwise ops: broadcast binary operators, unary functions and clamp, each forward kernel
// followed by its pullback.

import EddyTensor

/// The differentiable versions of the tensor kernels. Each op runs the EddyTensor kernel and,
/// when a gradient is being taken (`Tape.active`) and an input is tracked on it, records one
/// node whose pullback sits next to the forward call.
public enum Diff {}

extension Diff {
  // MARK: Binary broadcast

  /// `a .op b`. `add sub mul div pow max min mod rem atan2` are differentiable; comparisons and
  /// bitwise operators give untracked results, `÷` gives a zero gradient.
  public static func broadcast(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) throws -> Tensor {
    let out = try Kernels.broadcast(op, a, b)
    guard let tape = Tape.active else { return out }
    let na = tape.node(a), nb = tape.node(b)
    if na < 0 && nb < 0 || !out.dtype.isFloat { return out }
    let sa = a.shape, sb = b.shape, da = a.dtype, db = b.dtype
    switch op {
    case .add, .sub:
      let negate = op == .sub
      tape.push(out) { g, t in
        if na >= 0 { try t.accumulate(unbroadcast(g, to: sa, dtype: da), into: na) }
        if nb >= 0 {
          let gb = try unbroadcast(g, to: sb, dtype: db)
          try t.accumulate(negate ? Ops.scaled(gb, -1) : gb, into: nb)
        }
      }
    case .intdiv:
      tape.push(out) { g, t in
        if na >= 0 { try t.accumulate(Ops.zeros(sa, da), into: na) }
        if nb >= 0 { try t.accumulate(Ops.zeros(sb, db), into: nb) }
      }
    default:
      let va = a.storage.version, vb = b.storage.version
      tape.push(out) { g, t in
        try checkSaved(a, va)
        try checkSaved(b, vb)
        let (ga, gb) = try binaryPullback(op, g, a, b, na >= 0, nb >= 0)
        if let ga { try t.accumulate(unbroadcast(ga, to: sa, dtype: da), into: na) }
        if let gb { try t.accumulate(unbroadcast(gb, to: sb, dtype: db), into: nb) }
      }
    }
    return out
  }

  /// Gradients of `a .op b` with respect to `a` and `b`, at the broadcast shape of `g`
  /// (to be summed down by `unbroadcast`).
  private static func binaryPullback(
    _ op: BinaryOp, _ g: Tensor, _ a: Tensor, _ b: Tensor, _ needA: Bool, _ needB: Bool
  ) throws -> (Tensor?, Tensor?) {
    let a = try Ops.dtype(a, g.dtype), b = try Ops.dtype(b, g.dtype)
    if g.dtype == .float32 { return try binaryRule(Float.self, op, g, a, b, needA, needB) }
    return try binaryRule(Double.self, op, g, a, b, needA, needB)
  }

  private static func binaryRule<T: ADFloat>(
    _: T.Type, _ op: BinaryOp, _ g: Tensor, _ a: Tensor, _ b: Tensor, _ needA: Bool, _ needB: Bool
  ) throws -> (Tensor?, Tensor?) {
    switch op {
    case .mul:
      return try binaryWalk(T.self, g, a, b, needA, needB) { g, x, y in (g * y, g * x) }
    case .div:
      return try binaryWalk(T.self, g, a, b, needA, needB) { g, x, y in (g / y, -g * x / (y * y)) }
    case .pow:
      return try binaryWalk(T.self, g, a, b, needA, needB) { g, x, p in
        // As ChainRules: no x-gradient for p == 0, and ∂p uses log|x| (the real part of the
        // complex log), zero at x == 0 unless p < 0.
        let dx = p == 0 ? 0 : g * p * T.mPow(x, p - 1)
        let dp = x == 0 && p >= 0 ? 0 : g * T.mPow(x, p) * T.mLog(Swift.abs(x))
        return (dx, dp)
      }
    case .max:
      return try binaryWalk(T.self, g, a, b, needA, needB) { g, x, y in
        x > y ? (g, 0) : (x < y ? (0, g) : (g / 2, g / 2))
      }
    case .min:
      return try binaryWalk(T.self, g, a, b, needA, needB) { g, x, y in
        x < y ? (g, 0) : (x > y ? (0, g) : (g / 2, g / 2))
      }
    case .mod:
      return try binaryWalk(T.self, g, a, b, needA, needB) { g, x, y in
        (g, -g * (x / y).rounded(.down))
      }
    case .rem:
      return try binaryWalk(T.self, g, a, b, needA, needB) { g, x, y in
        (g, -g * (x / y).rounded(.towardZero))
      }
    case .atan2:
      return try binaryWalk(T.self, g, a, b, needA, needB) { g, y, x in
        let r = x * x + y * y
        return (g * x / r, -g * y / r)
      }
    default:
      throw TensorError(.method, "no derivative for the operator \(op.juliaName)")
    }
  }

  /// Runs `f(g, a, b) -> (∂a, ∂b)` over the broadcast shape of `g` in one pass.
  @inline(__always)
  private static func binaryWalk<T: ADFloat>(
    _: T.Type, _ g: Tensor, _ a: Tensor, _ b: Tensor, _ needA: Bool, _ needB: Bool,
    _ f: (T, T, T) -> (T, T)
  ) throws -> (Tensor?, Tensor?) {
    let shape = g.shape
    let ga = needA ? try Tensor(shape: shape, dtype: T.dtype) : nil
    let gb = needB ? try Tensor(shape: shape, dtype: T.dtype) : nil
    let pg = T.buffer(g), pa = T.buffer(a), pb = T.buffer(b)
    // Unneeded results go to a one-element scratch slot.
    var scratch = T(0)
    withUnsafeMutablePointer(to: &scratch) { s in
      let oa = ga.map { T.buffer($0) } ?? s, sa = needA ? 1 : 0
      let ob = gb.map { T.buffer($0) } ?? s, sb = needB ? 1 : 0
      if a.count == g.count && b.count == g.count {
        for j in 0..<g.count {
          let (x, y) = f(pg[j], pa[j], pb[j])
          oa[j * sa] = x
          ob[j * sb] = y
        }
      } else {
        broadcastWalk(shape, a.shape, b.shape) { j, ia, ib in
          let (x, y) = f(pg[j], pa[ia], pb[ib])
          oa[j * sa] = x
          ob[j * sb] = y
        }
      }
    }
    return (ga, gb)
  }

  // MARK: Unary

  /// `f.(a)`. `sign floor ceil round trunc` give a zero gradient; Bool-valued functions give
  /// untracked results.
  public static func map(_ op: UnaryOp, _ a: Tensor) throws -> Tensor {
    let out = try Kernels.map(op, a)
    guard let tape = Tape.active else { return out }
    let na = tape.node(a)
    if na < 0 || !out.dtype.isFloat { return out }
    switch op {
    case .sign, .floor, .ceil, .round, .trunc:
      let shape = a.shape, dtype = a.dtype
      tape.push(out) { _, t in try t.accumulate(Ops.zeros(shape, dtype), into: na) }
    case .neg:
      tape.push(out) { g, t in try t.accumulate(Ops.scaled(g, -1), into: na) }
    default:
      // Rules written in terms of the output save it; the others save the input.
      let useOut: Bool
      switch op {
      case .exp, .expm1, .sqrt, .tanh, .sigmoid, .tan: useOut = true
      default: useOut = false
      }
      let saved = useOut ? out : a, v = saved.storage.version
      tape.push(out) { g, t in
        try checkSaved(saved, v)
        let gx: Tensor
        if g.dtype == .float32 {
          gx = try unaryRule(Float.self, op, g, saved)
        } else {
          gx = try unaryRule(Double.self, op, g, saved)
        }
        try t.accumulate(gx, into: na)
      }
    }
    return out
  }

  /// `g .* f'(x)` where `s` is the saved input `x` or output `y` (see `map`).
  private static func unaryRule<T: ADFloat>(
    _: T.Type, _ op: UnaryOp, _ g: Tensor, _ s: Tensor
  ) throws -> Tensor {
    let s = try Ops.dtype(s, T.dtype)
    switch op {
    case .exp: return try Ops.map2(T.self, g, s) { g, y in g * y }
    case .expm1: return try Ops.map2(T.self, g, s) { g, y in g * (y + 1) }
    case .sqrt: return try Ops.map2(T.self, g, s) { g, y in g / (2 * y) }
    case .tanh: return try Ops.map2(T.self, g, s) { g, y in g * (1 - y * y) }
    case .sigmoid: return try Ops.map2(T.self, g, s) { g, y in g * y * (1 - y) }
    case .tan: return try Ops.map2(T.self, g, s) { g, y in g * (1 + y * y) }
    case .log: return try Ops.map2(T.self, g, s) { g, x in g / x }
    case .log1p: return try Ops.map2(T.self, g, s) { g, x in g / (1 + x) }
    case .log2:
      let c = T.mLog(2)
      return try Ops.map2(T.self, g, s) { g, x in g / (x * c) }
    case .log10:
      let c = T.mLog(10)
      return try Ops.map2(T.self, g, s) { g, x in g / (x * c) }
    case .abs: return try Ops.map2(T.self, g, s) { g, x in x > 0 ? g : (x < 0 ? -g : 0) }
    case .square: return try Ops.map2(T.self, g, s) { g, x in 2 * x * g }
    case .relu: return try Ops.map2(T.self, g, s) { g, x in x > 0 ? g : 0 }
    case .leakyrelu: return try Ops.map2(T.self, g, s) { g, x in x > 0 ? g : g * T(0.01) }
    case .elu: return try Ops.map2(T.self, g, s) { g, x in x > 0 ? g : g * T.mExp(x) }
    case .softplus: return try Ops.map2(T.self, g, s) { g, x in g / (1 + T.mExp(-x)) }
    case .swish:
      return try Ops.map2(T.self, g, s) { g, x in
        let sg = 1 / (1 + T.mExp(-x))
        return g * (sg + x * sg * (1 - sg))
      }
    case .sin: return try Ops.map2(T.self, g, s) { g, x in g * T.mCos(x) }
    case .cos: return try Ops.map2(T.self, g, s) { g, x in -g * T.mSin(x) }
    default:
      throw TensorError(.method, "no derivative for the function \(op.juliaName)")
    }
  }

  // MARK: Clamp

  /// `clamp.(a, lo, hi)`; the gradient passes where `lo ≤ a ≤ hi`.
  public static func clamp(_ a: Tensor, lo: Double, hi: Double) throws -> Tensor {
    let out = Kernels.clamp(a, lo: lo, hi: hi)
    guard let tape = Tape.active else { return out }
    let na = tape.node(a)
    if na < 0 { return out }
    let v = a.storage.version
    tape.push(out) { g, t in
      try checkSaved(a, v)
      let gx: Tensor
      if g.dtype == .float32 {
        let l = Float(lo), h = Float(hi)
        gx = try Ops.map2(Float.self, g, a) { g, x in x >= l && x <= h ? g : 0 }
      } else {
        gx = try Ops.map2(Double.self, g, a) { g, x in x >= lo && x <= hi ? g : 0 }
      }
      try t.accumulate(gx, into: na)
    }
    return out
  }
}
