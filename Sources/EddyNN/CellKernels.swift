// The building blocks of the fused cell kernels: the element types they compute in (with their
// vector lanes and gate functions), the BLAS calls, and the batch reductions.
//
//   forward step:   gx = Wi*x (one GEMM)   gh = Wh*h (one GEMM)   one pass over the gates
//   backward step:  one pass over the gates → dG, then GEMMs dWi, dx, dWh, dh and a row sum db
//
// Every Float32 operation mirrors what the interpreted Eddy code of the cell computes (the same
// BLAS routine per operand shape, the same SIMD polynomials, the same order of additions), so a
// fused step gives bit-identical results to the generic one.

import COpenBLAS
import EddyTensor

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An element type of the fused cells: `Float` (Float32 tensors) or `Double` (Float64).
///
/// Kernels are generic over it and specialised by the optimiser, so each requirement becomes a
/// direct call. `Lanes` is the vector the gate passes work in: 16 Floats, so the gates use the
/// same SIMD `exp`/`tanh`/`σ` polynomials as the elementwise kernels of EddyTensor, or 4
/// Doubles evaluated lane by lane with libm, as the Float64 elementwise kernels do.
protocol CellFloat: BinaryFloatingPoint, SIMDScalar, Codable {
  associatedtype Lanes: SIMD where Lanes.Scalar == Self
  static var dtype: DType { get }
  static func buffer(_ t: Tensor) -> UnsafeMutablePointer<Self>
  static func sigmoid(_ v: Lanes) -> Lanes
  static func tanh(_ v: Lanes) -> Lanes
  static func relu(_ v: Lanes) -> Lanes
  /// `C = op(A)·op(B)` (column-major, α = 1, β = 0).
  static func gemm(
    _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Self>, _ lda: Int,
    _ b: UnsafePointer<Self>, _ ldb: Int, _ c: UnsafeMutablePointer<Self>, _ ldc: Int)
  /// One column of the LSTM gate pass (see `lstmGatesColumn`).
  static func lstmGates(
    _ o: Int, _ px: UnsafePointer<Self>, _ ph: UnsafePointer<Self>, _ pb: UnsafePointer<Self>,
    _ pc: UnsafePointer<Self>, _ hOut: UnsafeMutablePointer<Self>,
    _ cOut: UnsafeMutablePointer<Self>, _ pa: UnsafeMutablePointer<Self>?)
  /// `y = op(A)·x` for an `rows×cols` matrix `A` (α = 1, β = 0).
  static func gemv(
    _ ta: Bool, _ rows: Int, _ cols: Int, _ a: UnsafePointer<Self>, _ lda: Int,
    _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>)
}

extension Float: CellFloat {
  typealias Lanes = SIMD16<Float>
  static var dtype: DType { .float32 }
  @inline(__always) static func buffer(_ t: Tensor) -> UnsafeMutablePointer<Float> { t.storage.f }
  @inline(__always) static func sigmoid(_ v: Lanes) -> Lanes {
    var r = v
    sigmoidInPlace(&r)
    return r
  }
  @inline(__always) static func tanh(_ v: Lanes) -> Lanes {
    var r = v
    tanhInPlace(&r)
    return r
  }
  /// As `relu.(x)` on Float32 arrays: negatives become 0; `-0.0` and NaN pass through.
  @inline(__always) static func relu(_ v: Lanes) -> Lanes { v.replacing(with: 0, where: v .< 0) }
  @inline(__always) static func lstmGates(
    _ o: Int, _ px: UnsafePointer<Float>, _ ph: UnsafePointer<Float>, _ pb: UnsafePointer<Float>,
    _ pc: UnsafePointer<Float>, _ hOut: UnsafeMutablePointer<Float>,
    _ cOut: UnsafeMutablePointer<Float>, _ pa: UnsafeMutablePointer<Float>?
  ) { lstmGatesF32(o, px, ph, pb, pc, hOut, cOut, pa) }
  @inline(__always) static func gemm(
    _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
    _ b: UnsafePointer<Float>, _ ldb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
  ) {
    BLAS.gemm(ta, tb, m, n, k, a, lda, b, ldb, c, ldc)
  }
  @inline(__always) static func gemv(
    _ ta: Bool, _ rows: Int, _ cols: Int, _ a: UnsafePointer<Float>, _ lda: Int,
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>
  ) {
    BLAS.gemv(ta, rows, cols, a, lda, x, y)
  }
}

