// The fused GRU step, v1 as in PyTorch (flux-spec §1.3), and its pullback.
//
//   gx = Wi*x, gh = Wh*h, in blocks reset r, update z, candidate (3·out rows); one bias b
//   r  = σ((gx₁ + gh₁) + b₁)        z = σ((gx₂ + gh₂) + b₂)
//   h̃  = tanh((gx₃ + r ⊙ gh₃) + b₃)  (r multiplies Wh₃*h after the product; b₃ outside it)
//   h′ = (1 − z) ⊙ h̃ + z ⊙ h

import EddyAutodiff
import EddyTensor

extension Cells {
  /// One `GRUCell` step, recorded on the active tape when any operand is tracked.
  ///
  /// `x` is `(in,)` or `(in, B)`; `h` is `(out,)`, `(out, 1)` or `(out, B)`, and a one-column `h`
  /// broadcasts over the batch.
  ///
  /// - Throws: `DimensionMismatch` (or `ArgumentError` for non-float arrays) naming the operand
  ///   whose shape does not fit; see `StepShape.gru`.
  public static func gruStep(Wi: Tensor, Wh: Tensor, b: Tensor, h: Tensor, x: Tensor) throws
    -> Tensor
  {
    try gruRun(StepShape.gru(Wi: Wi, Wh: Wh, b: b, h: h, x: x), [Wi, Wh, b, h, x])
  }

  /// As `gruStep`, but nil instead of an error when the operands are not float vectors and
  /// matrices that fit together (or mix dtypes in a way the fused step would round differently
  /// from the generic code, see `StepShape.exact`), so that a caller can fall back to it.
  public static func gruStepIfFits(
    Wi: Tensor, Wh: Tensor, b: Tensor, h: Tensor, x: Tensor, projected: Projected? = nil
  ) throws
    -> Tensor?
  {
    guard let s = try? StepShape.gru(Wi: Wi, Wh: Wh, b: b, h: h, x: x), s.exact else { return nil }
    return try gruRun(s, [Wi, Wh, b, h, x], projected)
  }

  /// The step on validated operands: promotes them to the step's dtype, then runs the kernel.
  static func gruRun(
    _ s: StepShape, _ operands: [Tensor], _ projected: Projected? = nil
  ) throws -> Tensor {
    let ops = try promoted(operands, s.dtype)
    if s.dtype == .float32 { return try gruForward(Float.self, s, ops, operands, projected) }
    return try gruForward(Double.self, s, ops, operands, projected)
  }

  static func gruForward<T: CellFloat>(
    _: T.Type, _ s: StepShape, _ ops: [Tensor], _ raw: [Tensor],
    _ projected: Projected?
  ) throws -> Tensor {
    let b = ops[2]
    let h = ops[3]
    let o = s.hidden
    let B = s.batch
    let G = 3 * o
    let hn = try Tensor.uninitialized(shape: s.outShape, dtype: T.dtype)
    let mask = Diff.tracked(ops)
    // Per column: r, z and h̃, kept for the pullback (with gh, for r's gradient).
    let acts: Block<T>? = mask == nil ? nil : try Block<T>(3 * o * B)
    // Wi*x then Wh*h, in one block.
    let work = try Block<T>(G * s.xCols + G * s.hCols)
    let ghOffset = G * s.xCols
    let gx = work.p
    let gh = work.p + ghOffset
    // The products from the operands as given: a mixed step multiplies in each product's
    // own promoted dtype, as `*` does.
    // Wi*x comes precomputed when the caller projected the whole sequence in one product.
    if !(projected?.copy(into: gx, count: G * s.xCols) ?? false) { try multiply(raw[0], raw[4], into: gx) }
    try multiply(raw[1], raw[3], into: gh)

    let W = T.Lanes.scalarCount
    let one = T.Lanes(repeating: 1)
    let sx = s.xCols == 1 ? 0 : G
    let sh = s.hCols == 1 ? 0 : G
    let shs = s.hCols == 1 ? 0 : o
    let pb = UnsafePointer(T.buffer(b))
    let phIn = UnsafePointer(T.buffer(h))
    let pOut = T.buffer(hn)
    for j in 0..<B {
      let px = UnsafePointer(gx + j * sx)
      let ph = UnsafePointer(gh + j * sh)
      let hp = phIn + j * shs
      let po = pOut + j * o
      let pa = acts.map { $0.p + j * 3 * o }
      if T.self == Float.self {
        gruGatesF32(o, px, ph, pb, hp, po, pa)
        continue
      }
      var r = 0
      while r < o {
        let n = Swift.min(W, o - r)
        let rg = T.sigmoid((load(px + r, n) + load(ph + r, n)) + load(pb + r, n))
        let z = T.sigmoid((load(px + o + r, n) + load(ph + o + r, n)) + load(pb + o + r, n))
        let ht = T.tanh(
          (load(px + 2 * o + r, n) + rg * load(ph + 2 * o + r, n)) + load(pb + 2 * o + r, n))
        store((one - z) * ht + z * load(hp + r, n), po + r, n)
        if let pa {
          store(rg, pa + r, n)
          store(z, pa + o + r, n)
          store(ht, pa + 2 * o + r, n)
        }
        r += W
      }
    }

    if let mask, let acts {
      let saved = ops.map { SavedTensor($0) }
      Diff.record(output: hn, inputs: ops) { g, ctx in
        try gruBackward(T.self, s, mask, g, acts, work, ghOffset, saved, ctx)
      }
    }
    // The raw pointers above must not outlive what they point into.
    withExtendedLifetime((ops, acts, work)) {}
    return hn
  }

