// Indexing, in-place assignment and field access.
import EddyAutodiff
import EddyTensor

/// A native object that supports `x[i]` (Params, Grads, ...).
public protocol NativeIndexable: AnyObject {
  func getIndex(_ interp: Interpreter, _ idx: [Value]) throws -> Value
  func setIndex(_ interp: Interpreter, _ idx: [Value], _ v: Value) throws
  func length(_ interp: Interpreter) -> Int
}

/// A native object with fields (`opt.eta`).
public protocol NativeFields: AnyObject {
  func getField(_ name: String) -> Value?
  func setField(_ name: String, _ v: Value) -> Bool
}

extension Interpreter {
  func indexSpec(_ v: Value, for t: Tensor) throws -> IndexSpec {
    switch v {
    case .int(let i): return .scalar(i)
    case .bool: throw JuliaError.argument("invalid index: \(showString(v)) of type Bool")
    case .range(let r) where r.isInt: return .range(start: r.intStart, step: r.intStep, count: r.count)
    case .native(let n) where n is ColonMarker: return .all
    case .tensor(let x):
      if x.dtype == .bool { return .mask((0..<x.count).map { x[linear: $0] != 0 }) }
      guard x.dtype == .int64 else { throw JuliaError.argument("invalid index: \(showString(v)) of type \(typeOf(v))") }
      return .list((0..<x.count).map { storedInt(x[linear: $0]) })
    case .array(let a): return .list(try a.items.map { try toInt($0, "index") })
    case .float, .f32:
      throw JuliaError.argument("invalid index: \(showString(v)) of type \(typeOf(v))")
    default:
      throw JuliaError.argument("invalid index: \(showString(v)) of type \(typeOf(v))")
    }
  }

  public func getIndex(_ target: Value, _ idx: [Value]) throws -> Value {
    if let g = try gatherCartesian(target, idx) { return g }
    let idx = spreadCartesian(idx)
    switch target {
    case .tensor(let t):
      let specs = try idx.map { try indexSpec($0, for: t) }
      return wrap(try tensorOp { try Diff.index(t, specs) })
    case .tnum(let t):
      if idx.allSatisfy({ if case .int(1) = $0 { return true } else { return false } }) { return .tnum(t) }
      throw JuliaError.bounds("attempt to access \(typeOf(target)) at index [\(idx.map { showString($0) }.joined(separator: ", "))]")
    case .array(let a): return try arrayIndex(a, idx)
    case .range(let r):
      guard idx.count == 1 else { break }
      if case .int(let i) = idx[0] {
        guard i >= 1 && i <= r.count else {
          throw JuliaError.bounds("attempt to access \(r.count)-element \(typeOf(target)) at index [\(i)]")
        }
        return r.element(i - 1)
      }
      // An integer range indexed by an integer range is a range (`(1:5)[2:3] == 2:3`).
      if r.isInt, case .range(let s) = idx[0], s.isInt {
        if s.count > 0 {
          let lo = s.intStart, hi = s.intLast
          for i in [lo, hi] where i < 1 || i > r.count {
            throw JuliaError.bounds("attempt to access \(r.count)-element \(typeOf(target)) at index [\(showString(idx[0]))]")
          }
        }
        let start = r.start + (s.start - 1) * r.step
        let unit = !r.explicitStep && !s.explicitStep || r.step * s.step == 1 && !s.explicitStep
        return .range(RangeValue(start: start, step: r.step * s.step, count: s.count, isInt: true, explicitStep: !unit))
      }
      if let t = try asTensor(target) { return try getIndex(.tensor(t), idx) }
    case .tuple(let xs):
      guard idx.count == 1 else { break }
      if case .int(let i) = idx[0] {
        guard i >= 1 && i <= xs.count else {
          throw JuliaError.bounds("attempt to access \(typeOf(target)) at index [\(i)]")
        }
        return xs[i - 1]
      }
      if case .range(let r) = idx[0] {
        return .tuple(try (0..<r.count).map { k in try getIndex(target, [r.element(k)]) })
      }
    case .named(let nt):
      guard idx.count == 1 else { break }
      if case .int(let i) = idx[0], i >= 1, i <= nt.values.count { return nt.values[i - 1] }
      if case .sym(let s) = idx[0], let v = nt.get(s) { return v }
      throw JuliaError.bounds("attempt to access \(typeOf(target)) at index [\(showString(idx[0]))]")
    case .str(let s):
      guard idx.count == 1 else { break }
      let scalars = Array(s.unicodeScalars)
      if case .int(let i) = idx[0] {
        guard i >= 1 && i <= scalars.count else {
          throw JuliaError.bounds("attempt to access \(scalars.count)-codeunit String at index [\(i)]")
        }
        return .char(scalars[i - 1])
      }
      if case .range(let r) = idx[0] {
        var out = String.UnicodeScalarView()
        for k in 0..<r.count {
          let i = r.intStart &+ k &* r.intStep
          guard i >= 1 && i <= scalars.count else {
            throw JuliaError.bounds("attempt to access \(scalars.count)-codeunit String at index [\(i)]")
          }
          out.append(scalars[i - 1])
        }
        return .str(String(out))
      }
    case .native(let n):
      if let ix = n as? NativeIndexable { return try ix.getIndex(self, idx) }
    default: break
    }
    return try callGeneric("getindex", [target] + idx)
  }

