// Broadcast fusion: a tree of dotted arithmetic (`x .* y .+ z`, `@. a*b - c/d`) evaluates its
// operands first, as Julia's fused broadcast does, then runs in one pass over the data when
// they are same-shape Float32 (or Float64) arrays and numbers off the autodiff tape.
// Anything else (broadcast shapes, other element types, tracked arrays, user types) goes
// through the one-operation-at-a-time broadcasts with the same operand values.
import EddyAutodiff
import EddySyntax
import EddyTensor

/// A dotted arithmetic expression over evaluated operands.
indirect enum FusionTree {
  case operand(Int)
  case op(BinOp, FusionTree, FusionTree)
}

extension Compiler {
  static let fusableOps: Set<String> = ["+", "-", "*", "/"]

  /// Whether `n` is a dotted `+ - * /` (a node a fused tree can absorb).
  static func isFusable(_ n: Node) -> Bool {
    if case .binary(let op, _, _, true) = n.kind, fusableOps.contains(op) { return true }
    return false
  }

  /// `a .op b` where either side is itself dotted arithmetic: compiled as one fused tree.
  func fusedBinary(_ op: String, _ a: Node, _ b: Node) throws -> Code? {
    guard Self.fusableOps.contains(op), Self.isFusable(a) || Self.isFusable(b),
      let bop = BinOp.parse(op)
    else { return nil }
    var operands: [Code] = []
    func build(_ n: Node) throws -> FusionTree {
      if case .binary(let o, let x, let y, true) = n.kind, Self.fusableOps.contains(o),
        let k = BinOp.parse(o)
      {
        let l = try build(x)
        return .op(k, l, try build(y))
      }
      operands.append(try expr(n))
      return .operand(operands.count - 1)
    }
    let lhs = try build(a)
    let tree = FusionTree.op(bop, lhs, try build(b))
    let codes = operands
    let i = interp
    return { f in
      var values: [Value] = []
      values.reserveCapacity(codes.count)
      for c in codes { values.append(try c(f)) }
      if let r = try i.fusedBroadcast(tree, values) { return r }
      return try i.stepwiseBroadcast(tree, values)
    }
  }
}

extension Interpreter {
  /// The tree one broadcast at a time, as unfused code would run it.
  func stepwiseBroadcast(_ t: FusionTree, _ values: [Value]) throws -> Value {
    switch t {
    case .operand(let k): return values[k]
    case .op(let op, let a, let b):
      let x = try stepwiseBroadcast(a, values)
      return try broadcastBinary(op, x, try stepwiseBroadcast(b, values))
    }
  }

  /// The tree in one pass, or nil when its operands are not all same-shape arrays of one
  /// float type and numbers that keep that type, free of the autodiff tape.
  func fusedBroadcast(_ t: FusionTree, _ values: [Value]) throws -> Value? {
    var inputs: [Tensor] = []
    var slot = [Int](repeating: -1, count: values.count)
    var scalars = [Double](repeating: 0, count: values.count)
    var dtype: DType? = nil
    var shape: [Int] = []
    let tape = Tape.active
    for (k, v) in values.enumerated() {
      if case .tensor(let x) = v {
        guard x.dtype == .float32 || x.dtype == .float64, !x.isBitArray else { return nil }
        if let d = dtype {
          guard d == x.dtype, x.shape == shape else { return nil }
        } else {
          dtype = x.dtype
          shape = x.shape
        }
        if let tape, tape.isTracked(x) { return nil }
        slot[k] = inputs.count
        inputs.append(x)
      }
    }
    guard let dtype else { return nil }
    for (k, v) in values.enumerated() where slot[k] < 0 {
      switch v {
      case .f32(let x): scalars[k] = Double(x)
      case .float(let x) where dtype == .float64: scalars[k] = x
      // Int promotes to the array's float type; beyond 2^53 the conversion through Double
      // could round twice.
      case .int(let x) where Swift.abs(x) <= 1 << 53: scalars[k] = Double(x)
      default: return nil
      }
    }
    var steps: [FusedStep] = []
    // Post-order: returns the operand for `t`, and whether it holds an array.
    func lower(_ t: FusionTree) -> (FusedOperand, Bool)? {
      switch t {
      case .operand(let k):
        return slot[k] >= 0 ? (.input(slot[k]), true) : (.scalar(scalars[k]), false)
      case .op(let op, let a, let b):
        guard let (x, xa) = lower(a), let (y, ya) = lower(b), xa || ya else { return nil }
        let fop: FusedOp
        switch op {
        case .add: fop = .add
        case .sub: fop = .sub
        case .mul: fop = .mul
        default: fop = .div
        }
        steps.append(FusedStep(fop, x, y))
        return (.step(steps.count - 1), true)
      }
    }
    // A number-only subtree (`2 ./ 3 .* x`) computes in its own types first: not fusable.
    guard lower(t) != nil else { return nil }
    return .tensor(try tensorOp { try Kernels.fused(steps, inputs: inputs) })
  }
}
