// Small Base functions: step, median, getindex/setindex!/view as values, and the lazy
// iterators of Base.Iterators (take, drop, repeated, flatten).
import EddyTensor

/// `view(a, inds...)`: a window onto a dense array; reads and writes go to the parent.
final class ViewValue: NativeObject, NativeIndexable, NativeIterable, NativeShow, NativeDisplay {
  let parent: Tensor
  /// Parent linear offsets (0-based) of the view's elements, column-major.
  let offsets: [Int]
  let shape: [Int]
  /// The indices as Julia's summary shows them: `:`, `1`, `2:3`.
  let indexText: String
  init(parent: Tensor, offsets: [Int], shape: [Int], indexText: String = "") {
    self.parent = parent
    self.offsets = offsets
    self.shape = shape
    self.indexText = indexText
  }
  override var typeName: String { "SubArray" }

  /// The view's elements copied into a fresh dense array.
  func materialise() -> Tensor {
    let t = Tensor(shape: shape, doubles: offsets.map { parent[linear: $0] }, dtype: parent.dtype)
    return t
  }
  func offset(_ interp: Interpreter, _ idx: [Value]) throws -> Int {
    guard idx.count == 1 else {
      let r = try interp.getIndex(.tensor(interp.linearIndexTensor(shape)), idx)
      guard case .tnum(let s) = r else { throw JuliaError.argument("a view index must select one element") }
      return offsets[storedInt(s[linear: 0]) - 1]
    }
    let i = try interp.toInt(idx[0], "index")
    guard i >= 1, i <= offsets.count else {
      throw JuliaError.bounds("attempt to access \(offsets.count)-element view at index [\(i)]")
    }
    return offsets[i - 1]
  }
  func getIndex(_ interp: Interpreter, _ idx: [Value]) throws -> Value {
    interp.scalarValue(parent, try offset(interp, idx))
  }
  func setIndex(_ interp: Interpreter, _ idx: [Value], _ v: Value) throws {
    let k = try offset(interp, idx)
    parent[linear: k] = try interp.vectorElement(parent, v, "setindex!")
    parent.storage.version &+= 1
  }
  func length(_ interp: Interpreter) -> Int { offsets.count }
  func elements(_ interp: Interpreter) throws -> [Value] { offsets.map { interp.scalarValue(parent, $0) } }
  func show(_ interp: Interpreter) -> String { interp.showString(.tensor(materialise())) }
  /// `2-element view(::Matrix{Float64}, :, 1) with eltype Float64:` and the elements.
  func display(_ interp: Interpreter) -> String {
    let t = materialise()
    t.wrapper = "view(::\(parent.typeName), \(indexText))"
    return t.displayText(limit: nil)
  }
}

extension Interpreter {
  /// An Int64 array of `shape` holding 1, 2, 3, … (indexing it maps indices to linear positions).
  func linearIndexTensor(_ shape: [Int]) -> Tensor {
    let n = shape.reduce(1, *)
    return Tensor(shape: shape, doubles: (0..<n).map { Double($0 + 1) }, dtype: .int64)
  }

