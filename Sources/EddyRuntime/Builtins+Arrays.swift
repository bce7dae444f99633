// Array construction, shape functions, reductions and linear algebra.
import EddyAutodiff
import EddyTensor

extension Interpreter {
  /// Dimensions from `(2, 3)` or `2, 3`.
  func dimsFrom(_ args: ArraySlice<Value>) throws -> [Int] {
    if args.count == 1, case .tuple(let xs) = args.first! { return try xs.map { try toInt($0, "dimension") } }
    if args.count == 1, case .tensor(let t) = args.first!, t.ndims == 1, t.dtype == .int64 {
      return t.toDoubles().map { storedInt($0) }
    }
    return try args.map { try toInt($0, "dimension") }
  }

  func newTensor(_ shape: [Int], _ dtype: DType) throws -> Tensor {
    for d in shape where d < 0 {
      throw JuliaError.argument("invalid Array dimensions: negative size \(d) in \(showString(.tuple(shape.map { .int($0) })))")
    }
    return try tensorOp { try Tensor(shape: shape, dtype: dtype) }
  }

  /// Splits `(T, dims...)` with an optional leading element type.
  func typeAndDims(_ args: [Value], default d: DType) throws -> (DType, [Int]) {
    var rest = args[...]
    var dt = d
    if case .type(let t)? = rest.first {
      guard let x = Types.dtype(of: t) else { throw JuliaError.argument("unsupported element type \(t)") }
      dt = x
      rest = rest.dropFirst()
    }
    return (dt, try dimsFrom(rest))
  }

  func dimsKw(_ kw: [(String, Value)]) throws -> [Int]? {
    guard let v = kw.first(where: { $0.0 == "dims" })?.1 else { return nil }
    if case .tuple(let xs) = v { return try xs.map { try toInt($0) } }
    return [try toInt(v)]
  }

  func tensorArg(_ v: Value, _ fname: String) throws -> Tensor {
    guard let t = try asTensor(v) else { throw methodError(fname, [v]) }
    return t
  }

