// The fused Dense layer (flux-spec §4.1): `σ.(W*x .+ b)` as one op, and its pullback.
//
//   forward:   y = W*x (the product `*` computes)   y .+= b   y .= σ.(y)      one tensor
//   backward:  gz = g .* σ′   gb = Σ_batch gz   gW = gz·xᵀ   gx = Wᵀ·gz       one tape node
//
// Each step is the operation the interpreted `a.σ.(a.weight * x .+ a.bias)` runs (the same
// product routine, the same SIMD polynomials, the same derivative formulas and the same
// order of summation and of accumulation), so the fused layer gives bit-identical values and
// gradients.

import EddyAutodiff
import EddyTensor

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The fused `Dense` layer.
public enum DenseLayer {
  /// `σ.(W*x .+ b)` for a matrix `W` `(out, in)`, a bias vector `b` `(out,)` and an input `x`
  /// `(in,)` or `(in, B)`, all of one float dtype; recorded on the active tape as one op when
  /// any of them is tracked. Returns nil for anything else (other shapes, mixed dtypes, an
  /// adjoint-vector `W`), so that the caller can run the generic code.
  ///
  /// - Throws: `OutOfMemoryError` for outputs too large to allocate.
  public static func forwardIfFits(_ act: CellActivation, W: Tensor, b: Tensor, x: Tensor) throws
    -> Tensor?
  {
    guard W.ndims == 2, x.ndims == 1 || x.ndims == 2, b.ndims == 1, W.dtype.isFloat,
      x.dtype == W.dtype, b.dtype == W.dtype, !W.isAdjointVector, W.shape[1] == x.shape[0],
      b.count == W.shape[0]
    else { return nil }
    if W.dtype == .float32 { return try forward(Float.self, act, W, b, x) }
    return try forward(Double.self, act, W, b, x)
  }

  private static func forward<T: DenseFloat>(
    _: T.Type, _ act: CellActivation, _ W: Tensor, _ b: Tensor, _ x: Tensor
  ) throws -> Tensor {
    // The product exactly as `*` computes it (gemv for one column or one row, else gemm).
    let y = try Kernels.matmul(W, x)
    let m = W.shape[0]
    let n = m == 0 ? 0 : y.count / m
    let py = T.denseBuffer(y)
    let pb = T.denseBuffer(b)
    for j in 0..<n {
      let col = py + j * m
      for r in 0..<m { col[r] = col[r] + pb[r] }
    }
    let mask = Diff.tracked([b, W, x])
    // relu's rule reads its input, which the in-place activation overwrites: keep a copy.
    var pre: Tensor? = nil
    if mask != nil && act == .relu { pre = y.copy() }
    T.activate(act, py, y.count)
    guard let mask else { return y }
    let savedW = SavedTensor(W)
    let savedX = SavedTensor(x)
    let savedY = SavedTensor(y)
    let bShape = b.shape
    Diff.record(output: y, inputs: [b, W, x]) { g in
      // The activation's rule (tanh and σ from the output, relu from the input).
      let gz: Tensor
      switch act {
      case .identity:
        gz = g
      case .relu:
        guard let z = pre else { throw TensorError(.argument, "relu input not saved") }
        gz = try T.map2(g, z) { g, z in z > 0 ? g : 0 }
      case .tanh:
        gz = try T.map2(g, try savedY.value()) { g, y in g * (1 - y * y) }
      case .sigmoid:
        gz = try T.map2(g, try savedY.value()) { g, y in g * y * (1 - y) }
      }
      // `.+ b`: the bias gradient summed over the batch (from zero, column by column).
      var gb: Tensor? = nil
      if mask[0] {
        if gz.count == m {
          gb = gz.shape == bShape ? gz : try gz.reshaped(bShape)
        } else {
          let t = try Tensor(shape: bShape, dtype: T.denseDType)
          let pt = T.denseBuffer(t)
          let pg = T.denseBuffer(gz)
          let cols = m == 0 ? 0 : gz.count / m
          for j in 0..<cols {
            let col = pg + j * m
            for r in 0..<m { pt[r] += col[r] }
          }
          gb = t
        }
      }
      // `W * x`: dW = gz·xᵀ, dx = Wᵀ·gz.
      var gW: Tensor? = nil
      var gx: Tensor? = nil
      if mask[1] {
        gW = try Kernels.matmulTransposed(gz, transA: false, try savedX.value(), transB: true)
      }
      if mask[2] {
        gx = try Kernels.matmulTransposed(try savedW.value(), transA: true, gz, transB: false)
      }
      return [gb, gW, gx]
    }
    return y
  }
}

/// Float32 and Float64 as the elementwise kernels of EddyTensor compute them.
protocol DenseFloat: BinaryFloatingPoint {
  static var denseDType: DType { get }
  static func denseBuffer(_ t: Tensor) -> UnsafeMutablePointer<Self>
  /// `σ.(p[0..<n])` in place, as `Kernels.map` computes it.
  static func activate(_ act: CellActivation, _ p: UnsafeMutablePointer<Self>, _ n: Int)
}

extension DenseFloat {
  /// `f(x[i], y[i])` into a new tensor shaped like `x`.
  @inline(__always) static func map2(_ x: Tensor, _ y: Tensor, _ f: (Self, Self) -> Self) throws
    -> Tensor
  {
    let out = try Tensor(shape: x.shape, dtype: denseDType)
    let px = denseBuffer(x), py = denseBuffer(y), po = denseBuffer(out)
    for i in 0..<out.count { po[i] = f(px[i], py[i]) }
    return out
  }
}

extension Float: DenseFloat {
  @inline(__always) static var denseDType: DType { .float32 }
  @inline(__always) static func denseBuffer(_ t: Tensor) -> UnsafeMutablePointer<Float> { t.storage.f }
  @inline(__always) static func activate(_ act: CellActivation, _ p: UnsafeMutablePointer<Float>, _ n: Int) {
    switch act {
    case .identity: return
    case .tanh: VectorMath.tanh.apply(n, p, p)
    case .sigmoid: VectorMath.sigmoid.apply(n, p, p)
    case .relu: simdMap(n, p, p) { $0.replacing(with: 0, where: $0 .< 0) }
    }
  }
}

extension Double: DenseFloat {
  @inline(__always) static var denseDType: DType { .float64 }
  @inline(__always) static func denseBuffer(_ t: Tensor) -> UnsafeMutablePointer<Double> { t.storage.d }
  @inline(__always) static func activate(_ act: CellActivation, _ p: UnsafeMutablePointer<Double>, _ n: Int) {
    switch act {
    case .identity: return
    case .tanh: for i in 0..<n { p[i] = denseTanh(p[i]) }
    case .sigmoid:
      for i in 0..<n {
        let v = p[i], t = exp(-Swift.abs(v))
        p[i] = v >= 0 ? 1 / (1 + t) : t / (1 + t)
      }
    case .relu: for i in 0..<n { p[i] = p[i] > 0 ? p[i] : (p[i].isNaN ? p[i] : 0) }
    }
  }
}

/// libm's `tanh` (inside `Double`'s extensions `tanh` names `CellFloat`'s lane function).
@inline(__always) private func denseTanh(_ x: Double) -> Double { tanh(x) }
