// The fused LSTM step (flux-spec §1.2) and its pullback.
//
//   g  = (Wi*x + Wh*h) + b           gates stacked input, forget, cell, output (4·out rows)
//   c′ = σ(f)·c + σ(i)·tanh(g̃)       h′ = σ(o)·tanh(c′)

import EddyAutodiff
import EddyTensor

extension Cells {
  /// One `LSTMCell` step: returns `(h′, c′)`, recorded on the active tape as one op with two
  /// outputs when any operand is tracked.
  ///
  /// `x` is `(in,)` or `(in, B)`; `h` and `c` are `(out,)`, `(out, 1)` or `(out, B)`. A one-column
  /// state broadcasts over the batch (the first step from `state0`); its gradient is summed back.
  /// Float32 operands give Float32 results, bit-identical to the interpreted cell.
  ///
  /// - Throws: `DimensionMismatch` (or `ArgumentError` for non-float arrays) naming the operand
  ///   whose shape does not fit; see `StepShape.lstm`.
  public static func lstmStep(Wi: Tensor, Wh: Tensor, b: Tensor, h: Tensor, c: Tensor, x: Tensor)
    throws -> (h: Tensor, c: Tensor)
  {
    try lstmRun(StepShape.lstm(Wi: Wi, Wh: Wh, b: b, h: h, c: c, x: x), [Wi, Wh, b, h, c, x])
  }

  /// As `lstmStep`, but nil instead of an error when the operands are not float vectors and
  /// matrices that fit together (or mix dtypes in a way the fused step would round differently
  /// from the generic code, see `StepShape.exact`), so that a caller can fall back to it.
  public static func lstmStepIfFits(
    Wi: Tensor, Wh: Tensor, b: Tensor, h: Tensor, c: Tensor, x: Tensor,
    projected: Projected? = nil
  ) throws -> (h: Tensor, c: Tensor)? {
    guard let s = try? StepShape.lstm(Wi: Wi, Wh: Wh, b: b, h: h, c: c, x: x), s.exact else {
      return nil
    }
    return try lstmRun(s, [Wi, Wh, b, h, c, x], projected)
  }

  /// The step on validated operands: promotes them to the step's dtype, then runs the kernel.
  static func lstmRun(
    _ s: StepShape, _ operands: [Tensor], _ projected: Projected? = nil
  ) throws -> (h: Tensor, c: Tensor) {
    let ops = try promoted(operands, s.dtype)
    if s.dtype == .float32 { return try lstmForward(Float.self, s, ops, operands, projected) }
    return try lstmForward(Double.self, s, ops, operands, projected)
  }

  static func lstmForward<T: CellFloat>(
    _: T.Type, _ s: StepShape, _ ops: [Tensor], _ raw: [Tensor],
    _ projected: Projected?
  ) throws -> (h: Tensor, c: Tensor) {
    let b = ops[2]
    let c = ops[4]
    let o = s.hidden
    let B = s.batch
    let G = 4 * o
    let hn = try Tensor.uninitialized(shape: s.outShape, dtype: T.dtype)
    let cn = try Tensor.uninitialized(shape: s.outShape, dtype: T.dtype)
    let mask = Diff.tracked(ops)
    // Per column: the activations i, f, g̃, o and tanh(c′), kept for the pullback.
    let acts: Block<T>? = mask == nil ? nil : try Block<T>(5 * o * B)
    // Wi*x then Wh*h, in one block.
    let gx: UnsafeMutablePointer<T> = try scratch(G * s.xCols + G * s.hCols)
    defer { gx.deallocate() }
    let gh = gx + G * s.xCols
    // The products from the operands as given: a mixed step multiplies in each product's
    // own promoted dtype, as `*` does.
    let xBlock = try inputProduct(projected, raw[0], raw[5], count: G * s.xCols, scratch: gx)
    try multiply(raw[1], raw[3], into: gh)

    let sx = s.xCols == 1 ? 0 : G
    let sh = s.hCols == 1 ? 0 : G
    let sc = s.cCols == 1 ? 0 : o
    let pb = UnsafePointer(T.buffer(b))
    let pcIn = UnsafePointer(T.buffer(c))
    let phOut = T.buffer(hn)
    let pcOut = T.buffer(cn)
    for j in 0..<B {
      let px = xBlock + j * sx
      let ph = UnsafePointer(gh + j * sh)
      let pc = pcIn + j * sc
      let hOut = phOut + j * o
      let cOut = pcOut + j * o
      let pa = acts.map { $0.p + j * 5 * o }
      T.lstmGates(o, px, ph, pb, pc, hOut, cOut, pa)
    }

    if let mask, let acts {
      let saved = ops.map { SavedTensor($0) }
      Diff.record(outputs: [hn, cn], inputs: ops) { gs, ctx in
        try lstmBackward(T.self, s, mask, gs, acts, saved, ctx)
      }
    }
    // The raw pointers above must not outlive what they point into.
    withExtendedLifetime((ops, acts, projected)) {}
    return (hn, cn)
  }

