// Searching and reflection helpers: findlast/findnext/findprev, `isequal`, the partial forms
// `==(x)`, `in(xs)`, `isequal(x)` (Base.Fix2), `methods(f)` as a method list, and the key and
// value types of `Dict`s.
import EddyTensor

/// `Base.Fix2(f, x)`: a callable `y -> f(y, x)`, what `==(3)` or `in(xs)` return.
final class Fix2Value: NativeObject, CallableNative, NativeShow, TypedNative {
  let function: FunctionValue
  let argument: Value
  let jtype: JType
  init(_ f: FunctionValue, _ x: Value, argumentType: JType) {
    function = f
    argument = x
    jtype = JType(
      name: "Base.Fix2{typeof(\(f.name)), \(argumentType.description)}", kind: .concrete, supertype: Types.function)
  }
  override var typeName: String { jtype.name }
  func call(_ interp: Interpreter, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
    guard args.count == 1 else { throw interp.methodError(jtype.name, args) }
    return try interp.callFunction(function, [args[0], argument], kwargs)
  }
  func show(_ interp: Interpreter) -> String {
    "\(jtype.name)(\(function.name), \(interp.showString(argument)))"
  }
}

/// One method of a generic function, as `methods(f)[i]` gives it.
final class MethodValue: NativeObject, NativeShow, NativeDisplay, TypedNative {
  let signature: String
  let file: String
  let line: Int
  let module: String
  init(signature: String, file: String, line: Int, module: String) {
    self.signature = signature
    self.file = file
    self.line = line
    self.module = module
  }
  static let type = JType(name: "Method", kind: .concrete, supertype: Types.any)
  var jtype: JType { Self.type }
  override var typeName: String { "Method" }
  var location: String { line > 0 ? " \(file):\(line)" : "" }
  /// `f(x::Int64, y) @ Main file.jl:3`
  func show(_ interp: Interpreter) -> String { "\(signature) @ \(module)\(location)" }
  func display(_ interp: Interpreter) -> String { "\(signature)\n     @ \(module)\(location)" }
}

/// `methods(f)`: the methods of a function, indexable and iterable.
final class MethodListValue: NativeObject, NativeIndexable, NativeIterable, NativeShow, NativeDisplay, TypedNative {
  let name: String
  let header: String
  let methods: [MethodValue]
  init(name: String, header: String, methods: [MethodValue]) {
    self.name = name
    self.header = header
    self.methods = methods
  }
  static let type = JType(name: "Base.MethodList", kind: .concrete, supertype: Types.any)
  var jtype: JType { Self.type }
  override var typeName: String { "Base.MethodList" }

  func getIndex(_ interp: Interpreter, _ idx: [Value]) throws -> Value {
    guard idx.count == 1, case .int(let k) = idx[0] else {
      throw JuliaError("MethodError", "no method matching getindex(::Base.MethodList, \(idx.map { "::\(interp.typeOf($0))" }.joined(separator: ", ")))")
    }
    guard k >= 1, k <= methods.count else {
      throw JuliaError.bounds("attempt to access \(methods.count)-element Vector{Method} at index [\(k)]")
    }
    return .native(methods[k - 1])
  }
  func setIndex(_ interp: Interpreter, _ idx: [Value], _ v: Value) throws {
    throw JuliaError("MethodError", "no method matching setindex!(::Base.MethodList, ::\(interp.typeOf(v)), ...)")
  }
  func length(_ interp: Interpreter) -> Int { methods.count }
  func elements(_ interp: Interpreter) throws -> [Value] { methods.map { .native($0) } }

  /// `# 2 methods for generic function "f" from Main:` then ` [1] f(x::Int64, y)` and
  /// `     @ file.jl:4` per method (the module is left out when it is Main).
  func display(_ interp: Interpreter) -> String {
    let n = methods.count
    var s = "# \(n) method\(n == 1 ? "" : "s")" + header + (n == 0 ? "" : ":")
    let width = String(n).count
    for (k, m) in methods.enumerated() {
      let label = "[\(k + 1)]"
      s += "\n " + String(repeating: " ", count: max(0, width + 2 - label.count)) + label + " " + m.signature
      let module = m.module == "Main" ? "" : " " + m.module
      s += "\n" + String(repeating: " ", count: width + 4) + "@" + module + m.location
    }
    return s
  }
  func show(_ interp: Interpreter) -> String { display(interp) }
}

