// Tape behaviour: dtypes, accumulation, in-place writes, exact values, and what is not tracked.

import EddyAutodiff
import Foundation
import EddyTensor
import Testing

/// Runs `body` with a fresh active tape, finishing it afterwards.
func withTape<R>(_ body: (Tape) throws -> R) rethrows -> R {
  let tape = Tape()
  Tape.active = tape
  defer {
    tape.finish()
    Tape.active = nil
  }
  return try body(tape)
}

func f32(_ shape: [Int], _ xs: [Float]) -> Tensor { Tensor(shape: shape, floats: xs) }
func f64(_ shape: [Int], _ xs: [Double]) -> Tensor { Tensor(shape: shape, doubles: xs, dtype: .float64) }

@Suite struct TapeTests {
  /// Flux's RNNCell(1, 1, identity) unrolled twice with known numbers:
  /// h1 = Wi*2 + Wh*7 + b = 38, h2 = Wi*3 + Wh*h1 + b = 167.
  @Test func rnnExactValues() throws {
    let wi = f32([1, 1], [5]), wh = f32([1, 1], [4]), b = f32([1], [0]), s0 = f32([1], [7])
    let xs = [f32([1], [2]), f32([1], [3])]
    try withTape { tape in
      for p in [wi, wh, b, s0] { tape.watch(p) }
      var h = s0
      for x in xs {
        h = try Diff.broadcast(
          .add, Diff.broadcast(.add, Diff.matmul(wi, x), Diff.matmul(wh, h)), b)
      }
      let loss = try Diff.sum(h)
      #expect(loss[linear: 0] == 167)
      #expect(loss.dtype == .float32)
      try tape.backward(from: loss)
      let g = [wi, wh, b, s0].map { tape.grad($0) }
      #expect(g.map { $0?[linear: 0] } == [11, 66, 5, 16])
      #expect(g.map { $0?.dtype } == [.float32, .float32, .float32, .float32])
      #expect(g.map { $0?.shape } == [[1, 1], [1, 1], [1], [1]])
    }
  }

  @Test func float32StaysFloat32() throws {
    let w = f32([2, 3], [0.1, -0.2, 0.3, 0.4, -0.5, 0.6]), x = f32([3], [1, 2, 3]), b = f32([2], [0.5, -0.5])
    try withTape { tape in
      for p in [w, x, b] { tape.watch(p) }
      let y = try Diff.map(.tanh, Diff.broadcast(.add, Diff.matmul(w, x), b))
      #expect(y.dtype == .float32)
      // A Float64 scalar constant promotes the result to Float64, as in Julia...
      let z = try Diff.broadcast(.mul, y, Tensor.scalar(0.5, .float64))
      #expect(z.dtype == .float64)
      try tape.backward(from: Diff.sum(Diff.softmax(z, dims: 1)) + Diff.sum(Diff.reduce(.mean, z, dims: nil)))
      // ...but every gradient has the dtype of the array it belongs to.
      for p in [w, x, b] {
        let g = try #require(tape.grad(p))
        #expect(g.dtype == .float32)
        #expect(g.shape == p.shape)
      }
    }
  }

  @Test func float64ToFloat32ConversionIsDifferentiable() throws {
    let x = f64([3], [1, 2, 3])
    try withTape { tape in
      tape.watch(x)
      let y = try Diff.converted(x, to: .float32)
      #expect(y.dtype == .float32)
      try tape.backward(from: Diff.sum(Diff.broadcast(.mul, y, y)))
      let g = try #require(tape.grad(x))
      #expect(g.dtype == .float64)
      #expect(g.toDoubles() == [2, 4, 6])
    }
  }

  @Test func accumulatesWhenReused() throws {
    let x = f64([3], [1, 2, 3])
    try withTape { tape in
      tape.watch(x)
      // x .* x .+ x .+ sum(x): every use adds to the gradient.
      let y = try Diff.broadcast(
        .add, Diff.broadcast(.add, Diff.broadcast(.mul, x, x), x), Diff.sum(x))
      try tape.backward(from: Diff.sum(y))
      #expect(tape.grad(x)?.toDoubles() == [6, 8, 10])
      // Intermediate values have gradients too.
      #expect(tape.grad(y)?.toDoubles() == [1, 1, 1])
    }
  }

  @Test func inPlaceModificationIsAnError() throws {
    let x = f64([3], [1, 2, 3]), c = f64([3], [4, 5, 6])
    try withTape { tape in
      tape.watch(x)
      let loss = try Diff.sum(Diff.broadcast(.mul, x, c))
      Kernels.fill(c, 0)  // c .= 0 after it was used
      let error = #expect(throws: TensorError.self) { try tape.backward(from: loss) }
      #expect(error?.kind == .argument)
      #expect(error?.message.contains("modified in place") == true)
      #expect(error?.message.contains("copy it first") == true)
    }
    // Writing to an array that no rule saved is fine.
    try withTape { tape in
      tape.watch(x)
      let d = f64([3], [1, 1, 1])
      let loss = try Diff.sum(Diff.broadcast(.add, x, d))
      Kernels.fill(d, 0)
      try tape.backward(from: loss)
      #expect(tape.grad(x)?.toDoubles() == [1, 1, 1])
    }
  }

  @Test func outputsSavedForBackwardAreChecked() throws {
    let x = f64([2], [0.5, 1])
    try withTape { tape in
      tape.watch(x)
      let y = try Diff.map(.exp, x)
      let loss = try Diff.sum(y)
      try y.setIndex([.scalar(1)], Tensor.scalar(0, .float64))  // y[1] = 0
      #expect(throws: TensorError.self) { try tape.backward(from: loss) }
    }
  }

