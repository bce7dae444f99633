// Arithmetic on values: Julia's promotion for scalars, array operators, and broadcasting.
import EddyAutodiff
import EddyTensor

#if canImport(Glibc)
  import Glibc
#endif

extension Interpreter {
  // MARK: Scalars and tensors

  /// A number as a 0-d tensor (for mixing scalars into array kernels).
  func scalarTensor(_ v: Value) -> Tensor? {
    switch v {
    case .int(let x): return Tensor.scalar(Double(x), .int64)
    case .float(let x): return Tensor.scalar(x, .float64)
    case .f32(let x): return Tensor.scalar(Double(x), .float32)
    case .bool(let x): return Tensor.scalar(x ? 1 : 0, .bool)
    case .tnum(let t): return t
    default: return nil
    }
  }

  /// Any array-like value as a tensor: tensors, ranges, numeric value arrays.
  func asTensor(_ v: Value) throws -> Tensor? {
    switch v {
    case .tensor(let t): return t
    case .tnum(let t): return t
    case .range(let r):
      let n = r.count
      try tensorOp { try Tensor.checkAllocation([n], r.isInt ? .int64 : .float64) }
      if r.isInt { return Tensor(shape: [n], doubles: (0..<n).map { r.start + Double($0) * r.step }, dtype: .int64) }
      return Tensor(shape: [n], doubles: (0..<n).map { r.floatElement($0) }, dtype: .float64)
    default: return scalarTensor(v)
    }
  }

  /// A kernel result as a value: 0-d results become numbers unless the tape tracks them.
  func wrap(_ t: Tensor) -> Value {
    if t.ndims == 0 {
      if let tape = Tape.active, tape.isTracked(t) { return .tnum(t) }
      return scalarValue(t, 0)
    }
    return .tensor(t)
  }

  /// Element `i` (0-based, linear) of a tensor as a plain number.
  @inline(__always) func scalarValue(_ t: Tensor, _ i: Int) -> Value {
    switch t.dtype {
    case .float32: return .f32(t.storage.f[i])
    case .float64: return .float(t.storage.d[i])
    case .int64: return .int(storedInt(t.storage.d[i]))
    case .bool: return .bool(t.storage.d[i] != 0)
    }
  }

  func isArrayLike(_ v: Value) -> Bool {
    switch v {
    case .tensor, .range, .array: return true
    default: return false
    }
  }

  // MARK: Binary operators

  public func binary(_ op: BinOp, _ a: Value, _ b: Value) throws -> Value {
    if let r = try scalarBinary(op, a, b) { return r }
    switch (a, b) {
    case (.str(let x), .str(let y)):
      switch op {
      case .mul: return .str(x + y)
      case .eq: return .bool(x == y)
      case .ne: return .bool(x != y)
      case .lt: return .bool(x < y)
      case .le: return .bool(x <= y)
      case .gt: return .bool(x > y)
      case .ge: return .bool(x >= y)
      default: break
      }
    case (.str(let x), .int(let n)) where op == .pow:
      guard n >= 0 else { throw JuliaError.argument("can't repeat a string \(n) times") }
      try checkRepeatedString(x, n)
      return .str(String(repeating: x, count: n))
    case (.char(let x), .char(let y)):
      switch op {
      case .eq: return .bool(x == y)
      case .ne: return .bool(x != y)
      case .lt: return .bool(x.value < y.value)
      case .le: return .bool(x.value <= y.value)
      case .gt: return .bool(x.value > y.value)
      case .ge: return .bool(x.value >= y.value)
      case .mul: return .str(String(x) + String(y))
      case .sub: return .int(Int(x.value) - Int(y.value))
      default: break
      }
    case (.char(let x), .int(let n)) where op == .add || op == .sub:
      let code = op == .add ? Int(x.value) &+ n : Int(x.value) &- n
      guard code >= 0, code <= 0x10FFFF, let c = Unicode.Scalar(UInt32(code)) else {
        throw JuliaError("ArgumentError", "invalid Unicode code point \(code)")
      }
      return .char(c)
    case (.int(let n), .char(let x)) where op == .add:
      return try binary(.add, .char(x), .int(n))
    case (.str(let x), .char(let y)) where op == .mul: return .str(x + String(y))
    case (.char(let x), .str(let y)) where op == .mul: return .str(String(x) + y)
    default: break
    }
    if op == .eq { return .bool(try equal(a, b)) }
    if op == .ne { return .bool(!(try equal(a, b))) }
    if isArrayLike(a) || isArrayLike(b) { return try arrayBinary(op, a, b) }
    if case .tnum = a, let x = scalarTensor(a), let y = scalarTensor(b) { return try tensorBinary(op, x, y) }
    if case .tnum = b, let x = scalarTensor(a), let y = scalarTensor(b) { return try tensorBinary(op, x, y) }
    // User-defined operator methods (`Base.:+(a::T, b::T)`).
    if let r = base.globals[op.rawValue], case .fn(let f)? = r.value, f.methods.contains(where: { $0.native == nil }) {
      return try callFunction(f, [a, b], [])
    }
    if case .tuple(let x) = a, case .tuple(let y) = b, op == .lt || op == .le || op == .gt || op == .ge {
      return .bool(try compareTuples(op, x, y))
    }
    // Pairs order lexicographically, as `isless` does in Julia (`sort([2 => "b", 1 => "a"])`).
    if case .obj(let x) = a, case .obj(let y) = b, x.type === BuiltinTypes.pair, y.type === BuiltinTypes.pair,
      op == .lt || op == .le || op == .gt || op == .ge
    {
      return .bool(try compareTuples(op, x.fields, y.fields))
    }
    throw methodError(op.rawValue, [a, b])
  }

