// `f.(args...)`: tensor kernels for known functions, element-by-element calls for the rest.
import EddyAutodiff
import EddyTensor

extension Interpreter {
  public func broadcastCall(_ f: Value, _ args: [Value], _ kwargs: [(String, Value)] = []) throws -> Value {
    var args = args
    for (k, a) in args.enumerated() {
      // `Params` broadcasts as the collection of its arrays (`size.(params(m))`).
      if case .native(let n) = a, let p = n as? ParamsValue {
        args[k] = .array(ArrayValue(p.items.map { .tensor($0) }, eltype: Types.any))
      }
    }
    if !args.contains(where: { isArrayLike($0) || isTupleValue($0) }) {
      return try call(f, args.map(unwrapRef), kwargs)
    }
    if kwargs.isEmpty, let r = try kernelBroadcast(f, args) { return r }
    return try elementwise(f, args, kwargs)
  }

  /// The value inside a `Ref`, or `v` itself.
  func unwrapRef(_ v: Value) -> Value {
    if case .native(let n) = v, let r = n as? RefValue { return r.value }
    return v
  }

  func isTupleValue(_ v: Value) -> Bool {
    if case .tuple = v { return true }
    return false
  }

  /// Known functions on numeric arrays run as one tensor kernel.
  func kernelBroadcast(_ f: Value, _ args: [Value]) throws -> Value? {
    if args.contains(where: { if case .array = $0 { return true } else { return isTupleValue($0) } }) { return nil }
    switch f {
    case .fn(let fv) where fv.isBuiltin:
      if args.count == 1, let m = Interpreter.unaryMath[fv.name], let t = try asTensor(args[0]) {
        if let dom = m.domain, t.dtype.isFloat || t.dtype == .int64 {
          for k in 0..<t.count where !dom(t[linear: k]) {
            throw JuliaError(
              "DomainError",
              "DomainError with \(NumberFormat.show(t[linear: k])):\n\(fv.name) was called with a negative real argument but will only return a complex result if called with a complex argument. Try \(fv.name)(Complex(x)).")
          }
        }
        return wrap(try tensorOp { try Diff.map(m.op, t) })
      }
      if args.count == 2, let op = BinOp.parse(fv.name) ?? (fv.name == "max" ? .max : fv.name == "min" ? .min : nil),
        let k = op.tensorOp, let x = try asTensor(args[0]), let y = try asTensor(args[1])
      {
        return wrap(try tensorOp { try Diff.broadcast(k, x, y) })
      }
      if args.count == 1, fv.name == "-", let t = try asTensor(args[0]) { return wrap(try tensorOp { try Diff.map(.neg, t) }) }
      if args.count == 1, fv.name == "identity" { return args[0] }
      return nil
    case .type(let t):
      if args.count == 1, let d = Types.dtype(of: t), let x = try asTensor(args[0]) {
        return .tensor(try tensorOp { try Diff.converted(x, to: d) })
      }
      return nil
    default:
      return nil
    }
  }

  /// The general case: call `f` once per element of the broadcast shape.
  func elementwise(_ f: Value, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
    var shapes: [[Int]] = []
    for a in args {
      switch a {
      case .tensor(let t): shapes.append(t.shape)
      case .array(let x): shapes.append(x.shape)
      case .range(let r): shapes.append([r.count])
      case .tuple(let xs): shapes.append([xs.count])
      default: shapes.append([])
      }
    }
    var shape: [Int] = []
    for s in shapes { shape = try tensorOp { try Kernels.broadcastShape(shape, s) } }
    let n = shape.reduce(1, *)
    // Per-argument element accessors.
    let getters: [(Int) throws -> Value] = try args.enumerated().map { (k, a) in
      let s = shapes[k]
      let strides = Interpreter.broadcastStrides(s, to: shape)
      func src(_ i: Int) -> Int {
        if s.isEmpty { return 0 }
        var rem = i, off = 0
        for d in 0..<shape.count {
          let c = rem % shape[d]
          rem /= shape[d]
          off += c * strides[d]
        }
        return off
      }
      switch a {
      case .tensor(let t):
        if let tape = Tape.active, tape.isTracked(t) {
          return { i in self.wrap(try tensorOp { try Diff.index(t, [.scalar(src(i) + 1)]) }) }
        }
        return { i in self.scalarValue(t, src(i)) }
      case .array(let x): return { i in x.items[src(i)] }
      case .range(let r): return { i in r.element(src(i)) }
      case .tuple(let xs): return { i in xs[src(i)] }
      default:
        // `Ref(x)` shields `x` from broadcasting: every call sees `x` itself.
        let v = unwrapRef(a)
        return { _ in v }
      }
    }
    try checkCollectionSize(n)
    var out: [Value] = []
    out.reserveCapacity(n)
    for i in 0..<n {
      out.append(try call(f, try getters.map { try $0(i) }, kwargs))
    }
    if args.allSatisfy({ if case .tuple = $0 { return true } else { return !isArrayLike($0) } }) {
      return .tuple(out)
    }
    let result = try collectArray(out, shape: shape, eltype: nil)
    // Julia's broadcast stores Bool results in a BitArray (`iseven.(x)` is a BitVector).
    if case .tensor(let t) = result, t.dtype == .bool { t.isBitArray = true }
    return result
  }

  /// Strides (in elements) of a column-major array of `shape` seen through broadcast `target`.
  static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
    var strides: [Int] = []
    var acc = 1
    for d in 0..<target.count {
      let sz = d < shape.count ? shape[d] : 1
      strides.append(sz == 1 ? 0 : acc)
      acc *= sz
    }
    return strides
  }
}