  func registerArrays() {
    def("zeros") { [unowned self] args, _ in
      let (dt, dims) = try self.typeAndDims(args, default: .float64)
      return .tensor(try self.newTensor(dims, dt))
    }
    def("ones") { [unowned self] args, _ in
      let (dt, dims) = try self.typeAndDims(args, default: .float64)
      let t = try self.newTensor(dims, dt)
      Kernels.fill(t, 1)
      return .tensor(t)
    }
    def("fill") { [unowned self] args, _ in
      guard let v = args.first else { throw self.methodError("fill", args) }
      let dims = try self.dimsFrom(args.dropFirst())
      guard let x = self.scalarTensor(v), let d = self.toDouble(v) else {
        let n = try self.valueArrayCount(dims)
        return .array(ArrayValue([Value](repeating: v, count: n), shape: dims, eltype: self.typeOf(v)))
      }
      let t = try self.newTensor(dims, x.dtype)
      Kernels.fill(t, d)
      return .tensor(t)
    }
    def("rand") { [unowned self] args, _ in try self.random(args, normal: false) }
    def("randn") { [unowned self] args, _ in try self.random(args, normal: true) }
    def("similar") { [unowned self] args, _ in
      guard let t = try args.first.flatMap({ try self.asTensor($0) }) else { throw self.methodError("similar", args) }
      var dt = t.dtype
      var rest = args.dropFirst()
      if case .type(let ty)? = rest.first, let d = Types.dtype(of: ty) {
        dt = d
        rest = rest.dropFirst()
      }
      return .tensor(try self.newTensor(rest.isEmpty ? t.shape : try self.dimsFrom(rest), dt))
    }
    def("copy") { args, _ in
      switch args.first {
      case .tensor(let t)?: return .tensor(t.copy())
      case .array(let a)?: return .array(ArrayValue(a.items, shape: a.shape, eltype: a.eltype))
      case .native(let n)? where n is DictValue:
        let d = n as! DictValue
        let c = DictValue(d.interp, isId: d.isId)
        for (k, v) in zip(d.keys, d.values) { c.set(k, v) }
        return .native(c)
      case let v?: return v
      default: return .nothing
      }
    }
    alias("deepcopy", "copy")
    def("collect") { [unowned self] args, _ in
      guard let v = args.first else { throw self.methodError("collect", args) }
      // `collect(Float32, 1:3)`: the elements converted to the element type.
      if args.count == 2, case .type(let et) = v {
        let items = try self.iterate(args[1])
        return try self.collectArray(items, shape: self.iterShape(args[1]) ?? [items.count], eltype: et)
      }
      switch v {
      case .tensor(let t): return .tensor(t.copy())
      case .range: return try self.asTensor(v).map { .tensor($0) } ?? .nothing
      default:
        let items = try self.iterate(v)
        return try self.collectArray(items, shape: self.iterShape(v) ?? [items.count], eltype: nil)
      }
    }
    def("range") { [unowned self] args, kw in
      var start = args.first ?? .int(1)
      var stop: Value? = args.count > 1 ? args[1] : nil
      var length: Int? = nil
      var step: Value? = nil
      for (k, v) in kw {
        switch k {
        case "length": length = try self.toInt(v)
        case "step": step = v
        case "stop": stop = v
        case "start": start = v
        default: break
        }
      }
      // `range(1, length=3)`, `range(start=1, step=2, length=3)`: the stop follows.
      if let length, stop == nil {
        let st = step ?? .int(1)
        if case .int(let a) = start, case .int(let s) = st {
          guard length > 0 else { return .range(RangeValue.integers(start: a, step: s, count: 0, explicitStep: step != nil)) }
          return .range(RangeValue.integers(start: a, step: s, count: length, explicitStep: step != nil))
        }
        guard let a = self.toDouble(start), let s = self.toDouble(st) else { throw self.methodError("range", args) }
        return .range(RangeValue.float(start: a, step: s, length: max(0, length)))
      }
      if let length, let stop, let a = self.toDouble(start), let b = self.toDouble(stop) {
        return .range(RangeValue.linspace(start: a, stop: b, length: max(0, length)))
      }
      guard let stop else { throw self.methodError("range", args) }
      return try self.makeRange(start, step, stop)
    }
    def("reshape") { [unowned self] args, _ in
      guard let v = args.first, let t = try self.asTensor(v) else { throw self.methodError("reshape", args) }
      var dims = args.dropFirst().map { $0 }
      if dims.count == 1, case .tuple(let xs) = dims[0] { dims = xs }
      var shape: [Int] = []
      var colon = -1
      for (k, d) in dims.enumerated() {
        if case .native(let c) = d, c is ColonMarker {
          colon = k
          shape.append(1)
        } else {
          shape.append(try self.toInt(d))
        }
      }
      if colon >= 0 {
        var known = 1
        for (k, d) in shape.enumerated() where k != colon {
          let (p, o) = known.multipliedReportingOverflow(by: d)
          known = o ? 0 : p  // an overflowing product divides nothing
        }
        if known == 0 || t.count % known != 0 {
          let dimsText = shape.enumerated().map { $0.offset == colon ? "Colon()" : String($0.element) }
          throw JuliaError.dimension(
            "array size \(t.count) must be divisible by the product of the new dimensions (\(dimsText.joined(separator: ", ")))")
        }
        shape[colon] = t.count / known
      }
      let r = try tensorOp { try Diff.reshaped(t, shape) }
      if case .range = v, shape.count >= 2, r !== t {
        r.wrapper = "reshape(::\(self.typeOf(v)), \(shape.map(String.init).joined(separator: ", ")))"
      }
      return .tensor(r)
    }
    base.define(":", .native(ColonMarker.shared))
    def("vec") { [unowned self] args, _ in
      guard let v = args.first else { throw self.methodError("vec", args) }
      if case .array(let a) = v { return .array(ArrayValue(a.items, eltype: a.eltype)) }
      let t = try self.tensorArg(v, "vec")
      return .tensor(try tensorOp { try Diff.reshaped(t, [t.count]) })
    }
    def("vcat") { [unowned self] args, _ in try self.cat(args, dim: 1) }
    def("hcat") { [unowned self] args, _ in try self.cat(args, dim: 2) }
    def("cat") { [unowned self] args, kw in
      guard let d = try self.dimsKw(kw)?.first else { throw JuliaError.argument("cat needs dims=") }
      return try self.cat(args, dim: d)
    }
    def("permutedims") { [unowned self] args, _ in
      guard let v = args.first else { throw self.methodError("permutedims", args) }
      let t = try self.tensorArg(v, "permutedims")
      if args.count > 1 {
        let perm = try self.dimsFrom(args.dropFirst())
        return .tensor(try tensorOp { try Diff.permutedims(t, perm) })
      }
      return .tensor(try tensorOp { try Diff.transpose(t) })
    }
    def("transpose") { [unowned self] args, _ in try self.adjoint(args.first ?? .nothing, name: "transpose") }
    def("adjoint") { [unowned self] args, _ in try self.adjoint(args.first ?? .nothing) }
    def("repeat") { [unowned self] args, kw in
      guard let v = args.first else { throw self.methodError("repeat", args) }
      if case .str(let s) = v, args.count == 2 {
        let n = try self.toInt(args[1])
        guard n >= 0 else { throw JuliaError.argument("can't repeat a string \(n) times") }
        try self.checkRepeatedString(s, n)
        return .str(String(repeating: s, count: n))
      }
      if case .array(let a) = v, args.count == 2 {
        let n = try self.toInt(args[1])
        guard n >= 0 else { throw JuliaError.argument("cannot repeat an array a negative number of times (\(n))") }
        if a.items.isEmpty { return .array(ArrayValue([], eltype: a.eltype)) }
        try self.checkCollectionSize(a.items.count.multipliedReportingOverflow(by: n).overflow ? Int.max : a.items.count * n)
        return .array(ArrayValue(Array([[Value]](repeating: a.items, count: n).joined()), eltype: a.eltype))
      }
      var t = try self.tensorArg(v, "repeat")
      var counts = try self.dimsFrom(args.dropFirst())
      if let outer = kw.first(where: { $0.0 == "outer" })?.1 {
        counts = try self.dimsFrom([outer][...])
      }
      if let inner = kw.first(where: { $0.0 == "inner" })?.1 {
        let ins = try self.dimsFrom([inner][...])
        t = try tensorOp { try Kernels.repeatInner(t, inner: ins) }
        if counts.isEmpty { return .tensor(t) }
      }
      return .tensor(try tensorOp { try Kernels.repeatArray(t, counts: counts) })
    }
    def("size") { [unowned self] args, _ in
      guard let v = args.first else { throw self.methodError("size", args) }
      let shape = try self.shapeOf(v)
      if args.count == 2 {
        let d = try self.toInt(args[1])
        guard d >= 1 else { throw JuliaError.argument("dimension out of range") }
        return .int(d <= shape.count ? shape[d - 1] : 1)
      }
      return .tuple(shape.map { .int($0) })
    }
    def("length") { [unowned self] args, _ in
      guard args.count == 1 else { throw self.methodError("length", args) }
      return .int(try self.lengthOf(args[0]))
    }
    def("ndims") { [unowned self] args, _ in .int(try self.shapeOf(args.first ?? .nothing).count) }
    def("eltype") { [unowned self] args, _ in
      switch args.first {
      case .tensor(let t)?: return .type(Types.forDType(t.dtype))
      case .array(let a)?: return .type(a.eltype)
      case .range(let r)?: return .type(r.isInt ? Types.int64 : Types.float64)
      case .type(let t)? where t.kind == .array: return .type(t.elem ?? Types.any)
      case let v?: return .type(self.typeOf(v))
      default: throw self.methodError("eltype", args)
      }
    }
    def("axes") { [unowned self] args, _ in
      let shape = try self.shapeOf(args.first ?? .nothing)
      if args.count == 2 {
        let d = try self.toInt(args[1])
        guard d >= 1 else { throw JuliaError.bounds("attempt to access \(shape.count)-element axes at index [\(d)]") }
        return .range(RangeValue.oneTo(d <= shape.count ? shape[d - 1] : 1))
      }
      return .tuple(shape.map { .range(RangeValue.oneTo($0)) })
    }
    def("OneTo", doc: "Base.OneTo(n): the range `1:n` as the axes of an array (`axes`, `eachindex`) show it.") {
      [unowned self] args, _ in
      guard args.count == 1 else { throw self.methodError("OneTo", args) }
      return .range(RangeValue.oneTo(max(0, try self.toInt(args[0]))))
    }
    base.exports.remove("OneTo")  // `Base.OneTo`, not exported
    def("eachindex") { [unowned self] args, _ in
      // Arrays index by Base.OneTo(length); other collections by 1:length.
      let v = args.first ?? .nothing
      let n = try self.lengthOf(v)
      if case .tensor = v { return .range(RangeValue.oneTo(n)) }
      if case .array = v { return .range(RangeValue.oneTo(n)) }
      return .range(RangeValue.unit(1, n))
    }
    def("lastindex") { [unowned self] args, _ in
      guard let v = args.first else { throw self.methodError("lastindex", args) }
      if args.count == 2 {
        let d = try self.toInt(args[1])
        guard d >= 1 else { throw JuliaError.bounds("attempt to access dimension \(d)") }
        return .int(try self.lastIndex(v, dim: d - 1, of: 2))
      }
      return .int(try self.lastIndex(v, dim: 0, of: 1))
    }
    def("firstindex") { _, _ in .int(1) }
    registerReductions()
    registerCartesian()
  }

