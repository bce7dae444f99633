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

  /// `reverse(r)`: the range walked backwards, `3:-1:1` for `1:3`.
  func reversedRange(_ r: RangeValue) -> Value {
    .range(RangeValue(start: r.last, step: -r.step, count: r.count, isInt: r.isInt, explicitStep: true))
  }
}
