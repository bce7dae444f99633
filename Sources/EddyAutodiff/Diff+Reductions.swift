// Reductions (sum, mean, prod, maximum, minimum) and softmax/logsoftmax, with their pullbacks.

import EddyTensor

extension Diff {
  /// `sum(a)`, `mean(a; dims)`, … (1-based `dims`; nil = everything, giving a 0-d result).
  ///
  /// Pullbacks: `sum` repeats the gradient over the reduced dimensions, `mean` also divides by
  /// the number of reduced elements, `prod` multiplies by the product of the other elements
  /// (exact when some are zero), `maximum`/`minimum` give it to the first extreme element of
  /// each slice.
  public static func reduce(_ op: ReduceOp, _ a: Tensor, dims: [Int]?) throws -> Tensor {
    let out = try Kernels.reduce(op, a, dims: dims)
    guard let tape = Tape.active else { return out }
    let na = tape.node(a)
    if na < 0 || !out.dtype.isFloat { return out }
    let shape = a.shape
    switch op {
    case .sum:
      tape.push(out) { g, t in try t.accumulate(expand(g, to: shape), into: na) }
    case .mean:
      let n = out.count == 0 ? 0 : a.count / out.count
      tape.push(out) { g, t in
        try t.accumulate(Ops.scaled(expand(g, to: shape), 1 / Double(n)), into: na)
      }
    case .prod, .maximum, .minimum:
      let v = a.storage.version, outShape = out.shape
      tape.push(out) { g, t in
        try checkSaved(a, v)
        let ga: Tensor
        if a.dtype == .float32 {
          ga = try selectRule(Float.self, op, g, a, outShape)
        } else {
          ga = try selectRule(Double.self, op, g, a, outShape)
        }
        try t.accumulate(ga, into: na)
      }
    }
    return out
  }

  /// Sum of all elements as a 0-d tensor (seeds scalar losses).
  public static func sum(_ a: Tensor) throws -> Tensor {
    try reduce(.sum, a, dims: nil)
  }

  /// Pullback of `prod`, `maximum` and `minimum`: per slice (elements of `a` sharing an
  /// element of the `outShape`-shaped result), in two passes over `a`.
  private static func selectRule<T: ADFloat>(
    _: T.Type, _ op: ReduceOp, _ g: Tensor, _ a: Tensor, _ outShape: [Int]
  ) throws -> Tensor {
    let g = try Ops.dtype(g, T.dtype)
    let ga = try Tensor(shape: a.shape, dtype: T.dtype)
    let px = T.buffer(a), pg = T.buffer(g), po = T.buffer(ga)
    let m = g.count
    if op == .prod {
      // Product of the nonzero elements and number of zeros, per slice.
      var nz = [T](repeating: 1, count: m), zeros = [Int](repeating: 0, count: m)
      broadcastWalk(a.shape, outShape, a.shape) { i, o, _ in
        if px[i] == 0 { zeros[o] += 1 } else { nz[o] *= px[i] }
      }
      broadcastWalk(a.shape, outShape, a.shape) { i, o, _ in
        switch zeros[o] {
        case 0: po[i] = pg[o] * nz[o] / px[i]
        case 1: po[i] = px[i] == 0 ? pg[o] * nz[o] : 0
        default: po[i] = 0
        }
      }
      return ga
    }
    // First extreme element per slice (NaN wins, as in Julia's maximum).
    let isMax = op == .maximum
    var best = [Int](repeating: -1, count: m)
    broadcastWalk(a.shape, outShape, a.shape) { i, o, _ in
      let b = best[o]
      if b < 0 { best[o] = i; return }
      let x = px[i], y = px[b]
      if y.isNaN { return }
      if x.isNaN || (isMax ? x > y : x < y) { best[o] = i }
    }
    for o in 0..<m where best[o] >= 0 { po[best[o]] = pg[o] }
    return ga
  }

  // MARK: Softmax

  /// NNlib `softmax(a; dims)` along one (1-based) dimension.
  /// Pullback: `∂a = y .* (∂y .- sum(∂y .* y; dims))`.
  public static func softmax(_ a: Tensor, dims: Int) throws -> Tensor {
    let out = try Kernels.softmax(a, dims: dims)
    return recordSoftmax(out, a, dims, log: false)
  }

  /// NNlib `logsoftmax(a; dims)` along one (1-based) dimension.
  /// Pullback: `∂a = ∂y .- exp.(y) .* sum(∂y; dims)`.
  public static func logsoftmax(_ a: Tensor, dims: Int) throws -> Tensor {
    let out = try Kernels.logsoftmax(a, dims: dims)
    return recordSoftmax(out, a, dims, log: true)
  }

  private static func recordSoftmax(_ out: Tensor, _ a: Tensor, _ dims: Int, log: Bool) -> Tensor {
    guard let tape = Tape.active else { return out }
    let na = tape.node(a)
    if na < 0 || !out.dtype.isFloat { return out }
    let v = out.storage.version
    tape.push(out) { g, t in
      try checkSaved(out, v)
      let ga: Tensor
      if out.dtype == .float32 {
        ga = try softmaxRule(Float.self, g, out, dims, log)
      } else {
        ga = try softmaxRule(Double.self, g, out, dims, log)
      }
      try t.accumulate(ga, into: na)
    }
    return out
  }

  private static func softmaxRule<T: ADFloat>(
    _: T.Type, _ g: Tensor, _ y: Tensor, _ dims: Int, _ log: Bool
  ) throws -> Tensor {
    let ga = try Tensor(shape: y.shape, dtype: T.dtype)
    let py = T.buffer(y), pg = T.buffer(g), po = T.buffer(ga)
    // View as [inner, n, outer] with the softmax dimension in the middle.
    var inner = 1
    for k in 0..<Swift.min(dims - 1, y.ndims) { inner *= y.shape[k] }
    let n = dims <= y.ndims ? y.shape[dims - 1] : 1
    let outer = inner * n == 0 ? 0 : y.count / (inner * n)
    for o in 0..<outer {
      for i in 0..<inner {
        let base = i + o * inner * n
        var s = T(0)
        if log {
          for l in 0..<n { s += pg[base + l * inner] }
          for l in 0..<n {
            let k = base + l * inner
            po[k] = pg[k] - T.mExp(py[k]) * s
          }
        } else {
          for l in 0..<n { s += pg[base + l * inner] * py[base + l * inner] }
          for l in 0..<n {
            let k = base + l * inner
            po[k] = py[k] * (pg[k] - s)
          }
        }
      }
    }
    return ga
  }
}
