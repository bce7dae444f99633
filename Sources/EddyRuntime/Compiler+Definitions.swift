// Definitions: functions, methods, closures, structs and docstrings.
import EddySyntax
import EddyTensor

extension Compiler {
  /// Compiles a method body in a new function scope; returns the body and the scope it used.
  /// `whereNames` are locals bound, on each call, to the types matched from the arguments
  /// (`f(x::Vector{T}) where T` sees `T == Float64` for a `Vector{Float64}`).
  func compileBody(
    name: String, params: [Node.Param], kwparams: [Node.Param], body: Node, selfParam: Node.Param? = nil,
    whereNames: [String] = []
  ) throws -> (CompiledBody, FuncScope) {
    let inner = FuncScope(parent: scope, isTopLevel: false, functionName: name)
    let facts = ScopeFacts.scan(body)
    inner.boxed = facts.usedInNested
    inner.declaredGlobals = facts.globals
    let cb = CompiledBody()
    cb.file = file
    let sub = Compiler(interp: interp, file: file, scope: inner)
    sub.newAlias = newAlias
    let allParams = (selfParam.map { [$0] } ?? []) + params
    var declared: Set<String> = []
    for p in allParams {
      let pname = p.name ?? "#unused\(declared.count)"
      declared.insert(pname)
      cb.paramStores.append(inner.declare(pname))
    }
    for p in kwparams {
      let pname = p.name ?? "#kw"
      declared.insert(pname)
      if p.isVararg {
        cb.kwSplatStore = inner.declare(pname)
      } else {
        cb.kwStores.append(inner.declare(pname))
      }
    }
    let whereStores = whereNames.filter { !declared.contains($0) }.map { n -> (String, VarStore) in
      declared.insert(n)
      return (n, inner.declare(n))
    }
    // Hoist the body's locals, except those that belong to an enclosing function.
    var hoisted: Set<String> = []
    for n in facts.assigned where !declared.contains(n) && !facts.globals.contains(n) {
      if scope.lookupLocal(n) != nil { continue }
      inner.declareHoisted(n)
      hoisted.insert(n)
    }
    // Locals read before their first assignment start each call undefined, so the read is
    // Julia's UndefVarError rather than `nothing` (Compiler+SoftScope.swift marks and checks).
    var undefSlots: [Int] = []
    for n in ReadBeforeAssign.names(in: body, candidates: hoisted) {
      guard case .slot(let k)? = inner.blocks.first?[n] else { continue }
      undefSlots.append(k)
      sub.softLocals.insert(SoftLocalKey(scope: ObjectIdentifier(inner), store: .slot(k)))
    }
    cb.defaults = try allParams.map { p in try p.defaultValue.map { try sub.expr($0) } }
    cb.kwDefaults = try kwparams.filter { !$0.isVararg }.map { p in try p.defaultValue.map { try sub.expr($0) } }
    cb.body = try sub.block(bodyStatements(body))
    if !undefSlots.isEmpty {
      let run = cb.body
      let undef = Value.native(UndefLocalMarker.shared)
      cb.body = { frame in
        for k in undefSlots { frame.slots[k] = undef }
        return try run(frame)
      }
    }
    if !whereStores.isEmpty {
      let run = cb.body
      let typed = allParams.enumerated().compactMap { k, p in p.type.map { (k, $0, p.isVararg) } }
      let stores = cb.paramStores
      let names = whereStores.map { $0.0 }
      let i = interp
      cb.body = { frame in
        var bound = [Value?](repeating: nil, count: names.count)
        for (k, type, isVararg) in typed where k < stores.count {
          let v: Value
          switch stores[k] {
          case .slot(let j): v = frame.slots[j]
          case .cell(let j): v = frame.cells[j].value
          }
          if isVararg, case .tuple(let xs) = v {
            for x in xs { _ = i.unifyTypeParams(type, i.typeOf(x), names, &bound) }
          } else {
            _ = i.unifyTypeParams(type, i.typeOf(v), names, &bound)
          }
        }
        for (k, (_, store)) in whereStores.enumerated() { i.store(frame, store, bound[k] ?? .type(Types.any)) }
        return try run(frame)
      }
    }
    cb.slotCount = inner.slotCount
    cb.cellCount = inner.cellCount
    return (cb, inner)
  }

  func bodyStatements(_ n: Node) -> [Node] {
    if case .block(let xs) = n.kind { return xs }
    return [n]
  }

