// var/std, argmax/argmin (findmax/findmin) and cumsum.

/// The result of `findmax`/`findmin`: extreme values and where they are.
public struct ArgExtremum {
  /// The extreme values: 0-d without dims, else the input shape with `dims` set to 1.
  public let values: Tensor
  /// 1-based linear (column-major) indices into the input, one per element of `values`.
  public let indices: [Int]
}

extension Kernels {
  /// `var(a; dims, corrected)` or `std(…)`: Float32 stays Float32, integers become Float64.
  /// `corrected` divides by `n - 1` (NaN for a single element), else by `n`.
  public static func varStd(_ a: Tensor, dims: [Int]?, std: Bool, corrected: Bool) throws -> Tensor {
    let x = try a.promoted(to: a.dtype.isFloat ? a.dtype : .float64)
    let m = try reduce(.mean, x, dims: dims)
    let dev = try map(.square, try broadcast(.sub, x, m))
    let s = try reduce(.sum, dev, dims: dims)
    var n = x.count
    if let dims {
      let mask = try reducedMask(dims, x.ndims)
      n = 1
      for d in 0..<x.ndims where mask[d] { n *= x.shape[d] }
    }
    let denom = Tensor.scalar(Double(corrected ? n - 1 : n), x.dtype)
    let v = try broadcast(.div, s, denom)
    return std ? try map(.sqrt, v) : v
  }

  /// `findmax`/`findmin` (and so `argmax`/`argmin`), over everything or along one dimension.
  ///
  /// NaN counts as the extreme in both directions, and ties keep the first occurrence,
  /// as in Julia.
  ///
  /// - Throws: `ArgumentError` for an empty collection or `dims < 1`.
  public static func argExtremum(_ a: Tensor, max: Bool, dims: Int?) throws -> ArgExtremum {
    if let d = dims, d < 1 { throw TensorError(.argument, "dimension must be ≥ 1, got \(d)") }
    let len = dims.map { a.size($0) } ?? a.count
    if len == 0 || a.count == 0 { throw TensorError(.argument, "collection must be non-empty") }
    var outShape: [Int] = []
    var inner = 1, outer = 1
    if let d = dims {
      outShape = a.shape
      if d <= a.ndims { outShape[d - 1] = 1 }
      for k in 0..<Swift.min(d - 1, a.ndims) { inner *= a.shape[k] }
      outer = a.count / (inner * len)
    }
    let values = a.count == 0 ? try Tensor.make(outShape, a.dtype) : Tensor(uncheckedShape: outShape, dtype: a.dtype)
    var indices = [Int](repeating: 0, count: inner * outer)
    for o in 0..<outer {
      for i in 0..<inner {
        let base = i + o * inner * len
        var best = base
        var bv = a[linear: base]
        if !bv.isNaN {
          for l in 1..<len {
            let k = base + l * inner, v = a[linear: k]
            if v.isNaN {
              best = k
              bv = v
              break
            }
            if max ? v > bv : v < bv {
              best = k
              bv = v
            }
          }
        }
        values[linear: i + o * inner] = bv
        indices[i + o * inner] = best + 1
      }
    }
    return ArgExtremum(values: values, indices: indices)
  }

  /// `cumsum(a; dims)`: running sums along one dimension (Bool sums become Int64).
  ///
  /// - Throws: `ArgumentError` for `dims < 1`.
  public static func cumsum(_ a: Tensor, dims: Int) throws -> Tensor {
    if dims < 1 { throw TensorError(.argument, "dimension must be ≥ 1, got \(dims)") }
    let rt: DType = a.dtype == .bool ? .int64 : a.dtype
    let out = Tensor(uncheckedShape: a.shape, dtype: rt)
    if a.count == 0 { return out }
    let len = a.size(dims)
    var inner = 1
    for k in 0..<Swift.min(dims - 1, a.ndims) { inner *= a.shape[k] }
    let outer = len == 0 ? 0 : a.count / (inner * len)
    if a.dtype == .float32 {
      runningSum(a.storage.f, out.storage.f, inner, len, outer)
    } else {
      runningSum(a.storage.d, out.storage.d, inner, len, outer)
    }
    return out
  }

  private static func runningSum<T: KernelFloat>(
    _ x: UnsafeMutablePointer<T>, _ z: UnsafeMutablePointer<T>, _ inner: Int, _ len: Int,
    _ outer: Int
  ) {
    for o in 0..<outer {
      let base = o * inner * len
      for i in 0..<inner { z[base + i] = x[base + i] }
      for l in 1..<Swift.max(len, 1) {
        let row = base + l * inner
        for i in 0..<inner { z[row + i] = z[row - inner + i] + x[row + i] }
      }
    }
  }
}
