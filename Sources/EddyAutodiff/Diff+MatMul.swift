// Matrix products and transposes, with their pullbacks.

import EddyTensor

extension Diff {
  /// `a * b` for matrices and vectors (a 0-d operand scales elementwise).
  ///
  /// Pullback: `∂a = ∂c · bᵀ`, `∂b = aᵀ · ∂c`, both through `matmulTransposed` so no transpose
  /// is materialised. A vector operand acts as an `n×1` column, and the gradient is reshaped
  /// back to the vector by `Tape.accumulate`.
  public static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    if a.ndims == 0 || b.ndims == 0 { return try broadcast(.mul, a, b) }
    let out = try Kernels.matmul(a, b)
    guard let tape = Tape.active else { return out }
    let na = tape.node(a), nb = tape.node(b)
    if na < 0 && nb < 0 { return out }
    let va = a.storage.version, vb = b.storage.version
    tape.push(out) { g, t in
      if na >= 0 {
        try checkSaved(b, vb)
        try t.accumulate(Kernels.matmulTransposed(g, transA: false, b, transB: true), into: na)
      }
      if nb >= 0 {
        try checkSaved(a, va)
        try t.accumulate(Kernels.matmulTransposed(a, transA: true, g, transB: false), into: nb)
      }
    }
    return out
  }

  /// `transpose(a)`: a vector becomes a `1×n` matrix.
  public static func transpose(_ a: Tensor) throws -> Tensor {
    let out = try Kernels.transpose(a)
    guard let tape = Tape.active else { return out }
    let na = tape.node(a)
    if na < 0 { return out }
    let matrix = a.ndims == 2
    tape.push(out) { g, t in
      // A vector's (and a 0-d array's) transpose has the same memory order: reshape only.
      try t.accumulate(matrix ? Kernels.transpose(g) : g, into: na)
    }
    return out
  }

  /// `permutedims(a, perm)` with a 1-based `perm`; the pullback applies the inverse permutation.
  public static func permutedims(_ a: Tensor, _ perm: [Int]) throws -> Tensor {
    let out = try Kernels.permutedims(a, perm)
    guard let tape = Tape.active else { return out }
    let na = tape.node(a)
    if na < 0 { return out }
    var inverse = [Int](repeating: 0, count: perm.count)
    for (i, p) in perm.enumerated() { inverse[p - 1] = i + 1 }  // validated by the kernel
    tape.push(out) { g, t in try t.accumulate(Kernels.permutedims(g, inverse), into: na) }
    return out
  }
}
