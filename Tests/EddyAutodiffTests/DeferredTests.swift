// The tape's deferred outer products (`PullbackContext.deferOuterProducts`): a custom product
// op whose weight gradient is deferred must give the gradients of `Diff.matmul`, across chunks,
// row ranges, several groups per node, non-leaf targets, and errors.

import EddyAutodiff
import EddyTensor
import Testing

/// `W*x (+ V*x added into rows lo..<lo+rows(V))` as a custom op that defers `dW = g·xᵀ` (and
/// `dV = g[lo..<hi, :]·xᵀ`) to the tape, computing `dx` itself.
func deferredProduct(_ w: Tensor, _ x: Tensor, v: Tensor? = nil, at lo: Int = 0) throws -> Tensor {
  var y = try Kernels.matmul(w, x)
  if let v {
    let m = w.shape[0]
    let r = v.shape[0]
    let b = x.shape[1]
    let vx = try Kernels.matmul(v, x)
    let t = y.copy()
    for j in 0..<b { for i in 0..<r { t[linear: lo + i + j * m] += vx[linear: i + j * r] } }
    y = t
  }
  let m = w.shape[0]
  let k = w.shape[1]
  let b = x.shape[1]
  var inputs = [w, x]
  if let v { inputs.append(v) }
  Diff.record(output: y, inputs: inputs) { g, ctx in
    var targets = [DeferredTarget(input: 0, rows: k)]
    if let v { targets.append(DeferredTarget(input: 2, rows: k, leftRows: lo..<(lo + v.shape[0]))) }
    var out: [Tensor?] = [nil, nil, nil]
    if let cols = try ctx.deferOuterProducts(
      dtype: .float64, leftRows: m, columns: b, targets: targets)
    {
      let left = cols.left.assumingMemoryBound(to: Double.self)
      for i in 0..<(m * b) { left[i] = g[linear: i] }
      for r in cols.right {
        guard let r = r?.assumingMemoryBound(to: Double.self) else { continue }
        for i in 0..<(k * b) { r[i] = x[linear: i] }
      }
    } else {
      if ctx.isTracked(input: 0) {
        out[0] = try Kernels.matmulTransposed(g, transA: false, x, transB: true)
      }
      if let v, ctx.isTracked(input: 2) {
        let r = v.shape[0]
        let gs = try Tensor(shape: [r, b], dtype: .float64)
        for j in 0..<b { for i in 0..<r { gs[linear: i + j * r] = g[linear: lo + i + j * m] } }
        out[2] = try Kernels.matmulTransposed(gs, transA: false, x, transB: true)
      }
    }
    if ctx.isTracked(input: 1) {
      var dx = try Kernels.matmulTransposed(w, transA: true, g, transB: false)
      if let v {
        let r = v.shape[0]
        let gs = try Tensor(shape: [r, b], dtype: .float64)
        for j in 0..<b { for i in 0..<r { gs[linear: i + j * r] = g[linear: lo + i + j * m] } }
        dx = try Kernels.broadcast(
          .add, dx, Kernels.matmulTransposed(v, transA: true, gs, transB: false))
      }
      out[1] = dx
    }
    return out
  }
  return y
}

/// The same with the generic ops.
func genericProduct(_ w: Tensor, _ x: Tensor, v: Tensor? = nil, at lo: Int = 0) throws -> Tensor {
  let y = try Diff.matmul(w, x)
  guard let v else { return y }
  let m = w.shape[0]
  let r = v.shape[0]
  // Pad V*x with zero rows to W's height: P * (V*x) with P the m×r embedding.
  let p = try Tensor(shape: [m, r], dtype: .float64)
  for i in 0..<r { p[linear: lo + i + i * m] = 1 }
  return try Diff.broadcast(.add, y, Diff.matmul(p, Diff.matmul(v, x)))
}

func randomF64(_ shape: [Int], _ seed: inout UInt64) -> Tensor {
  let n = shape.reduce(1, *)
  var xs: [Double] = []
  for _ in 0..<n {
    seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    xs.append(Double(Int64(bitPattern: seed >> 11) % 2000) / 1000 - 1)
  }
  return f64(shape, xs)
}

