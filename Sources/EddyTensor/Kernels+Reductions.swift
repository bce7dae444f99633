// Reductions (sum, prod, maximum, minimum, mean), in the element type and in Julia's order.

/// A reduction over all elements or along dimensions.
public enum ReduceOp: Sendable {
  case sum, prod, maximum, minimum, mean

  /// The element type of the result for input elements of type `t`.
  public func resultType(_ t: DType) -> DType {
    switch self {
    case .sum, .prod: return t == .bool ? .int64 : t
    case .maximum, .minimum: return t
    case .mean: return t.isFloat ? t : .float64
    }
  }
}

extension Kernels {
  /// `sum(a)`, `sum(a; dims)`, and likewise for `prod`, `maximum`, `minimum`, `mean`.
  ///
  /// With `dims == nil` the result is 0-d. Otherwise the listed (1-based) dimensions become
  /// size 1 and the rank is kept; dimensions beyond `ndims` are ignored, as in Julia.
  /// Floats accumulate in their own type: sequentially below 16 elements, pairwise in blocks
  /// of 1024 above, like Julia's `mapreduce_impl`, so results agree to the last bits in the
  /// common cases.
  ///
  /// - Throws: `ArgumentError` for `maximum`/`minimum` over nothing and for dims < 1.
  public static func reduce(_ op: ReduceOp, _ a: Tensor, dims: [Int]?) throws -> Tensor {
    // mean of integers is computed on Float64 values, like Statistics.mean.
    let src = op == .mean ? try a.promoted(to: op.resultType(a.dtype)) : a
    let rt = op.resultType(a.dtype)
    guard let dims else {
      if a.count == 0 && (op == .maximum || op == .minimum) { throw TensorError.emptyReduction }
      let out = Tensor(uncheckedShape: [], dtype: rt)
      if src.dtype == .float32 {
        out.storage.f[0] = reduceAll(op, src.storage.f, src.count, integral: false)
      } else {
        out.storage.d[0] = reduceAll(op, src.storage.d, src.count, integral: !src.dtype.isFloat)
      }
      return out
    }
    let keep = try reducedMask(dims, a.ndims)
    var outShape = a.shape
    for d in 0..<a.ndims where keep[d] { outShape[d] = 1 }
    // An empty input can have a huge result (`sum(zeros(0, 2^40); dims=1)`): check it.
    let out = a.count == 0 ? try Tensor.make(outShape, rt) : Tensor(uncheckedShape: outShape, dtype: rt)
    if (op == .maximum || op == .minimum) && a.count == 0 && out.count > 0 {
      throw TensorError.emptyReduction
    }
    if src.dtype == .float32 {
      reduceDims(op, src.storage.f, a.shape, keep, out.storage.f, out.count)
    } else {
      reduceDims(op, src.storage.d, a.shape, keep, out.storage.d, out.count)
    }
    return out
  }

  /// Which dimensions (0-based) are reduced; validates that each entry is ≥ 1.
  static func reducedMask(_ dims: [Int], _ ndims: Int) throws -> [Bool] {
    var mask = [Bool](repeating: false, count: ndims)
    for d in dims {
      if d < 1 { throw TensorError(.argument, "dimension must be ≥ 1, got \(d)") }
      if d <= ndims { mask[d - 1] = true }
    }
    return mask
  }

  /// The identity element each accumulator starts from.
  @inline(__always) static func identity<T: KernelFloat>(_ op: ReduceOp, _: T.Type) -> T {
    switch op {
    case .sum, .mean: return 0
    case .prod: return 1
    case .maximum: return -T.infinity
    case .minimum: return T.infinity
    }
  }

  /// Reduces `n` contiguous elements.
  static func reduceAll<T: KernelFloat>(
    _ op: ReduceOp, _ x: UnsafeMutablePointer<T>, _ n: Int, integral: Bool
  ) -> T {
    switch op {
    case .sum: return integral ? exactSum(x, n) : pairwiseSum(x, n)
    case .mean: return n == 0 ? T.nan : pairwiseSum(x, n) / T(n)
    case .prod:
      var p = T(1)
      for i in 0..<n { p *= x[i] }
      return p
    case .maximum:
      var m = -T.infinity
      for i in 0..<n { m = juliaMax(m, x[i]) }
      return m
    case .minimum:
      var m = T.infinity
      for i in 0..<n { m = juliaMin(m, x[i]) }
      return m
    }
  }

