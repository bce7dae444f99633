// Type definitions beyond plain structs: `abstract type`, and parametric structs whose
// parameters are inferred from the constructor's arguments (`Pair2(1, 2)` is a `Pair2{Int64}`).
import EddySyntax

extension Compiler {
  /// The supertype of a new type: abstract types only (Julia: "can only subtype abstract types").
  static func supertype(_ v: Value?, of name: String) throws -> JType {
    guard let v else { return Types.any }
    guard case .type(let t) = v else {
      throw JuliaError.type("in \(name), expected the supertype to be a type")
    }
    if t.kind == .abstract && !t.isTypeVar || t.kind == .array && t.isAbstractArray { return t }
    throw JuliaError.error("invalid subtyping in definition of \(name): can only subtype abstract types.")
  }

  /// `{T, S <: Real}` as names and bound nodes (the parser checked the shape).
  static func typeParamList(_ params: [Node]) -> [(name: String, bound: Node?)] {
    params.compactMap { p in
      switch p.kind {
      case .identifier(let s): return (s, nil)
      case .binary("<:", let lhs, let rhs, false):
        if case .identifier(let s) = lhs.kind { return (s, rhs) }
        return nil
      default: return nil
      }
    }
  }

  /// The code for a declared supertype; `B{T}` naming the new type's own parameters is `B`.
  func supertypeCode(_ sup: Node?, _ names: [String]) throws -> Code? {
    guard let sup else { return nil }
    guard Compiler.mentions(sup, names) else { return try expr(sup) }
    if case .curly(let base, _) = sup.kind, !Compiler.mentions(base, names) { return try expr(base) }
    return nil
  }

  /// `abstract type Name{T} <: Super end`
  func abstractType(_ name: String, _ typeParams: [Node], _ sup: Node?, _ n: Node) throws -> Code {
    let names = Compiler.typeParamList(typeParams).map { $0.name }
    let csup = try supertypeCode(sup, names)
    let mod = module
    let i = interp
    return { f in
      let supT = try Compiler.supertype(try csup.map { try $0(f) }, of: name)
      // Re-running an identical definition keeps the type (so existing subtypes stay subtypes).
      if case .type(let old)? = mod.globals[name]?.value, old.kind == .abstract, old.supertype === supT,
        old.typeParamNames == names
      {
        return .nothing
      }
      let t = JType(name: name, kind: .abstract, supertype: supT)
      t.typeParamNames = names
      if let d = i.pendingDoc {
        t.docstring = d
        i.pendingDoc = nil
      }
      mod.ref(name).value = .type(t)
      return .nothing
    }
  }

