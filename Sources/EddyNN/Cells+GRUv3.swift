// The fused GRU v3 step (flux-spec §1.4) and its pullback.
//
//   gx = Wi*x (blocks r, z, candidate: 3·out rows)   gh = Wh*h (blocks r, z: 2·out rows)
//   r  = σ((gx₁ + gh₁) + b₁)         z = σ((gx₂ + gh₂) + b₂)
//   h̃  = tanh((gx₃ + Wh_h̃*(r ⊙ h)) + b₃)   (r applied before the product)
//   h′ = (1 − z) ⊙ h̃ + z ⊙ h
//
// The candidate needs a product of the gated state, so the gates take two passes around it.

import EddyAutodiff
import EddyTensor

extension Cells {
  /// One `GRUv3Cell` step, recorded on the active tape when any operand is tracked. `Whh` is
  /// the cell's `Wh_h̃`, of size `(out, out)`.
  ///
  /// - Throws: `DimensionMismatch` (or `ArgumentError` for non-float arrays) naming the operand
  ///   whose shape does not fit; see `StepShape.gruv3`.
  public static func gruv3Step(Wi: Tensor, Wh: Tensor, b: Tensor, Whh: Tensor, h: Tensor, x: Tensor)
    throws -> Tensor
  {
    try gruv3Run(
      StepShape.gruv3(Wi: Wi, Wh: Wh, b: b, Whh: Whh, h: h, x: x), [Wi, Wh, b, Whh, h, x])
  }

  /// As `gruv3Step`, but nil instead of an error when the operands are not float vectors and
  /// matrices that fit together (or mix dtypes in a way the fused step would round differently
  /// from the generic code, see `StepShape.exact`), so that a caller can fall back to it.
  public static func gruv3StepIfFits(
    Wi: Tensor, Wh: Tensor, b: Tensor, Whh: Tensor, h: Tensor, x: Tensor,
    projected: Projected? = nil
  ) throws -> Tensor? {
    guard let s = try? StepShape.gruv3(Wi: Wi, Wh: Wh, b: b, Whh: Whh, h: h, x: x), s.exact else {
      return nil
    }
    return try gruv3Run(s, [Wi, Wh, b, Whh, h, x], projected)
  }

  /// The step on validated operands: promotes them to the step's dtype, then runs the kernel.
  static func gruv3Run(
    _ s: StepShape, _ operands: [Tensor], _ projected: Projected? = nil
  ) throws -> Tensor {
    let ops = try promoted(operands, s.dtype)
    if s.dtype == .float32 { return try gruv3Forward(Float.self, s, ops, operands, projected) }
    return try gruv3Forward(Double.self, s, ops, operands, projected)
  }

  static func gruv3Forward<T: CellFloat>(
    _: T.Type, _ s: StepShape, _ ops: [Tensor], _ raw: [Tensor],
    _ projected: Projected?
  ) throws -> Tensor {
    let b = ops[2]
    let Whh = ops[3]
    let h = ops[4]
    let o = s.hidden
    let B = s.batch
    let hn = try Tensor.uninitialized(shape: s.outShape, dtype: T.dtype)
    // r, z, h̃ per column, and r ⊙ h: the pullback's saved values, or this step's scratch.
    let acts = try Block<T>(3 * o * B)
    let rh = try Block<T>(o * B)
    let q: UnsafeMutablePointer<T> = try scratch(o * B)
    defer { q.deallocate() }
    // Wi*x then Wh*h, in one block.
    let gx: UnsafeMutablePointer<T> = try scratch(3 * o * s.xCols + 2 * o * s.hCols)
    defer { gx.deallocate() }
    let gh = gx + 3 * o * s.xCols
    // The products from the operands as given: a mixed step multiplies in each product's
    // own promoted dtype, as `*` does.
    let xBlock = try inputProduct(projected, raw[0], raw[5], count: 3 * o * s.xCols, scratch: gx)
    try multiply(raw[1], raw[4], into: gh)

    let W = T.Lanes.scalarCount
    let one = T.Lanes(repeating: 1)
    let sx = s.xCols == 1 ? 0 : 3 * o
    let sh = s.hCols == 1 ? 0 : 2 * o
    let shs = s.hCols == 1 ? 0 : o
    let pb = UnsafePointer(T.buffer(b))
    let phIn = UnsafePointer(T.buffer(h))
    let pOut = T.buffer(hn)
    for j in 0..<B {
      let px = xBlock + j * sx
      let ph = UnsafePointer(gh + j * sh)
      let hp = phIn + j * shs
      let pa = acts.p + j * 3 * o
      let prh = rh.p + j * o
      var r = 0
      while r < o {
        let n = Swift.min(W, o - r)
        let rg = T.sigmoid((load(px + r, n) + load(ph + r, n)) + load(pb + r, n))
        let z = T.sigmoid((load(px + o + r, n) + load(ph + o + r, n)) + load(pb + o + r, n))
        store(rg * load(hp + r, n), prh + r, n)
        store(rg, pa + r, n)
        store(z, pa + o + r, n)
        r += W
      }
    }
    // Wh_h̃ * (r .* h), as `*` computes it for that operand's shape.
    if o > 0 && B > 0 {
      if B == 1 {
        T.gemv(false, o, o, T.buffer(Whh), o, rh.p, q)
      } else {
        T.gemm(false, false, o, B, o, T.buffer(Whh), o, rh.p, o, q, o)
      }
    }
    for j in 0..<B {
      let px = xBlock + j * sx
      let pq = UnsafePointer(q + j * o)
      let hp = phIn + j * shs
      let pa = acts.p + j * 3 * o
      let po = pOut + j * o
      var r = 0
      while r < o {
        let n = Swift.min(W, o - r)
        let ht = T.tanh((load(px + 2 * o + r, n) + load(pq + r, n)) + load(pb + 2 * o + r, n))
        let z = load(pa + o + r, n)
        store((one - z) * ht + z * load(hp + r, n), po + r, n)
        store(ht, pa + 2 * o + r, n)
        r += W
      }
    }

    if let mask = Diff.tracked(ops) {
      let saved = ops.map { SavedTensor($0) }
      Diff.record(output: hn, inputs: ops) { g, ctx in
        try gruv3Backward(T.self, s, mask, g, acts, rh, saved, ctx)
      }
    }
    // The raw pointers above must not outlive what they point into.
    withExtendedLifetime((ops, acts, rh, projected)) {}
    return hn
  }

