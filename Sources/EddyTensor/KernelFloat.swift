// Scalar math shared by the Float and Double kernels, so each kernel is written once, generically.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A storage element type the kernels compute in: `Float` (Float32 tensors) or `Double`.
///
/// Generic kernels over this protocol are specialised by the optimiser, so each libm call
/// below becomes a direct `expf`/`exp` call with no dynamic dispatch.
protocol KernelFloat: BinaryFloatingPoint {
  static var dtype: DType { get }
  static func buffer(_ t: Tensor) -> UnsafeMutablePointer<Self>
  static func mExp(_ x: Self) -> Self
  static func mExpm1(_ x: Self) -> Self
  static func mLog(_ x: Self) -> Self
  static func mLog1p(_ x: Self) -> Self
  static func mLog2(_ x: Self) -> Self
  static func mLog10(_ x: Self) -> Self
  static func mSin(_ x: Self) -> Self
  static func mCos(_ x: Self) -> Self
  static func mTan(_ x: Self) -> Self
  static func mTanh(_ x: Self) -> Self
  static func mPow(_ x: Self, _ y: Self) -> Self
  static func mFmod(_ x: Self, _ y: Self) -> Self
  static func mAtan2(_ y: Self, _ x: Self) -> Self
}

extension Float: KernelFloat {
  static var dtype: DType { .float32 }
  @inline(__always) static func buffer(_ t: Tensor) -> UnsafeMutablePointer<Float> { t.storage.f }
  @inline(__always) static func mExp(_ x: Float) -> Float { expf(x) }
  @inline(__always) static func mExpm1(_ x: Float) -> Float { expm1f(x) }
  @inline(__always) static func mLog(_ x: Float) -> Float { logf(x) }
  @inline(__always) static func mLog1p(_ x: Float) -> Float { log1pf(x) }
  @inline(__always) static func mLog2(_ x: Float) -> Float { log2f(x) }
  @inline(__always) static func mLog10(_ x: Float) -> Float { log10f(x) }
  @inline(__always) static func mSin(_ x: Float) -> Float { sinf(x) }
  @inline(__always) static func mCos(_ x: Float) -> Float { cosf(x) }
  @inline(__always) static func mTan(_ x: Float) -> Float { tanf(x) }
  @inline(__always) static func mTanh(_ x: Float) -> Float { tanhf(x) }
  @inline(__always) static func mPow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
  @inline(__always) static func mFmod(_ x: Float, _ y: Float) -> Float { fmodf(x, y) }
  @inline(__always) static func mAtan2(_ y: Float, _ x: Float) -> Float { atan2f(y, x) }
}

extension Double: KernelFloat {
  static var dtype: DType { .float64 }
  @inline(__always) static func buffer(_ t: Tensor) -> UnsafeMutablePointer<Double> { t.storage.d }
  @inline(__always) static func mExp(_ x: Double) -> Double { exp(x) }
  @inline(__always) static func mExpm1(_ x: Double) -> Double { expm1(x) }
  @inline(__always) static func mLog(_ x: Double) -> Double { log(x) }
  @inline(__always) static func mLog1p(_ x: Double) -> Double { log1p(x) }
  @inline(__always) static func mLog2(_ x: Double) -> Double { log2(x) }
  @inline(__always) static func mLog10(_ x: Double) -> Double { log10(x) }
  @inline(__always) static func mSin(_ x: Double) -> Double { sin(x) }
  @inline(__always) static func mCos(_ x: Double) -> Double { cos(x) }
  @inline(__always) static func mTan(_ x: Double) -> Double { tan(x) }
  @inline(__always) static func mTanh(_ x: Double) -> Double { tanh(x) }
  @inline(__always) static func mPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
  @inline(__always) static func mFmod(_ x: Double, _ y: Double) -> Double { fmod(x, y) }
  @inline(__always) static func mAtan2(_ y: Double, _ x: Double) -> Double { atan2(y, x) }
}

/// Julia's `max` for IEEE floats: NaN wins, and `max(-0.0, 0.0) == 0.0`. Branch-free.
@inline(__always) func juliaMax<T: BinaryFloatingPoint>(_ x: T, _ y: T) -> T {
  let diff = x - y
  let pick = diff.sign == .minus ? y : x
  return (x.isNaN || y.isNaN) ? diff : pick
}

/// Julia's `min` for IEEE floats: NaN wins, and `min(-0.0, 0.0) == -0.0`. Branch-free.
@inline(__always) func juliaMin<T: BinaryFloatingPoint>(_ x: T, _ y: T) -> T {
  let diff = x - y
  let pick = diff.sign == .minus ? x : y
  return (x.isNaN || y.isNaN) ? diff : pick
}

/// Julia's floored `mod` for floats (result has the sign of `y`).
@inline(__always) func juliaMod<T: KernelFloat>(_ x: T, _ y: T) -> T {
  let r = T.mFmod(x, y)
  if r == 0 { return y.sign == .minus ? -T(0) : T(0) }
  return (r > 0) != (y > 0) ? r + y : r
}

/// Julia's truncated division `÷` for floats.
@inline(__always) func juliaDiv<T: KernelFloat>(_ x: T, _ y: T) -> T {
  if y == 0 { return (x / y).rounded(.towardZero) }
  return ((x - T.mFmod(x, y)) / y).rounded(.toNearestOrEven)
}

/// A stored integral Double as Int64, saturating instead of trapping on out-of-range values.
@inline(__always) func asInt64(_ x: Double) -> Int64 {
  if x >= 9.223372036854775807e18 { return .max }
  if x > -9.223372036854775808e18 { return Int64(x) }
  return .min
}
