// Products whose leading dimensions are whole pages (1,024 Float32 or 512 Float64 rows) go
// through padded copies (BLAS+Pages.swift). They must give the bits of the direct call, and a
// kept copy of A must follow every change of the array.

import Testing

@testable import EddyTensor

@Suite(.serialized) struct BLASPageTests {
  /// C of one `BLAS.gemm`, with or without the padded strides.
  func product<T: BinaryFloatingPoint>(
    _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: [T], _ b: [T], beta: T,
    _ c0: [T], padded: Bool
  ) -> [T] {
    BLAS.padsPageStrides = padded
    defer { BLAS.padsPageStrides = true }
    return gemmProduct(ta, tb, m, n, k, a, b, beta: beta, c0)
  }

  @Test(arguments: [
    // Without a named storage only C is padded (A is padded through kept copies, below).
    (false, false, 1024, 40, 32),  // row halves
    (true, false, 1024, 40, 32),
    (false, true, 1024, 48, 24),
    (false, false, 1024, 300, 4),  // column halves
  ])
  func float32PaddedProductsKeepEveryBit(shape: (Bool, Bool, Int, Int, Int)) {
    let (ta, tb, m, n, k) = shape
    let a = testValues(m * k, seed: 31), b = testValues(k * n, seed: 32), c0 = testValues(m * n, seed: 33)
    for beta: Float in [0, 1] {
      let direct = product(ta, tb, m, n, k, a, b, beta: beta, c0, padded: false)
      let padded = product(ta, tb, m, n, k, a, b, beta: beta, c0, padded: true)
      let same = padded.map(\.bitPattern) == direct.map(\.bitPattern)
      #expect(same, "\(shape) beta \(beta)")
      // And the direct call is right (so equal bits mean right bits).
      let ref = gemmReference(ta, tb, m, n, k, a, b, beta: Double(beta), c0)
      let worst = zip(direct, ref).reduce(0.0) { Swift.max($0, Swift.abs(Double($1.0) - $1.1)) }
      #expect(worst <= Double(k + 1) * 1e-7)
    }
  }

  @Test func float64PaddedProductKeepsEveryBit() {
    let m = 512, n = 40, k = 64
    let a = testValues(m * k, seed: 34).map(Double.init), b = testValues(k * n, seed: 35).map(Double.init)
    let c0 = [Double](repeating: 0, count: m * n)
    let direct = product(false, false, m, n, k, a, b, beta: 0, c0, padded: false)
    let padded = product(false, false, m, n, k, a, b, beta: 0, c0, padded: true)
    let same = padded.map(\.bitPattern) == direct.map(\.bitPattern)
    #expect(same)
  }

  /// `*` keeps A's padded copy between products; writes into A (indexing, fill, a write
  /// through a reshape sharing its storage) must reach the next product.
  @Test func keptCopyFollowsTheArray() throws {
    let m = 1024, k = 32, n = 40
    let a = Tensor(shape: [m, k], floats: testValues(m * k, seed: 36))
    let b = Tensor(shape: [k, n], floats: testValues(k * n, seed: 37))
    func check(_ label: String) throws {
      let kept = try Kernels.matmul(a, b)
      BLAS.padsPageStrides = false
      defer { BLAS.padsPageStrides = true }
      let direct = try Kernels.matmul(a, b)
      let same = kept.toFloats().map(\.bitPattern) == direct.toFloats().map(\.bitPattern)
      #expect(same, "\(label)")
    }
    try check("first product")
    try check("second product, from the kept copy")
    try a.setIndex([.scalar(5), .scalar(7)], Tensor(shape: [], floats: [3]))
    try check("after a[5, 7] = 3")
    Kernels.fill(a, 0.25)
    try check("after fill!")
    let flat = try a.reshaped([m * k])
    try flat.setIndex([.scalar(m * k)], Tensor(shape: [], floats: [-2]))
    try check("after a write through a reshape")
  }

  /// The same for op(A) = Aᵀ, A stored 1024×256: each half of C reads a block of A's columns.
  @Test func keptTransposedCopyFollowsTheArray() throws {
    let k = 1024, m = 256, n = 8
    let a = Tensor(shape: [k, m], floats: testValues(k * m, seed: 40))
    let b = Tensor(shape: [k, n], floats: testValues(k * n, seed: 41))
    func check(_ label: String) throws {
      let kept = try Kernels.matmulTransposed(a, transA: true, b, transB: false)
      BLAS.padsPageStrides = false
      defer { BLAS.padsPageStrides = true }
      let direct = try Kernels.matmulTransposed(a, transA: true, b, transB: false)
      let same = kept.toFloats().map(\.bitPattern) == direct.toFloats().map(\.bitPattern)
      #expect(same, "\(label)")
    }
    try check("first product")
    try check("second product, from the kept copy")
    try a.setIndex([.scalar(1000), .scalar(200)], Tensor(shape: [], floats: [7]))
    try check("after a[1000, 200] = 7")
  }
}

import Dispatch

/// Four threads multiplying by one array at once share its kept copy (or, while one fills
/// it, use their own), and every product is right.
@Suite struct PaddedCopiesConcurrencyTests {
  @Test func concurrentProductsOfOneArray() throws {
    let m = 1024, k = 32, n = 40
    nonisolated(unsafe) let a = Tensor(shape: [m, k], floats: testValues(m * k, seed: 38))
    nonisolated(unsafe) let b = Tensor(shape: [k, n], floats: testValues(k * n, seed: 39))
    let want = try Kernels.matmul(a, b).toFloats().map(\.bitPattern)
    nonisolated(unsafe) let wrong = UnsafeMutablePointer<Int>.allocate(capacity: 4)
    defer { wrong.deallocate() }
    DispatchQueue.concurrentPerform(iterations: 4) { t in
      wrong[t] = 0
      for _ in 0..<25 {
        let c = try? Kernels.matmul(a, b)
        if c?.toFloats().map(\.bitPattern) != want { wrong[t] += 1 }
      }
    }
    for t in 0..<4 { #expect(wrong[t] == 0, "thread \(t)") }
  }
}
