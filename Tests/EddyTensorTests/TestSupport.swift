// Reference implementations and helpers shared by the kernel tests.

import Testing

@testable import EddyTensor

/// Column-major cartesian index (0-based) of linear index `i` in `shape`.
func cartesian(_ i: Int, _ shape: [Int]) -> [Int] {
  var r = i
  return shape.map { s in
    defer { r /= s }
    return r % s
  }
}

/// Naive broadcasting reference: for each output position, read each operand at the index
/// clamped to its size-1 dimensions.
func referenceBroadcast(
  _ a: Tensor, _ b: Tensor, _ shape: [Int], _ f: (Double, Double) -> Double
) -> [Double] {
  let n = shape.reduce(1, *)
  func at(_ t: Tensor, _ idx: [Int]) -> Double {
    var o = 0, stride = 1
    for d in 0..<t.ndims {
      o += (t.shape[d] == 1 ? 0 : idx[d]) * stride
      stride *= t.shape[d]
    }
    return t[linear: o]
  }
  return (0..<n).map { i in
    let idx = cartesian(i, shape)
    return f(at(a, idx), at(b, idx))
  }
}

/// Naive matrix product on Doubles: a is m×k, b is k×n, column-major.
func referenceMatmul(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
  var c = [Double](repeating: 0, count: m * n)
  for j in 0..<n {
    for i in 0..<m {
      var s = 0.0
      for l in 0..<k { s += a[i + l * m] * b[l + j * k] }
      c[i + j * m] = s
    }
  }
  return c
}

func ramp(_ shape: [Int], _ dtype: DType, scale: Double = 0.5, offset: Double = -1) -> Tensor {
  let n = shape.reduce(1, *)
  let values = (0..<n).map { dtype.isFloat ? Double($0) * scale + offset : Double($0 % 7) - 3 }
  return Tensor(shape: shape, doubles: values, dtype: dtype)
}

func close(_ a: [Double], _ b: [Double], tol: Double = 1e-5) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { x, y in
    x == y || (x.isNaN && y.isNaN) || Swift.abs(x - y) <= tol * Swift.max(1, Swift.abs(y))
  }
}

/// The error a throwing call produced, or nil.
func caught(_ body: () throws -> Void) -> TensorError? {
  do {
    try body()
    return nil
  } catch let e as TensorError {
    return e
  } catch {
    return nil
  }
}
