// Ranges stay lazy where Julia keeps them lazy: reductions in closed form, and reverse,
// sort, unique and first(r, n) return ranges, so `sum(1:10^12)` answers at once instead of
// materialising a trillion elements.
import EddyTensor

extension Interpreter {
  /// `sum`, `maximum`, `minimum` or `mean` of an integer range without its elements; nil
  /// for other values (the general reduction then runs).
  func rangeReduction(_ op: ReduceOp, _ v: Value) throws -> Value? {
    guard case .range(let r) = v, r.isInt else { return nil }
    let n = r.count, a = r.intStart, s = r.intStep
    switch op {
    case .sum:
      // Julia's formula, in wrapping Int64 arithmetic like Julia's.
      let half = n.isMultiple(of: 2) ? (s &* (n / 2)) &* (n - 1) : (s &* n) &* ((n - 1) / 2)
      return .int(n &* a &+ half)
    case .mean:
      if n == 0 { return .float(.nan) }
      return .float((Double(a) + Double(a &+ s &* (n - 1))) / 2)
    case .maximum, .minimum:
      if n == 0 { throw JuliaError.argument("range must be non-empty") }
      let first = a, last = a &+ s &* (n - 1)
      return .int(op == .maximum ? max(first, last) : min(first, last))
    default: return nil
    }
  }

  /// `r .+ c`, `c .- r`, `r .* c` (and `c * r`) for an integer range and a nonzero integer:
  /// the range Julia's broadcast returns (`(1:5) .+ 1 == 2:6`), not an array. Nil otherwise.
  func rangeArithmetic(_ op: BinOp, _ a: Value, _ b: Value) -> Value? {
    switch (a, b) {
    case (.range(let r), .int(let c)) where r.isInt:
      switch op {
      case .add, .sub:
        let shift = op == .add ? Double(c) : -Double(c)
        return .range(RangeValue(start: r.start + shift, step: r.step, count: r.count, isInt: true, explicitStep: r.explicitStep))
      case .mul where c != 0:
        return .range(RangeValue(start: r.start * Double(c), step: r.step * Double(c), count: r.count, isInt: true, explicitStep: true))
      default: return nil
      }
    case (.int(let c), .range(let r)) where r.isInt:
      switch op {
      case .add: return rangeArithmetic(.add, b, a)
      case .mul: return rangeArithmetic(.mul, b, a)
      case .sub:
        return .range(RangeValue(start: Double(c) - r.start, step: -r.step, count: r.count, isInt: true, explicitStep: true))
      default: return nil
      }
    default: return nil
    }
  }

  /// `x^p` for a negative integer literal `p` (Julia's `literal_pow`): integers become
  /// Float64 first (`inv(x)` for -1, `inv(x)^2` for -2, `Float64(x)^p` below); other values
  /// take the power as written. `dotted`: elementwise (`x .^ -1`).
  func literalNegativePower(_ x: Value, _ p: Int, dotted: Bool) throws -> Value {
    let op: (BinOp, Value, Value) throws -> Value = { o, a, b in
      dotted ? try self.broadcastBinary(o, a, b) : try self.binary(o, a, b)
    }
    let isInteger: Bool
    switch x {
    case .int, .bool: isInteger = true
    case .tensor(let t): isInteger = dotted && (t.dtype == .int64 || t.dtype == .bool)
    default: isInteger = false
    }
    guard isInteger else { return try op(.pow, x, .int(p)) }
    if p == -1 { return try op(.div, .float(1), x) }
    if p == -2 {
      let inv = try op(.div, .float(1), x)
      return try op(.mul, inv, inv)
    }
    return try op(.pow, try op(.mul, .float(1), x), .int(p))
  }

  /// `reverse(r)`: the range walked backwards, `3:-1:1` for `1:3`.
  func reversedRange(_ r: RangeValue) -> Value {
    .range(RangeValue(start: r.last, step: -r.step, count: r.count, isInt: r.isInt, explicitStep: true))
  }

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
