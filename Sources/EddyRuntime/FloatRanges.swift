// Float ranges built as Julia builds them (base/twiceprecision.jl). When the endpoints and
// step are decimals with small exact fractions (rat), the range is those rationals and each
// element is rounded once, so `0.1:0.1:0.3` is [0.1, 0.2, 0.3] and `range(0, 1, length=11)`
// hits every tenth; otherwise elements are computed with the step's rounding error carried.

extension RangeValue {
  /// Julia's `rat(x)`: the continued-fraction fraction `n/d` of `x` with both at most 2^24,
  /// stopping at the first that converts back to `x`.
  static func rat(_ x: Double) -> (Int, Int) {
    var y = x
    var a = 1, b = 0, c = 0, d = 1
    let m = 16_777_216.0  // maxintfloat(Float32)
    while Swift.abs(y) <= m {
      let f = Int(y.rounded(.towardZero))
      y -= Double(f)
      (a, c) = (f * a + c, a)
      (b, d) = (f * b + d, b)
      if Swift.max(Swift.abs(a), Swift.abs(b)) > Int(m) { return (c, d) }
      if Double(a) / Double(b) == x { break }
      y = 1 / y
    }
    return (a, b)
  }

  static func gcd(_ a: Int, _ b: Int) -> Int {
    var (x, y) = (Swift.abs(a), Swift.abs(b))
    while y != 0 { (x, y) = (y, x % y) }
    return x
  }

  /// The rational form when every element's numerator stays an exact Double.
  static func exactRational(_ n0: Int, _ dn: Int, _ den: Int, count: Int) -> (n0: Int, dn: Int, den: Int)? {
    let limit = 1 << 53
    guard den > 0, den < limit else { return nil }
    let (span, o1) = Swift.abs(dn).multipliedReportingOverflow(by: Swift.max(count - 1, 0))
    let (top, o2) = Swift.abs(n0).addingReportingOverflow(span)
    guard !o1, !o2, top < limit else { return nil }
    return (n0, dn, den)
  }

  /// `start:step:stop` for floats.
  static func float(start: Double, step: Double, stop: Double) -> RangeValue {
    let isBetween = { (a: Double, x: Double, b: Double) in a <= x && x <= b || b <= x && x <= a }
    let (sn, sd) = rat(step)
    if sd != 0, Double(sn) / Double(sd) == step {
      let (an, ad) = rat(start), (zn, zd) = rat(stop)
      if ad != 0, zd != 0, Double(an) / Double(ad) == start, Double(zn) / Double(zd) == stop {
        let g = gcd(ad, sd)
        let (den, o) = (ad / Swift.max(g, 1)).multipliedReportingOverflow(by: sd)
        let m = Double(1 << 53)
        if !o, den != 0, Swift.abs(start * Double(den)) <= m, Swift.abs(step * Double(den)) <= m,
          den % ad == 0, den % sd == 0
        {
          let a = Int((start * Double(den)).rounded()), s = Int((step * Double(den)).rounded())
          // len = div(den·stop_n − stop_d·start_n + step_n·stop_d, step_n·stop_d), unless it overflows.
          let (p1, q1) = den.multipliedReportingOverflow(by: zn)
          let (p2, q2) = zd.multipliedReportingOverflow(by: a)
          let (p3, q3) = s.multipliedReportingOverflow(by: zd)
          if !q1, !q2, !q3, p3 != 0 {
            let (num, q4) = p1.subtractingReportingOverflow(p2)
            let (num2, q5) = num.addingReportingOverflow(p3)
            if !q4, !q5 {
              let len = Swift.max(0, num2 / p3)
              if isBetween(start, start + Double(len - 1) * step, stop + step / 2),
                !isBetween(start, start + Double(len) * step, stop),
                let q = exactRational(a, s, den, count: len)
              {
                let r = RangeValue(start: start, step: step, count: len, isInt: false, explicitStep: true)
                r.rational = q
                return r
              }
            }
          }
        }
      }
    }
    // Fallback: start and step taken literally.
    let lf = (stop - start) / step
    var len: Int
    if lf < 0 || lf.isNaN {
      len = 0
    } else if lf == 0 {
      len = 1
    } else {
      len = lf >= Double(Int.max) ? Int.max : Int(lf.rounded()) + 1
      let stop2 = start + Double(len - 1) * step
      if start < stop && stop < stop2 || start > stop && stop > stop2 { len -= 1 }
    }
    return RangeValue(start: start, step: step, count: len, isInt: false, explicitStep: true)
  }

  /// `range(start; step, length)` for floats (Julia's `range_start_step_length`).
  static func float(start: Double, step: Double, length len: Int) -> RangeValue {
    let r = RangeValue(start: start, step: step, count: len, isInt: false, explicitStep: true)
    let (an, ad) = rat(start), (sn, sd) = rat(step)
    guard ad != 0, sd != 0, Double(an) / Double(ad) == start, Double(sn) / Double(sd) == step else { return r }
    let (den, o) = (ad / Swift.max(gcd(ad, sd), 1)).multipliedReportingOverflow(by: sd)
    let m = Double(1 << 53)
    guard !o, den != 0, Swift.abs(Double(den) * start) <= m, Swift.abs(Double(den) * step) <= m,
      den % ad == 0, den % sd == 0
    else { return r }
    r.rational = exactRational(
      Int((Double(den) * start).rounded()), Int((Double(den) * step).rounded()), den, count: len)
    return r
  }

  /// `range(start, stop; length)` for floats (Julia's `_linspace`).
  static func linspace(start: Double, stop: Double, length len: Int) -> RangeValue {
    let step = len > 1 ? (stop - start) / Double(len - 1) : 0
    let r = RangeValue(start: start, step: step, count: len, isInt: false, explicitStep: true)
    guard len >= 2 else { return r }
    let (_, ad) = rat(start), (_, zd) = rat(stop)
    if ad != 0, zd != 0 {
      let g = gcd(ad, zd)
      let (den, o) = (ad / Swift.max(g, 1)).multipliedReportingOverflow(by: zd)
      let m = Double(1 << 53)
      if !o, den != 0, Swift.abs(Double(den) * start) <= m, Swift.abs(Double(den) * stop) <= m {
        let a = Int((Double(den) * start).rounded()), z = Int((Double(den) * stop).rounded())
        if Double(a) / Double(den) == start, Double(z) / Double(den) == stop {
          // Element i: ((len−1−i)·a + i·z) / ((len−1)·den) = (a·(len−1) + i·(z−a)) / ((len−1)·den).
          let (n0, o1) = a.multipliedReportingOverflow(by: len - 1)
          let (d2, o2) = den.multipliedReportingOverflow(by: len - 1)
          let (dn, o3) = z.subtractingReportingOverflow(a)
          if !o1, !o2, !o3, let q = exactRational(n0, dn, d2, count: len) {
            r.rational = q
          }
        }
      }
    }
    return r
  }
}
