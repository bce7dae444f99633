// `A \ B`: linear solves. Square systems by LU with partial pivoting, rectangular ones in the
// least-squares sense by Householder QR, as Julia's `\` does for dense matrices.

extension Kernels {
  /// Julia's `a \ b` for a matrix `a` (m×n) and a vector or matrix `b` with m rows.
  ///
  /// Square `a`: the exact solution (LU, partial pivoting). Otherwise: the least-squares
  /// solution of a full-rank `a` (QR). Float32 inputs stay Float32 (computed in Float64);
  /// integer inputs give Float64.
  ///
  /// - Throws: `DimensionMismatch` when the rows differ, `SingularException` for a singular
  ///   square matrix (or a rank-deficient one), `MethodError` for other ranks.
  public static func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.ndims == 2, b.ndims == 1 || b.ndims == 2 else {
      throw TensorError(.method, "no method matching \\(::\(a.typeName), ::\(b.typeName))")
    }
    let m = a.shape[0], n = a.shape[1]
    guard b.shape[0] == m else {
      throw TensorError(
        .dimensionMismatch, "arguments must have the same number of rows: A has \(m) rows, B has \(b.shape[0])")
    }
    let r = b.ndims == 1 ? 1 : b.shape[1]
    let outType: DType = a.dtype == .float32 && (b.dtype == .float32 || !b.dtype.isFloat) ? .float32 : .float64
    var A = a.toDoubles()
    var B = b.toDoubles()
    let X = m == n ? try luSolve(&A, &B, n, r) : try qrSolve(&A, &B, m, n, r)
    let shape = b.ndims == 1 ? [n] : [n, r]
    return Tensor(shape: shape, doubles: X, dtype: outType)
  }

  /// Solves the n×n system in place; returns the n×r solution (column-major).
  private static func luSolve(_ A: inout [Double], _ B: inout [Double], _ n: Int, _ r: Int) throws -> [Double] {
    for k in 0..<n {
      var p = k
      var best = Swift.abs(A[k + k * n])
      for i in (k + 1)..<Swift.max(k + 1, n) where Swift.abs(A[i + k * n]) > best {
        best = Swift.abs(A[i + k * n])
        p = i
      }
      if best == 0 { throw TensorError(.singular, "SingularException(\(k + 1))") }
      if p != k {
        for j in 0..<n { A.swapAt(k + j * n, p + j * n) }
        for j in 0..<r { B.swapAt(k + j * n, p + j * n) }
      }
      let pivot = A[k + k * n]
      for i in (k + 1)..<Swift.max(k + 1, n) {
        let f = A[i + k * n] / pivot
        if f == 0 { continue }
        A[i + k * n] = f
        for j in (k + 1)..<n { A[i + j * n] -= f * A[k + j * n] }
        for j in 0..<r { B[i + j * n] -= f * B[k + j * n] }
      }
    }
    // Back substitution with the upper triangle.
    for j in 0..<r {
      for k in stride(from: n - 1, through: 0, by: -1) {
        var s = B[k + j * n]
        for c in (k + 1)..<Swift.max(k + 1, n) { s -= A[k + c * n] * B[c + j * n] }
        B[k + j * n] = s / A[k + k * n]
      }
    }
    return B
  }

  /// Least squares for an m×n matrix of full rank (Householder QR); returns the n×r solution.
  private static func qrSolve(_ A: inout [Double], _ B: inout [Double], _ m: Int, _ n: Int, _ r: Int) throws -> [Double] {
    if m < n {
      throw TensorError(.argument, "an underdetermined system (\(m)×\(n)) has no unique least-squares solution here")
    }
    for k in 0..<n {
      var norm = 0.0
      for i in k..<m { norm += A[i + k * m] * A[i + k * m] }
      norm = norm.squareRoot()
      if norm == 0 { throw TensorError(.singular, "SingularException(\(k + 1))") }
      let alpha = A[k + k * m] > 0 ? -norm : norm
      var v = [Double](repeating: 0, count: m)
      for i in k..<m { v[i] = A[i + k * m] }
      v[k] -= alpha
      var vv = 0.0
      for i in k..<m { vv += v[i] * v[i] }
      if vv == 0 { continue }
      // Apply H = I - 2vvᵀ/(vᵀv) to the remaining columns of A and to B.
      for j in k..<n {
        var d = 0.0
        for i in k..<m { d += v[i] * A[i + j * m] }
        let f = 2 * d / vv
        for i in k..<m { A[i + j * m] -= f * v[i] }
      }
      for j in 0..<r {
        var d = 0.0
        for i in k..<m { d += v[i] * B[i + j * m] }
        let f = 2 * d / vv
        for i in k..<m { B[i + j * m] -= f * v[i] }
      }
    }
    var X = [Double](repeating: 0, count: n * r)
    for j in 0..<r {
      for k in stride(from: n - 1, through: 0, by: -1) {
        var s = B[k + j * m]
        for c in (k + 1)..<Swift.max(k + 1, n) { s -= A[k + c * m] * X[c + j * n] }
        let d = A[k + k * m]
        if Swift.abs(d) < 1e-300 { throw TensorError(.singular, "SingularException(\(k + 1))") }
        X[k + j * n] = s / d
      }
    }
    return X
  }
}
