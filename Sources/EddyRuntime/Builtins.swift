// Registration of the built-in functions, and the core ones: I/O, reflection, errors, conversion.
import EddyAutodiff
#if canImport(Glibc)
  import Glibc
#endif
import EddyTensor

extension Interpreter {
  /// Defines a native function `name` in `module` (Base by default).
  @discardableResult
  func def(_ name: String, in module: ModuleValue? = nil, doc: String? = nil, _ body: @escaping NativeBody)
    -> FunctionValue
  {
    let m = module ?? base
    let f: FunctionValue
    if let r = m.globals[name], case .fn(let existing)? = r.value {
      f = existing
      f.methods.removeAll { $0.native != nil }
      f.methods.append(.native(name, body))
    } else {
      f = FunctionValue(name: name, methods: [.native(name, body)])
      f.isBuiltin = true
      m.define(name, .fn(f))
    }
    if let doc { f.docstring = doc }
    return f
  }

  func alias(_ name: String, _ target: String, in module: ModuleValue? = nil) {
    let m = module ?? base
    if let r = m.globals[target], let v = r.value { m.define(name, v) }
  }

  func registerBuiltins() {
    for t: JType in [
      Types.any, Types.number, Types.real, Types.abstractFloat, Types.integer, Types.signed, Types.int64,
      Types.bool, Types.float64, Types.float32, Types.abstractString, Types.string, Types.char, Types.symbol,
      Types.nothing, Types.function, Types.tuple, Types.namedTuple, Types.dataType, Types.module,
      Types.exception, Types.abstractRange, Types.io,
    ] {
      base.define(t.name, .type(t))
    }
    base.define("Nothing", .type(Types.nothing))
    base.define("Int", .type(Types.int64))
    base.define("UnitRange", .type(Types.unitRange))
    base.define("AbstractArray", .type(Types.abstractArray))
    base.define("AbstractVector", .type(Types.abstractVector))
    base.define("AbstractMatrix", .type(Types.abstractMatrix))
    base.define("Array", .type(JType(arrayOf: nil, ndims: nil, abstract: false)))
    base.define("BitVector", .type(Types.bitArray(1)))
    base.define("BitMatrix", .type(Types.bitArray(2)))
    base.define("Vector", .type(JType(arrayOf: nil, ndims: 1, abstract: false)))
    base.define("Matrix", .type(JType(arrayOf: nil, ndims: 2, abstract: false)))
    base.define("Pair", .type(BuiltinTypes.pair))
    base.define("Dict", .type(DictValue.type))
    base.define("IdDict", .type(DictValue.idType))
    base.define("IOBuffer", .type(IOBufferValue.type))
    base.define("stdout", .native(StdoutValue()))
    base.define("ARGS", .array(ArrayValue([], eltype: Types.string)))
    for name in BuiltinTypes.exceptionNames {
      base.define(name, .type(BuiltinTypes.exception(name)))
    }
    registerCore()
    registerMath()
    registerArrays()
    registerCollections()
    registerVectorMutation()
    registerBase()
    registerStrings()
    registerAutodiff()
    registerExtras()
    registerSearch()
    registerModules()
  }

  // MARK: Core

