// Iteration, destructuring, equality, membership and building arrays from values.
import EddyAutodiff
import EddyTensor

/// A materialised lazy iterator (`zip`, `enumerate`, `Iterators.partition`): iterates its items.
final class IteratorValue: NativeObject {
  let items: [Value]
  /// For `zip` and `enumerate` over arrays: the arrays, read again at every step of a loop.
  /// Julia's iterators are lazy, so a loop sees an element replaced while it runs.
  let live: LiveSources?
  /// Built on first display only: `zip(xs, ys)` over 100 matrices must not format them.
  private let makeLabel: () -> String
  lazy var label: String = makeLabel()
  private let type: String?
  init(
    _ items: [Value], label: @autoclosure @escaping () -> String, type: String? = nil,
    live: LiveSources? = nil
  ) {
    self.items = items
    self.makeLabel = label
    self.type = type
    self.live = live
  }
  override var typeName: String { type ?? label }
}

/// The collections behind a `zip` or `enumerate`, read element by element as a loop goes.
struct LiveSources {
  enum Source {
    case array(ArrayValue)
    case tensor(Tensor)
  }
  let sources: [Source]
  /// `enumerate`: the element comes as `(k, x)` with the 1-based index `k`.
  let enumerated: Bool

  /// For `zip`/`enumerate` arguments that are all arrays of values or untracked numeric
  /// arrays; nil otherwise (the items made at the call are iterated then).
  static func make(_ args: [Value], enumerated: Bool) -> LiveSources? {
    var out: [Source] = []
    for a in args {
      switch a {
      case .array(let v): out.append(.array(v))
      case .tensor(let t):
        if let tape = Tape.active, tape.isTracked(t) { return nil }
        out.append(.tensor(t))
      default: return nil
      }
    }
    return out.isEmpty ? nil : LiveSources(sources: out, enumerated: enumerated)
  }

  /// Element `k` (0-based) as the loop sees it now, or nil once a collection is exhausted.
  func element(_ k: Int, _ interp: Interpreter) -> Value? {
    var xs: [Value] = []
    xs.reserveCapacity(sources.count + 1)
    if enumerated { xs.append(.int(k + 1)) }
    for s in sources {
      switch s {
      case .array(let a):
        guard k < a.items.count else { return nil }
        xs.append(a.items[k])
      case .tensor(let t):
        guard k < t.count else { return nil }
        xs.append(interp.scalarValue(t, k))
      }
    }
    return .tuple(xs)
  }
}

extension Interpreter {
  /// Calls `body` with each element; `body` returns false to stop.
  public func forEach(_ v: Value, _ body: (Value) throws -> Bool) throws {
    switch v {
    case .range(let r):
      for k in 0..<r.count {
        if !(try body(r.element(k))) { return }
        try checkInterrupt()  // `sum(i for i in 1:10^10)` stops on Ctrl-C
      }
    case .tensor(let t):
      let n = t.count
      if let tape = Tape.active, tape.isTracked(t) {
        for k in 0..<n where !(try body(wrap(try tensorOp { try Diff.index(t, [.scalar(k + 1)]) }))) { return }
        return
      }
      for k in 0..<n where !(try body(scalarValue(t, k))) { return }
    case .array(let a):
      let frame = fluxFast == nil ? nil : SequenceFrame.make(v)
      if let frame { sequences.append(frame) }
      defer { if frame != nil { sequences.removeLast() } }
      var k = 0
      while k < a.items.count {
        frame?.index = k
        if !(try body(a.items[k])) { return }
        k += 1
      }
    case .tuple(let xs):
      for x in xs where !(try body(x)) { return }
    case .named(let nt):
      for x in nt.values where !(try body(x)) { return }
    case .str(let s):
      for c in s.unicodeScalars where !(try body(.char(c))) { return }
    case .native(let n):
      if let it = n as? IteratorValue {
        let frame = fluxFast == nil ? nil : SequenceFrame.make(v)
        if let frame { sequences.append(frame) }
        defer { if frame != nil { sequences.removeLast() } }
        if let live = it.live {
          var k = 0
          while let x = live.element(k, self) {
            frame?.index = k
            if !(try body(x)) { return }
            try checkInterrupt()
            k += 1
          }
          return
        }
        for (k, x) in it.items.enumerated() {
          frame?.index = k
          if !(try body(x)) { return }
        }
        return
      }
      if let it = n as? NativeIterable {
        for x in try it.elements(self) where !(try body(x)) { return }
        return
      }
      throw methodError("iterate", [v])
    case .nothing:
      throw methodError("iterate", [v])
    case .int, .float, .f32, .bool, .tnum:
      _ = try body(v)
    default:
      try iterateProtocol(v, body)
    }
  }

