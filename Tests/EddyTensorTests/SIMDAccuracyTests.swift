// The SIMD16 Float32 exp/tanh/sigmoid stay within a couple of ulps of the exact values.

import Testing

@testable import EddyTensor

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct SIMDAccuracyTests {
  /// Largest error in ulps of the correctly rounded result over a dense sweep.
  func maxUlpError(_ op: UnaryOp, range: ClosedRange<Float>, _ exact: (Double) -> Double) throws -> Float {
    let n = 200_001
    let step = (range.upperBound - range.lowerBound) / Float(n - 1)
    let xs = (0..<n).map { range.lowerBound + Float($0) * step }
    let ys = try Kernels.map(op, Tensor(shape: [n], floats: xs)).toFloats()
    var worst: Float = 0
    for (x, y) in zip(xs, ys) {
      let ref = Float(exact(Double(x)))
      let ulp = Swift.max(ref.ulp, Float.leastNormalMagnitude.ulp)
      worst = Swift.max(worst, Swift.abs(y - ref) / ulp)
    }
    return worst
  }

  @Test func expWithinTwoUlps() throws {
    #expect(try maxUlpError(.exp, range: -87...88.7) { exp($0) } <= 2)
    #expect(try maxUlpError(.exp, range: -1...1) { exp($0) } <= 2)
    // Subnormal results keep their (few) significant bits.
    let tiny = try Kernels.map(.exp, f32([1], [-100])).toFloats()[0]
    #expect(tiny > 0 && Swift.abs(tiny - Float(exp(-100.0))) <= 2 * Float.leastNonzeroMagnitude)
  }

  @Test func tanhWithinTwoUlps() throws {
    #expect(try maxUlpError(.tanh, range: -12...12) { tanh($0) } <= 2)
    #expect(try maxUlpError(.tanh, range: -0.7...0.7) { tanh($0) } <= 2)
    #expect(try maxUlpError(.tanh, range: -1e-3...1e-3) { tanh($0) } <= 2)
  }

  @Test func sigmoidWithinTwoUlps() throws {
    #expect(try maxUlpError(.sigmoid, range: -30...30) { 1 / (1 + exp(-$0)) } <= 2)
    #expect(try maxUlpError(.sigmoid, range: -100 ... -80) { 1 / (1 + exp(-$0)) } <= 2)
  }
}
