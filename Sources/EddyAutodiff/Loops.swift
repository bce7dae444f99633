// Plain pointer loops used by the backward rules: elementwise maps over equally-shaped
// tensors, written once generically over Float and Double and specialised by the optimiser.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import EddyTensor

/// The element types gradients are computed in: `Float` (Float32 tensors) or `Double`.
protocol ADFloat: BinaryFloatingPoint {
  static var dtype: DType { get }
  static func buffer(_ t: Tensor) -> UnsafeMutablePointer<Self>
  static func mExp(_ x: Self) -> Self
  static func mLog(_ x: Self) -> Self
  static func mSin(_ x: Self) -> Self
  static func mCos(_ x: Self) -> Self
  static func mPow(_ x: Self, _ y: Self) -> Self
}

extension Float: ADFloat {
  static var dtype: DType { .float32 }
  @inline(__always) static func buffer(_ t: Tensor) -> UnsafeMutablePointer<Float> { t.storage.f }
  @inline(__always) static func mExp(_ x: Float) -> Float { expf(x) }
  @inline(__always) static func mLog(_ x: Float) -> Float { logf(x) }
  @inline(__always) static func mSin(_ x: Float) -> Float { sinf(x) }
  @inline(__always) static func mCos(_ x: Float) -> Float { cosf(x) }
  @inline(__always) static func mPow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
}

extension Double: ADFloat {
  static var dtype: DType { .float64 }
  @inline(__always) static func buffer(_ t: Tensor) -> UnsafeMutablePointer<Double> { t.storage.d }
  @inline(__always) static func mExp(_ x: Double) -> Double { exp(x) }
  @inline(__always) static func mLog(_ x: Double) -> Double { log(x) }
  @inline(__always) static func mSin(_ x: Double) -> Double { sin(x) }
  @inline(__always) static func mCos(_ x: Double) -> Double { cos(x) }
  @inline(__always) static func mPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
}

/// Small tensor helpers for the backward pass. Every input is a floating-point tensor of the
/// dtype the caller names; results are fresh tensors.
enum Ops {
  /// A zero-filled tensor.
  @inline(__always) static func zeros(_ shape: [Int], _ dtype: DType) throws -> Tensor {
    try Tensor(shape: shape, dtype: dtype)
  }

  /// `f(x[i])` for every element, in `x`'s precision (`x` must be Float32 or Float64).
  @inline(__always)
  static func map1<T: ADFloat>(
    _: T.Type, _ x: Tensor, shape: [Int]? = nil, _ f: (T) -> T
  ) throws -> Tensor {
    let out = try Tensor(shape: shape ?? x.shape, dtype: T.dtype)
    let px = T.buffer(x), po = T.buffer(out)
    for i in 0..<out.count { po[i] = f(px[i]) }
    return out
  }

  /// `f(x[i], y[i])` for every element of two equally-sized tensors of dtype `T`.
  @inline(__always)
  static func map2<T: ADFloat>(
    _: T.Type, _ x: Tensor, _ y: Tensor, shape: [Int]? = nil, _ f: (T, T) -> T
  ) throws -> Tensor {
    let out = try Tensor(shape: shape ?? x.shape, dtype: T.dtype)
    let px = T.buffer(x), py = T.buffer(y), po = T.buffer(out)
    for i in 0..<out.count { po[i] = f(px[i], py[i]) }
    return out
  }

  /// `f(x[i], y[i], z[i])` for every element of three equally-sized tensors of dtype `T`.
  @inline(__always)
  static func map3<T: ADFloat>(
    _: T.Type, _ x: Tensor, _ y: Tensor, _ z: Tensor, shape: [Int]? = nil, _ f: (T, T, T) -> T
  ) throws -> Tensor {
    let out = try Tensor(shape: shape ?? x.shape, dtype: T.dtype)
    let px = T.buffer(x), py = T.buffer(y), pz = T.buffer(z), po = T.buffer(out)
    for i in 0..<out.count { po[i] = f(px[i], py[i], pz[i]) }
    return out
  }

  /// Elementwise sum of two equally-sized tensors of the same float dtype.
  static func add(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.count == b.count, a.dtype == b.dtype, a.dtype.isFloat else {
      throw TensorError(.dimensionMismatch, "gradients of different sizes cannot be added")
    }
    if a.dtype == .float32 { return try map2(Float.self, a, b) { $0 + $1 } }
    return try map2(Double.self, a, b) { $0 + $1 }
  }

  /// `x * s` elementwise.
  static func scaled(_ x: Tensor, _ s: Double) throws -> Tensor {
    if x.dtype == .float32 {
      let f = Float(s)
      return try map1(Float.self, x) { $0 * f }
    }
    return try map1(Double.self, x) { $0 * s }
  }

  /// `t` with dtype `d` (itself when it already has it).
  @inline(__always) static func dtype(_ t: Tensor, _ d: DType) throws -> Tensor {
    t.dtype == d ? t : try t.converted(to: d)
  }
}