  func registerCore() {
    def("println") { [unowned self] args, _ in
      try self.printTo(args, newline: true)
      return .nothing
    }
    def("print") { [unowned self] args, _ in
      try self.printTo(args, newline: false)
      return .nothing
    }
    def("show") { [unowned self] args, _ in
      if args.count == 2, case .native(let n) = args[0], let io = n as? IOBufferValue {
        io.text += self.showString(args[1])
      } else if let v = args.last {
        self.out.write(self.showString(v))
      }
      return .nothing
    }
    def("display") { [unowned self] args, _ in
      for v in args { self.out.write(self.displayString(v) + "\n") }
      return .nothing
    }
    def("string") { [unowned self] args, _ in .str(args.map { self.printString($0) }.joined()) }
    def("repr") { [unowned self] args, _ in .str(args.first.map { self.showString($0) } ?? "") }
    def("typeof") { [unowned self] args, _ in
      guard args.count == 1 else { throw self.methodError("typeof", args) }
      return .type(self.typeOf(args[0]))
    }
    def("isa") { [unowned self] args, _ in
      guard args.count == 2, case .type(let t) = args[1] else { throw self.methodError("isa", args) }
      return .bool(self.isa(args[0], t))
    }
    def("error") { [unowned self] args, _ in
      throw JuliaError.error(args.map { self.printString($0) }.joined())
    }
    def("throw") { [unowned self] args, _ in
      guard let v = args.first else { throw self.methodError("throw", args) }
      throw self.errorFromValue(v)
    }
    def("rethrow") { [unowned self] args, _ in
      if let e = args.first { throw self.errorFromValue(e) }
      guard let e = self.handledErrors.last else { throw JuliaError.error("rethrow() not allowed outside a catch block") }
      throw e
    }
    def("time") { _, _ in .float(wallSeconds()) }
    def("identity") { [unowned self] args, _ in
      guard args.count == 1 else { throw self.methodError("identity", args) }
      return args[0]
    }
    def("nameof") { [unowned self] args, _ in
      switch args.first {
      case .fn(let f)?: return .sym(f.name)
      case .type(let t)?: return .sym(t.name)
      default: throw self.methodError("nameof", args)
      }
    }
    def("fieldnames") { args, _ in
      guard case .type(let t)? = args.first else { return .tuple([]) }
      return .tuple(t.fieldNames.map { .sym($0) })
    }
    def("getfield") { [unowned self] args, _ in
      guard args.count == 2 else { throw self.methodError("getfield", args) }
      if case .sym(let s) = args[1] { return try self.getField(args[0], s) }
      if case .int(let i) = args[1], case .obj(let o) = args[0], i >= 1, i <= o.fields.count { return o.fields[i - 1] }
      throw self.methodError("getfield", args)
    }
    def("setfield!") { [unowned self] args, _ in
      guard args.count == 3, case .sym(let s) = args[1] else { throw self.methodError("setfield!", args) }
      try self.setField(args[0], s, args[2])
      return args[2]
    }
    def("getproperty") { [unowned self] args, _ in
      guard args.count == 2, case .sym(let s) = args[1] else { throw self.methodError("getproperty", args) }
      return try self.getField(args[0], s)
    }
    def("hasproperty") { args, _ in
      guard args.count == 2, case .sym(let s) = args[1] else { return .bool(false) }
      if case .obj(let o) = args[0] { return .bool(o.type.fieldNames.contains(s)) }
      if case .named(let n) = args[0] { return .bool(n.keys.contains(s)) }
      return .bool(false)
    }
    def("isnothing") { args, _ in .bool(args.first?.isNothing ?? false) }
    def("something") { args, _ in args.first { !$0.isNothing } ?? .nothing }
    def("convert") { [unowned self] args, _ in
      guard args.count == 2, case .type(let t) = args[0] else { throw self.methodError("convert", args) }
      return try self.convert(args[1], to: t)
    }
    def("flush") { [unowned self] _, _ in
      self.out.flush()
      return .nothing
    }
    def("exit") { [unowned self] args, _ in
      self.out.flush()
      let code = args.first.flatMap { if case .int(let c) = $0 { return c } else { return nil } } ?? 0
      Glibc.exit(Int32(truncatingIfNeeded: code))
    }
    def("methods") { [unowned self] args, _ in try self.methodList(args) }
    setConstructor(Types.symbol) { [unowned self] args, _ in .sym(args.map { self.printString($0) }.joined()) }
    for t in [Types.float32, Types.float64, Types.int64, Types.bool, Types.char] {
      setConstructor(t) { [unowned self] args, _ in
        guard args.count == 1 else { throw self.methodError(t.name, args) }
        return try self.convert(args[0], to: t)
      }
    }
    setConstructor(Types.string) { [unowned self] args, _ in
      // `String(['a', 'b'])` joins characters; anything else prints.
      if args.count == 1, case .array(let a) = args[0], !a.items.isEmpty,
        a.items.allSatisfy({ if case .char = $0 { return true } else { return false } })
      {
        return .str(a.items.map { self.printString($0) }.joined())
      }
      return .str(args.map { self.printString($0) }.joined())
    }
    setConstructor(Types.tuple) { [unowned self] args, _ in .tuple(try args.first.map { try self.iterate($0) } ?? []) }
    setConstructor(BuiltinTypes.pair) { [unowned self] args, _ in
      guard args.count == 2 else { throw self.methodError("Pair", args) }
      return self.makePair(args[0], args[1])
    }
    setConstructor(IOBufferValue.type) { _, _ in .native(IOBufferValue()) }
    for (t, isId) in [(DictValue.type, false), (DictValue.idType, true)] {
      setConstructor(t) { [unowned self] args, _ in
        let d = DictValue(self, isId: isId)
        var items = args
        if items.count == 1, case .obj(let o) = items[0], o.type === BuiltinTypes.pair {} else if items.count == 1 {
          items = try self.iterate(items[0])
        }
        for p in items {
          let kv = try self.destructure(p, count: 2)
          d.set(kv[0], kv[1])
        }
        return .native(d)
      }
    }
    def("objectid") { args, _ in
      switch args.first {
      case .tensor(let t)?: return .int(ObjectIdentifier(t).hashValue)
      case .obj(let o)?: return .int(ObjectIdentifier(o).hashValue)
      case .array(let a)?: return .int(ObjectIdentifier(a).hashValue)
      default: return .int(0)
      }
    }
    def("sprint") { [unowned self] args, _ in
      guard let f = args.first else { throw self.methodError("sprint", args) }
      let io = IOBufferValue()
      _ = try self.call(f, [.native(io)] + args.dropFirst())
      return .str(io.text)
    }
    def("write") { [unowned self] args, _ in
      guard args.count >= 2 else { throw self.methodError("write", args) }
      let text = args.dropFirst().map { self.printString($0) }.joined()
      if case .native(let n) = args[0], let io = n as? IOBufferValue { io.text += text } else { self.out.write(text) }
      return .int(text.utf8.count)
    }
    def("take!") { [unowned self] args, _ in
      guard case .native(let n)? = args.first, let io = n as? IOBufferValue else { throw self.methodError("take!", args) }
      let t = io.text
      io.text = ""
      return .str(t)
    }
  }