  /// The pullback: a pass to the candidate and update gradients, `d(r⊙h) = Wh_h̃ᵀ·da₃`, a pass
  /// to the reset gradient and the direct state terms, then the products. `dG_x` (whose
  /// candidate rows give `dWh_h̃ = da₃·(r⊙h)ᵀ`) and `dG_h` go into the tape's deferred columns
  /// when it takes them.
  static func gruv3Backward<T: CellFloat>(
    _: T.Type, _ s: StepShape, _ mask: [Bool], _ g: Tensor, _ acts: Block<T>, _ rh: Block<T>,
    _ saved: [SavedTensor], _ ctx: PullbackContext? = nil
  ) throws -> [Tensor?] {
    let o = s.hidden
    let B = s.batch
    let G = 3 * o
    let h = try saved[4].value()
    let Whh = try saved[3].value()
    let deferX = try ctx.flatMap {
      try DeferredProducts<T>(
        $0, rows: G, batch: B,
        [
          DeferredTarget(input: 0, rows: s.input),
          DeferredTarget(input: 3, rows: o, leftRows: 2 * o..<G),
        ])
    }
    let deferH = try ctx.flatMap {
      try DeferredProducts<T>($0, rows: 2 * o, batch: B, [DeferredTarget(input: 1, rows: o)])
    }
    let ownX = deferX == nil ? G * B : 0
    let ownH = deferH == nil ? 2 * o * B : 0
    let own: UnsafeMutablePointer<T> = try scratch(ownX + ownH + 2 * o * B)
    defer { own.deallocate() }
    let dGx = deferX?.left ?? own
    let dGh = deferH?.left ?? own + ownX
    let dhd = own + ownX + ownH
    let drh = dhd + o * B
    let W = T.Lanes.scalarCount
    let one = T.Lanes(repeating: 1)
    let shs = s.hCols == 1 ? 0 : o
    let dy = UnsafePointer(T.buffer(g))
    let phIn = UnsafePointer(T.buffer(h))
    for j in 0..<B {
      let pa = UnsafePointer(acts.p + j * G)
      let hp = phIn + j * shs
      let pdy = dy + j * o
      let px = dGx + j * G
      let ph = dGh + j * 2 * o
      let pd = dhd + j * o
      var r = 0
      while r < o {
        let n = Swift.min(W, o - r)
        let z = load(pa + o + r, n)
        let ht = load(pa + 2 * o + r, n)
        let dh = load(pdy + r, n)
        let dzp = dh * (load(hp + r, n) - ht) * z * (one - z)
        store(dzp, px + o + r, n)
        store(dh * (one - z) * (one - ht * ht), px + 2 * o + r, n)
        store(dzp, ph + o + r, n)
        store(dh * z, pd + r, n)
        r += W
      }
    }
    // d(r ⊙ h) = Wh_h̃ᵀ · da₃, the candidate block of dG_x (leading dimension 3·out).
    product(true, false, o, B, o, T.buffer(Whh), o, dGx + 2 * o, G, drh)
    for j in 0..<B {
      let pa = UnsafePointer(acts.p + j * G)
      let hp = phIn + j * shs
      let pdr = UnsafePointer(drh + j * o)
      let px = dGx + j * G
      let ph = dGh + j * 2 * o
      let pd = dhd + j * o
      var r = 0
      while r < o {
        let n = Swift.min(W, o - r)
        let rg = load(pa + r, n)
        let dr = load(pdr + r, n)
        let drp = dr * load(hp + r, n) * rg * (one - rg)
        store(drp, px + r, n)
        store(drp, ph + r, n)
        store(load(pd + r, n) + dr * rg, pd + r, n)
        r += W
      }
    }
    var dWhh: Tensor?
    if mask[3], let right = deferX?.right[1] {
      right.update(from: rh.p, count: o * B)
    } else if mask[3] {
      let t = try Tensor.uninitialized(shape: [o, o], dtype: T.dtype)
      product(false, true, o, o, B, dGx + 2 * o, G, rh.p, o, T.buffer(t))
      dWhh = t
    }
    let need = GateNeeds(Wi: mask[0], Wh: mask[1], b: mask[2], h: mask[4], x: mask[5])
    let gg = try gateProducts(
      T.self, s, need, dGx: dGx, xRows: G, dGh: dGh, hRows: 2 * o, dhDirect: dhd,
      Wi: saved[0], Wh: saved[1], h: saved[4], x: saved[5],
      deferWi: deferX?.right[0], deferWh: deferH?.right[0])
    return [gg.dWi, gg.dWh, gg.db, dWhh, gg.dh, gg.dx]
  }
}
