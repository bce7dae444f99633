// The Float32 GRU gate pass on concrete 16-lane vectors (`F16`), a column at a time: the
// same operations in the same order as the generic loop of `gruForward`, so the same bits.
// σ and tanh run over whole gate blocks (one wide-kernel call per gate, not one per 16
// lanes), and the arithmetic on `F16` (the generic `SIMD` protocol only recovers 4-lane code).
import EddyTensor

/// One column: `r`, `z` and `h̃` into `pa` (or scratch), `h′` into `po`.
func gruGatesF32<T: CellFloat>(
  _ o: Int, _ px: UnsafePointer<T>, _ ph: UnsafePointer<T>, _ pb: UnsafePointer<T>,
  _ hp: UnsafePointer<T>, _ po: UnsafeMutablePointer<T>, _ pa: UnsafeMutablePointer<T>?
) {
  func f(_ p: UnsafePointer<T>) -> UnsafePointer<Float> {
    UnsafeRawPointer(p).assumingMemoryBound(to: Float.self)
  }
  if o == 0 { return }
  let out = UnsafeMutableRawPointer(po).assumingMemoryBound(to: Float.self)
  if let pa {
    gruColumn(o, f(px), f(ph), f(pb), f(hp), out, UnsafeMutableRawPointer(pa).assumingMemoryBound(to: Float.self))
    return
  }
  withUnsafeTemporaryAllocation(of: Float.self, capacity: 3 * o) {
    guard let a = $0.baseAddress else { return }
    gruColumn(o, f(px), f(ph), f(pb), f(hp), out, a)
  }
}

private func gruColumn(
  _ o: Int, _ px: UnsafePointer<Float>, _ ph: UnsafePointer<Float>, _ pb: UnsafePointer<Float>,
  _ hp: UnsafePointer<Float>, _ po: UnsafeMutablePointer<Float>, _ a: UnsafeMutablePointer<Float>
) {
  // r and z: σ((Wi·x + Wh·h) + b) over the first two gate blocks.
  var r = 0
  while r + 16 <= 2 * o {
    storeF16((loadF16(px + r) + loadF16(ph + r)) + loadF16(pb + r), a + r)
    r += 16
  }
  while r < 2 * o {
    a[r] = (px[r] + ph[r]) + pb[r]
    r += 1
  }
  VectorMath.sigmoid.apply(2 * o, a, a)
  // h̃ = tanh((Wi₃·x + r ⊙ Wh₃·h) + b₃)
  let (c, x3, h3, b3) = (a + 2 * o, px + 2 * o, ph + 2 * o, pb + 2 * o)
  r = 0
  while r + 16 <= o {
    storeF16((loadF16(x3 + r) + loadF16(a + r) * loadF16(h3 + r)) + loadF16(b3 + r), c + r)
    r += 16
  }
  while r < o {
    c[r] = (x3[r] + a[r] * h3[r]) + b3[r]
    r += 1
  }
  VectorMath.tanh.apply(o, c, c)
  // h′ = (1 - z) ⊙ h̃ + z ⊙ h
  let z = a + o
  let one = F16(repeating: 1)
  r = 0
  while r + 16 <= o {
    let zv = loadF16(z + r)
    storeF16((one - zv) * loadF16(c + r) + zv * loadF16(hp + r), po + r)
    r += 16
  }
  while r < o {
    po[r] = (1 - z[r]) * c[r] + z[r] * hp[r]
    r += 1
  }
}

/// The Float32 gate-gradient pass of `gruBackward` for the whole 16-lane blocks of one
/// column: the same operations in the same order, so bit-identical. Returns the first row
/// it left for the generic loop.
func gruGateGradientsF32<T: CellFloat>(
  _ o: Int, _ pa: UnsafePointer<T>, _ g3: UnsafePointer<T>, _ hp: UnsafePointer<T>,
  _ pdy: UnsafePointer<T>, _ px: UnsafeMutablePointer<T>, _ ph: UnsafeMutablePointer<T>,
  _ pd: UnsafeMutablePointer<T>
) -> Int {
  let one = F16(repeating: 1)
  var r = 0
  while r + 16 <= o {
    let rg = loadF16(pa, r)
    let z = loadF16(pa, o + r)
    let ht = loadF16(pa, 2 * o + r)
    let dh = loadF16(pdy, r)
    let da3 = dh * (one - z) * (one - ht * ht)
    let drp = da3 * loadF16(g3, r) * rg * (one - rg)
    let dzp = dh * (loadF16(hp, r) - ht) * z * (one - z)
    storeF16(drp, px, r)
    storeF16(dzp, px, o + r)
    storeF16(da3, px, 2 * o + r)
    storeF16(drp, ph, r)
    storeF16(dzp, ph, o + r)
    storeF16(da3 * rg, ph, 2 * o + r)
    storeF16(dh * z, pd, r)
    r += 16
  }
  return r
}
