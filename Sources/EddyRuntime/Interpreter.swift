// The interpreter's state and its call machinery: dispatch, frames, depth, interrupts.
import EddySyntax
import EddyTensor

#if canImport(Glibc)
  import Glibc
#endif

/// Set from a signal handler when the user presses Ctrl-C during a computation.
nonisolated(unsafe) public var interruptRequested: Int32 = 0

/// One interpreter: its modules, its output, and the state of running code.
public final class Interpreter {
  public let base = ModuleValue(name: "Base")
  public let main = ModuleValue(name: "Main")
  public var modules: [String: ModuleValue] = [:]
  /// The module definitions are compiled into.
  var currentModule: ModuleValue
  public var out = OutputBuffer(fd: 1)
  /// Depth of nested Julia calls; bounded well below the evaluator thread's stack.
  var depth = 0
  public var maxDepth = 12000
  /// In the REPL and piped sessions a top-level loop assigns existing globals (soft scope);
  /// a script file makes them new locals, as `julia file.jl` does.
  public var softScopeAssignsGlobals = true
  /// The errors whose `catch` bodies are running, innermost last (for `rethrow()`).
  var handledErrors: [JuliaError] = []
  /// Targets of the indexing expressions being evaluated, so `end` can ask their size.
  var indexTargets: [Value] = []
  var lambdaCounter = 0
  /// File name used in locations of code being compiled (`REPL[3]`, `script.jl`).
  var currentFile = "none"
  public var rng = RNG(seed: 0x5EED)
  /// Docstrings of user definitions, by name.
  public var docs: [String: String] = [:]
  var warnedFloat64 = false
  /// Field names given to `Flux.@functor T (a, b)`.
  var trainableFields: [ObjectIdentifier: [String]] = [:]
  /// A docstring waiting for the definition it precedes.
  var pendingDoc: String?
  /// Constructors of built-in types that every interpreter shares (`Dict`, `Float32`, ...): their
  /// bodies capture this interpreter, so each interpreter calls its own (tests run several).
  var ownConstructors: [ObjectIdentifier: FunctionValue] = [:]
  /// The native fast paths of Flux's methods (FluxFastPaths.swift), kept alive here.
  var fluxFast: FluxFast?
  /// Whether loading Flux attaches those fast paths (tests compare both ways).
  public var fluxFastPaths = true
  /// The collections of arrays `forEach` is walking, innermost last (whole-sequence input
  /// projections, FluxFastPaths+Projection.swift).
  var sequences: [SequenceFrame] = []

  public init() {
    currentModule = main
    modules["Base"] = base
    modules["Main"] = main
    main.define("Main", .module(main), export: false)
    main.define("Base", .module(base), export: false)
    registerBuiltins()
  }

  // MARK: Name resolution (compile time)

  /// The binding a read of `name` in `module` refers to.
  func readRef(_ name: String, in module: ModuleValue) -> GlobalRef {
    if let r = module.globals[name] { return r }
    if module !== base, let r = base.globals[name], r.value != nil { return r }
    return module.ref(name)
  }

  // MARK: Calls

  /// Calls any callable value: a function, a type (constructor) or a callable struct.
  public func call(_ f: Value, _ args: [Value], _ kwargs: [(String, Value)] = []) throws -> Value {
    switch f {
    case .fn(let fv): return try callFunction(fv, args, kwargs)
    case .type(let t): return try construct(t, args, kwargs)
    case .obj(let s):
      if let cf = s.type.callFunction {
        var all: [Value] = []
        all.reserveCapacity(args.count + 1)
        all.append(f)
        all.append(contentsOf: args)
        return try callFunction(cf, all, kwargs)
      }
      throw JuliaError("MethodError", "objects of type \(s.type.name) are not callable")
    case .native(let n):
      if let c = n as? CallableNative { return try c.call(self, args, kwargs) }
      throw JuliaError("MethodError", "objects of type \(n.typeName) are not callable")
    default:
      throw JuliaError(
        "MethodError",
        "objects of type \(typeOf(f)) are not callable\nMaybe you forgot to use an operator such as *, ^, %, / etc. ?")
    }
  }

  /// Picks the most specific applicable method and runs it.
  public func callFunction(_ f: FunctionValue, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
    if f.methods.count == 1, let m = f.methods.first {
      if let nb = m.native { return try nb(args, kwargs) }
      if applicable(m, args) { return try invoke(m, f, args, kwargs) }
    } else if let m = select(f, args) {
      if let nb = m.native { return try nb(args, kwargs) }
      return try invoke(m, f, args, kwargs)
    }
    throw methodError(f.name, args)
  }

