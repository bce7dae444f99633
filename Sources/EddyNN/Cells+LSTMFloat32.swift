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
  let G = 4 * o
  var r = 0
  while r + 16 <= G {
    storeF16((loadF16(px + r) + loadF16(ph + r)) + loadF16(pb + r), a + r)
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
    let c = loadF16(f + r) * loadF16(pc + r) + loadF16(i + r) * loadF16(g + r)
    storeF16(c, cOut + r)
    storeF16(c, tc + r)
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
    storeF16(loadF16(og + r) * loadF16(tc + r), hOut + r)
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
  let one = F16(repeating: 1)
  let zero = F16()
  var r = 0
  while r + 16 <= o {
    let i = loadF16(pa, r)
    let f = loadF16(pa, o + r)
    let g = loadF16(pa, 2 * o + r)
    let og = loadF16(pa, 3 * o + r)
    let tc = loadF16(pa, 4 * o + r)
    let dh = pdh.map { loadF16($0, r) } ?? zero
    let dcNext = pdc.map { loadF16($0, r) } ?? zero
    let dct = dcNext + dh * og * (one - tc * tc)
    storeF16(dct * g * i * (one - i), pg, r)
    storeF16(dct * loadF16(pc, r) * f * (one - f), pg, o + r)
    storeF16(dct * i * (one - g * g), pg, 2 * o + r)
    storeF16(dh * tc * og * (one - og), pg, 3 * o + r)
    if let pdcOut { storeF16(dct * f, pdcOut, r) }
    r += 16
  }
  return r
}
