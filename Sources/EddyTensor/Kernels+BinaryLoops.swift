// The per-operator loops behind `Kernels.broadcast`, for float and integer element types.

extension Kernels {
  /// Float32 or Float64 computation. Operands of another dtype are converted first (scalars
  /// without allocating).
  static func binaryFloating<T: KernelFloat>(
    _ op: BinaryOp, _ a: Tensor, _ b: Tensor, _ out: Tensor, _: T.Type
  ) throws {
    let layout = BinaryLayout(a, b, out)
    let n = out.count
    var sa = T(0), sb = T(0)
    let ta = try floatOperand(a, &sa), tb = try floatOperand(b, &sb)
    try withUnsafeMutablePointer(to: &sa) { pa in
      try withUnsafeMutablePointer(to: &sb) { pb in
        let x = UnsafePointer(ta.map { T.buffer($0) } ?? pa)
        let y = UnsafePointer(tb.map { T.buffer($0) } ?? pb)
        if op.isComparison {
          compareFloating(op, layout, n, x, y, out.storage.d)
        } else {
          try arithmeticFloating(op, layout, n, x, y, T.buffer(out))
        }
      }
    }
    withExtendedLifetime((ta, tb)) {}
  }

  /// A tensor whose buffer holds `t`'s elements as `T`, or nil after loading a foreign-dtype
  /// scalar into `scalar` (so `x .* 2` never allocates for the `2`).
  private static func floatOperand<T: KernelFloat>(_ t: Tensor, _ scalar: inout T) throws -> Tensor? {
    if t.dtype == T.dtype { return t }
    if t.count == 1 {
      scalar = T(t[linear: 0])
      return nil
    }
    return try t.converted(to: T.dtype)
  }

  private static func compareFloating<T: KernelFloat>(
    _ op: BinaryOp, _ l: BinaryLayout, _ n: Int, _ x: UnsafePointer<T>, _ y: UnsafePointer<T>,
    _ z: UnsafeMutablePointer<Double>
  ) {
    switch op {
    case .eq: runBinary(l, n, x, y, z) { $0 == $1 ? 1 : 0 }
    case .ne: runBinary(l, n, x, y, z) { $0 != $1 ? 1 : 0 }
    case .lt: runBinary(l, n, x, y, z) { $0 < $1 ? 1 : 0 }
    case .le: runBinary(l, n, x, y, z) { $0 <= $1 ? 1 : 0 }
    case .gt: runBinary(l, n, x, y, z) { $0 > $1 ? 1 : 0 }
    default: runBinary(l, n, x, y, z) { $0 >= $1 ? 1 : 0 }
    }
  }

  private static func arithmeticFloating<T: KernelFloat>(
    _ op: BinaryOp, _ l: BinaryLayout, _ n: Int, _ x: UnsafePointer<T>, _ y: UnsafePointer<T>,
    _ z: UnsafeMutablePointer<T>
  ) throws {
    switch op {
    case .add: runBinary(l, n, x, y, z) { $0 + $1 }
    case .sub: runBinary(l, n, x, y, z) { $0 - $1 }
    case .mul: runBinary(l, n, x, y, z) { $0 * $1 }
    case .div: runBinary(l, n, x, y, z) { $0 / $1 }
    case .max: runBinary(l, n, x, y, z) { juliaMax($0, $1) }
    case .min: runBinary(l, n, x, y, z) { juliaMin($0, $1) }
    case .mod: runBinary(l, n, x, y, z) { juliaMod($0, $1) }
    case .rem: runBinary(l, n, x, y, z) { T.mFmod($0, $1) }
    case .intdiv: runBinary(l, n, x, y, z) { juliaDiv($0, $1) }
    case .atan2: runBinary(l, n, x, y, z) { T.mAtan2($0, $1) }
    case .pow:
      // x^2 is x*x in Julia (literal_pow / power_by_squaring), exactly.
      if case .scalarRight = l, y[0] == 2 {
        runBinary(l, n, x, y, z) { u, _ in u * u }
        return
      }
      var bad: T? = nil
      runBinary(l, n, x, y, z) { u, v in
        let r = T.mPow(u, v)
        if r.isNaN && u < 0 && v.isFinite && v.rounded() != v { bad = u }
        return r
      }
      if let bad {
        throw TensorError.domain(
          Double(bad), T.dtype,
          "Exponentiation yielding a complex result requires a complex argument.\nReplace x^y with (x+0im)^y, Complex(x)^y, or similar."
        )
      }
    default:
      throw TensorError(.method, "no method matching \(op.juliaName)(::\(T.dtype.name), ::\(T.dtype.name))")
    }
  }

