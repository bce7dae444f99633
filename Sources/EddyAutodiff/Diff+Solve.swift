// `A \ B` with its pullback.

import EddyTensor

extension Diff {
  /// `x = a \ b` (a solve). Pullback for square `a`: `∂b = aᵀ \ ∂x`, `∂a = -∂b · xᵀ`.
  /// Rectangular (least-squares) solves are not differentiated: a tracked operand is an error
  /// rather than a silently wrong gradient.
  public static func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let out = try Kernels.solve(a, b)
    guard let tape = Tape.active else { return out }
    let na = tape.node(a), nb = tape.node(b)
    if na < 0 && nb < 0 { return out }
    guard a.shape[0] == a.shape[1] else {
      throw TensorError(.argument, "gradients of a least-squares solve (non-square A \\ b) are not available")
    }
    let va = a.storage.version
    tape.push(out) { g, t in
      try checkSaved(a, va)
      let gb = try Kernels.solve(try Kernels.transpose(a), g)
      if nb >= 0 { try t.accumulate(gb, into: nb) }
      if na >= 0 {
        let ga = try Kernels.matmulTransposed(gb, transA: false, out, transB: true)
        try t.accumulate(try Kernels.map(.neg, ga), into: na)
      }
    }
    return out
  }
}
