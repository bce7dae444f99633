// typeof, isa, identity, conversion to a field's declared type, and type parameters.
import EddyAutodiff
import EddyTensor

extension Interpreter {
  public func typeOf(_ v: Value) -> JType {
    switch v {
    case .nothing: return Types.nothing
    case .bool: return Types.bool
    case .int: return Types.int64
    case .float: return Types.float64
    case .f32: return Types.float32
    case .char: return Types.char
    case .str: return Types.string
    case .sym: return Types.symbol
    case .tensor(let t):
      if t.isBitArray && t.dtype == .bool && t.ndims >= 1 { return Types.bitArray(t.ndims) }
      return Types.array(Types.forDType(t.dtype), max(t.ndims, 0))
    case .tnum(let t): return Types.forDType(t.dtype)
    case .array(let a): return Types.array(a.eltype, a.shape.count)
    case .tuple(let xs):
      return JType(name: "Tuple{\(xs.map { typeOf($0).description }.joined(separator: ", "))}", kind: .tuple, supertype: Types.tuple)
    case .named(let nt):
      // Julia 1.10+ prints `@NamedTuple{a::Int64, b::Float64}`.
      let fields = zip(nt.keys, nt.values).map { "\($0)::\(typeOf($1).description)" }.joined(separator: ", ")
      return JType(name: "@NamedTuple{\(fields)}", kind: .concrete, supertype: Types.namedTuple)
    case .range(let r):
      if !r.isInt { return Types.floatRange }
      if r.isOneTo { return Types.oneTo }
      return r.explicitStep ? Types.stepRange : Types.unitRange
    case .fn(let f):
      return JType(name: "typeof(\(f.name))", kind: .concrete, supertype: Types.function)
    case .obj(let s): return s.type
    case .type(let t): return t.generic == nil && !t.typeParamNames.isEmpty ? Types.unionAll : Types.dataType
    case .module: return Types.module
    case .native(let n):
      if let d = n as? DictValue { return dictType(d) }
      if let t = n as? TypedNative { return t.jtype }
      return JType(name: n.typeName, kind: .concrete, supertype: Types.any)
    }
  }

  /// `Dict{String, Int64}`: the key and value types fixed when the dictionary was made
  /// (`Dict{Any, Any}` for `Dict()`).
  func dictType(_ d: DictValue) -> JType { BuiltinTypes.dictType(d) }

  /// Julia's `typejoin` for the element types of a literal: the nearest common supertype.
  func typeJoin(_ types: [JType]) -> JType {
    guard var acc = types.first else { return Types.any }
    for t in types.dropFirst() where !(t === acc || t.description == acc.description) {
      var candidate: JType? = acc
      while let c = candidate, !t.isSubtype(of: c) { candidate = c.supertype }
      acc = candidate ?? Types.any
    }
    return acc
  }

  public func isa(_ v: Value, _ t: JType) -> Bool {
    if t === Types.any { return true }
    switch v {
    case .fn: return t === Types.function
    case .tuple: return t === Types.tuple || t.kind == .tuple
    case .named: return t === Types.namedTuple
    case .tensor(let x):
      guard t.kind == .array else { return false }
      if let n = t.ndims, n != x.ndims { return false }
      // A BitArray is an AbstractArray{Bool, N}, not an Array (and an Array no BitArray).
      if !t.isAbstractArray && t.isBitArray != (x.isBitArray && x.dtype == .bool) { return false }
      if let e = t.elem {
        let mine = Types.forDType(x.dtype)
        if t.isAbstractArray { return mine === e || e.kind != .concrete && mine.isSubtype(of: e) && e.name.hasPrefix("<:") }
        return mine === e
      }
      return true
    case .array(let a):
      guard t.kind == .array else { return false }
      if let n = t.ndims, n != a.shape.count { return false }
      if let e = t.elem { return a.eltype === e || a.eltype.description == e.description }
      return true
    case .obj(let s):
      return s.type === t || s.type.isSubtype(of: t)
    default:
      return typeOf(v).isSubtype(of: t)
    }
  }

