// BLAS.gemm / BLAS.gemv, split in halves between the caller and the helper thread, against
// a Float64 reference loop: every transpose combination, rows or columns split, beta = 1
// accumulation, and products too small to split.

import CEddyMath
import Testing

@testable import EddyTensor

@Suite struct BLASTests {
  @Test(arguments: [
    (false, false, 300, 200, 40), (true, false, 300, 200, 40), (false, true, 64, 700, 30),
    (true, true, 64, 700, 30), (false, false, 40, 30, 20),
  ])
  func gemmMatchesReference(shape: (Bool, Bool, Int, Int, Int)) {
    let (ta, tb, m, n, k) = shape
    let a = testValues(m * k, seed: 1), b = testValues(k * n, seed: 2), c0 = testValues(m * n, seed: 3)
    for beta: Float in [0, 1] {
      let c = gemmProduct(ta, tb, m, n, k, a, b, beta: beta, c0)
      let ref = gemmReference(ta, tb, m, n, k, a, b, beta: Double(beta), c0)
      var worst = 0.0
      for (x, y) in zip(c, ref) { worst = Swift.max(worst, Swift.abs(Double(x) - y)) }
      #expect(worst <= Double(k + 1) * 1e-7, "ta \(ta) tb \(tb) beta \(beta): \(worst)")
    }
  }

  @Test(arguments: [(false, 2048, 512), (true, 2048, 512), (false, 50, 40)])
  func gemvMatchesReference(shape: (Bool, Int, Int)) {
    let (ta, rows, cols) = shape
    let a = testValues(rows * cols, seed: 4), x = testValues(ta ? rows : cols, seed: 5)
    var y = [Float](repeating: .nan, count: ta ? cols : rows)
    a.withUnsafeBufferPointer { pa in
      x.withUnsafeBufferPointer { px in
        y.withUnsafeMutableBufferPointer { py in
          BLAS.gemv(ta, rows, cols, pa.baseAddress!, rows, px.baseAddress!, py.baseAddress!)
        }
      }
    }
    for i in 0..<y.count {
      var s = 0.0
      for l in 0..<(ta ? rows : cols) {
        s += Double(ta ? a[l + i * rows] : a[i + l * rows]) * Double(x[l])
      }
      #expect(Swift.abs(Double(y[i]) - s) <= Double(ta ? rows : cols) * 1e-7, "y[\(i)]")
    }
  }
}

extension BLASTests {
  /// A·x is summed in two column halves; with one thread the caller runs both halves, so
  /// the bits are the same.
  @Test(arguments: [false, true])
  func gemvBitsDoNotDependOnTheThreadCount(ta: Bool) {
    let rows = 1024, cols = 1030
    let a = testValues(rows * cols, seed: 6), x = testValues(ta ? rows : cols, seed: 7)
    func product() -> [UInt32] {
      var y = [Float](repeating: .nan, count: ta ? cols : rows)
      a.withUnsafeBufferPointer { pa in
        x.withUnsafeBufferPointer { px in
          y.withUnsafeMutableBufferPointer { py in
            BLAS.gemv(ta, rows, cols, pa.baseAddress!, rows, px.baseAddress!, py.baseAddress!)
          }
        }
      }
      return y.map(\.bitPattern)
    }
    let before = Int(eddy_parallel_threads())
    BLAS.setThreads(2)
    let two = product()
    BLAS.setThreads(1)
    defer { BLAS.setThreads(before) }
    let one = product()
    #expect(one == two)
  }
}

import Dispatch

/// Split products from several threads at once: one shares the helper thread, the others run
/// their halves alone, and all results are right.
@Suite struct BLASConcurrencyTests {
  @Test func concurrentSplitProducts() {
    let m = 256, n = 96, k = 64
    nonisolated(unsafe) let a = testValues(m * k, seed: 21)
    nonisolated(unsafe) let b = testValues(k * n, seed: 22)
    var ref = [Double](repeating: 0, count: m * n)
    for j in 0..<n {
      for i in 0..<m {
        var s = 0.0
        for l in 0..<k { s += Double(a[i + l * m]) * Double(b[l + j * k]) }
        ref[i + j * m] = s
      }
    }
    nonisolated(unsafe) let want = ref
    nonisolated(unsafe) let worst = UnsafeMutablePointer<Double>.allocate(capacity: 4)
    defer { worst.deallocate() }
    DispatchQueue.concurrentPerform(iterations: 4) { t in
      var c = [Float](repeating: .nan, count: m * n)
      var e = 0.0
      for _ in 0..<100 {
        a.withUnsafeBufferPointer { pa in
          b.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
              BLAS.gemm(false, false, m, n, k, pa.baseAddress!, m, pb.baseAddress!, k, pc.baseAddress!, m)
            }
          }
        }
        for (x, y) in zip(c, want) { e = Swift.max(e, Swift.abs(Double(x) - y)) }
      }
      worst[t] = e
    }
    for t in 0..<4 { #expect(worst[t] <= Double(k) * 1e-7, "thread \(t): \(worst[t])") }
  }
}
