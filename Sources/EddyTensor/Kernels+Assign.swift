// In-place writes: `dst .= src`, fill!, and clamp.

extension Kernels {
  /// `dst .= src`: broadcasts `src` into `dst`'s shape, converting element types.
  ///
  /// `src` may have fewer dimensions or size-1 dimensions; `dst` never changes shape.
  /// Bumps `dst.storage.version`.
  ///
  /// - Throws: `DimensionMismatch` when `src` cannot be broadcast to `dst`'s shape,
  ///   `InexactError` when a value does not fit `dst`'s element type.
  public static func assign(_ dst: Tensor, _ src: Tensor) throws {
    for (d, s) in src.shape.enumerated() where s != 1 {
      if d >= dst.ndims || dst.shape[d] != s {
        throw TensorError(.dimensionMismatch, "array could not be broadcast to match destination")
      }
    }
    dst.storage.version += 1
    let n = dst.count
    if n == 0 { return }
    if src.count == 1 {
      fill(dst, try dst.storable(src[linear: 0], from: src.dtype), bump: false)
      return
    }
    let s = try src.promoted(to: dst.dtype)
    if dst.dtype == .float32 {
      broadcastCopy(s.storage.f, s.shape, dst.storage.f, dst.shape, n)
    } else {
      broadcastCopy(s.storage.d, s.shape, dst.storage.d, dst.shape, n)
    }
  }

  /// Copies `src` (broadcast-compatible) into the `n` elements of `z` shaped `outShape`.
  static func broadcastCopy<T>(
    _ src: UnsafeMutablePointer<T>, _ srcShape: [Int], _ z: UnsafeMutablePointer<T>,
    _ outShape: [Int], _ n: Int
  ) {
    var srcCount = 1
    for s in srcShape { srcCount *= s }
    if srcCount == n {
      // Same count means same column-major layout; also safe when src aliases z.
      if UnsafeMutableRawPointer(src) != UnsafeMutableRawPointer(z) { z.update(from: src, count: n) }
      return
    }
    let r = outShape.count
    let layout = BinaryLayout.strided(
      shape: outShape, sa: broadcastStrides(srcShape, rank: r, outShape: outShape),
      sb: [Int](repeating: 0, count: r))
    let x = UnsafePointer(src)
    runBinary(layout, n, x, x, z) { u, _ in u }
  }

  /// `fill!(t, v)`: sets every element to `v` (already valid for `t`'s dtype). Bumps the
  /// storage version.
  public static func fill(_ t: Tensor, _ v: Double) {
    fill(t, v, bump: true)
  }

  static func fill(_ t: Tensor, _ v: Double, bump: Bool) {
    if bump { t.storage.version += 1 }
    switch t.dtype {
    case .float32: t.storage.f.update(repeating: Float(v), count: t.count)
    case .bool: t.storage.d.update(repeating: v != 0 ? 1 : 0, count: t.count)
    default: t.storage.d.update(repeating: v, count: t.count)
    }
  }

  /// `clamp.(a, lo, hi)` with `a`'s element type (NaN stays NaN; integer bounds are rounded
  /// inwards so Int64 results stay integral).
  public static func clamp(_ a: Tensor, lo: Double, hi: Double) -> Tensor {
    let out = Tensor(uncheckedShape: a.shape, dtype: a.dtype)
    let n = a.count
    if a.dtype == .float32 {
      let x = a.storage.f, z = out.storage.f, l = Float(lo), h = Float(hi)
      for i in 0..<n { z[i] = x[i] > h ? h : (x[i] < l ? l : x[i]) }
    } else {
      let x = a.storage.d, z = out.storage.d
      let l = a.dtype.isFloat ? lo : lo.rounded(.up), h = a.dtype.isFloat ? hi : hi.rounded(.down)
      for i in 0..<n { z[i] = x[i] > h ? h : (x[i] < l ? l : x[i]) }
    }
    return out
  }
}