  func shapeOf(_ v: Value) throws -> [Int] {
    switch v {
    case .tensor(let t): return t.shape
    case .array(let a): return a.shape
    case .range(let r): return [r.count]
    case .tuple(let xs): return [xs.count]
    case .int, .float, .f32, .bool, .tnum: return []
    case .str(let s): return [s.unicodeScalars.count]
    default:
      let v = try callGeneric("size", [v])
      if case .tuple(let xs) = v { return try xs.map { try toInt($0) } }
      throw methodError("size", [v])
    }
  }

  func lengthOf(_ v: Value) throws -> Int {
    switch v {
    case .tensor(let t): return t.count
    case .array(let a): return a.items.count
    case .range(let r): return r.count
    case .tuple(let xs): return xs.count
    case .named(let nt): return nt.values.count
    case .str(let s): return s.unicodeScalars.count
    case .int, .float, .f32, .bool, .tnum: return 1
    case .native(let n):
      if let ix = n as? NativeIndexable { return ix.length(self) }
      if let it = n as? IteratorValue { return it.items.count }
      if let it = n as? NativeIterable { return try it.elements(self).count }
      throw methodError("length", [v])
    default:
      guard let r = base.globals["length"], case .fn(let f)? = r.value,
        let m = select(f, [v]), m.native == nil
      else { throw methodError("length", [v]) }
      return try toInt(try invoke(m, f, [v], []))
    }
  }