extension BuiltinTypes {
  /// `Dict{K, V}` instances, shared by all interpreters like the base `Dict` type.
  static let dictInstances = LockedCache<String, JType>()

  /// The type of a dictionary value (no interpreter needed, so `typeName` is always safe).
  static func dictType(_ d: DictValue) -> JType {
    dictInstance(d.isId ? DictValue.idType : DictValue.type, d.keyType ?? Types.any, d.valueType ?? Types.any)
  }

  static func dictInstance(_ base: JType, _ k: JType, _ v: JType) -> JType {
    dictInstances.value(for: "\(base.name){\(k.description), \(v.description)}") {
      let t = JType(name: "\(base.name){\(k.description), \(v.description)}", kind: .concrete, supertype: Types.abstractDict)
      t.generic = base
      t.typeArgs = [.type(k), .type(v)]
      t.nativeConstructor = { interp, args, kwargs in
        let made = try interp.construct(base, args, kwargs)
        if case .native(let n) = made, let d = n as? DictValue {
          d.keyType = k
          d.valueType = v
        }
        return made
      }
      return t
    }
  }
}

extension Interpreter {
  func registerSearch() {
    def("findlast") { [unowned self] args, _ in
      switch args.count {
      case 1: return try self.findLast(nil, args[0], before: nil)
      case 2: return try self.findLast(args[0], args[1], before: nil)
      default: throw self.methodError("findlast", args)
      }
    }
    def("findnext") { [unowned self] args, _ in
      guard args.count == 3 else { throw self.methodError("findnext", args) }
      let start = try self.toInt(args[2])
      for (k, x) in try self.searchItems(args[1]).enumerated() where k + 1 >= start {
        if try self.predicate(args[0], x) { return self.searchKey(args[1], k) }
      }
      return .nothing
    }
    def("findprev") { [unowned self] args, _ in
      guard args.count == 3 else { throw self.methodError("findprev", args) }
      return try self.findLast(args[0], args[1], before: try self.toInt(args[2]))
    }
    // Type reflection for user type hierarchies.
    if base.globals["AbstractDict"]?.value == nil { base.define("AbstractDict", .type(Types.abstractDict)) }
    def("supertype") { [unowned self] args, _ in
      guard args.count == 1, case .type(let t) = args[0] else { throw self.methodError("supertype", args) }
      return .type(t.supertype ?? Types.any)
    }
    def("isabstracttype") { args, _ in
      guard args.count == 1, case .type(let t) = args[0] else { return .bool(false) }
      return .bool(t.kind == .abstract || t.kind == .array && t.isAbstractArray)
    }
    if base.globals["=>"]?.value == nil {  // `=>(a, b)`, `map(=>, ks, vs)`
      def("=>") { [unowned self] args, _ in
        guard args.count == 2 else { throw self.methodError("=>", args) }
        return self.makePair(args[0], args[1])
      }
    }
    def("isequal", doc: "isequal(x, y): like `==`, but `NaN` equals `NaN` and `-0.0` differs from `0.0`.\n\n    isequal(NaN, NaN) == true") { [unowned self] args, _ in
      guard args.count == 2 else { throw self.methodError("isequal", args) }
      return .bool(try self.isEqual(args[0], args[1]))
    }
    // `==(3)`, `in(xs)`, `isequal(x)`, `<(5)` ...: one argument gives `Base.Fix2(f, x)`.
    for name in ["==", "!=", "<", "<=", ">", ">=", "isequal", "in", "∉", "startswith", "endswith", "contains"] {
      addFix2(name)
    }
    // `Dict(pairs...)` fixes its key and value types from the pairs, as Julia infers them.
    for t in [DictValue.type, DictValue.idType] {
      guard let ctor = ownConstructors[ObjectIdentifier(t)],
        let k = ctor.methods.firstIndex(where: { $0.native != nil }), let make = ctor.methods[k].native
      else { continue }
      ctor.methods[k] = .native(t.name) { [unowned self] args, kwargs in
        let made = try make(args, kwargs)
        if case .native(let n) = made, let d = n as? DictValue, d.keyType == nil, !d.keys.isEmpty {
          d.keyType = self.typeJoin(d.keys.map { self.typeOf($0) })
          d.valueType = self.typeJoin(d.values.map { self.typeOf($0) })
        }
        return made
      }
    }
  }