  /// The code that evaluates declared parameter types when a definition runs. A type that
  /// mentions a `where` name is evaluated with that name bound to a type variable: `::T` then
  /// accepts any value (or any of the bound's type), `::Vector{T}` any `Vector`.
  func typeCodes(_ params: [Node.Param], where names: [String] = [], bounds: [Node?] = []) throws -> [Code?] {
    if names.isEmpty { return try params.map { p in try p.type.map { try expr($0) } } }
    let boundCodes: [Code?] = try names.indices.map { k in
      guard k < bounds.count, let b = bounds[k], !Compiler.mentions(b, names) else { return nil }
      return try expr(b)
    }
    let i = interp
    return try params.map { p -> Code? in
      guard let t = p.type else { return nil }
      guard Compiler.mentions(t, names) else { return try expr(t) }
      let vars = names.map { Node.Param(name: $0) }
      let (cb, inner) = try compileBody(name: "where", params: vars, kwparams: [], body: t)
      let make = methodMaker(
        cb, inner, params: vars, kwparams: [], typeCodes: vars.map { _ in nil }, line: t.loc.line, signature: "where")
      return { f in
        let m = try make(f)
        var args: [Value] = []
        for (k, name) in names.enumerated() {
          var bound = Types.any
          if let bc = boundCodes[k], case .type(let b) = try bc(f) { bound = b }
          let tv = JType(name: name, kind: .abstract, supertype: bound)
          tv.isTypeVar = true
          args.append(.type(tv))
        }
        let v = try i.invoke(m, FunctionValue(name: "where"), args, [])
        if case .type(let ty) = v, ty.isTypeVar { return .type(ty.supertype ?? Types.any) }
        return v
      }
    }
  }

  /// Does `node` mention one of `names` (as an identifier)?
  static func mentions(_ node: Node, _ names: [String]) -> Bool {
    var found = false
    NodeWalker.forEach(node) { x in
      if case .identifier(let s) = x.kind, names.contains(s) { found = true }
    }
    return found
  }

  /// ` where T`, ` where T<:Real`, ` where {T, S}` as Julia prints a method signature.
  static func whereText(_ names: [String], _ bounds: [Node?]) -> String {
    guard !names.isEmpty else { return "" }
    let items = names.enumerated().map { k, n in
      k < bounds.count && bounds[k] != nil ? n + "<:" + Unparser.text(bounds[k]!) : n
    }
    return " where " + (items.count == 1 ? items[0] : "{" + items.joined(separator: ", ") + "}")
  }

  static func signature(_ name: String, _ params: [Node.Param]) -> String {
    let ps = params.map { p -> String in
      var s = p.name ?? ""
      if let t = p.type { s += "::" + Unparser.text(t) }
      if p.isVararg { s += "..." }
      return s
    }
    return "\(name)(\(ps.joined(separator: ", ")))"
  }

  /// Builds the runtime method from compiled parts, capturing the defining frame's cells.
  /// `display` names the method for `methods(f)`: its name, the parameters to label (the last
  /// ones of `params`) and the `where` names (whose types are shown as written).
  func methodMaker(
    _ cb: CompiledBody, _ inner: FuncScope, params: [Node.Param], kwparams: [Node.Param],
    typeCodes: [Code?], line: Int, signature: String,
    display: (name: String, params: [Node.Param], whereNames: [String], whereBounds: [Node?])? = nil
  ) -> (Frame) throws -> Method {
    // Labels: resolved type names, except for types written with `where` names.
    let labelSource: [(String, String?, Bool)] = (display?.params ?? []).map { p in
      let asWritten = p.type.flatMap { t in
        Compiler.mentions(t, display?.whereNames ?? []) ? Unparser.text(t) : nil
      }
      return ((p.name ?? ""), asWritten, p.isVararg)
    }
    let labelOffset = params.count - labelSource.count
    let whereSuffix = display.map { Compiler.whereText($0.whereNames, $0.whereBounds) } ?? ""
    let required = params.filter { $0.defaultValue == nil && !$0.isVararg }.count
    let isVararg = params.last?.isVararg ?? false
    let kwNames = kwparams.filter { !$0.isVararg }.compactMap { $0.name }
    let hasKwSplat = kwparams.contains { $0.isVararg }
    let file = self.file
    return { f in
      var types: [JType?] = []
      for c in typeCodes {
        if let c {
          let tv = try c(f)
          guard case .type(let t) = tv else {
            throw JuliaError.type("in method definition, expected a type, got \(tv)")
          }
          types.append(t)
        } else {
          types.append(nil)
        }
      }
      let m = Method(
        types: types, required: required, isVararg: isVararg, kwNames: kwNames, hasKwSplat: hasKwSplat,
        compiled: cb, native: nil, line: line, file: file, signature: signature)
      if let display {
        m.displayName = display.name
        m.whereText = whereSuffix
        m.paramLabels = labelSource.enumerated().map { k, src in
          var label = src.0
          let ti = labelOffset + k
          if let written = src.1 {
            label += "::" + written
          } else if ti >= 0, ti < types.count, let t = types[ti] {
            label += "::" + t.description
          }
          return label + (src.2 ? "..." : "")
        }
      }
      m.captures = inner.captureSources.map { src -> Box in
        switch src {
        case .cell(let i): return f.cells[i]
        case .capture(let i): return f.captures[i]
        case .slot(let i): return Box(f.slots[i])
        case .global(let g): return Box(g.value ?? .nothing)
        }
      }
      return m
    }
  }

