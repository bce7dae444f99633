// softmax and logsoftmax along one dimension, numerically stable as in NNlib.

extension Kernels {
  /// NNlib `softmax(a; dims)`: `exp.(a .- maximum(a; dims)) ./ sum(…; dims)`.
  ///
  /// Float32 stays Float32 (exponentials via the SIMD kernel); integers become Float64.
  /// A slice whose maximum is `+Inf` puts all its mass on the `Inf` entries, as NNlib does.
  ///
  /// - Throws: `ArgumentError` for `dims < 1`.
  public static func softmax(_ a: Tensor, dims: Int) throws -> Tensor {
    try softmaxImpl(a, dims: dims, log: false)
  }

  /// NNlib `logsoftmax(a; dims)`: `(a .- m) .- log.(sum(exp.(a .- m); dims))` with
  /// `m = maximum(a; dims)`.
  ///
  /// - Throws: `ArgumentError` for `dims < 1`.
  public static func logsoftmax(_ a: Tensor, dims: Int) throws -> Tensor {
    try softmaxImpl(a, dims: dims, log: true)
  }

  private static func softmaxImpl(_ a: Tensor, dims: Int, log: Bool) throws -> Tensor {
    if dims < 1 { throw TensorError(.argument, "dimension must be ≥ 1, got \(dims)") }
    let x = try a.promoted(to: a.dtype.isFloat ? a.dtype : .float64)
    let out = Tensor(uncheckedShape: x.shape, dtype: x.dtype)
    if x.count == 0 { return out }
    let len = x.size(dims)
    var inner = 1
    for k in 0..<Swift.min(dims - 1, x.ndims) { inner *= x.shape[k] }
    let geometry = SliceGeometry(inner: inner, len: len, outer: x.count / (inner * len))
    if x.dtype == .float32 {
      softmaxSlices(x.storage.f, out.storage.f, geometry, log: log)
    } else {
      softmaxSlices(x.storage.d, out.storage.d, geometry, log: log)
    }
    return out
  }

  /// An array seen as `[inner, len, outer]`, reducing along `len`.
  struct SliceGeometry {
    let inner: Int, len: Int, outer: Int
    @inline(__always) func base(_ i: Int, _ o: Int) -> Int { i + o * inner * len }
  }

  private static func softmaxSlices<T: KernelFloat>(
    _ x: UnsafeMutablePointer<T>, _ z: UnsafeMutablePointer<T>, _ g: SliceGeometry, log: Bool
  ) {
    let n = g.inner * g.len * g.outer
    // Pass 1: shift every slice by its maximum.
    for o in 0..<g.outer {
      for i in 0..<g.inner {
        let b = g.base(i, o)
        shiftByMax(x + b, z + b, g.len, g.inner)
      }
    }
    // Pass 2: exponentials of the whole array at once (one SIMD sweep for Float32).
    let e = log ? UnsafeMutablePointer<T>.allocate(capacity: n) : z
    defer { if log { e.deallocate() } }
    expArray(z, e, n)
    // Pass 3: normalise each slice.
    for o in 0..<g.outer {
      for i in 0..<g.inner {
        let b = g.base(i, o)
        if g.inner == 1 {
          normalise(e + b, z + b, g.len, 1, log: log)
        } else {
          normalise(e + b, z + b, g.len, g.inner, log: log)
        }
      }
    }
  }

  /// `z = x .- maximum(x)` along one strided slice (all mass on `+Inf` entries if any).
  @inline(__always)
  private static func shiftByMax<T: KernelFloat>(
    _ x: UnsafeMutablePointer<T>, _ z: UnsafeMutablePointer<T>, _ len: Int, _ stride: Int
  ) {
    var m = -T.infinity
    if stride == 1 {
      // Four independent chains: max is order-insensitive, and this lets loads overlap.
      var m1 = m, m2 = m, m3 = m
      var l = 0
      while l + 4 <= len {
        m = juliaMax(m, x[l]); m1 = juliaMax(m1, x[l + 1])
        m2 = juliaMax(m2, x[l + 2]); m3 = juliaMax(m3, x[l + 3])
        l += 4
      }
      while l < len {
        m = juliaMax(m, x[l])
        l += 1
      }
      m = juliaMax(juliaMax(m, m1), juliaMax(m2, m3))
    } else {
      for l in 0..<len { m = juliaMax(m, x[l * stride]) }
    }
    if m == T.infinity {
      for l in 0..<len { z[l * stride] = x[l * stride] == T.infinity ? 0 : -T.infinity }
    } else if stride == 1 {
      for l in 0..<len { z[l] = x[l] - m }
    } else {
      for l in 0..<len { z[l * stride] = x[l * stride] - m }
    }
  }

  /// Divides a slice of exponentials by its sum (or subtracts the log-sum for logsoftmax).
  @inline(__always)
  private static func normalise<T: KernelFloat>(
    _ e: UnsafeMutablePointer<T>, _ z: UnsafeMutablePointer<T>, _ len: Int, _ stride: Int,
    log: Bool
  ) {
    var s = T(0)
    for l in 0..<len { s += e[l * stride] }
    if log {
      let ls = T.mLog(s)
      for l in 0..<len { z[l * stride] -= ls }
    } else {
      for l in 0..<len { z[l * stride] = e[l * stride] / s }
    }
  }

  /// `z = exp.(x)` for `n` elements (may alias); Float32 goes through SIMD16.
  static func expArray<T: KernelFloat>(
    _ x: UnsafeMutablePointer<T>, _ z: UnsafeMutablePointer<T>, _ n: Int
  ) {
    if T.self == Float.self {
      let xf = UnsafePointer(UnsafeMutableRawPointer(x).assumingMemoryBound(to: Float.self))
      let zf = UnsafeMutableRawPointer(z).assumingMemoryBound(to: Float.self)
      VectorMath.exp.apply(n, xf, zf)
    } else {
      for i in 0..<n { z[i] = T.mExp(x[i]) }
    }
  }
}