/// Gradients of `loss` for `ops`, deferring or not.
func grads(_ ops: [Tensor], defers: Bool, _ loss: ([Tensor]) throws -> Tensor) throws -> [Tensor?] {
  let tape = Tape()
  tape.defersProducts = defers
  Tape.active = tape
  defer {
    tape.finish()
    Tape.active = nil
  }
  for t in ops { tape.watch(t) }
  try tape.backward(from: loss(ops))
  return ops.map { tape.grad($0) }
}

func near(_ a: Tensor?, _ b: Tensor?, _ tol: Double = 1e-12) -> Bool {
  guard let a, let b, a.shape == b.shape, a.dtype == b.dtype else { return a == nil && b == nil }
  return zip(a.toDoubles(), b.toDoubles()).allSatisfy { abs($0 - $1) <= tol * max(1, abs($1)) }
}

@Suite struct DeferredTests {
  /// Σₜ sum(sin.(W * h_t)) with h_{t+1} = tanh.(W*h_t + x_t): 40 steps of 3 columns, so the
  /// deferred columns span several chunks.
  @Test func recurrenceOverManyChunks() throws {
    var seed: UInt64 = 1
    let w = randomF64([4, 4], &seed)
    let h0 = randomF64([4, 3], &seed)
    let xs = (0..<40).map { _ in randomF64([4, 3], &seed) }
    func loss(_ product: @escaping (Tensor, Tensor) throws -> Tensor) -> ([Tensor]) throws -> Tensor
    {
      { t in
        var h = t[1]
        var total = Tensor.scalar(0, .float64)
        for x in t[2...] {
          let y = try product(t[0], h)
          total = try Diff.broadcast(.add, total, Diff.sum(Diff.map(.sin, y)))
          h = try Diff.map(.tanh, Diff.broadcast(.add, y, x))
        }
        return total
      }
    }
    let ops = [w, h0] + xs
    let a = try grads(ops, defers: true, loss { try deferredProduct($0, $1) })
    let b = try grads(ops, defers: false, loss { try deferredProduct($0, $1) })
    let c = try grads(ops, defers: true, loss { try genericProduct($0, $1) })
    for k in ops.indices {
      #expect(near(a[k], b[k]), "operand \(k)")
      #expect(near(a[k], c[k]), "operand \(k)")
    }
  }

  @Test func rowRangeTargetAndTwoGroupsIntoOneNode() throws {
    var seed: UInt64 = 7
    let w = randomF64([6, 3], &seed)
    let v = randomF64([2, 3], &seed)
    let w2 = randomF64([6, 3], &seed)
    let xs = (0..<5).map { _ in randomF64([3, 2], &seed) }
    func loss(_ product: @escaping (Tensor, Tensor, Tensor?, Int) throws -> Tensor) -> ([Tensor])
      throws -> Tensor
    {
      { t in
        var total = Tensor.scalar(0, .float64)
        for x in t[3...] {
          // Group (W, V@rows 3..<5) and group (W2, V@rows 1..<3): V gets both.
          let y1 = try product(t[0], x, t[1], 3)
          let y2 = try product(t[2], x, t[1], 1)
          total = try Diff.broadcast(
            .add, total, Diff.sum(Diff.map(.sin, Diff.broadcast(.mul, y1, y2))))
        }
        return total
      }
    }
    let ops = [w, v, w2] + xs
    let a = try grads(ops, defers: true, loss { try deferredProduct($0, $1, v: $2, at: $3) })
    let b = try grads(ops, defers: false, loss { try deferredProduct($0, $1, v: $2, at: $3) })
    let c = try grads(ops, defers: true, loss { try genericProduct($0, $1, v: $2, at: $3) })
    for k in ops.indices {
      #expect(near(a[k], b[k]), "operand \(k)")
      #expect(near(a[k], c[k]), "operand \(k)")
    }
  }

