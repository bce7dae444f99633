// Undoing broadcasting: the one place where a gradient of a broadcast result is summed back
// down to an operand's shape. Every binary rule calls `unbroadcast`.
//
//   a: (3,1)  b: (1,4)  →  a .+ b: (3,4)
//   ∂a = sum of ∂out over dim 2  → (3,1)      ∂b = sum over dim 1 → (1,4)
//
// Shapes align from the first dimension (column-major); missing trailing dimensions are 1.

import EddyTensor

/// Sums `g` (the gradient of a broadcast result) down to `shape` and returns it with `dtype`.
///
/// Every dimension of `shape` must be 1 or equal to `g`'s; dimensions of `g` beyond
/// `shape.count` are summed away.
func unbroadcast(_ g: Tensor, to shape: [Int], dtype: DType) throws -> Tensor {
  var n = 1
  for s in shape { n &*= s }
  var r: Tensor
  if n == g.count {
    r = g.shape == shape ? g : try g.reshaped(shape)
  } else {
    try checkBroadcastable(shape, to: g.shape)
    if g.dtype == .float32 {
      r = try sumTo(Float.self, g, shape)
    } else {
      r = try sumTo(Double.self, g, shape)
    }
  }
  return r.dtype == dtype ? r : try r.converted(to: dtype)
}

/// Repeats `g` along the dimensions where its size is 1 to fill `shape` (the inverse of
/// `unbroadcast`; used by reduction rules).
func expand(_ g: Tensor, to shape: [Int]) throws -> Tensor {
  var n = 1
  for s in shape { n &*= s }
  if n == g.count { return g.shape == shape ? g : try g.reshaped(shape) }
  try checkBroadcastable(g.shape, to: shape)
  if g.dtype == .float32 { return try expandTo(Float.self, g, shape) }
  return try expandTo(Double.self, g, shape)
}

/// Throws unless `small` broadcasts to `big` without changing `big`.
private func checkBroadcastable(_ small: [Int], to big: [Int]) throws {
  let n = Swift.max(small.count, big.count)
  for i in 0..<n {
    let s = i < small.count ? small[i] : 1
    let b = i < big.count ? big[i] : 1
    if s != 1 && s != b {
      throw TensorError(
        .dimensionMismatch, "cannot sum a gradient of size \(big) down to size \(small)")
    }
  }
}

private func sumTo<T: ADFloat>(_: T.Type, _ g: Tensor, _ shape: [Int]) throws -> Tensor {
  let out = try Tensor(shape: shape, dtype: T.dtype)
  let pg = T.buffer(g), po = T.buffer(out)
  broadcastWalk(g.shape, shape, g.shape) { j, o, _ in po[o] += pg[j] }
  return out
}

private func expandTo<T: ADFloat>(_: T.Type, _ g: Tensor, _ shape: [Int]) throws -> Tensor {
  let out = try Tensor(shape: shape, dtype: T.dtype)
  let pg = T.buffer(g), po = T.buffer(out)
  broadcastWalk(shape, g.shape, shape) { j, o, _ in po[j] = pg[o] }
  return out
}

/// Broadcast strides of `s` inside an `n`-dimensional result: 0 where `s` has size 1.
@inline(__always) func broadcastStrides(_ s: [Int], _ n: Int) -> [Int] {
  var st = [Int](repeating: 0, count: n)
  var acc = 1
  for i in 0..<n {
    let d = i < s.count ? s[i] : 1
    st[i] = d == 1 ? 0 : acc
    acc &*= d
  }
  return st
}

/// Calls `body(j, oa, ob)` for every linear index `j` of an array of shape `out`, with the
/// linear offsets `oa`, `ob` of the elements of `a`- and `b`-shaped operands that broadcast to
/// it. The first dimension is the inner loop; the rest advance like an odometer.
@inline(__always)
func broadcastWalk(_ out: [Int], _ a: [Int], _ b: [Int], _ body: (Int, Int, Int) -> Void) {
  var count = 1
  for s in out { count &*= s }
  if count == 0 { return }
  let n = out.count
  if n == 0 {
    body(0, 0, 0)
    return
  }
  let sa = broadcastStrides(a, n), sb = broadcastStrides(b, n)
  let n0 = out[0], a0 = sa[0], b0 = sb[0]
  var idx = [Int](repeating: 0, count: n)
  var oa = 0, ob = 0, j = 0
  while j < count {
    for k in 0..<n0 { body(j + k, oa + k * a0, ob + k * b0) }
    j += n0
    var d = 1
    while d < n {
      idx[d] += 1
      oa += sa[d]
      ob += sb[d]
      if idx[d] < out[d] { break }
      oa -= sa[d] * out[d]
      ob -= sb[d] * out[d]
      idx[d] = 0
      d += 1
    }
  }
}
