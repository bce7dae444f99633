// Reductions (sum, mean, maximum, ...), with `dims` and with a function first.
import EddyAutodiff
import EddyTensor

extension Interpreter {
  func registerReductions() {
    for (name, op) in [("sum", ReduceOp.sum), ("prod", .prod), ("maximum", .maximum), ("minimum", .minimum), ("mean", .mean)] {
      def(name) { [unowned self] args, kw in try self.reduction(name, op, args, kw) }
    }
    for (name, isStd) in [("std", true), ("var", false)] {
      def(name) { [unowned self] args, kw in
        guard let v = args.first, let t = try self.asTensor(v) else { throw self.methodError(name, args) }
        let corrected = kw.first { $0.0 == "corrected" }.map { if case .bool(let b) = $0.1 { return b } else { return true } } ?? true
        let r = try tensorOp { try Kernels.varStd(t, dims: try self.dimsKw(kw), std: isStd, corrected: corrected) }
        return self.wrap(r)
      }
    }
    for (name, isMax) in [("findmax", true), ("findmin", false), ("argmax", true), ("argmin", false)] {
      def(name) { [unowned self] args, kw in
        var v = args.last ?? .nothing
        if args.count == 2 { v = try self.broadcastCall(args[0], [args[1]]) }
        if case .array(let a) = v {
          v = try self.collectArray(a.items, shape: a.shape, eltype: nil)
        }
        guard let t = try self.asTensor(v), self.isArrayLike(v) else { throw self.methodError(name, args) }
        let dims = try self.dimsKw(kw)?.first
        let r = try tensorOp { try Kernels.argExtremum(t, max: isMax, dims: dims) }
        // A vector's positions are integers; an N-d array's are CartesianIndex values.
        let position: (Int) -> Value = { k in
          t.ndims <= 1 ? .int(k) : self.cartesianIndex(linear: k - 1, shape: t.shape)
        }
        let idx: Value
        if dims == nil {
          idx = position(r.indices.first ?? 0)
        } else if t.ndims <= 1 {
          idx = try self.collectArray(r.indices.map { .int($0) }, shape: r.values.shape, eltype: nil)
        } else {
          idx = .array(ArrayValue(r.indices.map(position), shape: r.values.shape, eltype: BuiltinTypes.cartesianIndex(t.ndims)))
        }
        if name.hasPrefix("arg") { return idx }
        return .tuple([self.wrap(r.values), idx])
      }
    }
    def("cumsum") { [unowned self] args, kw in
      guard let v = args.first, let t = try self.asTensor(v) else { throw self.methodError("cumsum", args) }
      let dims = try self.dimsKw(kw)?.first
      // Julia's cumsum needs `dims` for anything but a vector.
      if dims == nil && t.ndims > 1 { throw JuliaError("UndefKeywordError", "keyword argument `dims` not assigned") }
      return .tensor(try tensorOp { try Kernels.cumsum(t, dims: dims ?? 1) })
    }
    def("dot") { [unowned self] args, _ in
      guard args.count == 2, let x = try self.asTensor(args[0]), let y = try self.asTensor(args[1]) else { throw self.methodError("dot", args) }
      guard x.count == y.count else {
        throw JuliaError.dimension("first array has length \(x.count) which does not match the length of the second, \(y.count).")
      }
      let flat = try tensorOp { try Diff.reshaped(y, x.shape) }
      return self.wrap(try tensorOp { try Diff.reduce(.sum, try Diff.broadcast(.mul, x, flat), dims: nil) })
    }
    def("norm") { [unowned self] args, _ in
      guard let v = args.first, let x = try self.asTensor(v) else { throw self.methodError("norm", args) }
      let p = args.count > 1 ? self.toDouble(args[1]) ?? 2 : 2
      if p == 1 { return self.wrap(try tensorOp { try Diff.reduce(.sum, try Diff.map(.abs, x), dims: nil) }) }
      let sq = try tensorOp { try Diff.reduce(.sum, try Diff.broadcast(.mul, x, x), dims: nil) }
      return self.wrap(try tensorOp { try Diff.map(.sqrt, sq) })
    }
    for (name, isLog) in [("softmax", false), ("logsoftmax", true)] {
      def(name) { [unowned self] args, kw in
        guard let v = args.first, let t = try self.asTensor(v) else { throw self.methodError(name, args) }
        let d = try self.dimsKw(kw)?.first ?? 1
        return .tensor(try tensorOp { isLog ? try Diff.logsoftmax(t, dims: d) : try Diff.softmax(t, dims: d) })
      }
    }
    def("extrema", doc: "extrema(itr): the tuple `(minimum(itr), maximum(itr))`.") { [unowned self] args, kw in
      .tuple([
        try self.reduction("minimum", .minimum, args, kw), try self.reduction("maximum", .maximum, args, kw),
      ])
    }
    def("any") { [unowned self] args, _ in try self.anyAll(args, isAny: true) }
    def("all") { [unowned self] args, _ in try self.anyAll(args, isAny: false) }
    def("count") { [unowned self] args, _ in
      var n = 0
      let f = args.count == 2 ? args[0] : nil
      try self.forEach(args.last ?? .nothing) { x in
        let b = try f.map { try self.call($0, [x]) } ?? x
        if case .bool(true) = b { n += 1 }
        return true
      }
      return .int(n)
    }
  }

