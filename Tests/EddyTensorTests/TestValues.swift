// Deterministic test inputs shared by the kernel tests.

/// `n` Float32 values in [-0.5, 0.5), from a linear congruential sequence started at `seed`.
func testValues(_ n: Int, seed: UInt64) -> [Float] {
  var s = seed
  return (0..<n).map { _ in
    s = s &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Float(Int(s >> 40) - (1 << 23)) / Float(1 << 24)
  }
}

@testable import EddyTensor

/// C of one `BLAS.gemm` of column-major `a` (stored `ta ? k×m : m×k`) and `b`
/// (`tb ? n×k : k×n`) onto `c0` with `beta`.
func gemmProduct<T: BinaryFloatingPoint>(
  _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: [T], _ b: [T], beta: T, _ c0: [T]
) -> [T] {
  var c = c0
  a.withUnsafeBufferPointer { pa in
    b.withUnsafeBufferPointer { pb in
      c.withUnsafeMutableBufferPointer { pc in
        BLAS.gemm(
          ta, tb, m, n, k, pa.baseAddress!, ta ? k : m, pb.baseAddress!, tb ? n : k,
          beta: beta, pc.baseAddress!, m)
      }
    }
  }
  return c
}

/// op(A)·op(B) + beta·C0 in Float64, the reference for `gemmProduct`.
func gemmReference(
  _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: [Float], _ b: [Float],
  beta: Double, _ c0: [Float]
) -> [Double] {
  var c = [Double](repeating: 0, count: m * n)
  for j in 0..<n {
    for i in 0..<m {
      var s = beta * Double(c0[i + j * m])
      for l in 0..<k {
        let x = ta ? a[l + i * k] : a[i + l * m]
        let y = tb ? b[j + l * n] : b[l + j * k]
        s += Double(x) * Double(y)
      }
      c[i + j * m] = s
    }
  }
  return c
}