  /// Julia's `iterate(x)` / `iterate(x, state)` protocol, for user and prelude types.
  func iterateProtocol(_ v: Value, _ body: (Value) throws -> Bool) throws {
    guard let r = base.globals["iterate"], case .fn(let f)? = r.value,
      f.methods.contains(where: { $0.native == nil })
    else { throw methodError("iterate", [v]) }
    var next = try callFunction(f, [v], [])
    var guardCount = 0
    while case .tuple(let pair) = next, pair.count == 2 {
      if !(try body(pair[0])) { return }
      next = try callFunction(f, [v, pair[1]], [])
      guardCount += 1
      if guardCount & 1023 == 0 { try checkInterrupt() }
    }
    if case .nothing = next { return }
    throw methodError("iterate", [v])
  }

  /// All elements of an iterable.
  public func iterate(_ v: Value) throws -> [Value] {
    switch v {
    case .array(let a): return a.items
    case .tuple(let xs): return xs
    default:
      if case .range(let r) = v { try checkCollectionSize(r.count) }
      var out: [Value] = []
      try forEach(v) { x in
        out.append(x)
        return true
      }
      return out
    }
  }

  /// The shape a comprehension over `v` keeps (matrices stay matrices).
  func iterShape(_ v: Value) -> [Int]? {
    switch v {
    case .tensor(let t): return t.shape
    case .array(let a): return a.shape
    default: return nil
    }
  }

  func destructure(_ v: Value, count: Int) throws -> [Value] {
    let parts: [Value]
    switch v {
    case .tuple(let xs): parts = xs
    case .obj(let s) where s.type === BuiltinTypes.pair: parts = s.fields
    default: parts = try iterate(v)
    }
    guard parts.count >= count else {
      throw JuliaError.bounds("attempt to access \(describe(v)) at index [\(parts.count + 1)]")
    }
    return Array(parts.prefix(count))
  }

  /// `3-element Vector{Int64}`-style description used in error messages.
  func describe(_ v: Value) -> String {
    switch v {
    case .tensor(let t): return t.summary
    case .array(let a): return arraySummary(a)
    case .tuple(let xs): return "\(xs.count)-element \(typeOf(v))"
    default: return "\(typeOf(v))"
    }
  }

  // MARK: Equality and membership

  public func equal(_ a: Value, _ b: Value) throws -> Bool {
    if let r = try scalarBinary(.eq, a, b), case .bool(let x) = r { return x }
    switch (a, b) {
    case (.nothing, .nothing): return true
    case (.str(let x), .str(let y)): return x == y
    case (.sym(let x), .sym(let y)): return x == y
    case (.char(let x), .char(let y)): return x == y
    case (.tuple(let x), .tuple(let y)):
      guard x.count == y.count else { return false }
      for (p, q) in zip(x, y) where !(try equal(p, q)) { return false }
      return true
    case (.tnum, _), (_, .tnum):
      guard let x = toDouble(a), let y = toDouble(b) else { return false }
      return x == y
    default: break
    }
    if isArrayLike(a) && isArrayLike(b) {
      if case .array = a {} else if case .array = b {} else if let x = try asTensor(a), let y = try asTensor(b) {
        guard x.shape == y.shape else { return false }
        for k in 0..<x.count where x[linear: k] != y[linear: k] { return false }
        return true
      }
      let xs = try iterate(a), ys = try iterate(b)
      guard xs.count == ys.count, arrayShape(a) == arrayShape(b) else { return false }
      for (p, q) in zip(xs, ys) where !(try equal(p, q)) { return false }
      return true
    }
    if case .obj(let x) = a, case .obj(let y) = b, x.type === y.type, !x.type.isMutable {
      for (p, q) in zip(x.fields, y.fields) where !(try equal(p, q)) { return false }
      return true
    }
    if case .named(let x) = a, case .named(let y) = b {
      guard x.keys == y.keys else { return false }
      for (p, q) in zip(x.values, y.values) where !(try equal(p, q)) { return false }
      return true
    }
    return identical(a, b)
  }

