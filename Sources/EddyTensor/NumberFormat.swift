// Julia's text forms for numbers: Ryu shortest round-trip digits laid out as Base.show does.

/// Julia's exact text for Float64, Float32 and integer values (julia-spec §3.2–3.3).
///
/// Digits come from Swift's `description`, which is also shortest-round-trip; only the layout
/// differs (`1.0e-5` where Swift writes `1e-05`). Fixed notation is used for
/// `1e-4 ≤ |x| < 1e6`, exponent notation elsewhere, with no `+` and no exponent padding.
public enum NumberFormat {
  /// `show(x::Float64)` = `print`/`string`: `1.0e-5`, `1.0e6`, `100000.0`, `0.0001`, `-0.0`,
  /// `Inf`, `NaN`.
  public static func show(_ x: Double) -> String {
    format(x, digits: ShortestDigits(x), compact: false, typed: false, expChar: "e")
  }

  /// `show(x::Float32)` with its type: `0.5f0`, `1.0f-5`, `Inf32`, `NaN32`, `-0.0f0`.
  public static func show(_ x: Float) -> String {
    format(Double(x), digits: ShortestDigits(x), compact: false, typed: true, expChar: "f")
  }

  /// `show(x::Float32)` where the type is already known (inside `Float32[…]`): no `f0`
  /// suffix, but `f` still marks the exponent (`0.5`, `1.0f-5`, `Inf`).
  public static func showUntyped(_ x: Float) -> String {
    format(Double(x), digits: ShortestDigits(x), compact: false, typed: false, expChar: "f")
  }

  /// `print(x::Float32)` / `string(x)`: `0.5`, `1.0e-5`, `Inf`.
  public static func print(_ x: Float) -> String {
    format(Double(x), digits: ShortestDigits(x), compact: false, typed: false, expChar: "e")
  }

  /// `show(IOContext(io, :compact => true), x)`: at most 6 significant digits (`3.14159`,
  /// `1.23457e6`).
  public static func compact(_ x: Double) -> String {
    format(x, digits: ShortestDigits(x), compact: true, typed: false, expChar: "e")
  }

  /// Compact Float32: 6 significant digits, `f` exponent marker, never `f0` (`0.1`, `1.0f-5`).
  public static func compact(_ x: Float) -> String {
    format(Double(x), digits: ShortestDigits(x), compact: true, typed: false, expChar: "f")
  }

  /// An Int64 stored as a Double (`42`, `-7`).
  public static func integer(_ x: Double) -> String { String(asInt64(x)) }

  /// Lays out shortest digits as Ryu's `writeshortest` does.
  static func format(
    _ x: Double, digits: ShortestDigits, compact: Bool, typed: Bool, expChar: Character
  ) -> String {
    let float32 = expChar == "f"
    if x.isNaN { return typed ? "NaN32" : "NaN" }
    if x.isInfinite { return (x < 0 ? "-Inf" : "Inf") + (typed ? "32" : "") }
    let sign = x.sign == .minus ? "-" : ""
    if x == 0 { return sign + "0.0" + (typed && float32 ? "f0" : "") }
    var d = digits
    if compact && d.digits.count > 6 { d.roundToSixDigits(exactValue: x) }
    let n = d.digits.count, pt = d.point
    var fixed = -4 < pt && pt <= 6
    if fixed && pt >= n {
      // Ryu's guard: compact rounding that made a non-integer look integral goes to
      // exponent form (123456.7 → 1.23457e5, not 123457.0).
      let p = pow10(pt - n)
      if Swift.abs(juliaMod(x + 0.05, p) - 0.05) > 0.05 { fixed = false }
    }
    let ds = String(decoding: d.digits.map { $0 + 48 }, as: UTF8.self)
    if fixed {
      var s = sign
      if pt <= 0 {
        s += "0." + String(repeating: "0", count: -pt) + ds
      } else if pt >= n {
        s += ds + String(repeating: "0", count: pt - n) + ".0"
      } else {
        let cut = ds.index(ds.startIndex, offsetBy: pt)
        s += ds[..<cut] + "." + ds[cut...]
      }
      return typed && float32 ? s + "f0" : s
    }
    let head = ds.prefix(1), tail = n > 1 ? ds.dropFirst() : "0"
    return sign + head + "." + tail + String(expChar) + String(pt - 1)
  }

  private static func pow10(_ k: Int) -> Double {
    var p = 1.0
    for _ in 0..<Swift.max(k, 0) { p *= 10 }
    return p
  }
}

/// The shortest round-trip decimal digits of a finite nonzero float: `0.d₁d₂…dₙ × 10^point`.
struct ShortestDigits {
  /// Decimal digits (values 0–9), no leading or trailing zeros.
  var digits: [UInt8]
  /// Julia's `pt`: the decimal exponent of the position just left of `d₁`, plus one.
  var point: Int

  init(_ x: Double) { self.init(description: x.description) }
  init(_ x: Float) { self.init(description: x.description) }

  /// Parses Swift's description (`123.45`, `1e-05`, `5e-324`, `1.5e+20`).
  init(description: String) {
    var intDigits: [UInt8] = [], fracDigits: [UInt8] = []
    var exponent = 0, expSign = 1
    enum Part { case int, frac, exp }
    var part = Part.int
    for c in description.utf8 {
      switch c {
      case UInt8(ascii: "-"): if part == .exp { expSign = -1 }
      case UInt8(ascii: "."): part = .frac
      case UInt8(ascii: "e"), UInt8(ascii: "E"): part = .exp
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        let v = c - 48
        switch part {
        case .int: intDigits.append(v)
        case .frac: fracDigits.append(v)
        case .exp: exponent = exponent * 10 + Int(v)
        }
      default: break
      }
    }
    var all = intDigits + fracDigits
    var point = intDigits.count + expSign * exponent
    var lead = 0
    while lead < all.count && all[lead] == 0 { lead += 1 }
    point -= lead
    all.removeFirst(lead)
    while let last = all.last, last == 0 { all.removeLast() }
    digits = all
    self.point = point
  }

  /// Julia's `:compact` rounding to 6 significant digits (`reduce_shortest` with
  /// `maxsignif = 999_999`).
  ///
  /// Ryu rounds its *truncated* digits `b` (the exact value cut to the shortest length), not
  /// the shortest output, and breaks ties to even only when `b` is exact. `b` is the shortest
  /// digits when the exact value is at or above them, else one less in the last place.
  mutating func roundToSixDigits(exactValue x: Double) {
    let order = ExactDecimal.compare(Swift.abs(x), digits: digits, point: point)
    var b = digits
    if order < 0 { b[b.count - 1] -= 1 }  // the last shortest digit is nonzero: no borrow
    var allZero = order == 0
    var roundUp = false
    for i in stride(from: b.count - 1, through: 6, by: -1) {
      let digit = b[i]
      let evenRest = b[i - 1] % 2 == 0
      roundUp = allZero && evenRest ? digit > 5 : digit >= 5
      allZero = allZero && digit == 0
    }
    b.removeLast(b.count - 6)
    if roundUp {
      var i = 5
      while i >= 0 && b[i] == 9 {
        b[i] = 0
        i -= 1
      }
      if i >= 0 {
        b[i] += 1
      } else {
        b.insert(1, at: 0)
        b.removeLast()
        point += 1
      }
    }
    while let last = b.last, last == 0 { b.removeLast() }
    digits = b
  }
}
