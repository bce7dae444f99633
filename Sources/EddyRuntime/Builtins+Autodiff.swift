// gradient, withgradient, params and Grads: the tape driven from the language.
import EddyAutodiff
import EddyTensor

/// `Params`: trainable arrays in walk order, deduplicated by identity.
final class ParamsValue: NativeObject, NativeIndexable, NativeIterable, NativeShow, TypedNative {
  static let type = JType(name: "Params", kind: .concrete, supertype: Types.any)
  var jtype: JType { Self.type }
  var items: [Tensor] = []
  var seen: Set<ObjectIdentifier> = []
  override var typeName: String { "Params" }

  func add(_ v: Value, _ interp: Interpreter) throws {
    guard case .tensor(let t) = v else { throw JuliaError.argument("only arrays can be parameters") }
    append(t)
  }
  func append(_ t: Tensor) {
    if seen.insert(ObjectIdentifier(t)).inserted { items.append(t) }
  }
  func getIndex(_ interp: Interpreter, _ idx: [Value]) throws -> Value {
    guard idx.count == 1, case .int(let i) = idx[0], i >= 1, i <= items.count else {
      throw JuliaError.bounds("attempt to access Params with \(items.count) elements at index [\(idx.map { interp.showString($0) }.joined(separator: ", "))]")
    }
    return .tensor(items[i - 1])
  }
  func setIndex(_ interp: Interpreter, _ idx: [Value], _ v: Value) throws {
    throw JuliaError("MethodError", "Params cannot be assigned by index")
  }
  func length(_ interp: Interpreter) -> Int { items.count }
  func elements(_ interp: Interpreter) throws -> [Value] { items.map { .tensor($0) } }
  func show(_ interp: Interpreter) -> String {
    "Params([" + items.map { interp.showString(.tensor($0)) }.joined(separator: ", ") + "])"
  }
}

/// `Grads`: gradients looked up by the parameter array itself.
final class GradsValue: NativeObject, NativeIndexable, NativeIterable, NativeShow {
  var params: [Tensor] = []
  var grads: [ObjectIdentifier: Tensor] = [:]
  override var typeName: String { "Grads" }

  func has(_ v: Value) -> Bool {
    guard case .tensor(let t) = v else { return false }
    return params.contains { $0 === t }
  }
  func getIndex(_ interp: Interpreter, _ idx: [Value]) throws -> Value {
    guard idx.count == 1, case .tensor(let t) = idx[0], params.contains(where: { $0 === t }) else {
      throw JuliaError.key("key \(idx.first.map { interp.showString($0) } ?? "") not found (it is not one of the parameters the gradient was taken with respect to)")
    }
    return grads[ObjectIdentifier(t)].map { .tensor($0) } ?? .nothing
  }
  func setIndex(_ interp: Interpreter, _ idx: [Value], _ v: Value) throws {
    guard idx.count == 1, case .tensor(let t) = idx[0] else { throw JuliaError.key("Grads keys are arrays") }
    if case .tensor(let g) = v { grads[ObjectIdentifier(t)] = g } else { grads[ObjectIdentifier(t)] = nil }
    if !params.contains(where: { $0 === t }) { params.append(t) }
  }
  func length(_ interp: Interpreter) -> Int { params.count }
  func elements(_ interp: Interpreter) throws -> [Value] { params.map { .tensor($0) } }
  func show(_ interp: Interpreter) -> String { "Grads(...)" }
}

extension Interpreter {
  func registerAutodiff() {
    def("gradient") { [unowned self] args, _ in try self.gradient(args, withValue: false) }
    def("withgradient") { [unowned self] args, _ in try self.gradient(args, withValue: true) }
    def("params") { [unowned self] args, _ in
      let ps = ParamsValue()
      for a in args { try self.collectParams(a, into: ps, depth: 0) }
      return .native(ps)
    }
  }

  /// Walks a model in field order collecting its trainable float arrays.
  func collectParams(_ v: Value, into ps: ParamsValue, depth: Int) throws {
    guard depth < 200 else { return }
    switch v {
    case .tensor(let t):
      if t.dtype.isFloat { ps.append(t) }
    case .tuple(let xs):
      for x in xs { try collectParams(x, into: ps, depth: depth + 1) }
    case .named(let nt):
      for x in nt.values { try collectParams(x, into: ps, depth: depth + 1) }
    case .array(let a):
      for x in a.items { try collectParams(x, into: ps, depth: depth + 1) }
    case .native(let n):
      if let p = n as? ParamsValue { p.items.forEach { ps.append($0) } }
    case .obj(let s):
      for x in try trainableChildren(s) { try collectParams(x, into: ps, depth: depth + 1) }
    default: break
    }
  }

  /// The trainable children of a layer: `Flux.trainable(m)` if defined, else its fields
  /// (when the type is a functor).
  func trainableChildren(_ s: StructValue) throws -> [Value] {
    if let flux = modules["Flux"], let r = flux.globals["trainable"], case .fn(let f)? = r.value,
      let m = select(f, [.obj(s)]), m.native == nil
    {
      let t = try invoke(m, f, [.obj(s)], [])
      switch t {
      case .tuple(let xs): return xs
      case .named(let nt): return nt.values
      default: return [t]
      }
    }
    return functorChildren(s).map { $0.1 }
  }