  /// `===`: identity for mutable objects, value equality for immutable ones.
  public func identical(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.nothing, .nothing): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.float(let x), .float(let y)): return x.bitPattern == y.bitPattern
    case (.f32(let x), .f32(let y)): return x.bitPattern == y.bitPattern
    case (.char(let x), .char(let y)): return x == y
    case (.str(let x), .str(let y)): return x == y
    case (.sym(let x), .sym(let y)): return x == y
    case (.tensor(let x), .tensor(let y)): return x === y
    case (.tnum(let x), .tnum(let y)): return x === y
    case (.array(let x), .array(let y)): return x === y
    case (.tuple(let x), .tuple(let y)): return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
    case (.named(let x), .named(let y)):
      return x === y || x.keys == y.keys && zip(x.values, y.values).allSatisfy { identical($0, $1) }
    case (.range(let x), .range(let y)): return x.start == y.start && x.step == y.step && x.count == y.count
    case (.fn(let x), .fn(let y)): return x === y
    case (.obj(let x), .obj(let y)):
      if x === y { return true }
      if x.type.isMutable || x.type !== y.type { return false }
      return zip(x.fields, y.fields).allSatisfy { identical($0, $1) }
    case (.type(let x), .type(let y)): return x === y || x.description == y.description
    case (.module(let x), .module(let y)): return x === y
    case (.native(let x), .native(let y)): return x === y
    default: return false
    }
  }

  /// Converts a constructor argument to a field's declared concrete type, as Julia's default
  /// constructor does (`Float64` field given `1` stores `1.0`).
  func convertForField(_ v: Value, to t: JType, field: String, of name: String) throws -> Value {
    if isa(v, t) { return v }
    if t === Types.float64 || t === Types.float32 || t === Types.int64 {
      return try convert(v, to: t)
    }
    if t.kind == .array, case .tensor(let x) = v, let e = t.elem, let d = Types.dtype(of: e), x.dtype != d {
      return .tensor(try tensorOp { try Diff.converted(x, to: d) })
    }
    if t.kind == .abstract || t.kind == .array { return v }
    throw JuliaError(
      "MethodError", "Cannot `convert` an object of type \(typeOf(v)) to an object of type \(t) (field `\(field)` of `\(name)`)")
  }

  /// `T{params}`: array types and a few parametric names.
  func applyTypeParams(_ base: Value, _ params: [Value]) throws -> Value {
    guard case .type(let t) = base else { throw JuliaError.type("`{}` applied to a non-type") }
    func ty(_ v: Value?) -> JType? {
      if case .type(let x)? = v { return x }
      return nil
    }
    func n(_ v: Value?) -> Int? {
      if case .int(let x)? = v { return x }
      return nil
    }
    // A `where` variable (`Vector{T} where T`) leaves that parameter open.
    func isVar(_ v: Value?) -> Bool {
      if case .type(let x)? = v { return x.isTypeVar }
      return false
    }
    if t.kind == .array {
      if isVar(params.first) || params.count > 1 && isVar(params[1]) {
        let dims = t.ndims ?? n(params.dropFirst().first)
        let e = isVar(params.first) ? nil : ty(params.first)
        return .type(JType(arrayOf: e, ndims: dims, abstract: t.isAbstractArray || e != nil && dims == nil))
      }
      if t.isAbstractArray {
        return .type(Types.abstractArray(ty(params.first) ?? t.elem, t.ndims ?? n(params.dropFirst().first)))
      }
      let e = ty(params.first) ?? Types.any
      if let d = t.ndims { return .type(Types.array(e, d)) }
      if let k = n(params.dropFirst().first) { return .type(Types.array(e, k)) }
      return .type(JType(arrayOf: e, ndims: nil, abstract: false))  // `Array{Float32}`
    }
    if let make = t.instantiate { return .type(try make(params)) }
    if t === DictValue.type || t === DictValue.idType, params.count == 2, let k = ty(params[0]), let v = ty(params[1]),
      !k.isTypeVar, !v.isTypeVar
    {
      return .type(BuiltinTypes.dictInstance(t, k, v))
    }
    // Tuple{...}, Dict{K,V}, Union{...}: parameters are accepted and not checked.
    return .type(t)
  }
}

/// A native object with its own Julia type (so `isa` and dispatch see it).
public protocol TypedNative: AnyObject {
  var jtype: JType { get }
}
