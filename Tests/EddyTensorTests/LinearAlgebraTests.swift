// Matrix products (BLAS) against a naive loop, transposes and permutedims.

import Testing

@testable import EddyTensor

@Suite struct LinearAlgebraTests {
  @Test(arguments: [(1, 1, 1), (5, 2, 1), (5, 2, 3), (3, 4, 2), (20, 5, 20), (1, 7, 9), (64, 33, 17)])
  func matrixTimesMatrix(m: Int, k: Int, n: Int) throws {
    for dtype in [DType.float32, .float64, .int64] {
      let a = ramp([m, k], dtype, scale: 0.1), b = ramp([k, n], dtype, scale: -0.05, offset: 1)
      let c = try Kernels.matmul(a, b)
      #expect(c.shape == [m, n] && c.dtype == dtype)
      let ref = referenceMatmul(a.toDoubles(), b.toDoubles(), m: m, k: k, n: n)
      #expect(close(c.toDoubles(), ref, tol: 1e-4))
    }
  }

  @Test func matrixTimesVectorAndOuter() throws {
    let a = f64([2, 2], [1, 3, 2, 4])
    let v = try Kernels.matmul(a, f64([2], [1, 1]))
    #expect(v.shape == [2] && v.toDoubles() == [3, 7])
    #expect(v.showText() == "[3.0, 7.0]")
    let outer = try Kernels.matmul(f32([2], [1, 2]), f32([1, 3], [1, 10, 100]))
    #expect(outer.shape == [2, 3] && outer.toFloats() == [1, 2, 10, 20, 100, 200])
    let mixed = try Kernels.matmul(f32([1, 2], [1, 2]), f64([2, 1], [3, 4]))
    #expect(mixed.dtype == .float64 && mixed.toDoubles() == [11])
    let ints = try Kernels.matmul(i64([1, 2], [3, 4]), bools([2], [true, true]))
    #expect(ints.dtype == .int64 && ints.toDoubles() == [7])
  }

  @Test func transposedProducts() throws {
    let a = ramp([4, 3], .float32, scale: 0.3), b = ramp([4, 5], .float32, scale: -0.2, offset: 2)
    // aᵀ b: 3×5
    let atb = try Kernels.matmulTransposed(a, transA: true, b, transB: false)
    let at = try Kernels.transpose(a)
    #expect(atb.shape == [3, 5])
    #expect(close(atb.toDoubles(), try Kernels.matmul(at, b).toDoubles()))
    // a bᵀ with b 5×3
    let c = ramp([5, 3], .float32)
    let abt = try Kernels.matmulTransposed(a, transA: false, c, transB: true)
    #expect(close(abt.toDoubles(), try Kernels.matmul(a, try Kernels.transpose(c)).toDoubles()))
    // aᵀ cᵀ: (3×4)(4×5)... use c (5×4) transposed
    let d = ramp([5, 4], .float64)
    let both = try Kernels.matmulTransposed(a, transA: true, d, transB: true)
    let ref = try Kernels.matmul(try Kernels.transpose(a), try Kernels.transpose(d))
    #expect(both.shape == [3, 5] && close(both.toDoubles(), ref.toDoubles()))
    // Wᵀ v stays a vector; u vᵀ is a matrix.
    let w = ramp([4, 3], .float64), v = ramp([4], .float64)
    #expect(try Kernels.matmulTransposed(w, transA: true, v, transB: false).shape == [3])
    let u = ramp([3], .float64)
    #expect(try Kernels.matmulTransposed(u, transA: false, v, transB: true).shape == [3, 4])
    #expect(try Kernels.matmulTransposed(v, transA: true, v, transB: false).shape == [1])
  }

  @Test func productErrors() {
    let e = caught { _ = try Kernels.matmul(ramp([2, 3], .float32), ramp([2], .float32)) }
    #expect(e?.description == "DimensionMismatch: second dimension of A, 3, does not match length of x, 2")
    let m = caught { _ = try Kernels.matmul(ramp([2, 3], .float64), ramp([2, 1], .float64)) }
    #expect(m?.description == "DimensionMismatch: A has dimensions (2,3) but B has dimensions (2,1)")
    let v = caught { _ = try Kernels.matmul(ramp([2], .float64), ramp([2], .float64)) }
    #expect(v?.description == "MethodError: no method matching *(::Vector{Float64}, ::Vector{Float64})")
  }

  @Test func emptyProducts() throws {
    let z = try Kernels.matmul(Tensor.zeros([2, 0], .float32), Tensor.zeros([0, 3], .float32))
    #expect(z.shape == [2, 3] && z.toFloats() == [Float](repeating: 0, count: 6))
    #expect(try Kernels.matmul(Tensor.zeros([0, 2], .float64), Tensor.zeros([2, 3], .float64)).shape == [0, 3])
  }

  @Test func transposeAndPermute() throws {
    let a = f64([2, 3], [1, 2, 3, 4, 5, 6])
    let t = try Kernels.transpose(a)
    #expect(t.shape == [3, 2] && t.toDoubles() == [1, 3, 5, 2, 4, 6])
    #expect(try Kernels.transpose(f64([3], [1, 2, 3])).shape == [1, 3])
    let big = ramp([37, 70], .float32)
    let bt = try Kernels.transpose(big)
    #expect(try Kernels.transpose(bt).toFloats() == big.toFloats())
    let x = ramp([2, 3, 4], .int64)
    let p = try Kernels.permutedims(x, [3, 1, 2])
    #expect(p.shape == [4, 2, 3])
    for i in 0..<x.count {
      let c = cartesian(i, [2, 3, 4])
      let o = c[2] + 4 * (c[0] + 2 * c[1])
      #expect(p[linear: o] == x[linear: i])
    }
    #expect(caught { _ = try Kernels.permutedims(x, [1, 1, 2]) }?.kind == .argument)
  }
}
