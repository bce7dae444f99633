// Reductions with and without dims, var/std, findmax, cumsum, softmax.

import Testing

@testable import EddyTensor

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct ReductionTests {
  /// Naive reduction over `dims` keeping them as size 1.
  func reference(_ a: Tensor, dims: [Int], _ start: Double, _ f: (Double, Double) -> Double) -> ([Int], [Double]) {
    var shape = a.shape
    for d in dims where d <= a.ndims { shape[d - 1] = 1 }
    var out = [Double](repeating: start, count: shape.reduce(1, *))
    for i in 0..<a.count {
      var idx = cartesian(i, a.shape)
      for d in dims where d <= a.ndims { idx[d - 1] = 0 }
      var o = 0, s = 1
      for d in 0..<shape.count {
        o += idx[d] * s
        s *= shape[d]
      }
      out[o] = f(out[o], a[linear: i])
    }
    return (shape, out)
  }

  @Test(arguments: [[1], [2], [3], [1, 2], [2, 3], [1, 3], [1, 2, 3], [4]])
  func sumsAndExtremaAlongDims(dims: [Int]) throws {
    for dtype in [DType.float32, .float64, .int64] {
      let a = ramp([3, 4, 5], dtype, scale: 0.37, offset: -5)
      let s = try Kernels.reduce(.sum, a, dims: dims)
      let (shape, ref) = reference(a, dims: dims, 0, +)
      #expect(s.shape == shape && close(s.toDoubles(), ref, tol: 1e-5))
      let mx = try Kernels.reduce(.maximum, a, dims: dims)
      #expect(mx.toDoubles() == reference(a, dims: dims, -.infinity, Swift.max).1)
      let mn = try Kernels.reduce(.minimum, a, dims: dims)
      #expect(mn.toDoubles() == reference(a, dims: dims, .infinity, Swift.min).1)
      let mean = try Kernels.reduce(.mean, a, dims: dims)
      let count = Double(a.count / s.count)
      #expect(close(mean.toDoubles(), ref.map { $0 / count }, tol: 1e-5))
      #expect(mean.dtype == (dtype == .int64 ? .float64 : dtype))
    }
  }

  @Test func wholeArray() throws {
    let a = f64([2, 2], [1, 2, 3, 4])
    #expect(try Kernels.reduce(.sum, a, dims: nil).toDoubles() == [10])
    #expect(try Kernels.reduce(.sum, a, dims: nil).ndims == 0)
    #expect(try Kernels.reduce(.sum, a, dims: [1]).showText() == "[3.0 7.0]")
    #expect(try Kernels.reduce(.prod, a, dims: nil).toDoubles() == [24])
    #expect(try Kernels.reduce(.mean, i64([4], [1, 2, 3, 4]), dims: nil).toDoubles() == [2.5])
    #expect(try Kernels.reduce(.sum, bools([3], [true, true, false]), dims: nil).dtype == .int64)
    // Long Float32 sums stay close to the exact value (pairwise).
    let n = 100_000
    let ones = Tensor(shape: [n], floats: [Float](repeating: 0.1, count: n))
    let total = try Kernels.reduce(.sum, ones, dims: nil).toDoubles()[0]
    #expect(Swift.abs(total - 10_000) < 0.01)
    let e = caught { _ = try Kernels.reduce(.maximum, Tensor.zeros([0], .float64), dims: nil) }
    #expect(e?.kind == .argument)
    #expect(try Kernels.reduce(.sum, Tensor.zeros([0], .float64), dims: nil).toDoubles() == [0])
    let nan = try Kernels.reduce(.maximum, f64([3], [1, .nan, 3]), dims: nil).toDoubles()[0]
    #expect(nan.isNaN)
  }

  @Test func varianceAndStd() throws {
    let a = f64([4], [1, 2, 3, 4])
    #expect(close(try Kernels.varStd(a, dims: nil, std: false, corrected: true).toDoubles(), [5.0 / 3]))
    #expect(close(try Kernels.varStd(a, dims: nil, std: true, corrected: false).toDoubles(), [(1.25 as Double).squareRoot()]))
    let m = f32([2, 2], [1, 3, 2, 6])
    let v = try Kernels.varStd(m, dims: [1], std: false, corrected: true)
    #expect(v.shape == [1, 2] && v.dtype == .float32 && v.toFloats() == [2, 8])
  }

  @Test func findExtrema() throws {
    let v = i64([3], [3, 9, 2])
    let mx = try Kernels.argExtremum(v, max: true, dims: nil)
    #expect(mx.indices == [2] && mx.values.toDoubles() == [9])
    #expect(try Kernels.argExtremum(v, max: false, dims: nil).indices == [3])
    let m = f64([2, 3], [1, 5, 7, 2, 0, 9])
    let cols = try Kernels.argExtremum(m, max: true, dims: 1)
    #expect(cols.indices == [2, 3, 6] && cols.values.shape == [1, 3])
    let rows = try Kernels.argExtremum(m, max: false, dims: 2)
    #expect(rows.indices == [5, 4] && rows.values.toDoubles() == [0, 2])
    #expect(try Kernels.argExtremum(f64([3], [1, .nan, 5]), max: true, dims: nil).indices == [2])
    #expect(try Kernels.argExtremum(f64([3], [4, 4, 1]), max: true, dims: nil).indices == [1])
    #expect(caught { _ = try Kernels.argExtremum(Tensor.zeros([0], .float64), max: true, dims: nil) }?.kind == .argument)
  }

  @Test func cumulativeSums() throws {
    #expect(try Kernels.cumsum(i64([4], [1, 2, 3, 4]), dims: 1).toDoubles() == [1, 3, 6, 10])
    let m = f32([2, 3], [1, 2, 3, 4, 5, 6])
    #expect(try Kernels.cumsum(m, dims: 1).toFloats() == [1, 3, 3, 7, 5, 11])
    #expect(try Kernels.cumsum(m, dims: 2).toFloats() == [1, 2, 4, 6, 9, 12])
    #expect(try Kernels.cumsum(bools([2], [true, true]), dims: 1).dtype == .int64)
  }

  @Test func softmaxAlongDims() throws {
    let x = ramp([3, 4], .float32, scale: 0.7, offset: -2)
    for dims in [1, 2] {
      let s = try Kernels.softmax(x, dims: dims)
      let ls = try Kernels.logsoftmax(x, dims: dims)
      let v = x.toDoubles()
      for i in 0..<x.count {
        let c = cartesian(i, [3, 4])
        let group = (0..<x.count).filter { j in
          let d = cartesian(j, [3, 4])
          return dims == 1 ? d[1] == c[1] : d[0] == c[0]
        }
        let m = group.map { v[$0] }.max()!
        let denom = group.map { exp(v[$0] - m) }.reduce(0, +)
        #expect(Swift.abs(Double(s.storage.f[i]) - exp(v[i] - m) / denom) < 1e-6)
        #expect(Swift.abs(Double(ls.storage.f[i]) - (v[i] - m - log(denom))) < 1e-5)
      }
    }
    let big = try Kernels.softmax(f64([3], [1000, 1000, -1000]), dims: 1).toDoubles()
    #expect(big == [0.5, 0.5, 0])
    let inf = try Kernels.softmax(f64([2], [.infinity, 1]), dims: 1).toDoubles()
    #expect(inf == [1, 0])
  }
}