  /// Int64 and Bool computation (values are exact integral Doubles in `storage.d`).
  static func binaryInteger(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, _ out: Tensor) throws {
    let l = BinaryLayout(a, b, out)
    let n = out.count
    let x = UnsafePointer(a.storage.d), y = UnsafePointer(b.storage.d), z = out.storage.d
    var divideByZero = false
    var negativePower: Int64? = nil
    switch op {
    case .eq: runBinary(l, n, x, y, z) { $0 == $1 ? 1 : 0 }
    case .ne: runBinary(l, n, x, y, z) { $0 != $1 ? 1 : 0 }
    case .lt: runBinary(l, n, x, y, z) { $0 < $1 ? 1 : 0 }
    case .le: runBinary(l, n, x, y, z) { $0 <= $1 ? 1 : 0 }
    case .gt: runBinary(l, n, x, y, z) { $0 > $1 ? 1 : 0 }
    case .ge: runBinary(l, n, x, y, z) { $0 >= $1 ? 1 : 0 }
    case .add: runBinary(l, n, x, y, z) { Double(asInt64($0) &+ asInt64($1)) }
    case .sub: runBinary(l, n, x, y, z) { Double(asInt64($0) &- asInt64($1)) }
    case .mul: runBinary(l, n, x, y, z) { Double(asInt64($0) &* asInt64($1)) }
    case .max: runBinary(l, n, x, y, z) { Swift.max($0, $1) }
    case .min: runBinary(l, n, x, y, z) { Swift.min($0, $1) }
    case .and: runBinary(l, n, x, y, z) { Double(asInt64($0) & asInt64($1)) }
    case .or: runBinary(l, n, x, y, z) { Double(asInt64($0) | asInt64($1)) }
    case .xor: runBinary(l, n, x, y, z) { Double(asInt64($0) ^ asInt64($1)) }
    case .intdiv, .rem, .mod:
      runBinary(l, n, x, y, z) { u, v in
        let p = asInt64(u), q = asInt64(v)
        if q == 0 {
          divideByZero = true
          return 0
        }
        return Double(integerDivision(op, p, q))
      }
    case .pow:
      runBinary(l, n, x, y, z) { u, v in
        let p = asInt64(u), q = asInt64(v)
        if q < 0 && p != 1 && p != -1 { negativePower = q }
        return Double(integerPower(p, q))
      }
    default:
      throw TensorError(.method, "no method matching \(op.juliaName)(::Int64, ::Int64)")
    }
    if divideByZero { throw TensorError(.divide, "integer division error") }
    if let p = negativePower { throw negativePowerError(p) }
  }

  /// `div`, `rem` or `mod` of nonzero-divisor Int64s, wrapping like Julia on `typemin ÷ -1`.
  @inline(__always)
  static func integerDivision(_ op: BinaryOp, _ p: Int64, _ q: Int64) -> Int64 {
    switch op {
    case .intdiv: return p.dividedReportingOverflow(by: q).partialValue
    case .rem: return p.remainderReportingOverflow(dividingBy: q).partialValue
    default:
      let r = p.remainderReportingOverflow(dividingBy: q).partialValue
      return (r != 0 && (r < 0) != (q < 0)) ? r &+ q : r
    }
  }

  /// `p^q` by squaring with wrapping overflow (Julia's `power_by_squaring`); `q < 0` only
  /// for `p = ±1`, other negative powers return 0 and are reported by the caller.
  @inline(__always)
  static func integerPower(_ p: Int64, _ q: Int64) -> Int64 {
    if q < 0 {
      if p == 1 { return 1 }
      if p == -1 { return q & 1 == 0 ? 1 : -1 }
      return 0
    }
    var result: Int64 = 1, base = p, e = q
    while e > 0 {
      if e & 1 == 1 { result = result &* base }
      e >>= 1
      if e > 0 { base = base &* base }
    }
    return result
  }

  static func negativePowerError(_ p: Int64) -> TensorError {
    TensorError(
      .domain,
      "Cannot raise an integer x to a negative power \(p).\nMake x or \(p) a float by adding a zero decimal (e.g., 2.0^\(p) or 2^\(Double(p)) instead of 2^\(p)) or write 1/x^\(-p), float(x)^\(p), x^float(\(p)) or (x//1)^\(p).",
      value: String(p))
  }
}