  /// Lets the one-argument call of `name` return `Base.Fix2(name, x)`.
  func addFix2(_ name: String) {
    guard let r = base.globals[name], case .fn(let f)? = r.value,
      let k = f.methods.firstIndex(where: { $0.native != nil && $0.isVararg && $0.types.isEmpty }),
      let body = f.methods[k].native
    else { return }
    f.methods[k] = .native(name) { [unowned self, unowned f] args, kwargs in
      if args.count == 1 && kwargs.isEmpty {
        return .native(Fix2Value(f, args[0], argumentType: self.typeOf(args[0])))
      }
      return try body(args, kwargs)
    }
  }

  /// The predicate's answer, which must be a Bool.
  func predicate(_ f: Value?, _ x: Value) throws -> Bool {
    let v = try f.map { try call($0, [x]) } ?? x
    guard case .bool(let b) = v else {
      throw JuliaError.type("non-boolean (\(typeOf(v))) used in boolean context")
    }
    return b
  }

  /// What the find functions search: the values of a Dict (keys are the answers), else the
  /// elements in order.
  func searchItems(_ v: Value) throws -> [Value] {
    if case .native(let n) = v, let d = n as? DictValue { return d.values }
    return try iterate(v)
  }

  /// The answer for the `k`-th element (0-based): its key for a Dict, else its index.
  func searchKey(_ v: Value, _ k: Int) -> Value {
    if case .native(let n) = v, let d = n as? DictValue, k < d.keys.count { return d.keys[k] }
    return .int(k + 1)
  }

  /// `findlast(pred, xs)` (or of a Bool collection), optionally only at or before index `before`.
  func findLast(_ f: Value?, _ xs: Value, before: Int?) throws -> Value {
    let items = try searchItems(xs)
    var k = Swift.max(min(items.count, before ?? items.count), 0) - 1
    while k >= 0 {
      if try predicate(f, items[k]) { return searchKey(xs, k) }
      k -= 1
    }
    return .nothing
  }

  /// `isequal`: like `==`, but NaN equals NaN, and -0.0 differs from 0.0.
  func isEqual(_ a: Value, _ b: Value) throws -> Bool {
    switch (a, b) {
    case (.float(let x), .float(let y)): return x.isNaN && y.isNaN || x == y && x.sign == y.sign
    case (.f32(let x), .f32(let y)): return x.isNaN && y.isNaN || x == y && x.sign == y.sign
    case (.tensor(let x), .tensor(let y)):
      // Elementwise isequal over the same shape: `isequal([NaN], [NaN])`.
      guard x.shape == y.shape else { return false }
      for k in 0..<x.count {
        let p = x[linear: k], q = y[linear: k]
        if !(p.isNaN && q.isNaN || p == q && p.sign == q.sign) { return false }
      }
      return true
    case (.tuple(let xs), .tuple(let ys)):
      guard xs.count == ys.count else { return false }
      for (x, y) in zip(xs, ys) where !(try isEqual(x, y)) { return false }
      return true
    case (.array(let x), .array(let y)):
      guard x.shape == y.shape else { return false }
      for (p, q) in zip(x.items, y.items) where !(try isEqual(p, q)) { return false }
      return true
    default:
      if case .bool(let r) = try binary(.eq, a, b) { return r }
      return false
    }
  }

