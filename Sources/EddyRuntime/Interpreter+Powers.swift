// Powers that are not elementwise: a square matrix to an integer power, and Julia's
// literal_pow for negative literal exponents.
import EddyAutodiff
import EddyTensor

extension Interpreter {
  /// `A^p` for a square matrix and an integer power, by Julia's `power_by_squaring` (the
  /// same products in the same order); a negative power inverts first.
  func matrixPower(_ a: Tensor, _ p: Int) throws -> Tensor {
    guard a.shape[0] == a.shape[1] else {
      throw JuliaError.dimension("matrix is not square: dimensions are (\(a.shape[0]), \(a.shape[1]))")
    }
    var x = a
    var p = p
    if p == Int.min { throw JuliaError("OverflowError", "cannot raise a matrix to the power typemin(Int)") }
    func identity(_ dtype: DType) -> Tensor {
      let n = a.shape[0]
      var eye = [Double](repeating: 0, count: n * n)
      for i in 0..<n { eye[i * n + i] = 1 }
      return Tensor(shape: [n, n], doubles: eye, dtype: dtype)
    }
    if p < 0 {
      x = try tensorOp { try Diff.solve(a, identity(a.dtype == .float32 ? .float32 : .float64)) }
      p = -p
    }
    func mul(_ u: Tensor, _ v: Tensor) throws -> Tensor { try tensorOp { try Diff.matmul(u, v) } }
    if p == 0 { return identity(x.dtype) }
    if p == 1 { return x === a ? a.copy() : x }
    if p == 2 { return try mul(x, x) }
    var t = p.trailingZeroBitCount + 1
    p >>= t
    while t > 1 {
      t -= 1
      x = try mul(x, x)
    }
    var y = x
    while p > 0 {
      t = p.trailingZeroBitCount + 1
      p >>= t
      while t > 0 {
        t -= 1
        x = try mul(x, x)
      }
      y = try mul(y, x)
    }
    return y
  }

  /// `x^p` for a negative integer literal `p` (Julia's `literal_pow`): integers become
  /// Float64 first (`inv(x)` for -1, `inv(x)^2` for -2, `Float64(x)^p` below); other values
  /// take the power as written. `dotted`: elementwise (`x .^ -1`).
  func literalNegativePower(_ x: Value, _ p: Int, dotted: Bool) throws -> Value {
    let op: (BinOp, Value, Value) throws -> Value = { o, a, b in
      dotted ? try self.broadcastBinary(o, a, b) : try self.binary(o, a, b)
    }
    let isInteger: Bool
    switch x {
    case .int, .bool: isInteger = true
    case .tensor(let t): isInteger = dotted && (t.dtype == .int64 || t.dtype == .bool)
    default: isInteger = false
    }
    guard isInteger else { return try op(.pow, x, .int(p)) }
    if p == -1 { return try op(.div, .float(1), x) }
    if p == -2 {
      let inv = try op(.div, .float(1), x)
      return try op(.mul, inv, inv)
    }
    return try op(.pow, try op(.mul, .float(1), x), .int(p))
  }
}