  func functionDef(_ def: Node.FunctionDef, _ n: Node) throws -> Code {
    let i = interp
    // Callable struct: `(m::T)(x) = ...`
    if let selfP = def.callableSelf {
      guard let tnode = selfP.type else { throw JuliaError.argument("callable definition needs a type") }
      let ct = try expr(tnode)
      let params = [selfP] + def.params
      let (cb, inner) = try compileBody(
        name: "(\(Unparser.text(tnode)))", params: def.params, kwparams: def.kwparams, body: def.body, selfParam: selfP,
        whereNames: def.whereNames)
      let head = "(\(selfP.name ?? "")::\(Unparser.text(tnode)))"
      let make = methodMaker(
        cb, inner, params: params, kwparams: def.kwparams,
        typeCodes: try typeCodes(params, where: def.whereNames, bounds: def.whereBounds), line: n.loc.line,
        signature: Compiler.signature(head, def.params),
        display: (head, def.params, def.whereNames, def.whereBounds))
      return { f in
        guard case .type(let t) = try ct(f) else { throw JuliaError.type("callable definition needs a type") }
        let m = try make(f)
        let fn = t.callFunction ?? FunctionValue(name: t.name)
        fn.add(m)
        t.callFunction = fn
        return .nothing
      }
    }
    guard let nameNode = def.name else { throw JuliaError.argument("function definition without a name") }
    if case .identifier(let lname) = nameNode.kind, !scope.isTopLevel {
      // A named function inside a function is a local closure bound to a local variable.
      if scope.lookupLocal(lname) == nil && !scope.declaredGlobals.contains(lname) { scope.declareHoisted(lname) }
      let (cb, inner) = try compileBody(
        name: lname, params: def.params, kwparams: def.kwparams, body: def.body, whereNames: def.whereNames)
      let make = methodMaker(
        cb, inner, params: def.params, kwparams: def.kwparams,
        typeCodes: try typeCodes(def.params, where: def.whereNames, bounds: def.whereBounds),
        line: n.loc.line, signature: Compiler.signature(lname, def.params),
        display: (lname, def.params, def.whereNames, def.whereBounds))
      let reader = read(lname, nameNode.loc)
      let w = writer(lname)
      return { f in
        let m = try make(f)
        if case .fn(let fv)? = try? reader(f) {
          fv.add(m)
          return .fn(fv)
        }
        let fv = FunctionValue(name: lname, methods: [m])
        try w(f, .fn(fv))
        return .fn(fv)
      }
    }
    let (fname, owner) = try definitionTarget(nameNode)
    let (cb, inner) = try compileBody(
      name: fname, params: def.params, kwparams: def.kwparams, body: def.body, whereNames: def.whereNames)
    let make = methodMaker(
      cb, inner, params: def.params, kwparams: def.kwparams,
      typeCodes: try typeCodes(def.params, where: def.whereNames, bounds: def.whereBounds), line: n.loc.line,
      signature: Compiler.signature(fname, def.params),
      display: (fname, def.params, def.whereNames, def.whereBounds))
    return { f in
      let m = try make(f)
      let ref = try owner(f)
      switch ref.value {
      case .fn(let fv)?:
        fv.add(m)
        return .fn(fv)
      case .type(let t)?:
        // A built-in type shared by all interpreters keeps this interpreter's constructor apart.
        if let own = i.ownConstructors[ObjectIdentifier(t)] {
          own.add(m)
          return .type(t)
        }
        let c = t.constructor ?? FunctionValue(name: t.name)
        c.add(m)
        t.constructor = c
        return .type(t)
      default:
        let fv = FunctionValue(name: fname, methods: [m])
        ref.value = .fn(fv)
        if let d = i.pendingDoc {
          fv.docstring = d
          i.pendingDoc = nil
        }
        return .fn(fv)
      }
    }
  }

  /// The binding a definition of `f`, `Base.f` or `Flux.f` adds a method to.
  func definitionTarget(_ nameNode: Node) throws -> (String, (Frame) throws -> GlobalRef) {
    switch nameNode.kind {
    case .identifier(let name):
      let mod = module
      let i = interp
      return (name, { _ in
        if let r = mod.globals[name], r.value != nil { return r }
        // Extending an imported function adds to it rather than shadowing it.
        let visible = i.readRef(name, in: mod)
        if case .fn? = visible.value { return visible }
        if case .type? = visible.value { return visible }
        return mod.ref(name)
      })
    case .field(let base, let name):
      let cb = try expr(base)
      return (name, { f in
        guard case .module(let m) = try cb(f) else {
          throw JuliaError.argument("cannot define a method on a field of a non-module")
        }
        return m.ref(name)
      })
    default:
      throw JuliaError.argument("invalid function name at line \(nameNode.loc.line)")
    }
  }