  /// Integer sums wrap like Int64 instead of rounding like Double.
  static func exactSum<T: KernelFloat>(_ x: UnsafeMutablePointer<T>, _ n: Int) -> T {
    var s: Int64 = 0
    for i in 0..<n { s = s &+ asInt64(Double(x[i])) }
    return T(s)
  }

  /// Julia's summation order: sequential below 16 elements, else pairwise halves down to
  /// blocks of 1024 that are summed with 8 interleaved accumulators (Julia's `@simd` loop).
  static func pairwiseSum<T: KernelFloat>(_ x: UnsafeMutablePointer<T>, _ n: Int) -> T {
    if n < 16 {
      var s = T(0)
      for i in 0..<n { s += x[i] }
      return n == 0 ? 0 : s
    }
    return pairwiseBlock(x, n)
  }

  private static func pairwiseBlock<T: KernelFloat>(_ x: UnsafeMutablePointer<T>, _ n: Int) -> T {
    if n > 1024 {
      let half = n >> 1
      return pairwiseBlock(x, half) + pairwiseBlock(x + half, n - half)
    }
    var acc = (T(0), T(0), T(0), T(0), T(0), T(0), T(0), T(0))
    var i = 0
    while i + 8 <= n {
      acc.0 += x[i]; acc.1 += x[i + 1]; acc.2 += x[i + 2]; acc.3 += x[i + 3]
      acc.4 += x[i + 4]; acc.5 += x[i + 5]; acc.6 += x[i + 6]; acc.7 += x[i + 7]
      i += 8
    }
    var s = ((acc.0 + acc.4) + (acc.2 + acc.6)) + ((acc.1 + acc.5) + (acc.3 + acc.7))
    while i < n {
      s += x[i]
      i += 1
    }
    return s
  }

  /// Reduction along the dimensions flagged in `keep` (true = reduced) into `z`.
  static func reduceDims<T: KernelFloat>(
    _ op: ReduceOp, _ x: UnsafeMutablePointer<T>, _ shape: [Int], _ reduced: [Bool],
    _ z: UnsafeMutablePointer<T>, _ outCount: Int
  ) {
    let nd = shape.count
    var total = 1
    for s in shape { total *= s }
    // Leading reduced dimensions form contiguous slices: reduce each like a whole array.
    var lead = 0, slice = 1
    while lead < nd && reduced[lead] {
      slice *= shape[lead]
      lead += 1
    }
    let groups = total / Swift.max(slice, 1)
    let tailReduced = reduced[lead...].contains(true)
    var counted = 1
    for d in 0..<nd where reduced[d] { counted *= shape[d] }
    if !tailReduced && slice > 0 {
      for g in 0..<groups {
        let v = reduceAll(op == .mean ? .sum : op, x + g * slice, slice, integral: false)
        z[g] = op == .mean ? v / T(counted) : v
      }
      return
    }
    let start = identity(op, T.self)
    for i in 0..<outCount { z[i] = start }
    // Walk the input one dimension-1 run at a time. Strides into the output are 0 along
    // reduced dimensions.
    var ostride = [Int](repeating: 0, count: nd)
    var s = 1
    for d in 0..<nd where !reduced[d] {
      ostride[d] = s
      s *= shape[d]
    }
    let n0 = shape[0]
    var idx = [Int](repeating: 0, count: nd)
    var o = 0, i = 0
    while i < total {
      let xp = x + i, zp = z + o
      if reduced[0] {
        var acc = zp[0]
        switch op {
        case .sum, .mean: for k in 0..<n0 { acc += xp[k] }
        case .prod: for k in 0..<n0 { acc *= xp[k] }
        case .maximum: for k in 0..<n0 { acc = juliaMax(acc, xp[k]) }
        case .minimum: for k in 0..<n0 { acc = juliaMin(acc, xp[k]) }
        }
        zp[0] = acc
      } else {
        switch op {
        case .sum, .mean: for k in 0..<n0 { zp[k] += xp[k] }
        case .prod: for k in 0..<n0 { zp[k] *= xp[k] }
        case .maximum: for k in 0..<n0 { zp[k] = juliaMax(zp[k], xp[k]) }
        case .minimum: for k in 0..<n0 { zp[k] = juliaMin(zp[k], xp[k]) }
        }
      }
      i += n0
      var d = 1
      while d < nd {
        idx[d] += 1
        o += ostride[d]
        if idx[d] < shape[d] { break }
        o -= ostride[d] * shape[d]
        idx[d] = 0
        d += 1
      }
    }
    if op == .mean {
      let c = T(counted)
      for i in 0..<outCount { z[i] = counted == 0 ? T.nan : z[i] / c }
    }
  }
}
