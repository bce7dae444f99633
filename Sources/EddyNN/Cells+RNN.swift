// The fused vanilla RNN step (flux-spec §1.1) and its pullback.
//
//   h′ = σ((Wi*x + Wh*h) + b)      σ ∈ {tanh, σ, relu, identity}

import EddyAutodiff
import EddyTensor

/// The fused recurrent cells: one call per step, forward kernels that run two matrix products
/// and a single pass over the gates, and pullbacks recorded on the autodiff tape.
///
/// Every step validates its operands (`StepShape`) and promotes a mixed Float32/Float64 step to
/// Float64, as the interpreted cell code would; Float32 steps stay Float32.
public enum Cells {
  /// One `RNNCell` step: `h′ = σ.(Wi*x .+ Wh*h .+ b)`, recorded on the active tape when any
  /// operand is tracked.
  ///
  /// `x` is `(in,)` or `(in, B)`; `h` is `(out,)`, `(out, 1)` or `(out, B)`, and a one-column `h`
  /// broadcasts over the batch.
  ///
  /// - Throws: `DimensionMismatch` (or `ArgumentError` for non-float arrays) naming the operand
  ///   whose shape does not fit; see `StepShape.rnn`.
  public static func rnnStep(
    _ act: CellActivation, Wi: Tensor, Wh: Tensor, b: Tensor, h: Tensor, x: Tensor
  ) throws -> Tensor {
    try rnnRun(act, StepShape.rnn(Wi: Wi, Wh: Wh, b: b, h: h, x: x), [Wi, Wh, b, h, x])
  }

  /// As `rnnStep`, but nil instead of an error when the operands are not float vectors and
  /// matrices that fit together (or mix dtypes in a way the fused step would round differently
  /// from the generic code, see `StepShape.exact`), so that a caller can fall back to it.
  public static func rnnStepIfFits(
    _ act: CellActivation, Wi: Tensor, Wh: Tensor, b: Tensor, h: Tensor, x: Tensor,
    projected: Projected? = nil
  ) throws -> Tensor? {
    guard let s = try? StepShape.rnn(Wi: Wi, Wh: Wh, b: b, h: h, x: x), s.exact else { return nil }
    return try rnnRun(act, s, [Wi, Wh, b, h, x], projected)
  }

  /// The step on validated operands: promotes them to the step's dtype, then runs the kernel.
  static func rnnRun(
    _ act: CellActivation, _ s: StepShape, _ operands: [Tensor], _ projected: Projected? = nil
  ) throws -> Tensor {
    let ops = try promoted(operands, s.dtype)
    if s.dtype == .float32 { return try rnnForward(Float.self, act, s, ops, operands, projected) }
    return try rnnForward(Double.self, act, s, ops, operands, projected)
  }

  static func rnnForward<T: CellFloat>(
    _: T.Type, _ act: CellActivation, _ s: StepShape, _ ops: [Tensor], _ raw: [Tensor],
    _ projected: Projected?
  ) throws -> Tensor {
    let b = ops[2]
    let o = s.hidden
    let hn = try Tensor.uninitialized(shape: s.outShape, dtype: T.dtype)
    // Wi*x then Wh*h, in one block.
    let gx: UnsafeMutablePointer<T> = try scratch(o * s.xCols + o * s.hCols)
    defer { gx.deallocate() }
    let gh = gx + o * s.xCols
    // The products from the operands as given: a mixed step multiplies in each product's
    // own promoted dtype, as `*` does.
    let xBlock = try inputProduct(projected, raw[0], raw[4], count: o * s.xCols, scratch: gx)
    try multiply(raw[1], raw[3], into: gh)
    let sx = s.xCols == 1 ? 0 : o
    let sh = s.hCols == 1 ? 0 : o
    let pb = UnsafePointer(T.buffer(b))
    let pOut = T.buffer(hn)
    switch act {
    case .tanh: rnnPass(s, xBlock, sx, gh, sh, pb, pOut) { T.tanh($0) }
    case .sigmoid: rnnPass(s, xBlock, sx, gh, sh, pb, pOut) { T.sigmoid($0) }
    case .relu: rnnPass(s, xBlock, sx, gh, sh, pb, pOut) { T.relu($0) }
    case .identity: rnnPass(s, xBlock, sx, gh, sh, pb, pOut) { $0 }
    }
    if let mask = Diff.tracked(ops) {
      // h′ itself is all the pullback needs for σ′; it is saved like any other array.
      let saved = ops.map { SavedTensor($0) }
      let out = SavedTensor(hn)
      Diff.record(output: hn, inputs: ops) { g, ctx in
        try rnnBackward(T.self, act, s, mask, g, out, saved, ctx)
      }
    }
    // The raw pointers above must not outlive what they point into.
    withExtendedLifetime((ops, projected)) {}
    return hn
  }