  func arrayShape(_ v: Value) -> [Int] {
    switch v {
    case .tensor(let t): return t.shape
    case .array(let a): return a.shape
    case .range(let r): return [r.count]
    default: return []
    }
  }

  func contains(_ coll: Value, _ x: Value) throws -> Bool {
    switch coll {
    case .range(let r):
      guard let d = toDouble(x) else { return false }
      if r.count == 0 { return false }
      let k = (d - r.start) / r.step
      return k >= 0 && k <= Double(r.count - 1) && k.rounded() == k
    case .str(let s):
      if case .char(let c) = x { return s.unicodeScalars.contains(c) }
      if case .str(let sub) = x { return s.contains(sub) }
      return false
    case .native(let n):
      if let d = n as? DictValue { return d.get(x) != nil }
      fallthrough
    default:
      var found = false
      try forEach(coll) { y in
        if try equal(x, y) {
          found = true
          return false
        }
        return true
      }
      return found
    }
  }

  // MARK: Building arrays

  /// An array from values: numbers become a dense tensor, anything else an array of values.
  public func collectArray(_ items: [Value], shape: [Int], eltype: JType?) throws -> Value {
    if let e = eltype {
      // Typed numeric arrays are dense even when empty, so `Float32[]` grows with `push!`.
      if let d = Types.dtype(of: e) { return wrapArray(try numericTensor(items, shape: shape, dtype: d)) }
      return .array(ArrayValue(items, shape: shape, eltype: e))
    }
    if items.isEmpty { return .array(ArrayValue([], shape: shape, eltype: Types.any)) }
    var dtype: DType? = nil
    var tracked = false
    for v in items {
      let d: DType
      switch v {
      case .int: d = .int64
      case .float: d = .float64
      case .f32: d = .float32
      case .bool: d = .bool
      case .tnum(let t):
        d = t.dtype
        tracked = true
      default:
        return .array(ArrayValue(items, shape: shape, eltype: commonType(items)))
      }
      dtype = dtype.map { DType.promote($0, d) } ?? d
    }
    guard let dt = dtype else { return .array(ArrayValue(items, shape: shape, eltype: Types.any)) }
    if tracked {
      let scalars = items.compactMap { scalarTensor($0) }
      return .tensor(try tensorOp { try Diff.stack(scalars: scalars, shape: shape, dtype: dt) })
    }
    return .tensor(try numericTensor(items, shape: shape, dtype: dt))
  }

  func wrapArray(_ t: Tensor) -> Value { .tensor(t) }

  func numericTensor(_ items: [Value], shape: [Int], dtype: DType) throws -> Tensor {
    if items.contains(where: { if case .tnum = $0 { return true } else { return false } }) {
      let scalars = items.compactMap { scalarTensor($0) }
      return try tensorOp { try Diff.stack(scalars: scalars, shape: shape, dtype: dtype) }
    }
    var ds = [Double]()
    ds.reserveCapacity(items.count)
    for v in items {
      guard let d = toDouble(v) else {
        throw JuliaError("MethodError", "Cannot `convert` an object of type \(typeOf(v)) to an object of type \(Types.forDType(dtype))")
      }
      if dtype == .int64, d.rounded() != d { throw JuliaError.inexact("Int64(\(showString(v)))") }
      ds.append(d)
    }
    if dtype == .float32 { return Tensor(shape: shape, floats: ds.map { Float($0) }) }
    return Tensor(shape: shape, doubles: ds, dtype: dtype)
  }

