// A seedable random number generator that gives the same stream on every machine.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Xoshiro256++ seeded through SplitMix64 (the generator family Julia uses, though not
/// Julia's seeding, so streams differ from Julia's).
///
/// Normals use the Box–Muller transform on Doubles; the second value of each pair is kept
/// for the next call.
public struct RNG: Sendable {
  private var s0, s1, s2, s3: UInt64
  private var spareNormal: Double? = nil

  /// A generator whose whole stream is determined by `seed`.
  public init(seed: UInt64) {
    var x = seed
    func splitMix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitMix()
    s1 = splitMix()
    s2 = splitMix()
    s3 = splitMix()
  }

  /// The next 64 random bits.
  @inline(__always) public mutating func next() -> UInt64 {
    let result = rotl(s0 &+ s3, 23) &+ s0
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 45)
    return result
  }

  @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }

  /// Uniform in [0, 1) with 53 random bits.
  @inline(__always) public mutating func nextDouble() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Uniform in [0, 1) with 24 random bits.
  @inline(__always) public mutating func nextFloat() -> Float {
    Float(next() >> 40) * 0x1.0p-24
  }

  /// A standard normal Double.
  public mutating func normalDouble() -> Double {
    if let z = spareNormal {
      spareNormal = nil
      return z
    }
    let u1 = 1 - nextDouble()  // (0, 1]: log never sees 0
    let u2 = nextDouble()
    let r = (-2 * log(u1)).squareRoot()
    let theta = 2 * Double.pi * u2
    spareNormal = r * sin(theta)
    return r * cos(theta)
  }

  /// A standard normal Float.
  public mutating func normalFloat() -> Float { Float(normalDouble()) }

  /// A uniform integer in `range`, without modulo bias.
  public mutating func nextInt(_ range: ClosedRange<Int>) -> Int {
    let span = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound)) &+ 1
    if span == 0 { return Int(Int64(bitPattern: next())) }  // the full 64-bit range
    // Lemire's method: reject the few low products that would bias the result.
    var m = next().multipliedFullWidth(by: span)
    if m.low < span {
      let threshold = (0 &- span) % span
      while m.low < threshold { m = next().multipliedFullWidth(by: span) }
    }
    return range.lowerBound &+ Int(truncatingIfNeeded: m.high)
  }

  /// A uniformly random permutation of `1...n` (Fisher–Yates).
  public mutating func shuffle(_ n: Int) -> [Int] {
    var p = Array(stride(from: 1, through: n, by: 1))
    if n < 2 { return p }
    for i in stride(from: n - 1, to: 0, by: -1) {
      p.swapAt(i, nextInt(0...i))
    }
    return p
  }

  /// `rand!(t)`: uniform [0, 1) for floats, random 0/1 for Bool, uniform 53-bit signed
  /// integers for Int64 (the values an exact-Double Int64 can hold). Bumps the version.
  public mutating func fillUniform(_ t: Tensor) {
    t.storage.version += 1
    let n = t.count
    switch t.dtype {
    case .float32:
      let p = t.storage.f
      for i in 0..<n { p[i] = nextFloat() }
    case .float64:
      let p = t.storage.d
      for i in 0..<n { p[i] = nextDouble() }
    case .bool:
      let p = t.storage.d
      for i in 0..<n { p[i] = Double(next() >> 63) }
    case .int64:
      let p = t.storage.d
      for i in 0..<n { p[i] = Double(Int64(bitPattern: next()) >> 11) }
    }
  }

  /// `randn!(t)`: standard normal values (rounded for Int64/Bool arrays, which Julia does
  /// not allow; callers should pass float arrays). Bumps the version.
  public mutating func fillNormal(_ t: Tensor) {
    t.storage.version += 1
    let n = t.count
    switch t.dtype {
    case .float32:
      let p = t.storage.f
      for i in 0..<n { p[i] = normalFloat() }
    case .float64:
      let p = t.storage.d
      for i in 0..<n { p[i] = normalDouble() }
    default:
      for i in 0..<n { t[linear: i] = normalDouble().rounded() }
    }
  }
}
