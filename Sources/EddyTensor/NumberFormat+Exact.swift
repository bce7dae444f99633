// Exact comparison of a binary float with a decimal digit string, for compact rounding.

/// Compares a finite Double with `0.d₁…dₙ × 10^point` exactly, using small big integers.
///
/// Only compact display of values with 7 or more significant digits needs this; sizes stay
/// below ~2,000 bits.
enum ExactDecimal {
  /// -1, 0 or 1 as `x` is below, equal to or above the decimal value (`x > 0`).
  static func compare(_ x: Double, digits: [UInt8], point: Int) -> Int {
    // x = m · 2^e2
    let bits = x.bitPattern
    let frac = bits & ((1 << 52) - 1)
    let biased = Int((bits >> 52) & 0x7FF)
    let m = biased == 0 ? frac : frac | (1 << 52)
    let e2 = biased == 0 ? -1074 : biased - 1075
    // decimal = S · 10^q = S · 5^q · 2^q
    var s = BigUInt(0)
    for d in digits { s.multiplyAdd(10, UInt32(d)) }
    let q = point - digits.count
    var left = BigUInt(m)
    var right = s
    if q >= 0 { right.multiplyByPowerOf5(q) } else { left.multiplyByPowerOf5(-q) }
    let low = Swift.min(e2, q)
    left.shiftLeft(e2 - low)
    right.shiftLeft(q - low)
    return BigUInt.compare(left, right)
  }
}

/// A minimal unsigned big integer: little-endian 32-bit limbs.
struct BigUInt {
  private(set) var limbs: [UInt32]

  init(_ v: UInt64) {
    limbs = [UInt32(truncatingIfNeeded: v), UInt32(truncatingIfNeeded: v >> 32)]
    normalize()
  }

  private mutating func normalize() {
    while let last = limbs.last, last == 0 { limbs.removeLast() }
  }

  /// self = self · factor + addend.
  mutating func multiplyAdd(_ factor: UInt32, _ addend: UInt32) {
    var carry = UInt64(addend)
    for i in limbs.indices {
      let p = UInt64(limbs[i]) * UInt64(factor) + carry
      limbs[i] = UInt32(truncatingIfNeeded: p)
      carry = p >> 32
    }
    if carry != 0 { limbs.append(UInt32(carry)) }
  }

  mutating func multiplyByPowerOf5(_ k: Int) {
    var k = k
    while k >= 13 {
      multiplyAdd(1_220_703_125, 0)  // 5^13, the largest power of 5 in 32 bits
      k -= 13
    }
    var p: UInt32 = 1
    for _ in 0..<k { p *= 5 }
    multiplyAdd(p, 0)
  }

  mutating func shiftLeft(_ n: Int) {
    if n <= 0 || limbs.isEmpty { return }
    let words = n / 32, bits = UInt32(n % 32)
    if bits > 0 {
      var carry: UInt32 = 0
      for i in limbs.indices {
        let v = limbs[i]
        limbs[i] = (v << bits) | carry
        carry = v >> (32 - bits)
      }
      if carry != 0 { limbs.append(carry) }
    }
    limbs.insert(contentsOf: [UInt32](repeating: 0, count: words), at: 0)
  }

  static func compare(_ a: BigUInt, _ b: BigUInt) -> Int {
    if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count ? -1 : 1 }
    for i in stride(from: a.limbs.count - 1, through: 0, by: -1) where a.limbs[i] != b.limbs[i] {
      return a.limbs[i] < b.limbs[i] ? -1 : 1
    }
    return 0
  }
}