  /// The element type Julia would give a literal of these values.
  /// A literal `[a, b]` of numeric arrays with different element types or dimensions, as
  /// Julia's `vect` promotes it: every array converted to the promoted element type
  /// (`[[1f0], [2.0]]` is a Vector{Vector{Float64}}), the element type `Array{T}` when the
  /// dimensions differ. Nil when nothing needs promoting.
  func promotedArrays(_ items: [Value]) throws -> (items: [Value], eltype: JType)? {
    guard items.count >= 2 else { return nil }
    var ts: [Tensor] = []
    for v in items {
      guard case .tensor(let t) = v, !t.isBitArray, t.wrapper == nil else { return nil }
      ts.append(t)
    }
    let dt = ts.dropFirst().reduce(ts[0].dtype) { DType.promote($0, $1.dtype) }
    let sameDims = ts.allSatisfy { $0.ndims == ts[0].ndims }
    if sameDims && ts.allSatisfy({ $0.dtype == dt }) { return nil }
    let converted = try ts.map { t -> Value in
      .tensor(t.dtype == dt ? t : try tensorOp { try Diff.converted(t, to: dt) })
    }
    let e = Types.forDType(dt)
    return (converted, sameDims ? Types.array(e, ts[0].ndims) : JType(arrayOf: e, ndims: nil, abstract: false))
  }

  func commonType(_ items: [Value]) -> JType {
    guard let first = items.first else { return Types.any }
    let t = typeOf(first)
    for v in items.dropFirst() where typeOf(v).description != t.description {
      return Types.any
    }
    return t
  }

  /// `[a b; c d]` literals: each row concatenated horizontally, then the rows vertically.
  func concatRows(_ rows: [[Value]], eltype: JType?, singleRow: Bool) throws -> Value {
    let allScalar = rows.allSatisfy { $0.allSatisfy { !isArrayLike($0) } }
    if allScalar {
      if !singleRow && rows.allSatisfy({ $0.count == 1 }) {
        let items = rows.map { $0[0] }
        return try collectArray(items, shape: [items.count], eltype: eltype)
      }
      let cols = rows.first?.count ?? 0
      guard rows.allSatisfy({ $0.count == cols }) else {
        throw JuliaError.argument("argument count does not match specified shape (expected \(rows.count * cols), got \(rows.reduce(0) { $0 + $1.count }))")
      }
      var items: [Value] = []
      for c in 0..<cols { for r in rows { items.append(r[c]) } }
      return try collectArray(items, shape: [rows.count, cols], eltype: eltype)
    }
    let rowTensors: [Tensor] = try rows.map { row in
      let ts = try row.compactMap { try asTensor($0) }
      guard ts.count == row.count else { throw JuliaError.argument("cannot concatenate these values") }
      if ts.count == 1 && !singleRow { return ts[0] }
      return try tensorOp { try Diff.concatenate(ts, dim: 2) }
    }
    var result = rowTensors.count == 1 ? rowTensors[0] : try tensorOp { try Diff.concatenate(rowTensors, dim: 1) }
    if let e = eltype, let d = Types.dtype(of: e), d != result.dtype {
      result = try tensorOp { try Diff.converted(result, to: d) }
    }
    return .tensor(result)
  }

  /// `[a; b;; c; d]` literals: the parts concatenated along `dim`, as `cat(parts...; dims)`.
  func concatParts(_ parts: [Value], dim: Int, eltype: JType?) throws -> Value {
    let result = try cat(parts, dim: dim)
    if let e = eltype, let d = Types.dtype(of: e), case .tensor(let t) = result, d != t.dtype {
      return .tensor(try tensorOp { try Diff.converted(t, to: d) })
    }
    return result
  }

  func arraySummary(_ a: ArrayValue) -> String {
    ArrayDisplay.summary(shape: a.shape, typeName: Types.array(a.eltype, a.shape.count).description)
  }
}

/// A native object that can be iterated.
public protocol NativeIterable: AnyObject {
  func elements(_ interp: Interpreter) throws -> [Value]
}
