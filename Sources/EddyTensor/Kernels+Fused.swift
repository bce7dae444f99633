// Fused elementwise expressions: `x .* y .+ z` in one pass over the data, without a
// full-size temporary per operation. The expression runs a chunk at a time through
// L1-sized scratch rows; each element sees exactly the operations, in the order and
// precision, that the one-operation-at-a-time broadcasts would apply, so results are the same bits.

/// An arithmetic operator of a fused expression.
public enum FusedOp: Sendable { case add, sub, mul, div }

/// An operand of one fused step.
public enum FusedOperand: Sendable {
  /// Input array `k` (all inputs share the result's shape).
  case input(Int)
  /// A number, already converted to the element type.
  case scalar(Double)
  /// The result of step `k` (an earlier step).
  case step(Int)
}

/// `a op b`, one node of the expression, in evaluation order (the last step is the result).
public struct FusedStep: Sendable {
  public var op: FusedOp
  public var a: FusedOperand
  public var b: FusedOperand
  public init(_ op: FusedOp, _ a: FusedOperand, _ b: FusedOperand) {
    self.op = op
    self.a = a
    self.b = b
  }
}

extension Kernels {
  /// Elements per chunk: every scratch row stays in L1 while the steps run over it.
  static let fusedChunk = 1024

  /// Evaluates `steps` over same-shape Float32 or Float64 `inputs` (all of one dtype) into a
  /// new array of that shape. Every step has at least one array operand, so the element type
  /// never changes along the way.
  public static func fused(_ steps: [FusedStep], inputs: [Tensor]) throws -> Tensor {
    guard let first = inputs.first, !steps.isEmpty else {
      throw TensorError(.argument, "a fused expression needs an array input and a step")
    }
    let out = try Tensor.uninitialized(shape: first.shape, dtype: first.dtype)
    if first.dtype == .float32 {
      runFused(steps, inputs.map { UnsafePointer($0.storage.f) }, out.storage.f, out.count)
    } else {
      runFused(steps, inputs.map { UnsafePointer($0.storage.d) }, out.storage.d, out.count)
    }
    withExtendedLifetime(inputs) {}
    return out
  }

  private static func runFused<T: KernelFloat>(
    _ steps: [FusedStep], _ inputs: [UnsafePointer<T>], _ out: UnsafeMutablePointer<T>, _ n: Int
  ) {
    let chunk = fusedChunk
    let scratch = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(steps.count - 1, 1) * chunk)
    defer { scratch.deallocate() }
    let last = steps.count - 1
    var start = 0
    while start < n {
      let len = Swift.min(chunk, n - start)
      for (k, s) in steps.enumerated() {
        let z = k == last ? out + start : scratch + k * chunk
        func row(_ o: FusedOperand) -> UnsafePointer<T>? {
          switch o {
          case .input(let i): return inputs[i] + start
          case .step(let j): return UnsafePointer(scratch + j * chunk)
          case .scalar: return nil
          }
        }
        func value(_ o: FusedOperand) -> T {
          if case .scalar(let v) = o { return T(v) }
          return 0
        }
        switch (row(s.a), row(s.b)) {
        case (let x?, let y?): fusedLoop(s.op, len, z) { i in (x[i], y[i]) }
        case (let x?, nil):
          let c = value(s.b)
          fusedLoop(s.op, len, z) { i in (x[i], c) }
        case (nil, let y?):
          let c = value(s.a)
          fusedLoop(s.op, len, z) { i in (c, y[i]) }
        case (nil, nil):
          let p = value(s.a), q = value(s.b)
          fusedLoop(s.op, len, z) { _ in (p, q) }
        }
      }
      start += len
    }
  }

  /// `z[i] = a op b` over one chunk, the operator chosen outside the loop so each loop
  /// vectorises.
  @inline(__always)
  private static func fusedLoop<T: KernelFloat>(
    _ op: FusedOp, _ n: Int, _ z: UnsafeMutablePointer<T>, _ ab: (Int) -> (T, T)
  ) {
    switch op {
    case .add: for i in 0..<n { let (a, b) = ab(i); z[i] = a + b }
    case .sub: for i in 0..<n { let (a, b) = ab(i); z[i] = a - b }
    case .mul: for i in 0..<n { let (a, b) = ab(i); z[i] = a * b }
    case .div: for i in 0..<n { let (a, b) = ab(i); z[i] = a / b }
    }
  }
}