  /// The pullback: one pass from `dh′` to the gate gradients of both products (they differ in
  /// the candidate block, where `Wh₃*h` was scaled by `r`) and the direct `z ⊙ dh′` term; each
  /// is written into the tape's deferred columns for `dWi` and `dWh` when it takes them.
  static func gruBackward<T: CellFloat>(
    _: T.Type, _ s: StepShape, _ mask: [Bool], _ g: Tensor, _ acts: Block<T>, _ work: Block<T>,
    _ ghOffset: Int, _ saved: [SavedTensor], _ ctx: PullbackContext? = nil
  ) throws -> [Tensor?] {
    let o = s.hidden
    let B = s.batch
    let G = 3 * o
    let h = try saved[3].value()
    let deferX = try ctx.flatMap {
      try DeferredProducts<T>($0, rows: G, batch: B, [DeferredTarget(input: 0, rows: s.input)])
    }
    let deferH = try ctx.flatMap {
      try DeferredProducts<T>($0, rows: G, batch: B, [DeferredTarget(input: 1, rows: o)])
    }
    let ownX = deferX == nil ? G * B : 0
    let ownH = deferH == nil ? G * B : 0
    let own: UnsafeMutablePointer<T> = try scratch(ownX + ownH + o * B)
    defer { own.deallocate() }
    let dGx = deferX?.left ?? own
    let dGh = deferH?.left ?? own + ownX
    let dhd = own + ownX + ownH
    let gh = UnsafePointer(work.p + ghOffset)
    let W = T.Lanes.scalarCount
    let one = T.Lanes(repeating: 1)
    let sh = s.hCols == 1 ? 0 : G
    let shs = s.hCols == 1 ? 0 : o
    let dy = UnsafePointer(T.buffer(g))
    let phIn = UnsafePointer(T.buffer(h))
    for j in 0..<B {
      let pa = UnsafePointer(acts.p + j * 3 * o)
      let g3 = UnsafePointer(gh + j * sh + 2 * o)
      let hp = phIn + j * shs
      let pdy = dy + j * o
      let px = dGx + j * G
      let ph = dGh + j * G
      let pd = dhd + j * o
      var r = 0
      if T.self == Float.self { r = gruGateGradientsF32(o, pa, g3, hp, pdy, px, ph, pd) }
      while r < o {
        let n = Swift.min(W, o - r)
        let rg = load(pa + r, n)
        let z = load(pa + o + r, n)
        let ht = load(pa + 2 * o + r, n)
        let dh = load(pdy + r, n)
        let da3 = dh * (one - z) * (one - ht * ht)
        let drp = da3 * load(g3 + r, n) * rg * (one - rg)
        let dzp = dh * (load(hp + r, n) - ht) * z * (one - z)
        store(drp, px + r, n)
        store(dzp, px + o + r, n)
        store(da3, px + 2 * o + r, n)
        store(drp, ph + r, n)
        store(dzp, ph + o + r, n)
        store(da3 * rg, ph + 2 * o + r, n)
        store(dh * z, pd + r, n)
        r += W
      }
    }
    let need = GateNeeds(Wi: mask[0], Wh: mask[1], b: mask[2], h: mask[3], x: mask[4])
    let gg = try gateProducts(
      T.self, s, need, dGx: dGx, xRows: G, dGh: dGh, hRows: G, dhDirect: dhd,
      Wi: saved[0], Wh: saved[1], h: saved[3], x: saved[4],
      deferWi: deferX?.right[0], deferWh: deferH?.right[0])
    return [gg.dWi, gg.dWh, gg.db, gg.dh, gg.dx]
  }
}