  /// `struct Name{T, ...} fields end`: `Name` is the parametric type; `Name{Int64}` (explicit, or
  /// inferred by `Name(args...)`) is a concrete instance with the field types substituted.
  func parametricStructDef(
    _ name: String, _ isMutable: Bool, _ sup: Node?, _ fields: [Node.Field], _ inner: [Node],
    typeParams: [Node], _ n: Node
  ) throws -> Code {
    let params = Compiler.typeParamList(typeParams)
    let names = params.map { $0.name }
    let csup = try supertypeCode(sup, names)
    let boundCodes: [Code?] = try params.map { p in
      guard let b = p.bound, !Compiler.mentions(b, names) else { return nil }
      return try expr(b)
    }
    // The field types as a function of the parameters: `(T, ...) -> (type1, type2, ...)`.
    let vars = names.map { Node.Param(name: $0) }
    let typeNodes = fields.map { $0.type ?? Node(.identifier("Any"), n.loc) }
    let (cb, scopeUsed) = try compileBody(name: name, params: vars, kwparams: [], body: Node(.tuple(typeNodes), n.loc))
    let make = methodMaker(
      cb, scopeUsed, params: vars, kwparams: [], typeCodes: vars.map { _ in nil }, line: n.loc.line, signature: name)
    let alias = "#new#" + name
    let savedAlias = newAlias
    newAlias = inner.isEmpty ? nil : alias
    let innerCodes = try inner.map { try expr($0) }
    newAlias = savedAlias
    let mod = module
    let i = interp
    let file = self.file
    let fieldNames = fields.map { $0.name }
    let count = fields.count
    let line = n.loc.line
    return { f in
      let supT = try Compiler.supertype(try csup.map { try $0(f) }, of: name)
      var bounds: [JType] = []
      for c in boundCodes {
        if let c, case .type(let b) = try c(f) { bounds.append(b) } else { bounds.append(Types.any) }
      }
      let generic = JType(name: name, kind: .structType, supertype: supT)
      generic.fieldNames = fieldNames
      generic.isMutable = isMutable
      generic.typeParamNames = names
      let typesMethod = try make(f)
      let typesFn = FunctionValue(name: name, methods: [typesMethod])
      var instances: [String: JType] = [:]

      func instantiate(_ args: [Value]) throws -> JType {
        if args.count > names.count { throw JuliaError.type("too many parameters for type \(name)") }
        let hasTypeVar = args.contains { a in
          if case .type(let t) = a { return t.isTypeVar }
          return false
        }
        // `Name{T}` with a `where` variable, or fewer parameters: the parametric type itself.
        if hasTypeVar || args.count < names.count { return generic }
        for (k, a) in args.enumerated() {
          if case .type(let t) = a, !t.isSubtype(of: bounds[k]) {
            throw JuliaError.type("in \(name), in \(names[k]), expected \(names[k])<:\(bounds[k]), got Type{\(t)}")
          }
        }
        let key = args.map { i.showString($0) }.joined(separator: ", ")
        if let t = instances[key] { return t }
        let t = JType(name: "\(name){\(key)}", kind: .structType, supertype: supT)
        t.fieldNames = fieldNames
        t.isMutable = isMutable
        t.generic = generic
        t.typeArgs = args
        t.isFunctor = generic.isFunctor
        instances[key] = t
        guard case .tuple(let fts) = try i.invoke(typesMethod, typesFn, args, []) else {
          throw JuliaError.type("invalid field types in the definition of \(name)")
        }
        t.fieldTypes = fts.map { v in
          if case .type(let x) = v, x !== Types.any { return x }
          return nil
        }
        let ctor = FunctionValue(name: t.name)
        ctor.methods.append(
          Method(
            types: [JType?](repeating: nil, count: count), required: count, isVararg: false, kwNames: [],
            hasKwSplat: false, compiled: nil,
            native: { [unowned t] args, _ in
              guard args.count == count else { throw i.methodError(t.name, args) }
              var vals = args
              for (k, ft) in t.fieldTypes.enumerated() where k < vals.count {
                if let ft { vals[k] = try i.convertForField(vals[k], to: ft, field: fieldNames[k], of: t.name) }
              }
              return .obj(StructValue(type: t, fields: vals))
            }, line: line, file: file, signature: "\(t.name)(\(fieldNames.joined(separator: ", ")))"))
        t.constructor = ctor
        return t
      }
      generic.instantiate = instantiate

      // `Name(args...)`: the parameters come from the arguments' types.
      let inferring = FunctionValue(name: name)
      inferring.methods.append(
        Method(
          types: [JType?](repeating: nil, count: count), required: count, isVararg: false, kwNames: [],
          hasKwSplat: false, compiled: nil,
          native: { args, _ in
            guard args.count == count else { throw i.methodError(name, args) }
            var bound = [Value?](repeating: nil, count: names.count)
            for k in 0..<count where !i.unifyTypeParams(typeNodes[k], i.typeOf(args[k]), names, &bound) {
              throw i.methodError(name, args)
            }
            var inferred: [Value] = []
            for (k, b) in bound.enumerated() {
              guard let b else { throw i.methodError(name, args) }
              if case .type(let t) = b, !t.isSubtype(of: bounds[k]) { throw i.methodError(name, args) }
              inferred.append(b)
            }
            return try i.call(.type(try instantiate(inferred)), args)
          }, line: line, file: file,
          signature: "\(name)(\(zip(fieldNames, typeNodes).map { "\($0)::\(Unparser.text($1))" }.joined(separator: ", "))) where \(names.count == 1 ? names[0] : "{" + names.joined(separator: ", ") + "}")"
        ))
      try i.bindStruct(generic, inferring, name: name, alias: alias, in: mod, innerConstructors: innerCodes, frame: f)
      return .nothing
    }
  }
}

extension Interpreter {
  /// Matches a declared field type against an argument's type, binding parameter names:
  /// `T` against `Int64` binds `T`; `Vector{T}` against `Vector{Float32}` binds `T = Float32`.
  /// False when one name would need two different values.
  func unifyTypeParams(_ node: Node, _ type: JType, _ names: [String], _ bound: inout [Value?]) -> Bool {
    func bind(_ name: String, _ v: Value) -> Bool {
      guard let j = names.firstIndex(of: name) else { return true }
      if let old = bound[j] { return identical(old, v) }
      bound[j] = v
      return true
    }
    switch node.kind {
    case .identifier(let s) where names.contains(s):
      return bind(s, .type(type))
    case .curly(_, let ps):
      var actual: [Value] = []
      if type.kind == .array {
        actual = [type.elem.map { .type($0) } ?? .type(Types.any)] + (type.ndims.map { [.int($0)] } ?? [])
      } else if type.generic != nil {
        actual = type.typeArgs
      }
      for (p, a) in zip(ps, actual) {
        if case .type(let at) = a {
          if !unifyTypeParams(p, at, names, &bound) { return false }
        } else if case .identifier(let s) = p.kind, !bind(s, a) {
          return false
        }
      }
      return true
    default:
      return true
    }
  }
}