extension Double: CellFloat {
  typealias Lanes = SIMD4<Double>
  static var dtype: DType { .float64 }
  @inline(__always) static func buffer(_ t: Tensor) -> UnsafeMutablePointer<Double> { t.storage.d }
  /// As `σ.(x)` on Float64 arrays: `t = exp(-|x|)`, then `1/(1+t)` or `t/(1+t)`.
  @inline(__always) static func sigmoid(_ v: Lanes) -> Lanes {
    var r = v
    for i in 0..<4 {
      let x = v[i]
      let t = exp(-Swift.abs(x))
      r[i] = x >= 0 ? 1 / (1 + t) : t / (1 + t)
    }
    return r
  }
  @inline(__always) static func tanh(_ v: Lanes) -> Lanes {
    var r = v
    for i in 0..<4 { r[i] = libmTanh(v[i]) }
    return r
  }
  /// As `relu.(x)` on Float64 arrays: positives pass, NaN stays NaN, the rest becomes `0.0`.
  @inline(__always) static func relu(_ v: Lanes) -> Lanes {
    var r = v
    for i in 0..<4 { r[i] = v[i] > 0 ? v[i] : (v[i].isNaN ? v[i] : 0) }
    return r
  }
  @inline(__always) static func lstmGates(
    _ o: Int, _ px: UnsafePointer<Double>, _ ph: UnsafePointer<Double>,
    _ pb: UnsafePointer<Double>, _ pc: UnsafePointer<Double>, _ hOut: UnsafeMutablePointer<Double>,
    _ cOut: UnsafeMutablePointer<Double>, _ pa: UnsafeMutablePointer<Double>?
  ) { lstmGatesColumn(o, px, ph, pb, pc, hOut, cOut, pa) }
  @inline(__always) static func gemm(
    _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Double>, _ lda: Int,
    _ b: UnsafePointer<Double>, _ ldb: Int, _ c: UnsafeMutablePointer<Double>, _ ldc: Int
  ) {
    BLAS.gemm(ta, tb, m, n, k, a, lda, b, ldb, c, ldc)
  }
  @inline(__always) static func gemv(
    _ ta: Bool, _ rows: Int, _ cols: Int, _ a: UnsafePointer<Double>, _ lda: Int,
    _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>
  ) {
    BLAS.gemv(ta, rows, cols, a, lda, x, y)
  }
}

/// `σ` and `tanh` of 16 Float32 lanes, in place, by address (the vector stays in memory for
/// the C kernel). The same polynomials as `σ.(x)`/`tanh.(x)`, so the results are theirs.
@inline(__always) func sigmoidInPlace(_ v: inout F16) { VectorMath.sigmoid.apply(&v) }
@inline(__always) func tanhInPlace(_ v: inout F16) { VectorMath.tanh.apply(&v) }

/// libm's `tanh` (a plain `tanh` inside `CellFloat` would name the protocol's lane function).
@inline(__always) func libmTanh(_ x: Double) -> Double { tanh(x) }

// MARK: - Lanes

/// The 16 lanes at `p + k` as Float32 (the Float32 kernels call it with `T` == Float).
@inline(__always) func loadF16<T>(_ p: UnsafePointer<T>, _ k: Int = 0) -> F16 {
  UnsafeRawPointer(p + k).loadUnaligned(as: F16.self)
}

/// Stores 16 Float32 lanes at `p + k`.
@inline(__always) func storeF16<T>(_ v: F16, _ p: UnsafeMutablePointer<T>, _ k: Int = 0) {
  UnsafeMutableRawPointer(p + k).storeBytes(of: v, as: F16.self)
}

/// Loads `n ≤ width` elements from `p` into a vector; missing lanes are zero.
@inline(__always) func load<T: CellFloat>(_ p: UnsafePointer<T>, _ n: Int) -> T.Lanes {
  if n == T.Lanes.scalarCount { return UnsafeRawPointer(p).loadUnaligned(as: T.Lanes.self) }
  // A byte copy, not a lane-by-lane insert: the full and ragged paths then meet in memory,
  // and the full-width code keeps whole-register vector operations.
  var v = T.Lanes()
  withUnsafeMutableBytes(of: &v) {
    $0.baseAddress!.copyMemory(from: p, byteCount: n * MemoryLayout<T>.stride)
  }
  return v
}

/// Stores the first `n ≤ width` lanes of `v` at `p`.
@inline(__always) func store<T: CellFloat>(_ v: T.Lanes, _ p: UnsafeMutablePointer<T>, _ n: Int) {
  if n == T.Lanes.scalarCount {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: T.Lanes.self)
    return
  }
  var v = v
  withUnsafeBytes(of: &v) {
    UnsafeMutableRawPointer(p).copyMemory(from: $0.baseAddress!, byteCount: n * MemoryLayout<T>.stride)
  }
}

// MARK: - Products

/// A step's `Wi * x` (`count` elements): the block of a whole-sequence projection, read in
/// place, when the caller made one; otherwise the product, computed into `scratch`. The
/// caller keeps `projected` alive while it reads the block.
@inline(__always)
func inputProduct<T: CellFloat>(
  _ projected: Projected?, _ wi: Tensor, _ x: Tensor, count: Int,
  scratch: UnsafeMutablePointer<T>
) throws -> UnsafePointer<T> {
  if let p = projected?.block(T.self, count: count) { return p }
  try multiply(wi, x, into: scratch)
  return UnsafePointer(scratch)
}