  /// The children `Flux.@functor` declares for a struct, with their field names: all fields,
  /// the listed ones (`@functor T (a, b)`), or none for a plain struct.
  func functorChildren(_ s: StructValue) -> [(String, Value)] {
    guard s.type.isFunctor else { return [] }
    if let names = trainableFields[ObjectIdentifier(s.type)] {
      return names.compactMap { n in s.type.fieldNames.firstIndex(of: n).map { (n, s.fields[$0]) } }
    }
    return Array(zip(s.type.fieldNames, s.fields))
  }

  // MARK: gradient

  func gradient(_ args: [Value], withValue: Bool) throws -> Value {
    guard let f = args.first else { throw methodError("gradient", args) }
    let tape = Tape()
    let saved = Tape.active
    Tape.active = tape
    defer {
      tape.finish()
      Tape.active = saved
    }
    // Implicit form: gradient(() -> loss, ps)
    if args.count == 2, case .native(let n) = args[1], let ps = n as? ParamsValue {
      for p in ps.items { tape.watch(p) }
      let y = try call(f, [])
      let out = try scalarOutput(y)
      let g = GradsValue()
      g.params = ps.items
      if let out {
        try tensorOp { try tape.backward(from: out) }
        for p in ps.items { if let gr = tape.grad(p) { g.grads[ObjectIdentifier(p)] = gr } }
      }
      let gv = Value.native(g)
      if withValue { return .named(NamedTupleValue(keys: ["val", "grad"], values: [plain(y), gv])) }
      return gv
    }
    // Explicit form: one gradient per argument, structured like the argument.
    var templates: [Template] = []
    var tracked: [Value] = []
    for a in args.dropFirst() {
      let (tv, tmpl) = try watchTemplate(a, tape, depth: 0)
      tracked.append(tv)
      templates.append(tmpl)
    }
    let y = try call(f, tracked)
    let out = try scalarOutput(y)
    if let out { try tensorOp { try tape.backward(from: out) } }
    let grads: [Value] = templates.map { out == nil ? .nothing : build($0, tape) }
    if withValue { return .named(NamedTupleValue(keys: ["val", "grad"], values: [plain(y), .tuple(grads)])) }
    return .tuple(grads)
  }

  /// A tracked scalar output as a tensor; nil when nothing on the tape contributed.
  func scalarOutput(_ y: Value) throws -> Tensor? {
    switch y {
    case .tnum(let t): return t
    case .int, .float, .f32, .bool: return nil
    case .tensor(let t):
      throw JuliaError.argument(
        "Output should be scalar; gradients are not defined for output of type \(typeOf(y)) with size \(showString(.tuple(t.shape.map { .int($0) })))")
    default:
      throw JuliaError.argument("Output should be scalar; gradients are not defined for output of type \(typeOf(y))")
    }
  }

  /// A value with tracked scalars turned back into plain numbers.
  func plain(_ v: Value) -> Value {
    if case .tnum(let t) = v { return scalarValue(t, 0) }
    return v
  }

  indirect enum Template {
    case leaf(Tensor)
    case scalar(Tensor)
    case none
    case tuple([Template])
    case named([String], [Template])
  }

  /// Marks every array reachable from an argument as a leaf, remembering where it was.
  func watchTemplate(_ v: Value, _ tape: Tape, depth: Int) throws -> (Value, Template) {
    guard depth < 100 else { return (v, .none) }
    switch v {
    case .tensor(let t) where t.dtype.isFloat:
      tape.watch(t)
      return (v, .leaf(t))
    case .float, .f32:
      guard let t = scalarTensor(v) else { return (v, .none) }
      tape.watch(t)
      return (.tnum(t), .scalar(t))
    case .tuple(let xs):
      let parts = try xs.map { try watchTemplate($0, tape, depth: depth + 1) }
      return (.tuple(parts.map { $0.0 }), .tuple(parts.map { $0.1 }))
    case .named(let nt):
      let parts = try nt.values.map { try watchTemplate($0, tape, depth: depth + 1) }
      return (.named(NamedTupleValue(keys: nt.keys, values: parts.map { $0.0 })), .named(nt.keys, parts.map { $0.1 }))
    case .obj(let s):
      var ts: [Template] = []
      var fields: [Value] = []
      for x in s.fields {
        let (tv, tm) = try watchTemplate(x, tape, depth: depth + 1)
        fields.append(tv)
        ts.append(tm)
      }
      // An immutable struct has no identity to keep, so it is rebuilt with its numbers tracked
      // (`Lin(2.0, 1.0)`); a mutable one is passed as itself, so state written during the call
      // (`m.state = h`) lands on the caller's object, and only its arrays are tracked.
      if !s.type.isMutable, zip(fields, s.fields).contains(where: { a, b in !identical(a, b) }) {
        return (.obj(StructValue(type: s.type, fields: fields)), .named(s.type.fieldNames, ts))
      }
      return (v, .named(s.type.fieldNames, ts))
    case .array(let a):
      let parts = try a.items.map { try watchTemplate($0, tape, depth: depth + 1) }
      return (v, .tuple(parts.map { $0.1 }))
    default:
      return (v, .none)
    }
  }

  func build(_ t: Template, _ tape: Tape) -> Value {
    switch t {
    case .leaf(let x): return tape.grad(x).map { .tensor($0) } ?? .nothing
    case .scalar(let x): return tape.grad(x).map { scalarValue($0, 0) } ?? .nothing
    case .none: return .nothing
    case .tuple(let xs): return .tuple(xs.map { build($0, tape) })
    case .named(let keys, let xs):
      let vals = xs.map { build($0, tape) }
      if vals.allSatisfy({ $0.isNothing }) { return .nothing }
      return .named(NamedTupleValue(keys: keys, values: vals))
    }
  }
}
