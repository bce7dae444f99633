// push!, append!, pop!, insert!, deleteat! and friends on dense numeric vectors (`[1.0]`,
// `zeros(3)`, `Float32[]` after conversion): Julia lets every Vector grow and shrink in place.
import EddyTensor

extension Interpreter {
  /// The stored form of `v` in `t`, or an `InexactError`/`MethodError` naming `fname`.
  func vectorElement(_ t: Tensor, _ v: Value, _ fname: String) throws -> Double {
    let source: DType
    switch v {
    case .int: source = .int64
    case .bool: source = .bool
    case .f32: source = .float32
    case .float: source = .float64
    case .tnum(let s): source = s.dtype
    default:
      throw JuliaError(
        "MethodError", "Cannot `convert` an object of type \(typeOf(v)) to an object of type \(t.dtype.name) (in \(fname))")
    }
    guard let x = toDouble(v) else { throw methodError(fname, [.tensor(t), v]) }
    return try tensorOp { try t.storable(x, from: source) }
  }

  /// Rewrites a vector with `values` (already in stored form).
  func setVector(_ t: Tensor, _ values: [Double]) throws {
    try tensorOp { try t.resizeVector(to: values.count) }
    for (i, x) in values.enumerated() { t[linear: i] = x }
  }

  /// A numeric vector that a mutating collection function may change.
  func mutableVector(_ v: Value, _ fname: String) throws -> Tensor? {
    guard case .tensor(let t) = v else { return nil }
    guard t.ndims == 1 else {
      throw JuliaError("MethodError", "no method matching \(fname)(::\(typeOf(v)), ...): only vectors can change length")
    }
    return t
  }

  /// Handles the dense-vector case of `fname`; nil when `args[0]` is not a dense vector.
  func mutateVector(_ fname: String, _ args: [Value]) throws -> Value? {
    guard let first = args.first, let t = try mutableVector(first, fname) else { return nil }
    func index(_ v: Value, upTo n: Int) throws -> Int {
      let i = try toInt(v, "index")
      guard i >= 1, i <= n else {
        throw JuliaError.bounds("attempt to access \(t.count)-element \(typeOf(first)) at index [\(i)]")
      }
      return i - 1
    }
    // Growing and shrinking at the end is amortised O(1); the rest rewrites the elements.
    switch fname {
    case "push!", "append!":
      var new: [Double] = []
      for v in args.dropFirst() {
        new += try (fname == "push!" ? [v] : iterate(v)).map { try vectorElement(t, $0, fname) }
      }
      let n = t.count
      try tensorOp { try t.resizeVector(to: n + new.count) }
      for (k, x) in new.enumerated() { t[linear: n + k] = x }
      return first
    case "pop!" where t.count > 0:
      let out = scalarValue(t, t.count - 1)
      try tensorOp { try t.resizeVector(to: t.count - 1) }
      return out
    default: break
    }
    var xs = t.toDoubles()
    switch fname {
    case "pushfirst!":
      xs.insert(contentsOf: try args.dropFirst().map { try vectorElement(t, $0, fname) }, at: 0)
    case "pop!", "popfirst!":
      guard !xs.isEmpty else { throw JuliaError.argument("array must be non-empty") }
      let k = fname == "pop!" ? xs.count - 1 : 0
      let out = scalarValue(t, k)
      xs.remove(at: k)
      try setVector(t, xs)
      return out
    case "insert!":
      guard args.count == 3 else { throw methodError(fname, args) }
      let i = try index(args[1], upTo: xs.count + 1)
      xs.insert(try vectorElement(t, args[2], fname), at: i)
    case "deleteat!":
      guard args.count == 2 else { throw methodError(fname, args) }
      let idx: [Int]
      if case .int = args[1] { idx = [try index(args[1], upTo: xs.count)] } else {
        idx = try iterate(args[1]).map { try index($0, upTo: xs.count) }
      }
      for i in Set(idx).sorted(by: >) { xs.remove(at: i) }
    case "empty!":
      xs = []
    case "resize!":
      guard args.count == 2 else { throw methodError(fname, args) }
      let n = try toInt(args[1], "length")
      guard n >= 0 else { throw JuliaError.argument("new length must be ≥ 0") }
      try tensorOp { try t.resizeVector(to: n) }
      return first
    default:
      return nil
    }
    try setVector(t, xs)
    return first
  }
}

extension Interpreter {
  /// Lets each mutating collection function also take dense vectors, and adds `insert!`,
  /// `deleteat!` and `resize!` for arrays of any values. Runs after `registerCollections`.
  func registerVectorMutation() {
    for name in ["push!", "append!", "pushfirst!", "pop!", "popfirst!", "empty!"] {
      guard let r = base.globals[name], case .fn(let f)? = r.value,
        let old = f.methods.first(where: { $0.native != nil })?.native
      else { continue }
      def(name) { [unowned self] args, kw in
        if let v = try self.mutateVector(name, args) { return v }
        return try old(args, kw)
      }
    }
    def("insert!", doc: "insert!(v, i, x): put `x` at index `i` of vector `v`, moving later items up; returns `v`.") {
      [unowned self] args, _ in
      if let v = try self.mutateVector("insert!", args) { return v }
      let a = try self.mutableArray(args.first ?? .nothing, "insert!")
      guard args.count == 3 else { throw self.methodError("insert!", args) }
      let i = try self.toInt(args[1], "index")
      guard i >= 1, i <= a.items.count + 1 else {
        throw JuliaError.bounds("attempt to access \(a.items.count)-element Vector at index [\(i)]")
      }
      a.items.insert(args[2], at: i - 1)
      a.shape = [a.items.count]
      return args[0]
    }
    def("deleteat!", doc: "deleteat!(v, i): remove the item (or items, for a range) at `i` from vector `v`; returns `v`.") {
      [unowned self] args, _ in
      if let v = try self.mutateVector("deleteat!", args) { return v }
      let a = try self.mutableArray(args.first ?? .nothing, "deleteat!")
      guard args.count == 2 else { throw self.methodError("deleteat!", args) }
      var idx: [Int] = []
      for v in (try { if case .int = args[1] { return [args[1]] } else { return try self.iterate(args[1]) } }()) {
        let i = try self.toInt(v, "index")
        guard i >= 1, i <= a.items.count else {
          throw JuliaError.bounds("attempt to access \(a.items.count)-element Vector at index [\(i)]")
        }
        idx.append(i - 1)
      }
      for i in Set(idx).sorted(by: >) { a.items.remove(at: i) }
      a.shape = [a.items.count]
      return args[0]
    }
    def("resize!", doc: "resize!(v, n): grow (with zeros, or `nothing` for Any vectors) or shrink vector `v` to `n` items.") {
      [unowned self] args, _ in
      if let v = try self.mutateVector("resize!", args) { return v }
      let a = try self.mutableArray(args.first ?? .nothing, "resize!")
      guard args.count == 2 else { throw self.methodError("resize!", args) }
      let n = try self.toInt(args[1], "length")
      guard n >= 0 else { throw JuliaError.argument("new length must be ≥ 0") }
      try self.checkCollectionSize(n)
      if n < a.items.count { a.items.removeLast(a.items.count - n) } else {
        a.items += Array(repeating: .nothing, count: n - a.items.count)
      }
      a.shape = [n]
      return args[0]
    }
  }
}