  func applicable(_ m: Method, _ args: [Value]) -> Bool {
    if args.count < m.required { return false }
    if !m.isVararg && args.count > m.types.count { return false }
    for (i, a) in args.enumerated() {
      let t: JType?
      if i < m.types.count { t = m.types[i] } else { t = m.types.last ?? nil }
      if let t, !isa(a, t) { return false }
    }
    return true
  }

  func select(_ f: FunctionValue, _ args: [Value]) -> Method? {
    var best: Method?
    var bestScore = -1
    for m in f.methods {
      // A catch-all native (`Method.native`) ranks below every applicable typed method; natives
      // with a fixed arity (struct default constructors) compete like compiled ones.
      if m.native != nil && m.isVararg && m.types.isEmpty {
        if bestScore < 0 {
          best = m
          bestScore = 0
        }
        continue
      }
      guard applicable(m, args) else { continue }
      var score = 1
      for t in m.types { if let t { score += 1 + t.specificity } }
      if m.isVararg { score -= 1 }
      if score >= bestScore {
        best = m
        bestScore = score
      }
    }
    return best
  }

  func methodError(_ name: String, _ args: [Value]) -> JuliaError {
    let sig = args.map { "::\(typeOf($0))" }.joined(separator: ", ")
    var msg = "no method matching \(name)(\(sig))"
    if let r = readRefIfExists(name), case .fn(let f)? = r.value, !f.methods.isEmpty {
      msg += "\nThe function `\(name)` exists, but no method is defined for this combination of argument types."
      let cands = f.methods.filter { $0.native == nil }.prefix(3)
      if !cands.isEmpty {
        msg += "\n\nClosest candidates are:"
        for m in cands { msg += "\n  \(m.signature)\n   @ \(m.file == "Flux.jl" ? "Flux" : "Main") \(m.file):\(m.line)" }
      }
    }
    if args.count == 2, name == "+" || name == "-" {
      let what = name == "+" ? "addition" : "subtraction"
      if case .tensor = args[0] {
        msg += "\nFor element-wise \(what), use broadcasting with dot syntax: array .\(name) scalar"
      } else if case .tensor = args[1] {
        msg += "\nFor element-wise \(what), use broadcasting with dot syntax: scalar .\(name) array"
      }
    }
    return JuliaError("MethodError", msg)
  }

  func readRefIfExists(_ name: String) -> GlobalRef? {
    main.globals[name] ?? base.globals[name]
  }

  /// Runs a compiled method in a fresh frame.
  func invoke(_ m: Method, _ f: FunctionValue, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
    guard let body = m.compiled else { return .nothing }
    if let fast = m.fast, kwargs.isEmpty, let r = try runFast(fast, args) { return r }
    depth += 1
    defer { depth -= 1 }
    if depth > maxDepth { throw JuliaError("StackOverflowError", "") }
    try checkInterrupt()
    // A frame without cells or captures is reused by the next call of the same body once this
    // call is done with it (unless something kept a reference): saves two allocations a call.
    let poolable = body.cellCount == 0 && m.captures.isEmpty
    var frame: Frame
    if poolable, let spare = body.spareFrame, spare.slotCount == body.slotCount {
      body.spareFrame = nil
      frame = spare
    } else {
      frame = Frame(slotCount: body.slotCount, cellCount: body.cellCount, captures: m.captures)
    }
    defer {
      if poolable, isKnownUniquelyReferenced(&frame) {
        frame.clearSlots()
        body.spareFrame = frame
      }
    }
    let np = body.paramStores.count
    for i in 0..<np {
      let v: Value
      if m.isVararg && i == np - 1 {
        v = .tuple(i < args.count ? Array(args[i...]) : [])
      } else if i < args.count {
        v = args[i]
      } else if let d = body.defaults[i] {
        v = try d(frame)
      } else {
        throw methodError(f.name, args)
      }
      store(frame, body.paramStores[i], v)
    }
    if !body.kwStores.isEmpty || body.kwSplatStore != nil || !kwargs.isEmpty {
      try bindKeywords(m, body, frame, f, kwargs)
    }
    do {
      return try body.body(frame)
    } catch ControlFlow.returnValue(let v) {
      return v
    } catch var e as JuliaError {
      e.located = false
      throw e
    }
  }

