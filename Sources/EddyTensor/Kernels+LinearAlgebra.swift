// Matrix products through OpenBLAS, transposes and permutedims.

import COpenBLAS

extension Kernels {
  /// Julia's `a * b` for vectors and matrices.
  ///
  /// Shapes: `[m, k] * [k, n] → [m, n]`; `[m, k] * [k] → [m]`; `[m] * [1, n] → [m, n]` (a vector
  /// acts as an `m×1` column). A 0-d operand scales elementwise. Float32 uses `cblas_sgemm`/
  /// `sgemv`, Float64 `dgemm`/`dgemv`; Int64 and Bool multiply in Float64 and return Int64
  /// (exact below 2^53); mixed types promote.
  ///
  /// - Throws: `DimensionMismatch` for mismatched inner dimensions, `MethodError` for
  ///   `Vector * Vector` and arrays of 3 or more dimensions.
  public static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    if a.ndims == 0 || b.ndims == 0 { return try broadcast(.mul, a, b) }
    if a.ndims > 2 || b.ndims > 2 || (a.ndims == 1 && b.ndims == 1) {
      throw TensorError(.method, "no method matching *(::\(a.typeName), ::\(b.typeName))")
    }
    let k = a.ndims == 2 ? a.shape[1] : 1
    if b.shape[0] != k {
      // Julia's BLAS path (both Float32 or both Float64) and its generic path word it apart.
      if a.dtype != b.dtype || !a.dtype.isFloat {
        if b.ndims == 1 {
          throw TensorError(
            .dimensionMismatch, "matrix A has dimensions (\(a.shape[0]),\(k)), vector B has length \(b.shape[0])")
        }
        throw TensorError(
          .dimensionMismatch,
          "matrix A has dimensions (\(a.shape[0]),\(k)), matrix B has dimensions (\(b.shape[0]),\(b.size(2)))")
      }
      if b.ndims == 1 {
        throw TensorError(
          .dimensionMismatch,
          "second dimension of A, \(k), does not match length of x, \(b.shape[0])")
      }
      throw TensorError(
        .dimensionMismatch,
        "A has dimensions (\(a.shape[0]),\(k)) but B has dimensions (\(b.shape[0]),\(b.size(2)))")
    }
    return try product(a, false, b, false)
  }

  /// `op(a) * op(b)` where `op` transposes when its flag is set, without materialising the
  /// transpose (for the autodiff pullbacks `dA = dC * B'`, `dB = A' * dC`).
  ///
  /// A 1-D operand is an `n×1` column before `op`. The result is 1-D exactly when `b` is 1-D
  /// and not transposed (so `W' * v` is a vector, and `u' * v` a 1-element vector).
  ///
  /// - Throws: `DimensionMismatch` when the inner dimensions of `op(a)` and `op(b)` differ.
  public static func matmulTransposed(
    _ a: Tensor, transA: Bool, _ b: Tensor, transB: Bool
  ) throws -> Tensor {
    if a.ndims > 2 || b.ndims > 2 || a.ndims == 0 || b.ndims == 0 {
      throw TensorError(.method, "no method matching *(::\(a.typeName), ::\(b.typeName))")
    }
    let ka = transA ? a.shape[0] : a.size(2)
    let kb = transB ? b.size(2) : b.shape[0]
    if ka != kb {
      let ra = transA ? a.size(2) : a.shape[0], cb = transB ? b.shape[0] : b.size(2)
      throw TensorError(
        .dimensionMismatch, "A has dimensions (\(ra),\(ka)) but B has dimensions (\(kb),\(cb))")
    }
    return try product(a, transA, b, transB)
  }

  /// Shared body of the products; shapes already validated.
  private static func product(_ a: Tensor, _ ta: Bool, _ b: Tensor, _ tb: Bool) throws -> Tensor {
    let p = DType.promote(a.dtype, b.dtype)
    let compute: DType = p == .float32 ? .float32 : .float64
    let (a0, a1) = (a.shape[0], a.size(2)), (b0, b1) = (b.shape[0], b.size(2))
    let m = ta ? a1 : a0, k = ta ? a0 : a1, n = tb ? b0 : b1
    let vectorOut = b.ndims == 1 && !tb
    let shape = vectorOut ? [m] : [m, n]
    // cblas takes Int32 sizes; arrays this large cannot be multiplied in memory anyway.
    if Swift.max(a0, a1, b0, b1) > Int(Int32.max) { throw TensorError(.outOfMemory, "") }
    let out = try Tensor.make(shape, compute, zeroed: k == 0)
    if m > 0 && n > 0 && k > 0 {
      let x = try a.promoted(to: compute), y = try b.promoted(to: compute)
      let lda = Int32(Swift.max(a0, 1)), ldb = Int32(Swift.max(b0, 1))
      // A product with one column (batch 1, `W * h` with h `k×1`) or one row is a matrix-vector
      // product: gemv runs it at memory speed where gemm's packing dominates. The lone row or
      // column of a 1-row/1-column operand is contiguous, whatever its transpose flag.
      if n == 1 || m == 1 {
        let (mat, tmat, vec) = n == 1 ? (x, ta, y) : (y, !tb, x)
        let (r0, r1) = (mat.shape[0], mat.size(2))
        if compute == .float32 {
          BLAS.gemv(tmat, r0, r1, mat.storage.f, Swift.max(r0, 1), vec.storage.f, out.storage.f)
        } else {
          BLAS.gemv(tmat, r0, r1, mat.storage.d, Swift.max(r0, 1), vec.storage.d, out.storage.d)
        }
      } else if compute == .float32 {
        if vectorOut {
          BLAS.gemv(ta, a0, a1, x.storage.f, Int(lda), y.storage.f, out.storage.f)
        } else {
          BLAS.gemm(
            ta, tb, m, n, k, x.storage.f, Int(lda), y.storage.f, Int(ldb), out.storage.f, m,
            source: x.storage)
        }
      } else {
        if vectorOut {
          BLAS.gemv(ta, a0, a1, x.storage.d, Int(lda), y.storage.d, out.storage.d)
        } else {
          BLAS.gemm(
            ta, tb, m, n, k, x.storage.d, Int(lda), y.storage.d, Int(ldb), out.storage.d, m,
            source: x.storage)
        }
      }
    }
    if p.isFloat { return out }
    // Integer products were computed exactly in Float64; give them back their type.
    let result = Tensor(shape: shape, dtype: .int64, storage: out.storage)
    return result
  }

  /// Sets the threads of every product (1 gives reproducible timings on shared machines).
  public static func setBLASThreads(_ n: Int) {
    BLAS.setThreads(n)
  }

  /// `transpose(a)` materialised: a vector becomes a `1×n` matrix, an `m×n` matrix an `n×m`
  /// one; a 0-d array is copied.
  ///
  /// - Throws: `MethodError` for 3 or more dimensions.
  public static func transpose(_ a: Tensor) throws -> Tensor {
    switch a.ndims {
    case 0: return a.copy()
    case 1:
      // A 1×n matrix has the vector's memory order.
      let t = Tensor(shape: [1, a.count], dtype: a.dtype, storage: a.copy().storage)
      t.isBitArray = a.isBitArray
      return t
    case 2:
      let (m, n) = (a.shape[0], a.shape[1])
      let out = Tensor(uncheckedShape: [n, m], dtype: a.dtype)
      out.isBitArray = a.isBitArray
      if a.dtype == .float32 {
        transposeCopy(a.storage.f, m, n, out.storage.f)
      } else {
        transposeCopy(a.storage.d, m, n, out.storage.d)
      }
      return out
    default:
      throw TensorError(.method, "no method matching transpose(::\(a.typeName))")
    }
  }

  /// `z (n×m) = xᵀ` for `x (m×n)`, in 32×32 tiles so both sides stay in cache.
  static func transposeCopy<T>(
    _ x: UnsafeMutablePointer<T>, _ m: Int, _ n: Int, _ z: UnsafeMutablePointer<T>
  ) {
    let tile = 32
    if m == 0 || n == 0 { return }
    var j0 = 0
    while j0 < n {
      let j1 = Swift.min(j0 + tile, n)
      var i0 = 0
      while i0 < m {
        let i1 = Swift.min(i0 + tile, m)
        for j in j0..<j1 {
          for i in i0..<i1 { z[j + i * n] = x[i + j * m] }
        }
        i0 = i1
      }
      j0 = j1
    }
  }

  /// `permutedims(a, perm)`: dimension `i` of the result is dimension `perm[i]` (1-based) of `a`.
  ///
  /// - Throws: `ArgumentError` unless `perm` is a permutation of `1...ndims`.
  public static func permutedims(_ a: Tensor, _ perm: [Int]) throws -> Tensor {
    let nd = a.ndims
    var seen = [Bool](repeating: false, count: nd)
    guard perm.count == nd else {
      throw TensorError(.argument, "no valid permutation of dimensions")
    }
    for p in perm {
      guard p >= 1 && p <= nd && !seen[p - 1] else {
        throw TensorError(.argument, "no valid permutation of dimensions")
      }
      seen[p - 1] = true
    }
    var strides = [Int](repeating: 1, count: nd)
    for d in stride(from: 1, to: nd, by: 1) { strides[d] = strides[d - 1] * a.shape[d - 1] }
    let shape = perm.map { a.shape[$0 - 1] }
    let out = Tensor(uncheckedShape: shape, dtype: a.dtype)
    out.isBitArray = a.isBitArray
    if a.count == 0 || nd == 0 {
      if nd == 0 { out[linear: 0] = a[linear: 0] }
      return out
    }
    let layout = BinaryLayout.strided(
      shape: shape, sa: perm.map { strides[$0 - 1] }, sb: [Int](repeating: 0, count: nd))
    if a.dtype == .float32 {
      let x = UnsafePointer(a.storage.f)
      runBinary(layout, a.count, x, x, out.storage.f) { u, _ in u }
    } else {
      let x = UnsafePointer(a.storage.d)
      runBinary(layout, a.count, x, x, out.storage.d) { u, _ in u }
    }
    return out
  }
}

extension Kernels {
  /// `dot(a, b)` of two equally long arrays (any shapes), through `cblas_sdot`/`ddot`.
  /// Float32·Float32 accumulates in Float32; everything else in Float64.
  ///
  /// - Throws: `DimensionMismatch` when the lengths differ.
  public static func dot(_ a: Tensor, _ b: Tensor) throws -> Double {
    guard a.count == b.count else {
      throw TensorError(
        .dimensionMismatch,
        "first array has length \(a.count) which does not match the length of the second, \(b.count).")
    }
    let n = Int32(clamping: a.count)
    if a.dtype == .float32 && b.dtype == .float32 {
      return Double(cblas_sdot(n, a.storage.f, 1, b.storage.f, 1))
    }
    let x = try a.promoted(to: .float64), y = try b.promoted(to: .float64)
    return cblas_ddot(n, x.storage.d, 1, y.storage.d, 1)
  }
}