  func tensorBinary(_ op: BinOp, _ x: Tensor, _ y: Tensor) throws -> Value {
    guard let k = op.tensorOp else { throw methodError(op.rawValue, [wrap(x), wrap(y)]) }
    return wrap(try tensorOp { try Diff.broadcast(k, x, y) })
  }

  func compareTuples(_ op: BinOp, _ x: [Value], _ y: [Value]) throws -> Bool {
    for (p, q) in zip(x, y) {
      if try equal(p, q) { continue }
      guard case .bool(let lt) = try binary(.lt, p, q) else { return false }
      return op == .lt || op == .le ? lt : !lt
    }
    switch op {
    case .lt: return x.count < y.count
    case .le: return x.count <= y.count
    case .gt: return x.count > y.count
    default: return x.count >= y.count
    }
  }

  /// Array operators without dots: `A * B` is a product, `A + B` needs equal shapes.
  func arrayBinary(_ op: BinOp, _ a: Value, _ b: Value) throws -> Value {
    if op == .mul, let r = rangeArithmetic(op, a, b) { return r }  // `2 * (1:3) == 2:2:6`
    if case .array = a { return try broadcastCall(.fn(builtin(op.rawValue)), [a, b]) }
    if case .array = b { return try broadcastCall(.fn(builtin(op.rawValue)), [a, b]) }
    guard let x = try asTensor(a), let y = try asTensor(b) else { throw methodError(op.rawValue, [a, b]) }
    let xa = x.ndims > 0, ya = y.ndims > 0
    switch op {
    case .add, .sub:
      guard xa && ya else { throw methodError(op.rawValue, [a, b]) }
      guard x.shape == y.shape else {
        throw JuliaError.dimension(
          "dimensions must match: a has dims \(axesText(x.shape)), b has dims \(axesText(y.shape)), mismatch at 1")
      }
      return wrap(try tensorOp { try Diff.broadcast(op == .add ? .add : .sub, x, y) })
    case .mul:
      // An adjoint vector times a vector is their dot product, a number (Julia's `v' * w`).
      if x.isAdjointVector && y.ndims == 1 {
        return wrap(try tensorOp { try Diff.reshaped(try Diff.matmul(x, y), []) })
      }
      if xa && ya && (x.ndims == 1 && y.ndims == 1 || x.ndims > 2 || y.ndims > 2) {
        throw methodError("*", [a, b])
      }
      if xa && ya { return wrap(try tensorOp { try Diff.matmul(x, y) }) }
      return wrap(try tensorOp { try Diff.broadcast(.mul, x, y) })
    case .div:
      guard !ya else { throw methodError("/", [a, b]) }
      return wrap(try tensorOp { try Diff.broadcast(.div, x, y) })
    case .ldiv:
      // `A \ b`: a linear solve (least squares for a non-square A).
      if x.ndims == 2 && ya { return wrap(try tensorOp { try Diff.solve(x, y) }) }
      guard !xa else { throw methodError("\\", [a, b]) }
      return wrap(try tensorOp { try Diff.broadcast(.div, y, x) })
    case .pow:
      guard x.ndims == 2, !ya, y.dtype == .int64 else { throw methodError("^", [a, b]) }
      return .tensor(try matrixPower(x, storedInt(y[linear: 0])))
    default:
      throw methodError(op.rawValue, [a, b])
    }
  }

  func axesText(_ s: [Int]) -> String {
    "(" + s.map { "Base.OneTo(\($0))" }.joined(separator: ", ") + (s.count == 1 ? ",)" : ")")
  }

  // MARK: Broadcasting

  public func broadcastBinary(_ op: BinOp, _ a: Value, _ b: Value) throws -> Value {
    if let r = rangeArithmetic(op, a, b) { return r }
    if !isArrayLike(a) && !isArrayLike(b) {
      if case .tuple = a { return try broadcastCall(.fn(builtin(op.rawValue)), [a, b]) }
      if case .tuple = b { return try broadcastCall(.fn(builtin(op.rawValue)), [a, b]) }
      return try binary(op, a, b)
    }
    if case .array = a { return try broadcastCall(.fn(builtin(op.rawValue)), [a, b]) }
    if case .array = b { return try broadcastCall(.fn(builtin(op.rawValue)), [a, b]) }
    guard let k = op.tensorOp, let x = try asTensor(a), let y = try asTensor(b) else {
      return try broadcastCall(.fn(builtin(op.rawValue)), [a, b])
    }
    return wrap(try tensorOp { try Diff.broadcast(k, x, y) })
  }