  func registerBase() {
    def("step", doc: "step(r): the step of range `r`.\n\n    step(1:2:9) == 2") { [unowned self] args, _ in
      guard args.count == 1, case .range(let r) = args[0] else { throw self.methodError("step", args) }
      return r.isInt ? .int(r.intStep) : .float(r.step)
    }
    def("median", doc: "median(v): the middle value of `v` (mean of the two middle values for even length).") {
      [unowned self] args, _ in
      guard args.count == 1 else { throw self.methodError("median", args) }
      var xs: [Double] = []
      var isF32 = false
      try self.forEach(args[0]) { v in
        guard let x = self.toDouble(v) else { throw self.methodError("median", args) }
        if case .f32 = v { isF32 = true }
        xs.append(x)
        return true
      }
      guard !xs.isEmpty else { throw JuliaError.argument("median of an empty array is undefined, Float64[]") }
      if xs.contains(where: { $0.isNaN }) { return isF32 ? .f32(.nan) : .float(.nan) }
      xs.sort()
      let n = xs.count
      let m = n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2
      return isF32 ? .f32(Float(m)) : .float(m)
    }
    def("getindex", doc: "getindex(a, i...): the same as `a[i...]`.") { [unowned self] args, _ in
      guard let a = args.first else { throw self.methodError("getindex", args) }
      if case .obj = a { throw self.methodError("getindex", args) }
      return try self.getIndex(a, Array(args.dropFirst()))
    }
    def("setindex!", doc: "setindex!(a, v, i...): the same as `a[i...] = v`; returns `a`.") { [unowned self] args, _ in
      guard args.count >= 2 else { throw self.methodError("setindex!", args) }
      if case .obj = args[0] { throw self.methodError("setindex!", args) }
      try self.setIndex(args[0], Array(args.dropFirst(2)), args[1])
      return args[0]
    }
    def("view", doc: "view(a, inds...): a window onto `a`; writing into it writes into `a`.") { [unowned self] args, _ in
      guard let a = args.first else { throw self.methodError("view", args) }
      guard case .tensor(let t) = a else { return try self.getIndex(a, Array(args.dropFirst())) }
      let sel = try self.getIndex(.tensor(self.linearIndexTensor(t.shape)), Array(args.dropFirst()))
      let text = args.dropFirst().map { i -> String in
        if case .native(let c) = i, c is ColonMarker { return ":" }
        return self.showString(i)
      }.joined(separator: ", ")
      switch sel {
      case .tensor(let s):
        return .native(ViewValue(parent: t, offsets: s.toDoubles().map { storedInt($0) - 1 }, shape: s.shape, indexText: text))
      case .tnum(let s): return .native(ViewValue(parent: t, offsets: [storedInt(s[linear: 0]) - 1], shape: [], indexText: text))
      case .int(let k): return .native(ViewValue(parent: t, offsets: [k - 1], shape: [], indexText: text))
      default: throw self.methodError("view", args)
      }
    }
  }

  /// Base.Iterators' lazy helpers, materialised; runs once the Iterators module exists.
  func registerIterators() {
    guard let r = base.globals["Iterators"], case .module(let iters)? = r.value else { return }
    def("take", in: iters, doc: "Iterators.take(itr, n): the first `n` items of `itr`.") { [unowned self] args, _ in
      guard args.count == 2 else { throw self.methodError("take", args) }
      let n = Swift.max(0, try self.toInt(args[1]))
      var out: [Value] = []
      if n > 0 {
        try self.forEach(args[0]) { x in
          out.append(x)
          return out.count < n
        }
      }
      return .native(IteratorValue(out, label: "Base.Iterators.Take"))
    }
    def("drop", in: iters, doc: "Iterators.drop(itr, n): every item of `itr` after the first `n`.") { [unowned self] args, _ in
      guard args.count == 2 else { throw self.methodError("drop", args) }
      let n = Swift.max(0, try self.toInt(args[1]))
      return .native(IteratorValue(Array(try self.iterate(args[0]).dropFirst(n)), label: "Base.Iterators.Drop"))
    }
    def("repeated", in: iters, doc: "Iterators.repeated(x, n): `x`, `n` times.") { [unowned self] args, _ in
      guard args.count == 2 else {
        throw JuliaError.argument("Iterators.repeated(x) without a count is infinite; give the count: repeated(x, n)")
      }
      let n = Swift.max(0, try self.toInt(args[1]))
      try self.checkCollectionSize(n)
      return .native(IteratorValue(Array(repeating: args[0], count: n), label: "Base.Iterators.Take"))
    }
    def("flatten", in: iters, doc: "Iterators.flatten(itr): the items of each item of `itr`, in order.") { [unowned self] args, _ in
      guard args.count == 1 else { throw self.methodError("flatten", args) }
      var out: [Value] = []
      for x in try self.iterate(args[0]) { out += try self.iterate(x) }
      return .native(IteratorValue(out, label: "Base.Iterators.Flatten"))
    }
  }
}
