// The packed-weight product (CEddyMath Gemm.c through PackedWeights) against a Float64
// reference loop: ragged panel rows, column blocks and k blocks, both orientations; the same
// bits whatever the column count; repacked after the weight changes; small products refused.

import CEddyMath
import EddyTensor
import Testing

@testable import EddyNN

@Suite struct PackedWeightsTests {
  func values(_ n: Int, seed: UInt64) -> [Float] {
    var r = TestRNG(seed)
    return (0..<n).map { _ in Float(r.signed(1)) }
  }

  /// op(W)·B in Float64 for W stored `rows×cols` column-major.
  func reference(_ w: [Float], wRows: Int, transposed: Bool, m: Int, k: Int, _ b: [Float], n: Int) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    for j in 0..<n {
      for i in 0..<m {
        var s = 0.0
        for l in 0..<k {
          let a = transposed ? w[l + i * wRows] : w[i + l * wRows]
          s += Double(a) * Double(b[l + j * k])
        }
        c[i + j * m] = s
      }
    }
    return c
  }

  func run(_ w: Tensor, transposed: Bool, m: Int, k: Int, _ b: [Float], n: Int) -> [Float]? {
    var c = [Float](repeating: .nan, count: m * n)
    let ok = b.withUnsafeBufferPointer { bp in
      c.withUnsafeMutableBufferPointer { cp in
        PackedWeights.multiply(
          w, transposed: transposed, rows: m, inner: k, bp.baseAddress!, ldb: k, cols: n,
          into: cp.baseAddress!)
      }
    }
    return ok ? c : nil
  }

  @Test(arguments: [(1000, 300, 37, false), (1000, 300, 37, true), (64, 600, 30, false), (33, 1024, 40, true), (4096, 260, 13, false)])
  func matchesReference(shape: (Int, Int, Int, Bool)) throws {
    let (m, k, n, transposed) = shape
    guard eddy_packed_available() != 0 else { return }  // AVX2-only machines use BLAS
    let wv = values(m * k, seed: 1), b = values(k * n, seed: 2)
    let w = Tensor(shape: transposed ? [k, m] : [m, k], floats: wv)
    let c = try #require(run(w, transposed: transposed, m: m, k: k, b, n: n))
    let ref = reference(wv, wRows: transposed ? k : m, transposed: transposed, m: m, k: k, b, n: n)
    var worst = 0.0
    for (x, y) in zip(c, ref) { worst = Swift.max(worst, Swift.abs(Double(x) - y)) }
    // Float32 accumulation over k terms of size ≤ 1: well inside k·2⁻²⁴.
    #expect(worst <= Double(k) * 6e-8, "worst error \(worst)")
    #expect(!c.contains { $0.isNaN })  // every element written, none past the end
  }

  @Test func columnsDoNotDependOnTheColumnCount() throws {
    guard eddy_packed_available() != 0 else { return }
    let m = 512, k = 300
    let w = Tensor(shape: [m, k], floats: values(m * k, seed: 3))
    let b = values(k * 40, seed: 4)
    let all = try #require(run(w, transposed: false, m: m, k: k, b, n: 40))
    let first = try #require(run(w, transposed: false, m: m, k: k, Array(b[0..<(k * 25)]), n: 25))
    #expect(all[0..<(m * 25)].map(\.bitPattern) == first.map(\.bitPattern))
    let again = try #require(run(w, transposed: false, m: m, k: k, b, n: 40))
    #expect(again.map(\.bitPattern) == all.map(\.bitPattern))
  }

  @Test func repacksAfterTheWeightChanges() throws {
    guard eddy_packed_available() != 0 else { return }
    let m = 256, k = 256, n = 32
    let w = Tensor(shape: [m, k], floats: values(m * k, seed: 5))
    let b = values(k * n, seed: 6)
    _ = try #require(run(w, transposed: true, m: m, k: k, b, n: n))
    // An in-place write bumps the version; the next product must see the new values.
    for i in 0..<(m * k) { w.storage.f[i] *= -2 }
    w.storage.version &+= 1
    let c = try #require(run(w, transposed: true, m: m, k: k, b, n: n))
    let ref = reference(
      (0..<(m * k)).map { w.storage.f[$0] }, wRows: k, transposed: true, m: m, k: k, b, n: n)
    for (x, y) in zip(c, ref) { #expect(Swift.abs(Double(x) - y) <= 1e-4) }
  }

  @Test func reshapedArraysSharingStorageArePackedApart() throws {
    guard eddy_packed_available() != 0 else { return }
    let m = 512, k = 256, n = 16
    let wv = values(m * k, seed: 10)
    let w = Tensor(shape: [m, k], floats: wv)
    let r = try w.reshaped([k, m])  // shares w.storage
    _ = try #require(run(w, transposed: false, m: m, k: k, values(k * n, seed: 11), n: n))
    let b = values(m * n, seed: 12)
    let c = try #require(run(r, transposed: false, m: k, k: m, b, n: n))
    let ref = reference(wv, wRows: k, transposed: false, m: k, k: m, b, n: n)
    for (x, y) in zip(c, ref) { #expect(Swift.abs(Double(x) - y) <= 1e-4) }
  }

  @Test func smallNarrowOrMismatchedProductsAreRefused() {
    let w = Tensor(shape: [64, 64], floats: values(64 * 64, seed: 7))
    let b = values(64 * 64, seed: 8)
    #expect(run(w, transposed: false, m: 64, k: 64, b, n: 64) == nil)  // 262,144 < 2^20
    let big = Tensor(shape: [2048, 1024], floats: values(2048 * 1024, seed: 9))
    #expect(run(big, transposed: false, m: 2048, k: 1024, values(1024, seed: 1), n: 1) == nil)
    #expect(run(big, transposed: true, m: 2048, k: 1024, values(1024 * 4, seed: 1), n: 4) == nil)
  }
}

import Dispatch

/// Products from several threads at once: one of them shares the helper thread at a time,
/// the others run alone; every result must still be right, and nothing may hang.
@Suite struct PackedWeightsConcurrencyTests {
  @Test func concurrentCallersGetCorrectProducts() throws {
    guard eddy_packed_available() != 0 else { return }
    let m = 384, k = 256, n = 24
    let inputs: [(Tensor, [Float], [Double])] = (0..<4).map { t in
      var r = TestRNG(UInt64(100 + t))
      let wv = (0..<(m * k)).map { _ in Float(r.signed(1)) }
      let b = (0..<(k * n)).map { _ in Float(r.signed(1)) }
      var ref = [Double](repeating: 0, count: m * n)
      for j in 0..<n {
        for i in 0..<m {
          var s = 0.0
          for l in 0..<k { s += Double(wv[i + l * m]) * Double(b[l + j * k]) }
          ref[i + j * m] = s
        }
      }
      return (Tensor(shape: [m, k], floats: wv), b, ref)
    }
    // Each thread reads its own inputs and writes its own slot of `worst`.
    nonisolated(unsafe) let shared = inputs
    nonisolated(unsafe) let worst = UnsafeMutablePointer<Double>.allocate(capacity: inputs.count)
    defer { worst.deallocate() }
    DispatchQueue.concurrentPerform(iterations: inputs.count) { t in
      let (w, b, ref) = shared[t]
      var c = [Float](repeating: .nan, count: m * n)
      var e = 0.0
      for _ in 0..<50 {
        let ok = b.withUnsafeBufferPointer { bp in
          c.withUnsafeMutableBufferPointer { cp in
            PackedWeights.multiply(
              w, transposed: false, rows: m, inner: k, bp.baseAddress!, ldb: k, cols: n,
              into: cp.baseAddress!)
          }
        }
        if !ok { e = .infinity }
        for (x, y) in zip(c, ref) { e = Swift.max(e, Swift.abs(Double(x) - y)) }
      }
      worst[t] = e
    }
    for t in 0..<inputs.count { #expect(worst[t] <= Double(k) * 6e-8, "thread \(t): \(worst[t])") }
  }
}