  /// `methods(f)` / `methods(T)`: every method with its signature and location; a method
  /// with optional arguments counts once per arity, as in Julia.
  func methodList(_ args: [Value]) throws -> Value {
    guard let target = args.first else { throw methodError("methods", args) }
    let f: FunctionValue?
    let header: String
    switch target {
    case .fn(let fv):
      f = fv
      header = fv.isAnonymous ? " for anonymous function \"\(fv.name)\"" : " for generic function \"\(fv.name)\" from \(fv.isBuiltin ? "Base" : "Main")"
    case .type(let t):
      f = ownConstructors[ObjectIdentifier(t)] ?? t.constructor
      header = " for type constructor"
    case .obj(let s):
      f = s.type.callFunction
      header = " for callable object"
    default:
      f = nil
      header = " for callable object"
    }
    // `methods(f, (Int, Float64))`: only the methods that accept those argument types.
    var filter: [JType]?
    if args.count == 2 {
      guard case .tuple(let ts) = args[1] else { throw methodError("methods", args) }
      filter = try ts.map { v in
        guard case .type(let t) = v else { throw JuliaError.type("in methods, expected a tuple of types, got \(showString(args[1]))") }
        return t
      }
    } else if args.count > 2 {
      throw methodError("methods", args)
    }
    var entries: [(score: Int, order: Int, value: MethodValue)] = []
    for m in f?.methods ?? [] {
      let name = m.displayName.isEmpty ? (f?.name ?? "") : m.displayName
      // Natives: a struct's default constructor has its own signature; a built-in shows `f(...)`.
      let isStructConstructor = m.native != nil && m.line > 0
      let module = m.native == nil || isStructConstructor ? "Main" : "Base"
      guard m.native == nil, m.paramLabels.count == m.types.count || m.paramLabels.count + 1 == m.types.count else {
        let sig = isStructConstructor ? m.signature : "\(name)(...)"
        if filter == nil { entries.append((0, entries.count, MethodValue(signature: sig, file: m.file, line: m.line, module: module))) }
        continue
      }
      let selfCount = m.types.count - m.paramLabels.count  // a callable struct's own parameter
      let arities = m.isVararg ? [m.paramLabels.count] : Array(max(m.required - selfCount, 0)...m.paramLabels.count)
      for n in arities {
        if let filter {
          let accepts = (m.isVararg ? filter.count >= n - 1 : filter.count == n)
            && filter.enumerated().allSatisfy { k, t in
              let declared = k + selfCount < m.types.count ? m.types[k + selfCount] : m.types.last ?? nil
              return declared.map { t.isSubtype(of: $0) } ?? true
            }
          if !accepts { continue }
        }
        var score = 1
        for t in m.types { if let t { score += 1 + t.specificity } }
        let sig = "\(name)(\(m.paramLabels.prefix(n).joined(separator: ", ")))\(m.whereText)"
        entries.append((score, entries.count, MethodValue(signature: sig, file: m.file, line: m.line, module: module)))
      }
    }
    entries.sort { $0.score != $1.score ? $0.score > $1.score : $0.order < $1.order }
    return .native(MethodListValue(name: f?.name ?? "", header: header, methods: entries.map { $0.value }))
  }
}

extension Interpreter {
  /// The keyword arguments of `f(; kws...)`: a named tuple's fields, or the `name => value`
  /// pairs of a Dict or any iterable of pairs with Symbol keys.
  func keywordSplat(_ v: Value) throws -> [(String, Value)] {
    if case .named(let nt) = v { return Array(zip(nt.keys, nt.values)) }
    var out: [(String, Value)] = []
    for item in try iterate(v) {
      let kv: [Value]
      if case .tuple(let xs) = item, xs.count == 2 {
        kv = xs
      } else if case .obj(let s) = item, s.type === BuiltinTypes.pair, s.fields.count == 2 {
        kv = s.fields
      } else {
        throw JuliaError.argument("keyword argument splat expects pairs `name => value`, got a value of type \(typeOf(item))")
      }
      guard case .sym(let name) = kv[0] else {
        throw JuliaError.type("non-symbol keyword argument name \(showString(kv[0])) (of type \(typeOf(kv[0])))")
      }
      out.append((name, kv[1]))
    }
    return out
  }
}
