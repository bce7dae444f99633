// Unary elementwise functions (`f.(x)`), clamp and fill.

/// A unary elementwise function, as used by `f.(x)`.
public enum UnaryOp: Sendable {
  case neg, exp, expm1, log, log1p, log2, log10, sqrt
  case abs, sign
  /// `abs2(x) = x*x`.
  case square
  case tanh, sigmoid, relu, softplus, sin, cos, tan
  /// NNlib `leakyrelu(x)` with slope 0.01, `elu(x)` with α = 1, `swish(x) = x·σ(x)`.
  case leakyrelu, elu, swish
  case floor, ceil, round, trunc
  /// `!x` on Bool, `~x` on Int64.
  case not
  case isnan, isinf, isfinite

  /// Julia's function name, for error messages.
  public var juliaName: String {
    switch self {
    case .neg: return "-"
    case .square: return "abs2"
    case .sigmoid: return "σ"
    case .not: return "!"
    default: return "\(self)"
    }
  }

  /// The element type of `f(x)` for an element of type `t`.
  ///
  /// - Throws: `MethodError` for `!` on floats.
  public func resultType(_ t: DType) throws -> DType {
    switch self {
    case .neg: return t == .bool ? .int64 : t
    case .abs, .sign, .square, .relu, .floor, .ceil, .round, .trunc: return t
    case .isnan, .isinf, .isfinite: return .bool
    case .not:
      if t.isFloat { throw TensorError(.method, "no method matching !(::\(t.name))") }
      return t
    default: return t.isFloat ? t : .float64
    }
  }
}

extension Kernels {
  /// `f.(a)`. Float32 `exp`, `tanh`, `sigmoid` and `swish` use CEddyMath's vector
  /// polynomials (within 2 ulp); everything else uses libm or exact arithmetic.
  ///
  /// - Throws: `DomainError` for `log`/`sqrt` of negatives, `log1p` below -1 and `sin`/`cos`/
  ///   `tan` of infinities (Julia throws for these rather than returning NaN).
  public static func map(_ op: UnaryOp, _ a: Tensor) throws -> Tensor {
    let rt = try op.resultType(a.dtype)
    let out = Tensor(uncheckedShape: a.shape, dtype: rt)
    out.isBitArray = rt == .bool  // Julia's broadcast stores Bool results in a BitArray
    let n = a.count
    if n == 0 { return out }
    if !a.dtype.isFloat {
      if rt == .float64 {
        try unaryFloating(op, a.storage.d, out.storage.d, n)
      } else {
        unaryInteger(op, a.storage.d, out.storage.d, n, isBool: a.dtype == .bool)
      }
    } else if op == .isnan || op == .isinf || op == .isfinite {
      let z = out.storage.d
      if a.dtype == .float32 {
        let x = a.storage.f
        for i in 0..<n { z[i] = predicate(op, Double(x[i])) ? 1 : 0 }
      } else {
        let x = a.storage.d
        for i in 0..<n { z[i] = predicate(op, x[i]) ? 1 : 0 }
      }
    } else if a.dtype == .float32 {
      try unaryFloating(op, a.storage.f, out.storage.f, n)
    } else {
      try unaryFloating(op, a.storage.d, out.storage.d, n)
    }
    return out
  }

  @inline(__always) private static func predicate(_ op: UnaryOp, _ x: Double) -> Bool {
    op == .isnan ? x.isNaN : (op == .isinf ? x.isInfinite : x.isFinite)
  }

