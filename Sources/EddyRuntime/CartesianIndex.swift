// CartesianIndex: the position in an N-d array that findmax/argmax return for a matrix
// (`CartesianIndex(2, 1)`), usable as an index (`A[argmax(A)]`, `A[argmax(A; dims=1)]`).

extension BuiltinTypes {
  static let cartesianTypes = LockedCache<String, JType>()

  /// `CartesianIndex{n}`, with the index tuple in its field `I`.
  static func cartesianIndex(_ n: Int) -> JType {
    cartesianTypes.value(for: "\(n)") {
      let t = JType(name: "CartesianIndex{\(n)}", kind: .structType, supertype: Types.any)
      t.fieldNames = ["I"]
      return t
    }
  }

  static func isCartesianIndex(_ t: JType) -> Bool { t.name.hasPrefix("CartesianIndex{") }
}

extension Interpreter {
  func cartesianIndex(_ indices: [Int]) -> Value {
    .obj(StructValue(type: BuiltinTypes.cartesianIndex(indices.count), fields: [.tuple(indices.map { .int($0) })]))
  }

  /// The 1-based indices of a CartesianIndex value, or nil.
  func cartesianIndices(_ v: Value) -> [Value]? {
    guard case .obj(let s) = v, BuiltinTypes.isCartesianIndex(s.type), case .tuple(let xs)? = s.fields.first else {
      return nil
    }
    return xs
  }

  /// The CartesianIndex of 0-based linear position `k` in an array of `shape`.
  func cartesianIndex(linear k: Int, shape: [Int]) -> Value {
    var rest = k
    var out: [Int] = []
    for s in shape {
      out.append(rest % Swift.max(s, 1) + 1)
      rest /= Swift.max(s, 1)
    }
    return cartesianIndex(out)
  }

  /// Index arguments with each CartesianIndex spread into its integers (`A[CartesianIndex(2, 1)]`
  /// is `A[2, 1]`); an array of CartesianIndex is gathered by `gatherCartesian`.
  func spreadCartesian(_ idx: [Value]) -> [Value] {
    guard idx.contains(where: { cartesianIndices($0) != nil }) else { return idx }
    return idx.flatMap { cartesianIndices($0) ?? [$0] }
  }

  /// `A[I]` for an array `I` of CartesianIndex: the elements at those positions, shaped as `I`.
  func gatherCartesian(_ target: Value, _ idx: [Value]) throws -> Value? {
    guard idx.count == 1, case .array(let a) = idx[0], !a.items.isEmpty,
      a.items.allSatisfy({ cartesianIndices($0) != nil })
    else { return nil }
    let items = try a.items.map { try getIndex(target, cartesianIndices($0) ?? []) }
    return try collectArray(items, shape: a.shape, eltype: nil)
  }

  func registerCartesian() {
    def("CartesianIndex", doc: "CartesianIndex(i, j, ...): a position in an N-dimensional array, usable as an index.") {
      [unowned self] args, _ in
      var xs = args
      if xs.count == 1, case .tuple(let t) = xs[0] { xs = t }
      return self.cartesianIndex(try xs.map { try self.toInt($0, "index") })
    }
  }
}
