// Sizes checked before a collection of values or a string is built: a request too large to
// allocate is an OutOfMemoryError (and a negative size an ArgumentError), never a trap.
import EddyTensor

extension Interpreter {
  /// The number of elements a collection will yield, when it is known without iterating.
  func knownLength(_ v: Value) -> Int? {
    switch v {
    case .range(let r): return r.count
    case .tensor(let t): return t.count
    case .array(let a): return a.items.count
    case .tuple(let xs): return xs.count
    default: return nil
    }
  }

  /// The element count of an array of values with dimensions `dims`, checked: a negative
  /// size is an ArgumentError, one too large to allocate an OutOfMemoryError.
  func valueArrayCount(_ dims: [Int]) throws -> Int {
    if let d = dims.first(where: { $0 < 0 }) {
      throw JuliaError.argument("invalid Array dimensions: negative size \(d) in \(showString(.tuple(dims.map { .int($0) })))")
    }
    if dims.contains(0) { return 0 }
    var n = 1
    for d in dims {
      let (p, o) = n.multipliedReportingOverflow(by: d)
      if o { try checkCollectionSize(Int.max) }
      n = p
    }
    try checkCollectionSize(n)
    return n
  }

  /// Throws `OutOfMemoryError` before a string of `n` copies of `s` is built that could not be
  /// allocated (`"ab"^(10^18)`).
  func checkRepeatedString(_ s: String, _ n: Int) throws {
    let (bytes, o) = s.utf8.count.multipliedReportingOverflow(by: n)
    try tensorOp { try Tensor.checkAllocation(count: o ? Int.max : bytes, stride: 1) }
  }

  /// Throws `OutOfMemoryError` before a collection of `n` values is built that could not
  /// be allocated (`[i for i in 1:10^12]`), as Julia does when it allocates the result.
  func checkCollectionSize(_ n: Int) throws {
    try tensorOp { try Tensor.checkAllocation(count: n, stride: MemoryLayout<Value>.stride) }
  }
}
