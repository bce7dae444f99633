// Element-type conversion between the four dtypes, with Julia's InexactError rules.

extension Tensor {
  /// A new array with every element converted to `target` (always a fresh copy).
  ///
  /// - Throws: `InexactError` when a value has no exact representation, as in Julia
  ///   (`Int64(2.5)`, `Bool(2)`, `Int64(NaN)`).
  public func converted(to target: DType) throws -> Tensor {
    if target == dtype { return copy() }
    let out = Tensor(uncheckedShape: shape, dtype: target)
    try Tensor.convert(from: self, into: out, count: count)
    return out
  }

  /// `self` when it already has `target` dtype, otherwise a converted copy.
  func promoted(to target: DType) throws -> Tensor {
    target == dtype ? self : try converted(to: target)
  }

  /// Converts `count` elements of `src` into `dst` (which may have another dtype).
  static func convert(from src: Tensor, into dst: Tensor, count n: Int) throws {
    let sf = src.storage.f, sd = src.storage.d, df = dst.storage.f, dd = dst.storage.d
    switch (src.dtype, dst.dtype) {
    case (.float32, .float32): df.update(from: sf, count: n)
    case (.float32, .float64):
      for i in 0..<n { dd[i] = Double(sf[i]) }
    case (_, .float32):
      for i in 0..<n { df[i] = Float(sd[i]) }
    case (.float32, _):
      for i in 0..<n { dd[i] = try exactValue(Double(sf[i]), from: .float32, to: dst.dtype) }
    case (.float64, .float64), (.int64, .int64), (.bool, .bool), (.bool, .int64),
      (.bool, .float64), (.int64, .float64):
      dd.update(from: sd, count: n)
    default:
      for i in 0..<n { dd[i] = try exactValue(sd[i], from: src.dtype, to: dst.dtype) }
    }
  }

  /// `x` converted to an integral dtype, or InexactError naming the conversion.
  @inline(__always)
  static func exactValue(_ x: Double, from: DType, to: DType) throws -> Double {
    switch to {
    case .int64:
      // 2^63 itself is out of range; -2^63 is in range.
      if x.rounded(.towardZero) == x && x >= -9.223372036854775808e18 && x < 9.223372036854775808e18 {
        return x
      }
    case .bool:
      if x == 0 || x == 1 { return x }
    default:
      return x
    }
    throw TensorError(.inexact, "\(to.name)(\(scalarText(x, from)))")
  }

  /// Validates a single value for storing into an array of this dtype; returns the stored form.
  public func storable(_ x: Double, from source: DType) throws -> Double {
    switch dtype {
    case .float32: return Double(Float(x))
    case .float64: return x
    default: return source == dtype ? x : try Tensor.exactValue(x, from: source, to: dtype)
    }
  }
}
