// Ops whose forward is not a single kernel: custom (fused) ops recorded by their caller, arrays
// built from scalars, and dtype conversions.

import EddyTensor

extension Diff {
  /// The node of each of `inputs` on `tape` (-1 for constants), or nil when none is tracked,
  /// so that nothing is recorded.
  static func trackedIDs(_ inputs: [Tensor], on tape: Tape) -> [Int32]? {
    let ids = inputs.map { tape.node($0) }
    return ids.contains(where: { $0 >= 0 }) ? ids : nil
  }

  /// Records a custom op whose forward the caller already computed (fused NN cell kernels).
  ///
  /// `pullback` maps the gradient of `output` to one gradient per input, in order (nil = none);
  /// gradients are converted and reshaped to their input's dtype and shape. Nothing is recorded
  /// unless a tape is active and some input is tracked on it.
  public static func record(
    output: Tensor, inputs: [Tensor], pullback: @escaping (Tensor) throws -> [Tensor?]
  ) {
    record(output: output, inputs: inputs) { g, _ in try pullback(g) }
  }

  /// As `record(output:inputs:pullback:)`, with a `PullbackContext` for the pullback, through
  /// which it may defer weight products to the tape (`deferOuterProducts`).
  public static func record(
    output: Tensor, inputs: [Tensor],
    pullback: @escaping (Tensor, PullbackContext) throws -> [Tensor?]
  ) {
    guard let tape = Tape.active, output.dtype.isFloat, let ids = trackedIDs(inputs, on: tape) else { return }
    tape.push(output) { g, t in
      let gs = try pullback(g, PullbackContext(tape: t, ids: ids))
      for i in 0..<Swift.min(gs.count, ids.count) where ids[i] >= 0 {
        if let gi = gs[i] { try t.accumulate(gi, into: ids[i]) }
      }
    }
  }

  /// Records a custom op with several outputs (the LSTM step's `h′` and `c′`).
  ///
  /// `pullback` runs once per backward pass, with one gradient per output in order (nil for an
  /// output no later computation used; it is not called when none was used), and returns one
  /// gradient per input (nil = none). The outputs must be fresh tensors made by the op. Nothing
  /// is recorded unless a tape is active and some input is tracked on it.
  public static func record(
    outputs: [Tensor], inputs: [Tensor], pullback: @escaping ([Tensor?]) throws -> [Tensor?]
  ) {
    record(outputs: outputs, inputs: inputs) { gs, _ in try pullback(gs) }
  }

  /// As `record(outputs:inputs:pullback:)`, with a `PullbackContext` for the pullback, through
  /// which it may defer weight products to the tape (`deferOuterProducts`).
  public static func record(
    outputs: [Tensor], inputs: [Tensor],
    pullback: @escaping ([Tensor?], PullbackContext) throws -> [Tensor?]
  ) {
    guard let tape = Tape.active, let ids = trackedIDs(inputs, on: tape) else { return }
    tape.pushJoint(outputs: outputs) { gs, t in
      let gi = try pullback(gs, PullbackContext(tape: t, ids: ids))
      for i in 0..<Swift.min(gi.count, ids.count) where ids[i] >= 0 {
        if let g = gi[i] { try t.accumulate(g, into: ids[i]) }
      }
    }
  }

  /// Which of `inputs` the active tape tracks, or nil when no tape is active or none is tracked
  /// (then an op need neither save anything nor record itself).
  public static func tracked(_ inputs: [Tensor]) -> [Bool]? {
    guard let tape = Tape.active else { return nil }
    var any = false
    let mask = inputs.map { t -> Bool in
      let on = tape.isTracked(t)
      any = any || on
      return on
    }
    return any ? mask : nil
  }

  /// Builds an array of `shape` and `dtype` from one-element tensors, in column-major order
  /// (`[a, b, c]` literals and comprehensions of tracked numbers). Each element's gradient is
  /// routed back to its scalar.
  ///
  /// - Throws: `DimensionMismatch` when the count does not match `shape`, `InexactError` when
  ///   a value does not fit `dtype`.
  public static func stack(scalars: [Tensor], shape: [Int], dtype: DType) throws -> Tensor {
    let out = try Tensor(shape: shape, dtype: dtype)
    guard out.count == scalars.count else {
      throw TensorError(
        .dimensionMismatch,
        "cannot build an array of \(out.count) elements from \(scalars.count) values")
    }
    for (i, s) in scalars.enumerated() {
      guard s.count == 1 else {
        throw TensorError(.argument, "array element \(i + 1) is not a single number")
      }
      out[linear: i] = try out.storable(s[linear: 0], from: s.dtype)
    }
    guard let tape = Tape.active, dtype.isFloat, let ids = trackedIDs(scalars, on: tape) else { return out }
    tape.push(out) { g, t in
      for i in 0..<ids.count where ids[i] >= 0 {
        try t.accumulate(Tensor.scalar(g[linear: i], g.dtype), into: ids[i])
      }
    }
    return out
  }

  /// `convert`/`Float32.(x)`/`Float64.(x)`: Float32 ↔ Float64 is differentiable (the gradient
  /// is converted back); conversions to Int64 or Bool give untracked results.
  public static func converted(_ a: Tensor, to dtype: DType) throws -> Tensor {
    let out = try a.converted(to: dtype)
    guard let tape = Tape.active else { return out }
    let na = tape.node(a)
    if na < 0 || !dtype.isFloat { return out }
    tape.push(out) { g, t in try t.accumulate(g, into: na) }
    return out
  }

  /// `reshape(a, shape)`: shares storage with `a`; the gradient is reshaped back.
  public static func reshaped(_ a: Tensor, _ shape: [Int]) throws -> Tensor {
    let out = try a.reshaped(shape)
    guard let tape = Tape.active else { return out }
    let na = tape.node(a)
    if na < 0 { return out }
    tape.push(out) { g, t in try t.accumulate(g, into: na) }
    return out
  }
}

/// A tensor saved for a backward pass, with its storage version at the time it was saved.
///
/// `value()` fails with the usual "modified in place" `ArgumentError` when the array was
/// written in place (`x .= …`, `x[i] = …`) after the forward pass used it, as every built-in
/// rule does.
public struct SavedTensor {
  public let tensor: Tensor
  public let version: Int

  public init(_ t: Tensor) {
    tensor = t
    version = t.storage.version
  }

  /// The saved tensor, after checking that it was not modified in place.
  @inline(__always) public func value() throws -> Tensor {
    try checkSaved(tensor, version)
    return tensor
  }
}