  @Test func prodWithZeros() throws {
    let x = f64([4], [2, 0, 3, 4]), y = f64([3], [0, 0, 5])
    try withTape { tape in
      tape.watch(x)
      tape.watch(y)
      try tape.backward(from: Diff.sum(Diff.broadcast(.add, Diff.reduce(.prod, x, dims: nil), Diff.reduce(.prod, y, dims: nil))))
      #expect(tape.grad(x)?.toDoubles() == [0, 24, 0, 0])
      #expect(tape.grad(y)?.toDoubles() == [0, 0, 0])
    }
  }

  @Test func maximumGoesToFirstMaximum() throws {
    let x = f64([4], [1, 3, 3, 2])
    try withTape { tape in
      tape.watch(x)
      try tape.backward(from: Diff.reduce(.maximum, x, dims: nil))
      #expect(tape.grad(x)?.toDoubles() == [0, 1, 0, 0])
    }
  }

  @Test func untrackedValues() throws {
    let x = f64([3], [1, 2, 3]), n = Tensor(shape: [3], doubles: [1, 2, 3], dtype: .int64)
    // No tape: plain kernels, nothing marked.
    let y0 = try Diff.map(.exp, x)
    #expect(y0.adNode == -1)
    try withTape { tape in
      tape.watch(x)
      tape.watch(x)  // no-op
      tape.watch(n)  // integers never get gradients
      #expect(tape.isTracked(x))
      #expect(!tape.isTracked(n))
      let count = tape.count
      // Comparisons and integer results are not tracked.
      #expect(!tape.isTracked(try Diff.broadcast(.lt, x, n)))
      #expect(!tape.isTracked(try Diff.converted(x, to: .int64)))
      #expect(!tape.isTracked(try Diff.map(.exp, n)))
      #expect(tape.count == count)
      let z = try Diff.broadcast(.mul, x, n)
      #expect(tape.isTracked(z))
      try tape.backward(from: Diff.sum(z))
      #expect(tape.grad(x)?.toDoubles() == [1, 2, 3])
      #expect(tape.grad(n) == nil)
    }
  }

  @Test func finishedTapeLeavesConstants() throws {
    let x = f64([2], [1, 2])
    let first = Tape()
    Tape.active = first
    first.watch(x)
    let y = try Diff.map(.exp, x)
    #expect(first.isTracked(y))
    try first.backward(from: Diff.sum(y))
    first.finish()
    #expect(Tape.active == nil)
    #expect(first.grad(x) != nil)  // leaf gradients survive finish()
    #expect(first.count == 0)
    // A second tape treats y (stale id) as a constant.
    try withTape { second in
      #expect(second.id != first.id)
      #expect(!second.isTracked(y))
      second.watch(x)
      let z = try Diff.broadcast(.mul, x, y)
      try second.backward(from: Diff.sum(z))
      #expect(second.grad(x)?.toDoubles() == y.toDoubles())
      #expect(second.grad(y) == nil)
    }
  }

  @Test func finishReleasesSavedArrays() throws {
    let tape = Tape()
    Tape.active = tape
    let x = f64([2], [1, 2])
    tape.watch(x)
    weak var saved: Tensor?
    weak var intermediate: Tensor?
    try {
      let c = f64([2], [3, 4])
      saved = c
      let y = try Diff.broadcast(.mul, x, c)
      intermediate = y
      try tape.backward(from: Diff.sum(Diff.map(.tanh, y)))
    }()
    #expect(saved != nil)  // held by the pullback of x .* c while the tape lives
    tape.finish()
    Tape.active = nil
    #expect(saved == nil)
    #expect(intermediate == nil)
    #expect(tape.grad(x) != nil)
  }

  @Test func tapeIsPerThread() {
    final class Box: @unchecked Sendable { var sawNil = false }
    let tape = Tape()
    Tape.active = tape
    let box = Box(), done = DispatchSemaphore(value: 0)
    let thread = Thread {
      box.sawNil = Tape.active == nil
      Tape.active = Tape()  // released when the thread exits
      done.signal()
    }
    thread.start()
    done.wait()
    #expect(box.sawNil)
    #expect(Tape.active === tape)
    tape.finish()
    #expect(Tape.active == nil)
  }

  @Test func backwardNeedsAScalar() throws {
    let x = f64([2], [1, 2])
    try withTape { tape in
      tape.watch(x)
      let y = try Diff.map(.exp, x)
      #expect(throws: TensorError.self) { try tape.backward(from: y) }
      // A 1-element array is fine.
      try tape.backward(from: Diff.index(y, [.range(start: 1, step: 1, count: 1)]))
      #expect(tape.grad(x)?[linear: 1] == 0)
    }
  }

  @Test func badPermutationThrows() {
    let x = f64([2, 2], [1, 2, 3, 4])
    withTape { tape in
      tape.watch(x)
      #expect(throws: TensorError.self) { try Diff.permutedims(x, [1, 1]) }
      #expect(throws: TensorError.self) { try Diff.stack([x, f64([3], [1, 2, 3])], dim: 2) }
      #expect(throws: TensorError.self) { try Diff.stack([x], dim: 4) }
      #expect(throws: TensorError.self) { try Diff.stack(scalars: [x], shape: [1], dtype: .float64) }
    }
  }
}

/// `a + b` for 0-d tensors through the tape (test shorthand).
func + (a: Tensor, b: Tensor) throws -> Tensor { try Diff.broadcast(.add, a, b) }