  func lambda(_ ps: [Node.Param], _ kws: [Node.Param], _ body: Node, _ n: Node) throws -> Code {
    interp.lambdaCounter += 1
    let name = "#\(interp.lambdaCounter)"
    let (cb, inner) = try compileBody(name: "anonymous function", params: ps, kwparams: kws, body: body)
    let make = methodMaker(
      cb, inner, params: ps, kwparams: kws, typeCodes: try typeCodes(ps), line: n.loc.line,
      signature: Compiler.signature(name, ps), display: (name, ps, [], []))
    return { f in .fn(FunctionValue(name: name, methods: [try make(f)], isAnonymous: true)) }
  }

  func structDef(
    _ name: String, _ isMutable: Bool, _ sup: Node?, _ fields: [Node.Field], _ inner: [Node],
    typeParams: [Node] = [], _ n: Node
  ) throws -> Code {
    if !typeParams.isEmpty {
      return try parametricStructDef(name, isMutable, sup, fields, inner, typeParams: typeParams, n)
    }
    let csup = try sup.map { try expr($0) }
    let ftypes = try fields.map { fl in try fl.type.map { try expr($0) } }
    let mod = module
    let i = interp
    let alias = "#new#" + name
    let savedAlias = newAlias
    newAlias = inner.isEmpty ? nil : alias
    let innerCodes = try inner.map { try expr($0) }
    newAlias = savedAlias
    return { f in
      let supT = try Compiler.supertype(csup.map { try $0(f) }, of: name)
      let t = JType(name: name, kind: .structType, supertype: supT)
      t.fieldNames = fields.map { $0.name }
      t.isMutable = isMutable
      var types: [JType?] = []
      for c in ftypes {
        if let c, case .type(let ft) = try c(f) { types.append(ft) } else { types.append(nil) }
      }
      let fieldTypes = types
      let ctor = FunctionValue(name: name)
      let count = fields.count
      ctor.methods.append(
        Method(
          types: [JType?](repeating: nil, count: count), required: count, isVararg: false, kwNames: [],
          hasKwSplat: false, compiled: nil,
          native: { args, _ in
            guard args.count == count else {
              throw i.methodError(name, args)
            }
            var vals = args
            for (k, ft) in fieldTypes.enumerated() {
              if let ft { vals[k] = try i.convertForField(vals[k], to: ft, field: fields[k].name, of: name) }
            }
            return .obj(StructValue(type: t, fields: vals))
          }, line: n.loc.line, file: self.file, signature: "\(name)(\(fields.map { $0.name }.joined(separator: ", ")))"))
      try i.bindStruct(t, ctor, name: name, alias: alias, in: mod, innerConstructors: innerCodes, frame: f)
      return .nothing
    }
  }

  func docstring(_ doc: String, _ def: Node) throws -> Code {
    let c = try expr(def)
    let i = interp
    var name: String?
    switch def.kind {
    case .function(let d):
      if let nn = d.name {
        if case .identifier(let s) = nn.kind { name = s }
        if case .field(_, let s) = nn.kind { name = s }
      }
    case .structDef(let s, _, _, _, _, _), .abstractType(let s, _, _): name = s
    case .assign(let l, _), .const(let l):
      if case .identifier(let s) = l.kind { name = s }
    case .identifier(let s): name = s
    default: break
    }
    return { f in
      i.pendingDoc = doc
      let v = try c(f)
      i.pendingDoc = nil
      if let name { i.docs[name] = doc }
      if case .fn(let fv) = v { fv.docstring = doc }
      return v
    }
  }
}

extension Interpreter {
  /// Binds a new struct type `name` with its default constructor. With inner constructors,
  /// the default one is reachable only as `new` (bound to `alias`) and the inner ones, run now,
  /// become the type's methods. A pending docstring goes to the type.
  func bindStruct(
    _ t: JType, _ ctor: FunctionValue, name: String, alias: String, in mod: ModuleValue,
    innerConstructors: [Code], frame f: Frame
  ) throws {
    if innerConstructors.isEmpty {
      t.constructor = ctor
    } else {
      mod.ref(alias).value = .fn(ctor)
      t.constructor = FunctionValue(name: name)
    }
    if let d = pendingDoc {
      t.docstring = d
      pendingDoc = nil
    }
    mod.ref(name).value = .type(t)
    for c in innerConstructors { _ = try c(f) }
  }
}