  /// Calls a Base function by name (user-extensible operations like getindex on a struct).
  func callGeneric(_ name: String, _ args: [Value]) throws -> Value {
    guard let r = base.globals[name] ?? main.globals[name], case .fn(let f)? = r.value,
      let m = select(f, args), m.native == nil
    else {
      throw methodError(name, args)
    }
    return try invoke(m, f, args, [])
  }

  func arrayIndex(_ a: ArrayValue, _ idx: [Value]) throws -> Value {
    let n = a.items.count
    func check(_ i: Int) throws -> Int {
      guard i >= 1 && i <= n else {
        throw JuliaError.bounds("attempt to access \(arraySummary(a)) at index [\(i)]")
      }
      return i - 1
    }
    if idx.count == 1 || a.shape.count == 1 && idx.count > 1 && idx.dropFirst().allSatisfy({
      if case .int(1) = $0 { return true } else { return false }
    }) {
      switch idx[0] {
      case .int(let i): return a.items[try check(i)]
      case .range(let r):
        var out: [Value] = []
        for k in 0..<r.count { out.append(a.items[try check(r.intStart &+ k &* r.intStep)]) }
        return .array(ArrayValue(out, eltype: a.eltype))
      case .native(let c) where c is ColonMarker:
        return .array(ArrayValue(a.items, eltype: a.eltype))
      case .tensor(let t) where t.dtype == .bool:
        let out = a.items.enumerated().filter { $0.offset < t.count && t[linear: $0.offset] != 0 }.map { $0.element }
        return .array(ArrayValue(out, eltype: a.eltype))
      case .tensor(let t):
        return .array(ArrayValue(try (0..<t.count).map { a.items[try check(storedInt(t[linear: $0]))] }, eltype: a.eltype))
      default: break
      }
    }
    if a.shape.count == 2, idx.count == 2, case .int(let i) = idx[0], case .int(let j) = idx[1] {
      guard i >= 1, i <= a.shape[0], j >= 1, j <= a.shape[1] else {
        throw JuliaError.bounds("attempt to access \(arraySummary(a)) at index [\(i), \(j)]")
      }
      return a.items[(j - 1) * a.shape[0] + (i - 1)]
    }
    throw JuliaError.argument("unsupported index \(idx.map { showString($0) }.joined(separator: ", ")) for \(arraySummary(a))")
  }

  /// `target[idx...] = v`, or with `broadcast` `target[idx...] .= v`.
  public func setIndex(_ target: Value, _ idx: [Value], _ v: Value, broadcast: Bool = false) throws {
    let idx = spreadCartesian(idx)
    switch target {
    case .tensor(let t):
      let specs = try idx.map { try indexSpec($0, for: t) }
      let single = specs.allSatisfy { if case .scalar = $0 { return true } else { return false } }
      if !broadcast && !single && !isArrayLike(v) {
        throw JuliaError.argument(
          "indexed assignment with a single value to possibly many locations is not supported; perhaps use broadcasting `.=` instead?")
      }
      if !broadcast && single && isArrayLike(v) {
        throw JuliaError("MethodError", "Cannot `convert` an object of type \(typeOf(v)) to an object of type \(Types.forDType(t.dtype))")
      }
      guard let src = try asTensor(v) else {
        throw JuliaError("MethodError", "Cannot `convert` an object of type \(typeOf(v)) to an object of type \(Types.forDType(t.dtype))")
      }
      try tensorOp { try t.setIndex(specs, src) }
    case .array(let a):
      if idx.count == 1, case .int(let i) = idx[0] {
        guard i >= 1 && i <= a.items.count else {
          throw JuliaError.bounds("attempt to access \(arraySummary(a)) at index [\(i)]")
        }
        a.items[i - 1] = v
        return
      }
      if a.shape.count == 2, idx.count == 2, case .int(let i) = idx[0], case .int(let j) = idx[1],
        i >= 1, i <= a.shape[0], j >= 1, j <= a.shape[1]
      {
        a.items[(j - 1) * a.shape[0] + (i - 1)] = v
        return
      }
      throw JuliaError.bounds("attempt to access \(arraySummary(a)) at index [\(idx.map { showString($0) }.joined(separator: ", "))]")
    case .native(let n):
      if let ix = n as? NativeIndexable { return try ix.setIndex(self, idx, v) }
      _ = try callGeneric("setindex!", [target, v] + idx)
    default:
      _ = try callGeneric("setindex!", [target, v] + idx)
    }
  }