  func setConstructor(_ t: JType, _ body: @escaping NativeBody) {
    let f = FunctionValue(name: t.name, methods: [.native(t.name, body)])
    t.constructor = f
    ownConstructors[ObjectIdentifier(t)] = f
  }

  /// `print`/`println`, optionally to an IO first argument.
  func printTo(_ args: [Value], newline: Bool) throws {
    var items = args[...]
    var io: IOBufferValue? = nil
    var toStdout = false
    if case .native(let n)? = items.first {
      if let b = n as? IOBufferValue {
        io = b
        items = items.dropFirst()
      } else if n is StdoutValue {
        toStdout = true
        items = items.dropFirst()
      }
    }
    _ = toStdout
    var s = ""
    for v in items {
      if case .str(let x) = v { s += x } else { s += printString(v) }
    }
    if newline { s += "\n" }
    if let io { io.text += s } else { out.write(s) }
  }

  /// `convert(T, x)` and `T(x)` for numbers: exact conversions only, else InexactError.
  func convert(_ v: Value, to t: JType) throws -> Value {
    if isa(v, t) && t.kind != .abstract { return v }
    switch t.name {
    case "Float64":
      if case .tnum(let x) = v { return wrap(try tensorOp { try Diff.converted(x, to: .float64) }) }
      guard let d = toDouble(v) else { break }
      return .float(d)
    case "Float32":
      if case .tnum(let x) = v { return wrap(try tensorOp { try Diff.converted(x, to: .float32) }) }
      guard let d = toDouble(v) else { break }
      return .f32(Float(d))
    case "Int64":
      if case .char(let c) = v { return .int(Int(c.value)) }
      guard toDouble(v) != nil else { break }
      return .int(try toInt(v))
    case "Char":
      guard toDouble(v) != nil else { break }
      let n = try toInt(v)
      guard n >= 0, n <= 0x10FFFF, let c = Unicode.Scalar(UInt32(n)) else {
        throw JuliaError("ArgumentError", "invalid Unicode code point \(n)")
      }
      return .char(c)
    case "Bool":
      guard let d = toDouble(v) else { break }
      guard d == 0 || d == 1 else { throw JuliaError.inexact("Bool(\(showString(v)))") }
      return .bool(d == 1)
    case "String": return .str(printString(v))
    default:
      if t.kind == .array, let e = t.elem, let d = Types.dtype(of: e), let x = try asTensor(v), isArrayLike(v) {
        return .tensor(try tensorOp { try Diff.converted(x, to: d) })
      }
      if isa(v, t) { return v }
    }
    throw JuliaError("MethodError", "Cannot `convert` an object of type \(typeOf(v)) to an object of type \(t)")
  }
}
