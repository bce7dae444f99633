// Binary broadcasting and unary maps against naive reference loops.

import Testing

@testable import EddyTensor

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct BroadcastTests {
  static let shapePairs: [([Int], [Int], [Int])] = [
    ([3], [3], [3]), ([2, 3], [2, 3], [2, 3]), ([3], [], [3]), ([], [2, 2], [2, 2]),
    ([3], [1, 2], [3, 2]), ([5, 3], [5], [5, 3]), ([5, 1], [1, 3], [5, 3]),
    ([2, 1, 4], [1, 3, 1], [2, 3, 4]), ([1], [4], [4]), ([4, 1], [4], [4, 1]),
    ([2, 3, 2], [2, 3], [2, 3, 2]), ([1, 1], [], [1, 1]), ([0, 3], [1, 3], [0, 3]),
  ]

  @Test(arguments: shapePairs)
  func float32Shapes(sa: [Int], sb: [Int], expected: [Int]) throws {
    let a = ramp(sa, .float32), b = ramp(sb, .float32, scale: 0.25, offset: 2)
    for (op, f) in [(BinaryOp.add, { (x: Double, y: Double) in x + y }), (.sub, { $0 - $1 }),
                    (.mul, { $0 * $1 }), (.div, { $0 / $1 })] {
      let r = try Kernels.broadcast(op, a, b)
      #expect(r.shape == expected)
      #expect(r.dtype == .float32)
      #expect(close(r.toDoubles(), referenceBroadcast(a, b, expected, f)))
      let rev = try Kernels.broadcast(op, b, a)
      #expect(close(rev.toDoubles(), referenceBroadcast(b, a, expected, f)))
    }
  }

  @Test(arguments: shapePairs)
  func float64AndIntShapes(sa: [Int], sb: [Int], expected: [Int]) throws {
    let a = ramp(sa, .float64), b = ramp(sb, .int64)
    let r = try Kernels.broadcast(.mul, a, b)
    #expect(r.dtype == .float64 && r.shape == expected)
    #expect(close(r.toDoubles(), referenceBroadcast(a, b, expected, *)))
    let c = try Kernels.broadcast(.lt, b, a)
    #expect(c.dtype == .bool)
    #expect(c.toDoubles() == referenceBroadcast(b, a, expected) { $0 < $1 ? 1 : 0 })
    let i = try Kernels.broadcast(.add, b, b)
    #expect(i.dtype == .int64)
  }

  @Test func resultTypes() throws {
    #expect(try BinaryOp.add.resultType(.bool, .bool) == .int64)
    #expect(try BinaryOp.div.resultType(.int64, .int64) == .float64)
    #expect(try BinaryOp.pow.resultType(.int64, .int64) == .int64)
    #expect(try BinaryOp.mul.resultType(.float32, .int64) == .float32)
    #expect(try BinaryOp.mul.resultType(.float32, .float64) == .float64)
    #expect(try BinaryOp.eq.resultType(.float32, .float64) == .bool)
    #expect(caught { _ = try BinaryOp.and.resultType(.float64, .float64) }?.kind == .method)
  }

  @Test func mismatchMessage() {
    let e = caught { _ = try Kernels.broadcast(.add, ramp([2], .float64), ramp([3], .float64)) }
    #expect(e?.kind == .dimensionMismatch)
    #expect(
      e?.description
        == "DimensionMismatch: arrays could not be broadcast to a common size: a has axes Base.OneTo(2) and b has axes Base.OneTo(3)")
  }

  @Test func integerSemantics() throws {
    let a = i64([4], [7, -7, 7, -7]), b = i64([4], [2, 2, -2, -2])
    #expect(try Kernels.broadcast(.intdiv, a, b).toDoubles() == [3, -3, -3, 3])
    #expect(try Kernels.broadcast(.rem, a, b).toDoubles() == [1, -1, 1, -1])
    #expect(try Kernels.broadcast(.mod, a, b).toDoubles() == [1, 1, -1, -1])
    #expect(try Kernels.broadcast(.pow, i64([2], [2, 10]), i64([], [3])).toDoubles() == [8, 1000])
    #expect(try Kernels.broadcast(.pow, i64([], [10]), i64([], [19])).toDoubles() == [-8446744073709551616])
    #expect(caught { _ = try Kernels.broadcast(.intdiv, a, i64([], [0])) }?.description == "DivideError: integer division error")
    #expect(caught { _ = try Kernels.broadcast(.pow, i64([], [2]), i64([], [-1])) }?.kind == .domain)
    #expect(try Kernels.broadcast(.and, bools([2], [true, true]), bools([2], [true, false])).toDoubles() == [1, 0])
  }

  @Test func floatSemantics() throws {
    let x = f64([3], [-1.5, 2.5, -0.0])
    #expect(try Kernels.broadcast(.mod, x, f64([], [1])).toDoubles() == [0.5, 0.5, 0])
    #expect(try Kernels.broadcast(.max, x, f64([], [0])).toDoubles() == [0, 2.5, 0])
    #expect(try Kernels.broadcast(.pow, f32([2], [3, -2]), i64([], [2])).toFloats() == [9, 4])
    let e = caught { _ = try Kernels.broadcast(.pow, f64([1], [-8]), f64([], [1.0 / 3])) }
    #expect(e?.description.hasPrefix("DomainError with -8.0:\nExponentiation yielding a complex result") == true)
    let nan = try Kernels.broadcast(.max, f64([2], [.nan, 1]), f64([], [0])).toDoubles()
    #expect(nan[0].isNaN && nan[1] == 1)
  }

  @Test func unaryAgainstLibm() throws {
    let xs = (0..<100).map { Float($0 - 50) * 0.37 } + [0, -0.0, 1e-6, -1e-6, 88, -100, 0.6, 0.65]
    let x = f32([xs.count], xs)
    let e = try Kernels.map(.exp, x).toFloats(), t = try Kernels.map(.tanh, x).toFloats()
    let s = try Kernels.map(.sigmoid, x).toFloats()
    for (i, v) in xs.enumerated() {
      #expect(Swift.abs(e[i] - expf(v)) <= 3 * expf(v).ulp, "exp(\(v))")
      #expect(Swift.abs(t[i] - tanhf(v)) <= 2 * Swift.max(tanhf(v).ulp, Float.leastNormalMagnitude), "tanh(\(v))")
      let ref = Float(1 / (1 + Foundation_exp(-Double(v))))
      #expect(Swift.abs(s[i] - ref) <= 3 * Swift.max(ref.ulp, Float.leastNormalMagnitude), "σ(\(v))")
    }
    let special = try Kernels.map(.exp, f32([4], [.infinity, -.infinity, .nan, 100])).toFloats()
    #expect(special[0] == .infinity && special[1] == 0 && special[2].isNaN && special[3] == .infinity)
    #expect(try Kernels.map(.tanh, f32([2], [.infinity, -.infinity])).toFloats() == [1, -1])
  }

  @Test func unaryTypesAndDomains() throws {
    #expect(try Kernels.map(.exp, i64([2], [0, 1])).dtype == .float64)
    #expect(try Kernels.map(.abs, i64([2], [-3, 1])).toDoubles() == [3, 1])
    #expect(try Kernels.map(.neg, bools([2], [true, false])).dtype == .int64)
    #expect(try Kernels.map(.not, bools([2], [true, false])).toDoubles() == [0, 1])
    #expect(try Kernels.map(.round, f64([3], [2.5, 3.5, -2.5])).toDoubles() == [2, 4, -2])
    #expect(try Kernels.map(.relu, f32([3], [-1, 0, 2])).toFloats() == [0, 0, 2])
    let e = caught { _ = try Kernels.map(.log, f64([2], [1, -1])) }
    #expect(
      e?.description
        == "DomainError with -1.0:\nlog was called with a negative real argument but will only return a complex result if called with a complex argument. Try log(Complex(x)).")
    #expect(caught { _ = try Kernels.map(.sqrt, f32([1], [-2])) }?.description.hasPrefix("DomainError with -2.0f0:") == true)
    #expect(try Kernels.map(.log, f64([1], [0])).toDoubles() == [-.infinity])
  }

  @Test func assignAndFill() throws {
    let dst = Tensor.zeros([2, 3], .float32)
    try Kernels.assign(dst, f64([2], [1, 2]))
    #expect(dst.toFloats() == [1, 2, 1, 2, 1, 2])
    #expect(dst.storage.version == 1)
    try Kernels.assign(dst, f32([1, 3], [5, 6, 7]))
    #expect(dst.toFloats() == [5, 5, 6, 6, 7, 7])
    #expect(caught { try Kernels.assign(dst, f32([3], [1, 2, 3])) }?.kind == .dimensionMismatch)
    let ints = Tensor.zeros([2], .int64)
    #expect(caught { try Kernels.assign(ints, f64([], [1.5])) }?.description == "InexactError: Int64(1.5)")
    Kernels.fill(ints, 4)
    #expect(ints.toDoubles() == [4, 4])
    #expect(Kernels.clamp(f64([3], [-2, 0.5, 9]), lo: 0, hi: 1).toDoubles() == [0, 0.5, 1])
  }
}

private func Foundation_exp(_ x: Double) -> Double { exp(x) }
