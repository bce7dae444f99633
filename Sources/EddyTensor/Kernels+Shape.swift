// Concatenation (vcat/hcat/cat) and repeat.

extension Kernels {
  /// `cat(parts...; dims = dim)`: `dim == 1` is `vcat`, `dim == 2` is `hcat`.
  ///
  /// Every part is viewed with trailing size-1 dimensions up to the result rank
  /// `max(dim, ndims…)`, so vectors act as columns in `hcat` and 0-d arrays as 1-element
  /// blocks. Element types promote (`vcat([1], [2.5])` is Float64).
  ///
  /// - Throws: `DimensionMismatch` when the parts disagree off the concatenated dimension,
  ///   `ArgumentError` for `dim < 1` or no parts.
  public static func concatenate(_ parts: [Tensor], dim: Int) throws -> Tensor {
    guard !parts.isEmpty else { throw TensorError(.argument, "cat requires at least one array") }
    if dim < 1 { throw TensorError(.argument, "dimension must be ≥ 1, got \(dim)") }
    if dim > 1 << 16 { throw TensorError(.outOfMemory, "") }  // a shape of that many dimensions
    let nd = parts.reduce(dim) { Swift.max($0, $1.ndims) }
    let k = dim - 1
    let shapes = parts.map { p in (0..<nd).map { p.size($0 + 1) } }
    var outShape = shapes[0]
    outShape[k] = 0
    for s in shapes {
      for d in 0..<nd where d != k && s[d] != shapes[0][d] {
        throw catMismatch(shapes, along: k, at: d)
      }
      let (sum, o) = outShape[k].addingReportingOverflow(s[k])
      if o { throw TensorError(.outOfMemory, "") }
      outShape[k] = sum
    }
    let dtype = parts.dropFirst().reduce(parts[0].dtype) { DType.promote($0, $1.dtype) }
    let out = try Tensor.make(outShape, dtype)
    if out.count == 0 { return out }
    var outer = 1
    for d in (k + 1)..<Swift.max(nd, k + 1) { outer *= outShape[d] }
    let converted = try parts.map { try $0.promoted(to: dtype) }
    let chunks = shapes.map { s in s[0...k].reduce(1, *) }
    var offset = 0
    for o in 0..<outer {
      for (p, chunk) in zip(converted, chunks) where chunk > 0 {
        if dtype == .float32 {
          (out.storage.f + offset).update(from: p.storage.f + o * chunk, count: chunk)
        } else {
          (out.storage.d + offset).update(from: p.storage.d + o * chunk, count: chunk)
        }
        offset += chunk
      }
    }
    return out
  }

  /// Julia's wording for mismatched `vcat`/`hcat`/`cat` inputs.
  private static func catMismatch(_ shapes: [[Int]], along k: Int, at d: Int) -> TensorError {
    if k == 0 && d == 1 {
      let cols = juliaTuple(shapes.map { $0[1] })
      return TensorError(.dimensionMismatch, "number of columns of each array must match (got \(cols))")
    }
    if k == 1 && d == 0 {
      let rows = juliaTuple(shapes.map { $0[0] })
      return TensorError(.dimensionMismatch, "number of rows of each array must match (got \(rows))")
    }
    let bad = shapes.first { $0[d] != shapes[0][d] }?[d] ?? 0
    return TensorError(
      .dimensionMismatch, "mismatch in dimension \(d + 1) (expected \(shapes[0][d]) got \(bad))")
  }

  /// `repeat(a, counts...)`: tiles `a` `counts[d]` times along dimension `d + 1`.
  ///
  /// - Throws: `ArgumentError` for negative counts, `OutOfMemoryError` for absurd sizes.
  public static func repeatArray(_ a: Tensor, counts: [Int]) throws -> Tensor {
    if let c = counts.first(where: { $0 < 0 }) {
      throw TensorError(.argument, "cannot repeat an array a negative number of times (\(c))")
    }
    // Check the final size before building part lists of that length.
    var finalShape: [Int] = []
    for d in 0..<Swift.max(a.ndims, counts.count) {
      let (s, overflow) = a.size(d + 1).multipliedReportingOverflow(
        by: d < counts.count ? counts[d] : 1)
      if overflow { throw TensorError(.outOfMemory, "") }
      finalShape.append(s)
    }
    if try Tensor.checkedCount(finalShape, a.dtype) == 0 { return try Tensor.make(finalShape, a.dtype) }
    var t = a
    for (d, c) in counts.enumerated() where c != 1 || d >= t.ndims {
      if c == 0 {
        var shape = (0..<Swift.max(t.ndims, d + 1)).map { t.size($0 + 1) }
        shape[d] = 0
        t = try Tensor.make(shape, a.dtype)
      } else {
        t = try concatenate([Tensor](repeating: t, count: c), dim: d + 1)
      }
    }
    return t === a ? a.copy() : t
  }

  /// `repeat(a; inner)`: each element repeated `inner[d]` times along dimension `d`
  /// (`repeat([1, 2], inner=2) == [1, 1, 2, 2]`); dimensions beyond `a`'s are added.
  public static func repeatInner(_ a: Tensor, inner: [Int]) throws -> Tensor {
    if let c = inner.first(where: { $0 < 0 }) {
      throw TensorError(.argument, "cannot repeat an array a negative number of times (\(c))")
    }
    let nd = Swift.max(a.ndims, inner.count)
    var shape: [Int] = []
    for d in 0..<nd {
      let (s, overflow) = a.size(d + 1).multipliedReportingOverflow(by: d < inner.count ? inner[d] : 1)
      if overflow { throw TensorError(.outOfMemory, "") }
      shape.append(s)
    }
    let out = try Tensor.make(shape, a.dtype)
    let counts = (0..<nd).map { d in d < inner.count ? inner[d] : 1 }
    var index = [Int](repeating: 0, count: nd)
    for k in 0..<out.count {
      // Source position: each output index divided by its repeat count.
      var src = 0, stride = 1
      for d in 0..<nd {
        src += index[d] / counts[d] * stride
        stride *= a.size(d + 1)
      }
      if a.dtype == .float32 { out.storage.f[k] = a.storage.f[src] } else { out.storage.d[k] = a.storage.d[src] }
      var d = 0
      while d < nd {
        index[d] += 1
        if index[d] < shape[d] { break }
        index[d] = 0
        d += 1
      }
    }
    return out
  }
}