/// `W * v` exactly as `Kernels.matmul` computes it, into `out`: `gemv` when `v` is a vector,
/// `gemm` with `size(v, 2)` columns otherwise. A zero inner dimension gives zeros. Operands of
/// another dtype than `T` (a mixed step) are multiplied in their own promoted dtype and the
/// product converted, so the rounding is that of the generic `*`.
@inline(__always)
func multiply<T: CellFloat>(_ w: Tensor, _ v: Tensor, into out: UnsafeMutablePointer<T>) throws {
  if w.dtype != T.dtype || v.dtype != T.dtype {
    let r = try Kernels.matmul(w, v)
    if r.dtype == .float32 {
      for i in 0..<r.count { out[i] = T(r.storage.f[i]) }
    } else {
      for i in 0..<r.count { out[i] = T(r.storage.d[i]) }
    }
    return
  }
  let m = w.shape[0]
  let k = w.shape[1]
  let n = v.ndims == 1 ? 1 : v.shape[1]
  if m == 0 || n == 0 { return }
  if k == 0 {
    out.initialize(repeating: 0, count: m * n)
    return
  }
  // One column (a vector, or a batch of 1) is a gemv, as in `Kernels.matmul`.
  if n == 1 {
    T.gemv(false, m, k, T.buffer(w), Swift.max(m, 1), T.buffer(v), out)
  } else if T.self == Float.self,
    PackedWeights.multiply(
      w, transposed: false, rows: m, inner: k, v.storage.f, ldb: k, cols: n,
      into: UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self))
  {
    return
  } else {
    T.gemm(
      false, false, m, n, k, T.buffer(w), Swift.max(m, 1), T.buffer(v), Swift.max(k, 1), out, m)
  }
}

/// `C (m×n) = op(A)·op(B)` with an inner dimension `k` that may be 0 (then C is zero).
@inline(__always)
func product<T: CellFloat>(
  _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<T>, _ lda: Int,
  _ b: UnsafePointer<T>, _ ldb: Int, _ c: UnsafeMutablePointer<T>
) {
  if m == 0 || n == 0 { return }
  if k == 0 {
    c.initialize(repeating: 0, count: m * n)
    return
  }
  if n == 1 && !tb {
    T.gemv(ta, ta ? k : m, ta ? m : k, a, Swift.max(lda, 1), b, c)
  } else {
    T.gemm(ta, tb, m, n, k, a, Swift.max(lda, 1), b, Swift.max(ldb, 1), c, Swift.max(m, 1))
  }
}

// MARK: - Reductions over the batch

/// `out[r] = Σⱼ x[r + j·ld]` for `r < rows`, `j < cols` (a row sum of a column-major block).
@inline(__always)
func rowSums<T: CellFloat>(
  _ x: UnsafePointer<T>, rows: Int, cols: Int, ld: Int, into out: UnsafeMutablePointer<T>
) {
  if cols == 0 {
    out.initialize(repeating: 0, count: rows)
    return
  }
  out.update(from: x, count: rows)
  for j in 1..<Swift.max(cols, 1) {
    let col = x + j * ld
    for r in 0..<rows { out[r] += col[r] }
  }
}

/// A gradient buffer of `rows×batch` reduced to an operand's `cols` columns (1 or `batch`):
/// the broadcast over the batch undone. Returns a tensor of `shape`.
func reduced<T: CellFloat>(
  _ g: UnsafePointer<T>, rows: Int, batch: Int, cols: Int, shape: [Int], _: T.Type
) throws -> Tensor {
  let t = try Tensor.uninitialized(shape: shape, dtype: T.dtype)
  if cols == batch {
    T.buffer(t).update(from: g, count: rows * batch)
  } else {
    rowSums(g, rows: rows, cols: batch, ld: rows, into: T.buffer(t))
  }
  return t
}

// MARK: - Memory

/// Uninitialised scratch memory for `count` elements, for one kernel call; the caller frees it
/// (`defer { p.deallocate() }`), so its lifetime does not depend on ARC's last-use rule.
///
/// - Throws: `OutOfMemoryError` above the allocation limit of tensors.
@inline(__always) func scratch<T: CellFloat>(_ count: Int) throws -> UnsafeMutablePointer<T> {
  try Tensor.checkAllocation(count: count, dtype: T.dtype)
  return .allocate(capacity: Swift.max(count, 1))
}

/// A heap block of `count` elements saved for a pullback (gate values), freed with the closure
/// that captured it. Code that works through `p` keeps the block alive with
/// `withExtendedLifetime` until it is done.
final class Block<T: CellFloat> {
  let p: UnsafeMutablePointer<T>
  let count: Int
  /// - Throws: `OutOfMemoryError` above the allocation limit of tensors.
  init(_ count: Int) throws {
    try Tensor.checkAllocation(count: count, dtype: T.dtype)
    self.count = count
    p = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(count, 1))
  }
  deinit { p.deallocate() }
}