  func setIndexBroadcast(_ target: Value, _ idx: [Value], _ v: Value) throws {
    try setIndex(target, idx, v, broadcast: true)
  }

  /// `dst .= v`
  func assignInPlace(_ dst: Value, _ v: Value) throws {
    switch dst {
    case .tensor(let t):
      guard let src = try asTensor(v) else {
        throw JuliaError("MethodError", "Cannot `convert` an object of type \(typeOf(v)) to an object of type \(Types.forDType(t.dtype))")
      }
      try tensorOp { try Kernels.assign(t, src) }
    case .array(let a):
      let src = isArrayLike(v) ? try iterate(v) : [Value](repeating: v, count: a.items.count)
      guard src.count == a.items.count else {
        throw JuliaError.dimension("array could not be broadcast to match destination")
      }
      a.items = src
    default:
      throw JuliaError("MethodError", "no method matching materialize!(::\(typeOf(dst)), ...)")
    }
  }

  /// `end` inside `x[...]` at position `dim` of `n` indices.
  func lastIndex(_ t: Value, dim: Int, of n: Int) throws -> Int {
    switch t {
    case .tensor(let x):
      if n == 1 { return x.count }
      return dim >= 0 && dim < x.ndims ? x.shape[dim] : 1
    case .array(let a):
      if n == 1 { return a.items.count }
      return dim >= 0 && dim < a.shape.count ? a.shape[dim] : 1
    case .range(let r): return r.count
    case .tuple(let xs): return xs.count
    case .named(let nt): return nt.values.count
    case .str(let s): return s.unicodeScalars.count
    case .native(let x):
      if let ix = x as? NativeIndexable { return ix.length(self) }
      fallthrough
    default:
      let v = try callGeneric("length", [t])
      return try toInt(v)
    }
  }

  // MARK: Fields

  public func getField(_ v: Value, _ name: String) throws -> Value {
    switch v {
    case .obj(let s):
      if let i = s.type.fieldNames.firstIndex(of: name) { return s.fields[i] }
      let avail = s.type.fieldNames.map { "`\($0)`" }.joined(separator: ", ")
      throw JuliaError("FieldError", "type \(s.type.name) has no field `\(name)`, available fields: \(avail)")
    case .named(let nt):
      if let x = nt.get(name) { return x }
      throw JuliaError("FieldError", "type NamedTuple has no field `\(name)`")
    case .module(let m):
      if let r = m.globals[name], let x = r.value { return x }
      if let r = base.globals[name], let x = r.value { return x }
      throw JuliaError.undefVar(name, module: m.name)
    case .range(let r):
      switch name {
      case "start": return r.isInt ? .int(r.intStart) : .float(r.start)
      case "stop": return r.isInt ? .int(r.intStop) : .float(r.stop)
      case "step": return r.isInt ? .int(r.intStep) : .float(r.step)
      default: break
      }
    case .native(let n):
      if let f = n as? NativeFields, let x = f.getField(name) { return x }
    case .type(let t):
      if name == "name" { return .sym(t.name) }
    default: break
    }
    throw JuliaError("FieldError", "type \(typeOf(v)) has no field `\(name)`")
  }

  public func setField(_ target: Value, _ name: String, _ v: Value) throws {
    switch target {
    case .obj(let s):
      guard let i = s.type.fieldNames.firstIndex(of: name) else {
        throw JuliaError("FieldError", "type \(s.type.name) has no field `\(name)`")
      }
      guard s.type.isMutable else {
        throw JuliaError("ErrorException", "setfield!: immutable struct of type \(s.type.name) cannot be changed")
      }
      s.fields[i] = v
    case .native(let n):
      if let f = n as? NativeFields, f.setField(name, v) { return }
      throw JuliaError("FieldError", "type \(n.typeName) has no field `\(name)`")
    default:
      throw JuliaError("ErrorException", "setfield!: cannot set field `\(name)` of a value of type \(typeOf(target))")
    }
  }
}
