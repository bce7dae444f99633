// Kernels.fused against a plain reference loop: same bits as the unfused operations, across
// chunk boundaries, with scalars on either side and in Float64.

import Testing

@testable import EddyTensor

@Suite struct FusedKernelTests {
  @Test(arguments: [1, 1023, 1024, 1025, 5000])
  func float32ChainMatchesReference(n: Int) throws {
    let x = testValues(n, seed: 1), y = testValues(n, seed: 2), z = testValues(n, seed: 3)
    // (x * y + z) / 3 - (z - x) * 0.5, and 2 - x
    let steps = [
      FusedStep(.mul, .input(0), .input(1)), FusedStep(.add, .step(0), .input(2)),
      FusedStep(.div, .step(1), .scalar(3)), FusedStep(.sub, .input(2), .input(0)),
      FusedStep(.mul, .step(3), .scalar(0.5)), FusedStep(.sub, .step(2), .step(4)),
      FusedStep(.sub, .scalar(2), .step(5)),
    ]
    let out = try Kernels.fused(
      steps, inputs: [Tensor(shape: [n], floats: x), Tensor(shape: [n], floats: y),
        Tensor(shape: [n], floats: z)])
    let got = out.toFloats()
    #expect(out.shape == [n] && out.dtype == .float32)
    for i in 0..<n {
      let s1: Float = (x[i] * y[i] + z[i]) / 3
      let s2: Float = (z[i] - x[i]) * 0.5
      let ref: Float = 2 - (s1 - s2)
      #expect(got[i].bitPattern == ref.bitPattern, "element \(i)")
    }
  }

  @Test func float64KeepsItsType() throws {
    let a = Tensor(shape: [2, 2], doubles: [1, 2, 3, 4], dtype: .float64)
    let out = try Kernels.fused([FusedStep(.mul, .input(0), .input(0)), FusedStep(.add, .step(0), .scalar(0.1))], inputs: [a])
    #expect(out.dtype == .float64 && out.shape == [2, 2])
    let want: [Double] = [1, 4, 9, 16].map { $0 + 0.1 }
    #expect(out.toDoubles() == want)
  }

  @Test func emptyArraysAndNoInputsAreHandled() throws {
    let e = try Kernels.fused([FusedStep(.add, .input(0), .scalar(1))], inputs: [Tensor(shape: [0], floats: [])])
    #expect(e.count == 0 && e.shape == [0])
    #expect(throws: TensorError.self) { try Kernels.fused([], inputs: []) }
  }
}