  /// A method's native fast path, counted as one call level (it may call back into Julia code,
  /// as `Chain` does for its layers).
  /// A method's native fast path, with the depth and Ctrl-C checks of a call.
  func runFast(_ fast: FastBody, _ args: [Value]) throws -> Value? {
    depth += 1
    defer { depth -= 1 }
    if depth > maxDepth { throw JuliaError("StackOverflowError", "") }
    try checkInterrupt()
    return try fast(args)
  }

  private func bindKeywords(
    _ m: Method, _ body: CompiledBody, _ frame: Frame, _ f: FunctionValue, _ kwargs: [(String, Value)]
  ) throws {
    var given = [Bool](repeating: false, count: m.kwNames.count)
    var rest: [(String, Value)] = []
    for (k, v) in kwargs {
      if let i = m.kwNames.firstIndex(of: k) {
        store(frame, body.kwStores[i], v)
        given[i] = true
      } else if body.kwSplatStore != nil {
        rest.append((k, v))
      } else {
        throw JuliaError("MethodError", "no method matching \(f.name)(; \(k)): unsupported keyword argument \"\(k)\"")
      }
    }
    for i in 0..<m.kwNames.count where !given[i] {
      guard let d = body.kwDefaults[i] else {
        throw JuliaError("UndefKeywordError", "keyword argument `\(m.kwNames[i])` not assigned")
      }
      store(frame, body.kwStores[i], try d(frame))
    }
    if let s = body.kwSplatStore {
      store(frame, s, .named(NamedTupleValue(keys: rest.map { $0.0 }, values: rest.map { $0.1 })))
    }
  }

  @inline(__always) func store(_ frame: Frame, _ s: VarStore, _ v: Value) {
    switch s {
    case .slot(let i): frame.slots[i] = v
    case .cell(let i): frame.cells[i] = Box(v)
    }
  }

  // MARK: Constructors

  func construct(_ t: JType, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
    if let make = t.nativeConstructor { return try make(self, args, kwargs) }
    if let c = ownConstructors[ObjectIdentifier(t)] ?? t.constructor { return try callFunction(c, args, kwargs) }
    if t.kind == .array {
      // `Array(1:3)`, `Vector{Float32}(xs)`: a collection becomes an array of that type.
      if args.count == 1, isArrayLike(args[0]) || isTupleValue(args[0]) {
        let items = try iterate(args[0])
        let shape = iterShape(args[0]) ?? [items.count]
        if let n = t.ndims, n != shape.count {
          throw JuliaError("MethodError", "no method matching \(t)(::\(typeOf(args[0])))")
        }
        return try collectArray(items, shape: shape, eltype: t.elem)
      }
      var rest = args[...]
      if case .native(let n)? = rest.first, n is UndefMarker { rest = rest.dropFirst() }
      let dims = rest.isEmpty ? [0] : try dimsFrom(rest)
      let e = t.elem ?? Types.any
      if let d = Types.dtype(of: e) { return .tensor(try newTensor(dims, d)) }
      let n = try valueArrayCount(dims)
      return .array(ArrayValue([Value](repeating: .nothing, count: n), shape: dims, eltype: e))
    }
    throw JuliaError("MethodError", "no method matching \(t)(\(args.map { "::\(typeOf($0))" }.joined(separator: ", ")))")
  }
}

/// A native object that can be called like a function (`Flux.throttle` results, ...).
public protocol CallableNative: AnyObject {
  func call(_ interp: Interpreter, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value
}

/// Buffered standard output: one write per line burst instead of one per `print`.
public struct OutputBuffer {
  public let fd: Int32
  var bytes: [UInt8] = []
  /// When set, output goes to this buffer instead of the file descriptor (tests, IOBuffer).
  public var capture: [UInt8]?
  public init(fd: Int32) { self.fd = fd }
  public mutating func write(_ s: String) {
    if capture != nil {
      capture!.append(contentsOf: s.utf8)
      return
    }
    bytes.append(contentsOf: s.utf8)
    if bytes.count > 1 << 16 { flush() }
  }
  public mutating func flush() {
    guard !bytes.isEmpty else { return }
    bytes.withUnsafeBytes { p in
      var off = 0
      while off < p.count {
        let n = Glibc.write(fd, p.baseAddress! + off, p.count - off)
        if n <= 0 { break }
        off += n
      }
    }
    bytes.removeAll(keepingCapacity: true)
  }
}