  static func unaryFloating<T: KernelFloat>(
    _ op: UnaryOp, _ x: UnsafeMutablePointer<T>, _ z: UnsafeMutablePointer<T>, _ n: Int
  ) throws {
    try checkDomain(op, x, n)
    if T.self == Float.self && unaryFloatSIMD(op, x, z, n) { return }
    switch op {
    case .neg: for i in 0..<n { z[i] = -x[i] }
    case .exp: for i in 0..<n { z[i] = T.mExp(x[i]) }
    case .expm1: for i in 0..<n { z[i] = T.mExpm1(x[i]) }
    case .log: for i in 0..<n { z[i] = T.mLog(x[i]) }
    case .log1p: for i in 0..<n { z[i] = T.mLog1p(x[i]) }
    case .log2: for i in 0..<n { z[i] = T.mLog2(x[i]) }
    case .log10: for i in 0..<n { z[i] = T.mLog10(x[i]) }
    case .sqrt: for i in 0..<n { z[i] = x[i].squareRoot() }
    case .abs: for i in 0..<n { z[i] = Swift.abs(x[i]) }
    case .square: for i in 0..<n { z[i] = x[i] * x[i] }
    case .sign:
      for i in 0..<n {
        let v = x[i]
        z[i] = v > 0 ? 1 : (v < 0 ? -1 : v)
      }
    case .tanh: for i in 0..<n { z[i] = T.mTanh(x[i]) }
    case .sigmoid:
      for i in 0..<n {
        let v = x[i], t = T.mExp(-Swift.abs(v))
        z[i] = v >= 0 ? 1 / (1 + t) : t / (1 + t)
      }
    case .relu: for i in 0..<n { z[i] = x[i] > 0 ? x[i] : (x[i].isNaN ? x[i] : 0) }
    case .leakyrelu:
      let slope = T(0.01)
      for i in 0..<n { z[i] = x[i] > 0 ? x[i] : slope * x[i] }
    case .elu: for i in 0..<n { z[i] = x[i] >= 0 ? x[i] : T.mExpm1(x[i]) }
    case .swish:
      for i in 0..<n {
        let v = x[i], t = T.mExp(-Swift.abs(v))
        z[i] = v * (v >= 0 ? 1 / (1 + t) : t / (1 + t))
      }
    case .softplus:
      for i in 0..<n { z[i] = T.mLog1p(T.mExp(-Swift.abs(x[i]))) + Swift.max(x[i], 0) }
    case .sin: for i in 0..<n { z[i] = T.mSin(x[i]) }
    case .cos: for i in 0..<n { z[i] = T.mCos(x[i]) }
    case .tan: for i in 0..<n { z[i] = T.mTan(x[i]) }
    case .floor: for i in 0..<n { z[i] = x[i].rounded(.down) }
    case .ceil: for i in 0..<n { z[i] = x[i].rounded(.up) }
    case .round: for i in 0..<n { z[i] = x[i].rounded(.toNearestOrEven) }
    case .trunc: for i in 0..<n { z[i] = x[i].rounded(.towardZero) }
    case .not, .isnan, .isinf, .isfinite:
      throw TensorError(.method, "no method matching \(op.juliaName)(::\(T.dtype.name))")
    }
  }

  /// The vectorised Float32 kernels; returns false when `op` has none.
  @inline(__always)
  private static func unaryFloatSIMD<T>(
    _ op: UnaryOp, _ x: UnsafeMutablePointer<T>, _ z: UnsafeMutablePointer<T>, _ n: Int
  ) -> Bool {
    let xf = UnsafePointer(UnsafeMutableRawPointer(x).assumingMemoryBound(to: Float.self))
    let zf = UnsafeMutableRawPointer(z).assumingMemoryBound(to: Float.self)
    switch op {
    case .exp: VectorMath.exp.apply(n, xf, zf)
    case .tanh: VectorMath.tanh.apply(n, xf, zf)
    case .sigmoid: VectorMath.sigmoid.apply(n, xf, zf)
    case .swish: VectorMath.swish.apply(n, xf, zf)
    case .relu: simdMap(n, xf, zf) { $0.replacing(with: 0, where: $0 .< 0) }
    default: return false
    }
    return true
  }

  /// Throws Julia's DomainError for the first argument outside `op`'s real domain.
  private static func checkDomain<T: KernelFloat>(
    _ op: UnaryOp, _ x: UnsafeMutablePointer<T>, _ n: Int
  ) throws {
    let limit: T
    switch op {
    case .log, .log2, .log10, .sqrt: limit = 0
    case .log1p: limit = -1
    case .sin, .cos, .tan:
      for i in 0..<n where x[i].isInfinite {
        throw TensorError.domain(Double(x[i]), T.dtype, "\(op)(x) is only defined for finite x.")
      }
      return
    default: return
    }
    var bad = false
    for i in 0..<n { bad = bad || x[i] < limit }
    guard bad else { return }
    for i in 0..<n where x[i] < limit {
      let name = "\(op)"
      let what = op == .log1p ? "a real argument < -1" : "a negative real argument"
      throw TensorError.domain(
        Double(x[i]), T.dtype,
        "\(name) was called with \(what) but will only return a complex result if called with a complex argument. Try \(name)(Complex(x))."
      )
    }
  }

  /// Integer-valued results on Int64/Bool input (exact integral Doubles).
  private static func unaryInteger(
    _ op: UnaryOp, _ x: UnsafeMutablePointer<Double>, _ z: UnsafeMutablePointer<Double>, _ n: Int,
    isBool: Bool
  ) {
    switch op {
    case .neg: for i in 0..<n { z[i] = Double(0 &- asInt64(x[i])) }
    case .abs: for i in 0..<n { z[i] = Swift.abs(x[i]) }
    case .square: for i in 0..<n { z[i] = Double(asInt64(x[i]) &* asInt64(x[i])) }
    case .sign: for i in 0..<n { z[i] = x[i] > 0 ? 1 : (x[i] < 0 ? -1 : 0) }
    case .relu: for i in 0..<n { z[i] = Swift.max(x[i], 0) }
    case .not where isBool: for i in 0..<n { z[i] = 1 - x[i] }
    case .not: for i in 0..<n { z[i] = Double(~asInt64(x[i])) }
    case .isnan, .isinf: for i in 0..<n { z[i] = 0 }
    case .isfinite: for i in 0..<n { z[i] = 1 }
    default: z.update(from: x, count: n)  // floor/ceil/round/trunc of integers
    }
  }
}
