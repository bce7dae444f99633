// The Float32 LSTM kernels on concrete 16-lane vectors (`F16`): through the generic `SIMD`
// protocol the optimiser only recovers 4-lane code. Each performs the same operations in the
// same order as its generic counterpart in Cells+LSTM.swift, so the results are the same bits.
import EddyTensor

/// The Float32 gate pass, a column at a time: the four pre-activations into the saved
/// `[i f g̃ o tanh(c′)]` block, σ and tanh over whole gate blocks (CEddyMath's wide kernels,
/// one call per gate instead of one per 16 lanes), then `c′` and `h′`. The same operations
/// in the same order as `lstmGatesColumn`, so bit-identical. Vector code on the concrete
/// `F16` (through the generic `SIMD` protocol the optimiser only recovers 4-lane code).
func lstmGatesF32(
  _ o: Int, _ px: UnsafePointer<Float>, _ ph: UnsafePointer<Float>, _ pb: UnsafePointer<Float>,
  _ pc: UnsafePointer<Float>, _ hOut: UnsafeMutablePointer<Float>,
  _ cOut: UnsafeMutablePointer<Float>, _ pa: UnsafeMutablePointer<Float>?
) {
  if o == 0 { return }
  if let pa {
    lstmGatesF32(o, px, ph, pb, pc, hOut, cOut, into: pa)
    return
  }
  withUnsafeTemporaryAllocation(of: Float.self, capacity: 5 * o) {
    guard let a = $0.baseAddress else { return }
    lstmGatesF32(o, px, ph, pb, pc, hOut, cOut, into: a)
  }
}

private func lstmGatesF32(
  _ o: Int, _ px: UnsafePointer<Float>, _ ph: UnsafePointer<Float>, _ pb: UnsafePointer<Float>,
  _ pc: UnsafePointer<Float>, _ hOut: UnsafeMutablePointer<Float>,
  _ cOut: UnsafeMutablePointer<Float>, into a: UnsafeMutablePointer<Float>
) {
  @inline(__always) func ld(_ p: UnsafePointer<Float>) -> F16 {
    UnsafeRawPointer(p).loadUnaligned(as: F16.self)
  }
  @inline(__always) func st(_ v: F16, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: F16.self)
  }
  let G = 4 * o
  var r = 0
  while r + 16 <= G {
    st((ld(px + r) + ld(ph + r)) + ld(pb + r), a + r)
    r += 16
  }
  while r < G {
    a[r] = (px[r] + ph[r]) + pb[r]
    r += 1
  }
  VectorMath.sigmoid.apply(2 * o, a, a)
  VectorMath.tanh.apply(o, a + 2 * o, a + 2 * o)
  VectorMath.sigmoid.apply(o, a + 3 * o, a + 3 * o)
  let (i, f, g, tc) = (a, a + o, a + 2 * o, a + 4 * o)
  r = 0
  while r + 16 <= o {
    let c = ld(f + r) * ld(pc + r) + ld(i + r) * ld(g + r)
    st(c, cOut + r)
    st(c, tc + r)
    r += 16
  }
  while r < o {
    let c = f[r] * pc[r] + i[r] * g[r]
    cOut[r] = c
    tc[r] = c
    r += 1
  }
  VectorMath.tanh.apply(o, tc, tc)
  let og = a + 3 * o
  r = 0
  while r + 16 <= o {
    st(ld(og + r) * ld(tc + r), hOut + r)
    r += 16
  }
  while r < o {
    hOut[r] = og[r] * tc[r]
    r += 1
  }
}

/// The Float32 gate-gradient pass of `lstmBackward` for the whole 16-lane blocks of one
/// column, written on the concrete `F16` (through the generic `SIMD` protocol the optimiser
/// only recovers 4-lane code): the same operations in the same order, so bit-identical.
/// Returns the first row it left for the generic loop.
func lstmGateGradientsF32<T: CellFloat>(
  _ o: Int, _ pa: UnsafePointer<T>, _ pc: UnsafePointer<T>, _ pdh: UnsafePointer<T>?,
  _ pdc: UnsafePointer<T>?, _ pg: UnsafeMutablePointer<T>, _ pdcOut: UnsafeMutablePointer<T>?
) -> Int {
  @inline(__always) func ld(_ p: UnsafePointer<T>, _ k: Int) -> F16 {
    UnsafeRawPointer(p + k).loadUnaligned(as: F16.self)
  }
  @inline(__always) func st(_ v: F16, _ p: UnsafeMutablePointer<T>, _ k: Int) {
    UnsafeMutableRawPointer(p + k).storeBytes(of: v, as: F16.self)
  }
  let one = F16(repeating: 1)
  let zero = F16()
  var r = 0
  while r + 16 <= o {
    let i = ld(pa, r)
    let f = ld(pa, o + r)
    let g = ld(pa, 2 * o + r)
    let og = ld(pa, 3 * o + r)
    let tc = ld(pa, 4 * o + r)
    let dh = pdh.map { ld($0, r) } ?? zero
    let dcNext = pdc.map { ld($0, r) } ?? zero
    let dct = dcNext + dh * og * (one - tc * tc)
    st(dct * g * i * (one - i), pg, r)
    st(dct * ld(pc, r) * f * (one - f), pg, o + r)
    st(dct * i * (one - g * g), pg, 2 * o + r)
    st(dh * tc * og * (one - og), pg, 3 * o + r)
    if let pdcOut { st(dct * f, pdcOut, r) }
    r += 16
  }
  return r
}
