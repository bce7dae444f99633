// The AVX-512 and AVX2 builds of the exp/tanh/σ/swish kernels give the same bits, the
// 16-lane in-place entry matches the array entry, and ragged tails match full vectors.

import CEddyMath
import Testing

@testable import EddyTensor

@Suite struct VectorMathVariantTests {
  /// Values across every branch: tiny, the tanh polynomial/exp switch at 0.625, the clamps at
  /// 9.5, 88.7 and -104, subnormal results, signed zeros, infinities and NaN.
  static let inputs: [Float] = {
    var xs: [Float] = [0, -0.0, 1e-30, -1e-40, 0.624, 0.625, 0.626, 9.4, 9.5, 9.6, 88.72, 88.73,
      89, -87.3, -103, -104, -105, .infinity, -.infinity, .nan, .leastNonzeroMagnitude]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<20_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let u = Float(state >> 40) / Float(1 << 24)  // [0, 1)
      xs.append((u - 0.5) * 240)
      xs.append((u - 0.5) * 6)
    }
    return xs
  }()

  func bits(_ xs: [Float]) -> [UInt32] { xs.map(\.bitPattern) }

  func run(_ function: Int32, wide: Int32, _ xs: [Float]) -> [Float]? {
    var out = [Float](repeating: 0, count: xs.count)
    let rc = xs.withUnsafeBufferPointer { x in
      out.withUnsafeMutableBufferPointer { z in
        eddy_math_run_variant(function, wide, x.baseAddress, z.baseAddress, xs.count)
      }
    }
    return rc == 0 ? out : nil
  }

  @Test(arguments: [Int32(0), 1, 2, 3])
  func variantsAgreeBitForBit(function: Int32) throws {
    let narrow = try #require(run(function, wide: 0, Self.inputs))
    if let wide = run(function, wide: 1, Self.inputs) {
      #expect(bits(wide) == bits(narrow))
    }
    // The dispatched entry is one of them. 40,021 inputs are above the size at which it maps
    // two halves on two cores, so this also checks that the split changes no bit.
    let op: VectorMath = [.exp, .tanh, .sigmoid, .swish][Int(function)]
    var out = [Float](repeating: 0, count: Self.inputs.count)
    Self.inputs.withUnsafeBufferPointer { x in
      out.withUnsafeMutableBufferPointer { z in op.apply(x.count, x.baseAddress!, z.baseAddress!) }
    }
    #expect(bits(out) == bits(narrow))
  }

  @Test func inPlaceHalvesMatchTheSerialMap() throws {
    let serial = try #require(run(1, wide: 0, Self.inputs))
    var xs = Self.inputs
    xs.withUnsafeMutableBufferPointer { p in
      VectorMath.tanh.apply(p.count, UnsafePointer(p.baseAddress!), p.baseAddress!)
    }
    #expect(bits(xs) == bits(serial))
  }

  @Test func raggedTailsAndLanesMatchFullVectors() throws {
    let full = try #require(run(1, wide: 0, Self.inputs))
    for n in [1, 7, 15, 17, 33] {
      let part = try #require(run(1, wide: 0, Array(Self.inputs[0..<n])))
      #expect(bits(part) == bits(Array(full[0..<n])), "n = \(n)")
    }
    var v = F16(Self.inputs[0..<16])
    VectorMath.tanh.apply(&v)
    #expect(bits((0..<16).map { v[$0] }) == bits(Array(full[0..<16])))
  }

  @Test func knownValues() throws {
    let t = try #require(run(1, wide: 0, [0, -0.0, .infinity, -.infinity, .nan, 20, -20]))
    #expect(bits(Array(t[0..<4])) == bits([0, -0.0, 1, -1]))
    #expect(t[4].isNaN && t[5] == 1 && t[6] == -1)
    let e = try #require(run(0, wide: 0, [0, -.infinity, .infinity, 89, -105]))
    #expect(e == [1, 0, .infinity, .infinity, 0])
    let s = try #require(run(2, wide: 0, [0, -.infinity, .infinity, -200]))
    #expect(s == [0.5, 0, 1, 0])
  }
}