  func broadcastUnaryMinus(_ a: Value) throws -> Value {
    if let x = try asTensor(a), isArrayLike(a) { return wrap(try tensorOp { try Diff.map(.neg, x) }) }
    if case .array = a { return try broadcastCall(.fn(builtin("-")), [a]) }
    return try negate(a)
  }

  public func negate(_ a: Value) throws -> Value {
    switch a {
    case .int(let x): return .int(0 &- x)
    case .float(let x): return .float(-x)
    case .f32(let x): return .f32(-x)
    case .bool(let x): return .int(x ? -1 : 0)
    case .tensor(let t): return .tensor(try tensorOp { try Diff.map(.neg, t) })
    case .tnum(let t): return wrap(try tensorOp { try Diff.map(.neg, t) })
    case .range(let r):
      return .range(RangeValue(start: -r.start, step: -r.step, count: r.count, isInt: r.isInt, explicitStep: true))
    default:
      if let r = base.globals["-"], case .fn(let f)? = r.value, f.methods.contains(where: { $0.native == nil }) {
        return try callFunction(f, [a], [])
      }
      throw methodError("-", [a])
    }
  }

  /// `a'` and `adjoint(a)`, or `transpose(a)` (the same for real numbers; only the summary
  /// line differs). A vector's adjoint is a 1×n row sharing its storage, as Julia's lazy
  /// `Adjoint` shares its parent's; the adjoint of that row is the vector again.
  public func adjoint(_ a: Value, name: String = "adjoint") throws -> Value {
    switch a {
    case .tensor(let t):
      if t.isAdjointVector && t.ndims == 2 {
        if let p = t.adjointParent, p.storage === t.storage, p.shape == [t.count] { return .tensor(p) }
        return .tensor(try tensorOp { try Diff.reshaped(t, [t.count]) })
      }
      let r = try tensorOp { t.ndims == 1 ? try Diff.reshaped(t, [1, t.count]) : try Diff.transpose(t) }
      if r !== t {
        r.isAdjointVector = t.ndims == 1
        if t.ndims == 1 { r.adjointParent = t }
        if t.ndims <= 2 { r.wrapper = "\(name)(::\(t.typeName))" }
      }
      return .tensor(r)
    case .int, .float, .f32, .bool, .tnum: return a
    case .range: return try adjoint(.tensor(try asTensor(a) ?? Tensor.scalar(0, .int64)), name: name)
    default: throw methodError(name, [a])
    }
  }

  // MARK: Ranges, pairs, composition

  func makeRange(_ a: Value, _ s: Value?, _ b: Value) throws -> Value {
    switch (a, s, b) {
    case (.int(let x), nil, .int(let y)): return .range(RangeValue.unit(x, y))
    case (.int(let x), .int(let st)?, .int(let y)):
      guard st != 0 else { throw JuliaError.argument("step cannot be zero") }
      // The span in UInt: `typemin(Int):2:typemax(Int)` does not overflow.
      let span = st > 0 ? (y >= x ? UInt(bitPattern: y &- x) : nil) : (x >= y ? UInt(bitPattern: x &- y) : nil)
      let n = span.map { Int(clamping: $0 / st.magnitude &+ 1) } ?? 0
      return .range(RangeValue.integers(start: x, step: st, count: n, explicitStep: true))
    default:
      guard let x = toDouble(a), let y = toDouble(b) else { throw methodError(":", [a, b]) }
      let st = try s.map { v -> Double in
        guard let d = toDouble(v) else { throw methodError(":", [a, v, b]) }
        return d
      } ?? 1
      guard st != 0 else { throw JuliaError.argument("step cannot be zero") }
      return .range(RangeValue.float(start: x, step: st, stop: y))
    }
  }

  func makePair(_ a: Value, _ b: Value) -> Value {
    .obj(StructValue(type: BuiltinTypes.pair, fields: [a, b]))
  }

  func compose(_ f: Value, _ g: Value) -> Value {
    let fv = FunctionValue(name: "∘")
    fv.methods = [.native("∘") { [unowned self] args, kw in try self.call(f, [try self.call(g, args, kw)]) }]
    return .fn(fv)
  }

  func toDouble(_ v: Value) -> Double? {
    switch v {
    case .int(let x): return Double(x)
    case .float(let x): return x
    case .f32(let x): return Double(x)
    case .bool(let x): return x ? 1 : 0
    case .tnum(let t): return t[linear: 0]
    default: return nil
    }
  }

  func toInt(_ v: Value, _ what: String = "argument") throws -> Int {
    switch v {
    case .int(let x): return x
    case .bool(let x): return x ? 1 : 0
    case .float(let x):
      guard x.rounded() == x, abs(x) < 9.2e18 else { throw JuliaError.inexact("Int64(\(showString(v)))") }
      return Int(x)
    case .f32(let x):
      guard x.rounded() == x, abs(x) < 9.2e18 else { throw JuliaError.inexact("Int64(\(showString(v)))") }
      return Int(x)
    default: throw JuliaError("MethodError", "\(what) must be an integer, got a value of type \(typeOf(v))")
    }
  }
}
