// Float32 exp, tanh, σ and swish over arrays and 16-lane vectors. libm calls do not vectorise
// (reference/swift-toolchain.md §3); these polynomials (CEddyMath, ~1-2 ulp) do, and run as
// AVX-512 where the CPU has it. Every caller goes through here, so `tanh.(x)`, Dense's
// activation and the fused cells give bit-identical results.
import CEddyMath

/// Sixteen Float32 lanes: the vector width of the elementwise kernels (public so the fused
/// cell kernels of EddyNN use the same polynomials and get bit-identical results).
public typealias F16 = SIMD16<Float>

/// A vectorised Float32 function of CEddyMath.
public enum VectorMath {
  case exp, tanh, sigmoid, swish

  /// `z[i] = f(x[i])` for `i < n`; `z` may equal `x`.
  @inline(__always)
  public func apply(_ n: Int, _ x: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>) {
    switch self {
    case .exp: eddy_exp_f32(x, z, n)
    case .tanh: eddy_tanh_f32(x, z, n)
    case .sigmoid: eddy_sigmoid_f32(x, z, n)
    case .swish: eddy_swish_f32(x, z, n)
    }
  }

  /// `f` of 16 lanes in place: by address, so the vector stays in memory for the C kernel,
  /// which loads it into one (AVX-512) or two (AVX2) registers.
  @inline(__always) public func apply(_ v: inout F16) {
    withUnsafeMutableBytes(of: &v) {
      guard let p = $0.baseAddress?.assumingMemoryBound(to: Float.self) else { return }
      switch self {
      case .tanh: eddy_tanh16_f32(p)
      case .sigmoid: eddy_sigmoid16_f32(p)
      default: apply(16, p, p)
      }
    }
  }
}

/// Applies a 16-lane function to `n` floats (`z` may equal `x`); the ragged tail goes through
/// a padded vector. Public for EddyNN's fused Dense activation (relu).
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