  /// A deferred product into a node that also gets ordinary gradients, and whose own pullback
  /// (W = 3 .* P) runs after its deferred products are in.
  @Test func nonLeafTargetWithOtherGradients() throws {
    var seed: UInt64 = 11
    let p = randomF64([3, 2], &seed)
    let xs = (0..<4).map { _ in randomF64([2, 5], &seed) }
    func loss(_ product: @escaping (Tensor, Tensor) throws -> Tensor) -> ([Tensor]) throws -> Tensor
    {
      { t in
        let w = try Diff.broadcast(.mul, t[0], Tensor.scalar(3, .float64))
        var total = try Diff.sum(Diff.broadcast(.mul, w, w))
        for x in t[1...] {
          total = try Diff.broadcast(.add, total, Diff.sum(Diff.map(.cos, product(w, x))))
        }
        return total
      }
    }
    let ops = [p] + xs
    let a = try grads(ops, defers: true, loss { try deferredProduct($0, $1) })
    let c = try grads(ops, defers: true, loss { try genericProduct($0, $1) })
    for k in ops.indices { #expect(near(a[k], c[k]), "operand \(k)") }
  }

  @Test func nothingDeferredWithoutTrackedTargetsOrWhenDisabled() throws {
    var seed: UInt64 = 13
    let w = randomF64([3, 2], &seed)
    let x = randomF64([2, 4], &seed)
    // Only x tracked: W's product is not wanted, so no columns are reserved.
    let tape = Tape()
    Tape.active = tape
    defer {
      tape.finish()
      Tape.active = nil
    }
    tape.watch(x)
    var reserved: [Bool] = []
    let y = try Kernels.matmul(w, x)
    Diff.record(output: y, inputs: [w, x]) { g, ctx in
      let cols = try ctx.deferOuterProducts(
        dtype: .float64, leftRows: 3, columns: 4, targets: [DeferredTarget(input: 0, rows: 2)])
      reserved.append(cols != nil)
      return [nil, try Kernels.matmulTransposed(w, transA: true, g, transB: false)]
    }
    try tape.backward(from: Diff.sum(y))
    #expect(reserved == [false])
    #expect(tape.grad(x) != nil)
    #expect(tape.deferredColumns == 0)
  }

  @Test func memoryIsKeptForTheNextPassOnly() throws {
    var seed: UInt64 = 19
    let w = randomF64([8, 6], &seed)
    let xs = (0..<10).map { _ in randomF64([6, 5], &seed) }
    func run(_ ops: [Tensor]) throws -> Tensor? {
      try grads(ops, defers: true) { t in
        var total = Tensor.scalar(0, .float64)
        for x in t[1...] {
          total = try Diff.broadcast(
            .add, total, Diff.sum(Diff.map(.sin, deferredProduct(t[0], x))))
        }
        return total
      }[0]
    }
    Tape.releaseCachedMemory()
    let first = try run([w] + xs)
    let cached = Tape.releaseCachedMemory()
    #expect(cached > 0)
    let before = Tape.deferredBlockAllocations
    _ = try run([w] + xs)
    let fresh = Tape.deferredBlockAllocations - before
    #expect(fresh > 0)
    // Later passes of the same size reuse every block (and give the same gradient).
    for _ in 0..<3 { #expect(near(try run([w] + xs), first, 0)) }
    #expect(Tape.deferredBlockAllocations - before == fresh)
    #expect(Tape.releaseCachedMemory() == cached)
    #expect(Tape.releaseCachedMemory() == 0)
  }

  @Test func anErrorDropsTheDeferredProducts() throws {
    var seed: UInt64 = 17
    let w = randomF64([3, 2], &seed)
    let x = randomF64([2, 4], &seed)
    let c = randomF64([3, 4], &seed)
    let d = randomF64([2, 4], &seed)
    try withTape { tape in
      tape.watch(w)
      tape.watch(x)
      // The product's pullback defers dW, then q's pullback (between it and W) throws.
      let q = try Diff.broadcast(.mul, x, d)
      let y = try deferredProduct(w, q)
      let loss = try Diff.sum(Diff.broadcast(.mul, y, c))
      d.storage.version += 1
      #expect(throws: TensorError.self) { try tape.backward(from: loss) }
      d.storage.version -= 1
      try tape.backward(from: loss)
      let g = try #require(tape.grad(w))
      let want = try Kernels.matmulTransposed(
        c, transA: false, Kernels.broadcast(.mul, x, d), transB: true)
      #expect(near(g, want))
      #expect(tape.deferredColumns == 4 && tape.deferredGEMMs == 1)
    }
  }
}