  /// The pullback: one pass from `(dh′, dc′)` to the pre-activation gradients `dG` (and `dc`),
  /// then `dx = Wiᵀ·dG`, `dh = Whᵀ·dG`, `db = Σ_batch dG`, and `dWi = dG·xᵀ`, `dWh = dG·hᵀ`
  /// deferred to the tape (dG is written straight into its columns).
  static func lstmBackward<T: CellFloat>(
    _: T.Type, _ s: StepShape, _ mask: [Bool], _ gs: [Tensor?], _ acts: Block<T>,
    _ saved: [SavedTensor], _ ctx: PullbackContext? = nil
  ) throws -> [Tensor?] {
    let o = s.hidden
    let B = s.batch
    let G = 4 * o
    let c = try saved[4].value()
    let deferred = try ctx.flatMap {
      try DeferredProducts<T>(
        $0, rows: G, batch: B,
        [DeferredTarget(input: 0, rows: s.input), DeferredTarget(input: 1, rows: o)])
    }
    let work: UnsafeMutablePointer<T> = try scratch(
      (deferred == nil ? G * B : 0) + (mask[4] ? o * B : 0))
    defer { work.deallocate() }
    let dG = deferred?.left ?? work
    let dcBuf = mask[4] ? work + (deferred == nil ? G * B : 0) : nil
    let W = T.Lanes.scalarCount
    let sc = s.cCols == 1 ? 0 : o
    let dhIn = gs.first.flatMap { $0 }.map { UnsafePointer(T.buffer($0)) }
    let dcIn = (gs.count > 1 ? gs[1] : nil).map { UnsafePointer(T.buffer($0)) }
    let pcIn = UnsafePointer(T.buffer(c))
    let one = T.Lanes(repeating: 1)
    let zero = T.Lanes()
    for j in 0..<B {
      let pa = UnsafePointer(acts.p + j * 5 * o)
      let pc = pcIn + j * sc
      let pg = dG + j * G
      let pdh = dhIn.map { $0 + j * o }
      let pdc = dcIn.map { $0 + j * o }
      let pdcOut = dcBuf.map { $0 + j * o }
      var r = 0
      if T.self == Float.self {
        r = lstmGateGradientsF32(o, pa, pc, pdh, pdc, pg, pdcOut)
      }
      while r < o {
        let n = Swift.min(W, o - r)
        let i = load(pa + r, n)
        let f = load(pa + o + r, n)
        let g = load(pa + 2 * o + r, n)
        let og = load(pa + 3 * o + r, n)
        let tc = load(pa + 4 * o + r, n)
        let dh = pdh.map { load($0 + r, n) } ?? zero
        let dcNext = pdc.map { load($0 + r, n) } ?? zero
        let dct = dcNext + dh * og * (one - tc * tc)
        store(dct * g * i * (one - i), pg + r, n)
        store(dct * load(pc + r, n) * f * (one - f), pg + o + r, n)
        store(dct * i * (one - g * g), pg + 2 * o + r, n)
        store(dh * tc * og * (one - og), pg + 3 * o + r, n)
        if let pdcOut { store(dct * f, pdcOut + r, n) }
        r += W
      }
    }
    let need = GateNeeds(Wi: mask[0], Wh: mask[1], b: mask[2], h: mask[3], x: mask[5])
    let gg = try gateProducts(
      T.self, s, need, dGx: dG, xRows: G, dGh: dG, hRows: G, dhDirect: nil,
      Wi: saved[0], Wh: saved[1], h: saved[3], x: saved[5],
      deferWi: deferred?.right[0], deferWh: deferred?.right[1])
    let dc = try dcBuf.map {
      try reduced($0, rows: o, batch: B, cols: s.cCols, shape: saved[4].tensor.shape, T.self)
    }
    return [gg.dWi, gg.dWh, gg.db, gg.dh, dc, gg.dx]
  }
}

/// One column of the LSTM gate pass (rows `start..<o` of each gate): from the products `px = Wi·x`, `ph = Wh·h` (gates stacked
/// i, f, g̃, o, `o` rows each), the bias and the cell state to `h′`, `c′` and (when `pa` is
/// given) the activations i, f, g̃, o, tanh(c′) for the pullback.
@inline(__always)
func lstmGatesColumn<T: CellFloat>(
  _ o: Int, _ px: UnsafePointer<T>, _ ph: UnsafePointer<T>, _ pb: UnsafePointer<T>,
  _ pc: UnsafePointer<T>, _ hOut: UnsafeMutablePointer<T>, _ cOut: UnsafeMutablePointer<T>,
  _ pa: UnsafeMutablePointer<T>?, from start: Int = 0
) {
  let W = T.Lanes.scalarCount
  var r = start
  while r < o {
    let n = Swift.min(W, o - r)
    let i = T.sigmoid((load(px + r, n) + load(ph + r, n)) + load(pb + r, n))
    let f = T.sigmoid((load(px + o + r, n) + load(ph + o + r, n)) + load(pb + o + r, n))
    let g = T.tanh(
      (load(px + 2 * o + r, n) + load(ph + 2 * o + r, n)) + load(pb + 2 * o + r, n))
    let og = T.sigmoid(
      (load(px + 3 * o + r, n) + load(ph + 3 * o + r, n)) + load(pb + 3 * o + r, n))
    let cNew = f * load(pc + r, n) + i * g
    let tc = T.tanh(cNew)
    store(og * tc, hOut + r, n)
    store(cNew, cOut + r, n)
    if let pa {
      store(i, pa + r, n)
      store(f, pa + o + r, n)
      store(g, pa + 2 * o + r, n)
      store(og, pa + 3 * o + r, n)
      store(tc, pa + 4 * o + r, n)
    }
    r += W
  }
}