  func cat(_ args: [Value], dim: Int) throws -> Value {
    if args.isEmpty { return .array(ArrayValue([], eltype: Types.any)) }
    if args.contains(where: { if case .array = $0 { return true } else { return false } }), dim == 1 {
      var items: [Value] = []
      for a in args {
        if case .array(let x) = a { items += x.items } else if isArrayLike(a) { items += try iterate(a) } else { items.append(a) }
      }
      return try collectArray(items, shape: [items.count], eltype: nil)
    }
    let ts = try args.map { v -> Tensor in
      guard let t = try asTensor(v) else { throw methodError(dim == 1 ? "vcat" : "hcat", args) }
      return t
    }
    // Julia's hcat of same-type vectors checks their lengths with its own message.
    if dim == 2, ts.count > 1, ts.allSatisfy({ $0.ndims == 1 && $0.dtype == ts[0].dtype }),
      ts.contains(where: { $0.count != ts[0].count })
    {
      throw JuliaError.dimension("vectors must have same lengths")
    }
    if ts.allSatisfy({ $0.ndims == 0 }) && dim == 2 {
      return .tensor(try tensorOp { try Diff.concatenate(ts.map { try Diff.reshaped($0, [1, 1]) }, dim: 2) })
    }
    return .tensor(try tensorOp { try Diff.concatenate(ts, dim: dim) })
  }

  func random(_ args: [Value], normal: Bool) throws -> Value {
    var rest = args[...]
    if case .native(let n)? = rest.first, n is RNGValue { rest = rest.dropFirst() }
    if rest.count == 1, case .range(let r) = rest.first!, r.isInt {
      guard r.count > 0 else { throw JuliaError.argument("collection must be non-empty") }
      return r.element(rng.nextInt(0...(r.count - 1)))
    }
    if rest.count == 1, case .array(let a) = rest.first!, !a.items.isEmpty {
      return a.items[rng.nextInt(0...(a.items.count - 1))]
    }
    if rest.count == 1, case .tensor(let t) = rest.first!, t.count > 0 {
      return scalarValue(t, rng.nextInt(0...(t.count - 1)))
    }
    // `rand(1:10, 3)`, `rand([a, b], 2, 2)`: an array of draws from a collection.
    if rest.count >= 2, !normal, let first = rest.first {
      let draw: ((Int) -> Value)?
      switch first {
      case .range(let r): draw = { r.element($0) }
      case .tensor(let t): draw = { self.scalarValue(t, $0) }
      case .array(let a): draw = { a.items[$0] }
      default: draw = nil
      }
      if let draw {
        let dims = try dimsFrom(rest.dropFirst())
        let n = try lengthOf(first)
        guard n > 0 else { throw JuliaError.argument("collection must be non-empty") }
        try tensorOp { try Tensor.checkAllocation(dims, .float64) }
        let items = (0..<dims.reduce(1, *)).map { _ in draw(rng.nextInt(0...(n - 1))) }
        return try collectArray(items, shape: dims, eltype: nil)
      }
    }
    let (dt, dims) = try typeAndDims(Array(rest), default: .float64)
    if dims.isEmpty {
      let x = normal ? rng.normalDouble() : rng.nextDouble()
      switch dt {
      case .float32: return .f32(normal ? rng.normalFloat() : rng.nextFloat())
      case .bool: return .bool(x < 0.5)
      case .int64: return .int(rng.nextInt(Int.min...Int.max))
      default: return .float(x)
      }
    }
    let t = try newTensor(dims, dt)
    if normal { rng.fillNormal(t) } else { rng.fillUniform(t) }
    return .tensor(t)
  }
}

/// `Random.default_rng()` / `MersenneTwister(seed)`: draws come from the interpreter's generator.
final class RNGValue: NativeObject {
  override var typeName: String { "Random.TaskLocalRNG" }
}
