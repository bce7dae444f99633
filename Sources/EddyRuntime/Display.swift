// Julia's three text channels for values: print, show (repr) and display (the REPL form).
import EddyTensor

/// A native object with its own show form.
public protocol NativeShow: AnyObject {
  func show(_ interp: Interpreter) -> String
}

extension Interpreter {
  /// `print(x)` / `string(x)`: raw strings and chars, untyped floats.
  public func printString(_ v: Value) -> String {
    switch v {
    case .str(let s): return s
    case .char(let c): return String(c)
    case .sym(let s): return s
    case .f32(let x): return NumberFormat.print(x)
    case .tnum(let t): return printString(scalarValue(t, 0))
    default: return showString(v)
    }
  }

  /// `show(x)` / `repr(x)`: the one-line form. `limit`: inside a REPL display, where arrays
  /// in containers are abbreviated (`[1, 2, …  29, 30]`) as with Julia's `:limit`.
  public func showString(_ v: Value, typeinfo: Bool = false, limit: Bool = false) -> String {
    switch v {
    case .nothing: return "nothing"
    case .bool(let b): return typeinfo ? (b ? "1" : "0") : (b ? "true" : "false")
    case .int(let x): return String(x)
    case .float(let x): return NumberFormat.show(x)
    case .f32(let x):
      let s = NumberFormat.show(x)
      return typeinfo && s.hasSuffix("f0") ? String(s.dropLast(2)) : s
    case .char(let c): return "'" + escapeChar(c) + "'"
    case .str(let s): return quoteString(s)
    case .sym(let s): return ":" + s
    case .tensor(let t):
      if typeinfo {
        return ArrayDisplay.showInline(shape: t.shape, prefix: "", element: { tensorElementShow(t, $0) }, limit: limit)
      }
      return t.showText(limit: limit)
    case .tnum(let t): return showString(scalarValue(t, 0), typeinfo: typeinfo)
    case .array(let a): return showArray(a, typeinfo: typeinfo, limit: limit)
    case .tuple(let xs):
      if xs.count == 1 { return "(" + showString(xs[0], limit: limit) + ",)" }
      return "(" + xs.map { showString($0, limit: limit) }.joined(separator: ", ") + ")"
    case .named(let nt):
      if nt.keys.isEmpty { return "NamedTuple()" }
      let body = zip(nt.keys, nt.values).map { "\($0) = \(showString($1))" }.joined(separator: ", ")
      return nt.keys.count == 1 ? "(\(body),)" : "(\(body))"
    case .range(let r): return showRange(r)
    case .fn(let f): return f.name
    case .obj(let s): return showStruct(s)
    case .type(let t): return t.description
    case .module(let m): return m.name
    case .native(let n):
      if let s = n as? NativeShow { return s.show(self) }
      if let it = n as? IteratorValue { return it.label }
      return n.typeName + "()"
    }
  }

  func tensorElementShow(_ t: Tensor, _ i: Int) -> String {
    showString(scalarValue(t, i), typeinfo: true)
  }

  func showRange(_ r: RangeValue) -> String {
    if r.isOneTo { return "Base.OneTo(\(r.count))" }
    if r.isInt {
      let a = r.intStart, s = r.intStep
      let stop = r.count > 0 ? a &+ (r.count - 1) &* s : (r.explicitStep ? a &- s : a &- 1)
      return r.explicitStep && s != 1 ? "\(a):\(s):\(stop)" : "\(a):\(stop)"
    }
    return "\(NumberFormat.show(r.start)):\(NumberFormat.show(r.step)):\(NumberFormat.show(r.stop))"
  }

  func showArray(_ a: ArrayValue, typeinfo: Bool, limit: Bool = false) -> String {
    var implicit = isImplicitEltype(a.eltype)
    if a.eltype === BuiltinTypes.pair {
      // `Pair{K, V}` is implicit when K and V are: `[1 => "a"]`, but `Pair{Int64, Float32}[1 => 1.0f0]`.
      implicit = a.items.allSatisfy { v in
        guard case .obj(let p) = v else { return false }
        return p.fields.allSatisfy { isImplicitEltype(typeOf($0)) }
      }
    }
    let prefix = typeinfo || (implicit && !a.items.isEmpty) ? "" : a.eltype.description
    let elTypeinfo = concreteTypeinfo(a.eltype)
    return ArrayDisplay.showInline(shape: a.shape, prefix: prefix, element: { i in
      self.showString(a.items[i], typeinfo: elTypeinfo, limit: limit)
    }, limit: limit)
  }