  /// `out[:, j] = f((gx[:, j] + gh[:, j]) + b)` over the batch, a broadcast operand having
  /// column stride 0.
  @inline(__always)
  static func rnnPass<T: CellFloat>(
    _ s: StepShape, _ gx: UnsafePointer<T>, _ sx: Int, _ gh: UnsafeMutablePointer<T>,
    _ sh: Int, _ pb: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ f: (T.Lanes) -> T.Lanes
  ) {
    let o = s.hidden
    let W = T.Lanes.scalarCount
    for j in 0..<s.batch {
      let px = gx + j * sx
      let ph = UnsafePointer(gh + j * sh)
      let po = out + j * o
      var r = 0
      while r < o {
        let n = Swift.min(W, o - r)
        store(f((load(px + r, n) + load(ph + r, n)) + load(pb + r, n)), po + r, n)
        r += W
      }
    }
  }

  /// The pullback: `dP = dh′ ⊙ σ′` from the saved `h′` in one pass (into the tape's deferred
  /// columns for `dWi`, `dWh`), then the products.
  static func rnnBackward<T: CellFloat>(
    _: T.Type, _ act: CellActivation, _ s: StepShape, _ mask: [Bool], _ g: Tensor,
    _ out: SavedTensor, _ saved: [SavedTensor], _ ctx: PullbackContext? = nil
  ) throws -> [Tensor?] {
    let count = s.hidden * s.batch
    let yv = try out.value()
    let y = UnsafePointer(T.buffer(yv))
    let dy = UnsafePointer(T.buffer(g))
    let deferred = try ctx.flatMap {
      try DeferredProducts<T>(
        $0, rows: s.hidden, batch: s.batch,
        [DeferredTarget(input: 0, rows: s.input), DeferredTarget(input: 1, rows: s.hidden)])
    }
    let work: UnsafeMutablePointer<T> = try scratch(deferred == nil ? count : 0)
    defer { work.deallocate() }
    let p = deferred?.left ?? work
    switch act {
    case .tanh: for k in 0..<count { p[k] = dy[k] * (1 - y[k] * y[k]) }
    case .sigmoid: for k in 0..<count { p[k] = dy[k] * y[k] * (1 - y[k]) }
    case .relu: for k in 0..<count { p[k] = y[k] > 0 ? dy[k] : 0 }
    case .identity: p.update(from: dy, count: count)
    }
    let need = GateNeeds(Wi: mask[0], Wh: mask[1], b: mask[2], h: mask[3], x: mask[4])
    let gg = try gateProducts(
      T.self, s, need, dGx: p, xRows: s.hidden, dGh: p, hRows: s.hidden, dhDirect: nil,
      Wi: saved[0], Wh: saved[1], h: saved[3], x: saved[4],
      deferWi: deferred?.right[0], deferWh: deferred?.right[1])
    withExtendedLifetime((yv, g)) {}
    return [gg.dWi, gg.dWh, gg.db, gg.dh, gg.dx]
  }
}