  func reduction(_ name: String, _ op: ReduceOp, _ args: [Value], _ kw: [(String, Value)]) throws -> Value {
    // `init` starts the fold (and is the answer for an empty collection): `sum(Int[]; init = 5)`.
    if let i = kw.firstIndex(where: { $0.0 == "init" }), op != .mean {
      let initial = kw[i].1
      var rest = kw
      rest.remove(at: i)
      guard let v = args.last else { throw methodError(name, args) }
      if try lengthOf(v) == 0 { return initial }
      let r = try reduction(name, op, args, rest)
      switch op {
      case .sum: return try binary(.add, initial, r)
      case .prod: return try binary(.mul, initial, r)
      case .maximum: return try foldBinary(.max, name, [initial, r])
      default: return try foldBinary(.min, name, [initial, r])
      }
    }
    guard var v = args.last else { throw methodError(name, args) }
    let dims = try dimsKw(kw)
    if args.count == 1, dims == nil, let r = try rangeReduction(op, v) { return r }
    if args.count == 2 {
      let f = args[0]
      if case .fn(let fv) = f, fv.isBuiltin, let m = Interpreter.unaryMath[fv.name], let t = try asTensor(v), isArrayLike(v) {
        v = wrap(try tensorOp { try Diff.map(m.op, t) })
      } else {
        var mapped: [Value] = []
        try forEach(v) { x in
          mapped.append(try call(f, [x]))
          return true
        }
        v = .array(ArrayValue(mapped, eltype: Types.any))
      }
    } else if args.count != 1 {
      throw methodError(name, args)
    }
    switch v {
    case .tensor(let t):
      return wrap(try tensorOp { try Diff.reduce(op, t, dims: dims) })
    case .range, .tnum, .int, .float, .f32, .bool:
      guard let t = try asTensor(v) else { throw methodError(name, args) }
      return wrap(try tensorOp { try Diff.reduce(op, t, dims: dims) })
    default:
      let items = try iterate(v)
      if items.allSatisfy({ toDouble($0) != nil }) && !items.isEmpty {
        if case .tensor(let t) = try collectArray(items, shape: [items.count], eltype: nil) {
          return wrap(try tensorOp { try Diff.reduce(op, t, dims: dims) })
        }
      }
      guard var acc = items.first else {
        if op == .sum { return .int(0) }
        if op == .prod { return .int(1) }
        throw JuliaError.argument("reducing over an empty collection is not allowed; consider supplying `init` to the reducer")
      }
      for x in items.dropFirst() {
        switch op {
        case .sum, .mean: acc = try binary(.add, acc, x)
        case .prod: acc = try binary(.mul, acc, x)
        case .maximum: acc = try foldBinary(.max, name, [acc, x])
        case .minimum: acc = try foldBinary(.min, name, [acc, x])
        }
      }
      if op == .mean { acc = try binary(.div, acc, .int(items.count)) }
      return acc
    }
  }

  func anyAll(_ args: [Value], isAny: Bool) throws -> Value {
    let f = args.count == 2 ? args[0] : nil
    var result = !isAny
    try forEach(args.last ?? .nothing) { x in
      let b = try f.map { try call($0, [x]) } ?? x
      guard case .bool(let v) = b else {
        throw JuliaError.type("non-boolean (\(typeOf(b))) used in boolean context")
      }
      if v == isAny {
        result = isAny
        return false
      }
      return true
    }
    return .bool(result)
  }
}