  /// Whether elements of an array of `t` print with their type known (Float32 without `f0`,
  /// Bool as 1/0): only for a concrete element type, as Julia's `:typeinfo` (`Real[1, true]`).
  func concreteTypeinfo(_ t: JType) -> Bool {
    t !== Types.any && t.kind != .abstract && !(t.kind == .array && t.isAbstractArray)
  }

  /// Element types Julia leaves implicit in `show` of an array.
  func isImplicitEltype(_ t: JType) -> Bool {
    if t === Types.float64 || t === Types.int64 || t === Types.string || t === Types.char || t === Types.symbol {
      return true
    }
    if t.kind == .array, !t.isAbstractArray, let e = t.elem { return isImplicitEltype(e) }
    if t.kind == .tuple { return !t.name.contains("Float32") && !t.name.contains("Bool") }
    return false
  }

  func showStruct(_ s: StructValue) -> String {
    if let custom = customShow(.obj(s)) { return custom }
    if s.type === BuiltinTypes.pair, s.fields.count == 2 {
      return "\(showString(s.fields[0])) => \(showString(s.fields[1]))"
    }
    if let xs = cartesianIndices(.obj(s)) {
      return "CartesianIndex(" + xs.map { showString($0) }.joined(separator: ", ") + ")"
    }
    return s.type.name + "(" + s.fields.map { showString($0) }.joined(separator: ", ") + ")"
  }

  /// A user or library `Base.show(io, x::T)` method, run into a string.
  func customShow(_ v: Value) -> String? {
    guard let r = base.globals["show"], case .fn(let f)? = r.value else { return nil }
    let io = IOBufferValue()
    let args: [Value] = [.native(io), v]
    guard let m = select(f, args), m.native == nil else { return nil }
    do {
      _ = try invoke(m, f, args, [])
    } catch {
      return nil
    }
    return io.text
  }

  /// `display(x)`: the multi-line REPL form.
  public func displayString(_ v: Value, limit: (rows: Int, cols: Int)? = nil) -> String {
    switch v {
    case .tensor(let t): return t.displayText(limit: limit)
    case .array(let a):
      if a.items.isEmpty { return showArray(a, typeinfo: false) }
      let summary = arraySummary(a)
      let elTypeinfo = concreteTypeinfo(a.eltype)
      let numeric = a.eltype.isSubtype(of: Types.number)
      return ArrayDisplay.display(
        shape: a.shape, summary: summary,
        element: { self.showString(a.items[$0], typeinfo: elTypeinfo, limit: limit != nil) },
        isNumeric: numeric, limit: limit, alignment: { self.cellAlignment(a.items[$0]) })
    case .fn(let f):
      if f.isBuiltin && f.methods.allSatisfy({ $0.native != nil }) {
        return "\(f.name) (generic function with \(max(f.methods.count, 1)) method\(f.methods.count == 1 ? "" : "s"))"
      }
      let n = f.methods.reduce(0) { $0 + $1.arityCount }
      return "\(f.name) (generic function with \(n) method\(n == 1 ? "" : "s"))"
    case .type(let t):
      if t.kind == .array && !t.isAbstractArray, t.elem != nil, let n = t.ndims, n == 1 || n == 2 {
        return "\(t) (alias for \(t.expandedDescription))"
      }
      return t.description
    case .native(let n):
      if let d = n as? NativeDisplay { return d.display(self) }
      return showString(v)
    default: return showString(v, limit: limit != nil)
    }
  }

  /// Julia's `alignment(io, x)` for one element of an array of values.
  func cellAlignment(_ v: Value) -> CellAlignment {
    switch v {
    case .int, .bool: return .integer
    case .float, .f32: return .number
    default: return .other
    }
  }

  func escapeChar(_ c: Unicode.Scalar) -> String {
    switch c {
    case "\n": return "\\n"
    case "\t": return "\\t"
    case "\\": return "\\\\"
    case "'": return "\\'"
    case "\r": return "\\r"
    case "\0": return "\\0"
    default: return String(c)
    }
  }

  func quoteString(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
      switch c {
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "$": out += "\\$"
      case "\r": out += "\\r"
      case "\u{1B}": out += "\\e"
      case "\0": out += "\\0"
      default: out.unicodeScalars.append(c)
      }
    }
    return out + "\""
  }
}

/// A native object with a multi-line display form.
public protocol NativeDisplay: AnyObject {
  func display(_ interp: Interpreter) -> String
}
