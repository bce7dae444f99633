// SIMD16 exp, tanh and sigmoid for Float32 arrays: libm calls do not vectorise
// (reference/swift-toolchain.md §3), these polynomials do and stay within ~1-2 ulp.

/// Sixteen Float32 lanes: the vector width of the elementwise kernels (public so the fused
/// cell kernels of EddyNN use the same polynomials and get bit-identical results).
public typealias F16 = SIMD16<Float>

/// `exp` on 16 lanes: Cephes polynomial on the reduced argument, 2^n rebuilt from bits.
///
/// The scale is applied as two halves, 2^(n/2)·2^(n-n/2), so results stay correct down into
/// the subnormal range and overflow cleanly to Inf; inputs beyond the finite range are
/// patched to exactly 0 / Inf at the end. NaN propagates through the polynomial.
@inlinable @inline(__always) public func simdExp(_ v: F16) -> F16 {
  var x = v.replacing(with: -104, where: v .< -104)
  x = x.replacing(with: 88.8, where: x .> 88.8)
  var y = expKernel(x, splitScale: true)
  y = y.replacing(with: .infinity, where: v .> 88.722_839)
  return y.replacing(with: 0, where: v .< -104)
}

/// The shared exp polynomial for `x` already clamped to [-104, 88.8] (or to [-87, 88] when
/// `splitScale` is false, which skips the subnormal-safe two-step scaling).
@inlinable @inline(__always) public func expKernel(_ x: F16, splitScale: Bool) -> F16 {
  let magic = F16(repeating: 12_582_912)  // 1.5·2^23: (y + magic) - magic == round(y)
  let tm = x * 1.442_695_04 + magic
  let fx = tm - magic
  let r = x - fx * 0.693_359_375 + fx * 2.121_944_4e-4
  var p = F16(repeating: 1.987_569_15e-4)
  p = p * r + 1.398_199_95e-3
  p = p * r + 8.333_451_9e-3
  p = p * r + 4.166_579_6e-2
  p = p * r + 1.666_666_5e-1
  p = p * r + 5.000_000_1e-1
  p = p * r * r + r + 1
  let n = unsafeBitCast(tm, to: SIMD16<Int32>.self) &- 0x4B40_0000
  if !splitScale { return p * unsafeBitCast((n &+ 127) &<< 23, to: F16.self) }
  let n1 = n &>> 1
  let n2 = n &- n1
  let s1 = unsafeBitCast((n1 &+ 127) &<< 23, to: F16.self)
  let s2 = unsafeBitCast((n2 &+ 127) &<< 23, to: F16.self)
  return p * s1 * s2
}

/// |v| and v's sign bits, by masking (cheaper than compare-and-blend).
@inlinable @inline(__always) public func splitSign(_ v: F16) -> (abs: F16, sign: SIMD16<UInt32>) {
  let bits = unsafeBitCast(v, to: SIMD16<UInt32>.self)
  return (unsafeBitCast(bits & 0x7FFF_FFFF, to: F16.self), bits & 0x8000_0000)
}

/// `tanh` on 16 lanes: an odd polynomial below 0.625 (no cancellation near 0), and
/// `1 - 2/(e^{2|x|} + 1)` above, with the sign copied back from `v`. |x| is capped at 9.5,
/// where tanh already rounds to 1 in Float32.
@inlinable @inline(__always) public func simdTanh(_ v: F16) -> F16 {
  var (ax, sign) = splitSign(v)
  ax = ax.replacing(with: 9.5, where: ax .> 9.5)  // NaN compares false and stays NaN
  let e = expKernel(ax + ax, splitScale: false)
  let big = 1 - 2 / (e + 1)
  let s = ax * ax
  var p = F16(repeating: -5.704_988_727_45e-3)
  p = p * s + 2.063_908_879_54e-2
  p = p * s - 5.373_971_555_31e-2
  p = p * s + 1.333_144_220_36e-1
  p = p * s - 3.333_328_194_22e-1
  let small = p * s * ax + ax
  let r = big.replacing(with: small, where: ax .< 0.625)
  return unsafeBitCast(unsafeBitCast(r, to: SIMD16<UInt32>.self) | sign, to: F16.self)
}

/// The logistic sigmoid on 16 lanes, as NNlib computes it: with `t = exp(-|x|)`,
/// `1/(1+t)` for `x ≥ 0` and `t/(1+t)` otherwise (never overflows).
@inlinable @inline(__always) public func simdSigmoid(_ v: F16) -> F16 {
  let na = -splitSign(v).abs
  var t = expKernel(na.replacing(with: -104, where: na .< -104), splitScale: true)
  t = t.replacing(with: 0, where: na .< -104)
  let inv = 1 / (1 + t)
  return inv.replacing(with: t * inv, where: v .< 0)
}

/// Applies a 16-lane function to `n` floats (`z` may equal `x`); the ragged tail goes through
/// a padded vector. Public for EddyNN's fused Dense activation.
@inlinable @inline(__always)
public func simdMap(
  _ n: Int, _ x: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>, _ f: (F16) -> F16
) {
  var i = 0
  while i + 16 <= n {
    let v = UnsafeRawPointer(x + i).loadUnaligned(as: F16.self)
    UnsafeMutableRawPointer(z + i).storeBytes(of: f(v), as: F16.self)
    i += 16
  }
  if i < n {
    var v = F16(repeating: 0)
    for k in 0..<(n - i) { v[k] = x[i + k] }
    let r = f(v)
    for k in 0..<(n - i) { z[i + k] = r[k] }
  }
}

/// Scalar versions (one lane) for callers that need a single value with the same results.
@inline(__always) func fastExp(_ x: Float) -> Float { simdExp(F16(repeating: x))[0] }
@inline(__always) func fastTanh(_ x: Float) -> Float { simdTanh(F16(repeating: x))[0] }
@inline(__always) func fastSigmoid(_ x: Float) -> Float { simdSigmoid(F16(repeating: x))[0] }
