// Backpropagation through several steps, where the tape defers every step's weight products
// (dWi = dG·xᵀ, dWh = dG·hᵀ, GRUv3's dWh_h̃) to one GEMM per weight: the gradients must equal
// those of the per-step products (`Tape.defersProducts = false`) up to reassociation, those of
// the generic ops, and central differences.

import EddyAutodiff
import EddyNN
import EddyTensor
import Testing

/// The kinds whose sequences are checked (one RNN activation is enough: the products do not
/// depend on it).
let sequenceKinds: [Kind] = [.rnn(.tanh), .lstm, .gru, .gruv3]

/// Where a kind's state operands start in `Case.shapes` order.
func stateIndex(_ kind: Kind) -> Int {
  switch kind {
  case .rnn, .gru, .lstm: return 3
  case .gruv3: return 4
  }
}

/// A sequence model as data: the step's operands but the input (weights, bias, state0), and the
/// inputs of every step.
struct Sequence {
  let kind: Kind
  var params: [Tensor]
  var xs: [Tensor]

  /// `steps` steps of batch `batch` from a one-column state0, as `Flux.Recur` runs them.
  init(
    _ kind: Kind, _ dtype: DType, steps: Int, batch: Int, in n: Int = 4, out o: Int = 5,
    seed: UInt64
  ) {
    self.kind = kind
    let c = Case(kind, in: n, out: o, x: batch, h: 1)
    var ops = c.operands(dtype, seed: seed)
    xs = [ops.removeLast()]
    params = ops
    var rng = TestRNG(seed &+ 1000)
    for _ in 1..<steps {
      xs.append(
        Tensor(
          shape: [n, batch], doubles: (0..<(n * batch)).map { _ in rng.signed(1) }, dtype: dtype))
    }
  }

  /// Every operand that gets a gradient: the parameters, then the inputs.
  var all: [Tensor] { params + xs }

  /// Σ over the steps of `wrapped(outputs)`, running `step` (fused or composed) on `all`-ordered
  /// operands `t`.
  func loss(_ t: [Tensor], _ step: (Kind, [Tensor]) throws -> [Tensor]) throws -> Tensor {
    var ops = Array(t[0..<params.count])
    ops.append(t[params.count])
    let at = stateIndex(kind)
    var total: Tensor?
    for k in 0..<xs.count {
      ops[ops.count - 1] = t[params.count + k]
      let out = try step(kind, ops)
      for (j, s) in out.enumerated() { ops[at + j] = s }
      let l = try wrapped(out, use: [Bool](repeating: true, count: out.count))
      total = try total.map { try Diff.broadcast(.add, $0, l) } ?? l
    }
    return total!
  }
}

/// The gradients of `loss` for every operand of `ops` that `watch` selects (all by default),
/// with the tape's deferred products on or off.
func gradients(
  _ ops: [Tensor], defers: Bool, watch: [Bool]? = nil, _ loss: ([Tensor]) throws -> Tensor
) throws -> [Tensor?] {
  try gradientsAndTape(ops, defers: defers, watch: watch, loss).0
}

/// As `gradients`, with the (finished) tape, whose deferred-product counters stay readable.
func gradientsAndTape(
  _ ops: [Tensor], defers: Bool, watch: [Bool]? = nil, _ loss: ([Tensor]) throws -> Tensor
) throws -> ([Tensor?], Tape) {
  let tape = Tape()
  tape.defersProducts = defers
  Tape.active = tape
  defer {
    tape.finish()
    Tape.active = nil
  }
  for (k, t) in ops.enumerated() where watch?[k] ?? true { tape.watch(t) }
  let l = try loss(ops)
  try tape.backward(from: l)
  return (ops.map { tape.grad($0) }, tape)
}

/// Whether `a` matches `b` within `rtol` of `b`'s largest element (reassociation errors scale
/// with the sum's magnitude, not with each element's).
func close(_ a: Tensor, _ b: Tensor, rtol: Double) -> Bool {
  let x = a.toDoubles()
  let y = b.toDoubles()
  let scale = Swift.max(y.map { Swift.abs($0) }.max() ?? 0, 1e-300)
  return a.dtype == b.dtype && a.shape == b.shape
    && zip(x, y).allSatisfy { Swift.abs($0 - $1) <= rtol * scale }
}

/// Compares two gradient lists operand by operand.
func expectClose(
  _ a: [Tensor?], _ b: [Tensor?], rtol: Double, _ label: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(a.count == b.count, sourceLocation: sourceLocation)
  for (k, (ga, gb)) in zip(a, b).enumerated() {
    guard let ga, let gb else {
      #expect(
        ga == nil && gb == nil, "\(label): operand \(k + 1) has a gradient on one side only",
        sourceLocation: sourceLocation)
      continue
    }
    #expect(close(ga, gb, rtol: rtol), "\(label): operand \(k + 1)", sourceLocation: sourceLocation)
  }
}

@Suite("Backpropagation through time with deferred weight products")
struct SequenceTests {
  @Test(
    "5 steps, batch 3: deferred products equal the per-step products",
    arguments: sequenceKinds.map { $0.description })
  func deferredMatchesPerStep(_ name: String) throws {
    let kind = try #require(sequenceKinds.first { $0.description == name })
    for (dtype, rtol) in [(DType.float32, 1e-5), (.float64, 1e-12)] {
      let seq = Sequence(kind, dtype, steps: 5, batch: 3, seed: 31)
      let loss = { (t: [Tensor]) in try seq.loss(t, fused) }
      let (deferred, tape) = try gradientsAndTape(seq.all, defers: true, loss)
      let (perStep, plain) = try gradientsAndTape(seq.all, defers: false, loss)
      // Every step's columns went to the tape (one group for LSTM/RNN, two for the GRUs), and
      // ran as one GEMM per chunk and weight, fewer than one per step.
      let groups: Int
      switch kind {
      case .rnn, .lstm: groups = 1
      case .gru, .gruv3: groups = 2
      }
      #expect(tape.deferredColumns == groups * 5 * 3)
      #expect(tape.deferredGEMMs > 0 && tape.deferredGEMMs < 5 * (kind.gates == (3, 2) ? 3 : 2))
      #expect(plain.deferredColumns == 0 && plain.deferredGEMMs == 0)
      #expect(deferred.allSatisfy { $0 != nil })
      for (g, t) in zip(deferred, seq.all) { #expect(g?.dtype == dtype && g?.shape == t.shape) }
      expectClose(deferred, perStep, rtol: rtol, "\(kind) \(dtype)")
    }
  }

  @Test(
    "5 steps, batch 3: deferred products agree with the generic ops",
    arguments: sequenceKinds.map { $0.description })
  func deferredMatchesComposed(_ name: String) throws {
    let kind = try #require(sequenceKinds.first { $0.description == name })
    for (dtype, rtol) in [(DType.float32, 1e-4), (.float64, 1e-11)] {
      let seq = Sequence(kind, dtype, steps: 5, batch: 3, seed: 47)
      let deferred = try gradients(seq.all, defers: true) { try seq.loss($0, fused) }
      let generic = try gradients(seq.all, defers: true) { try seq.loss($0, composed) }
      expectClose(deferred, generic, rtol: rtol, "\(kind) \(dtype)")
    }
  }

  @Test(
    "4 steps, batch 3: every gradient matches central differences",
    arguments: sequenceKinds.map { $0.description })
  func finiteDifferences(_ name: String) throws {
    let kind = try #require(sequenceKinds.first { $0.description == name })
    let seq = Sequence(kind, .float64, steps: 4, batch: 3, in: 3, out: 4, seed: 53)
    try checkGradients("\(kind) 4 steps", seq.all) { try seq.loss($0, fused) }
  }

  @Test("vector inputs and states (batch 1) over several steps")
  func vectors() throws {
    for kind in sequenceKinds {
      var seq = Sequence(kind, .float64, steps: 3, batch: 1, seed: 61)
      let at = stateIndex(kind)
      for k in at..<seq.params.count {
        seq.params[k] = try seq.params[k].reshaped([seq.params[k].shape[0]])
      }
      seq.xs = try seq.xs.map { try $0.reshaped([$0.shape[0]]) }
      let loss = { (t: [Tensor]) in try seq.loss(t, fused) }
      expectClose(
        try gradients(seq.all, defers: true, loss), try gradients(seq.all, defers: false, loss),
        rtol: 1e-12, "\(kind) vectors")
    }
  }

  @Test("only some weights tracked; inputs not tracked (no dx)")
  func partial() throws {
    for kind in sequenceKinds {
      let seq = Sequence(kind, .float64, steps: 5, batch: 3, seed: 67)
      let loss = { (t: [Tensor]) in try seq.loss(t, fused) }
      let n = seq.params.count
      // Wh alone; then Wi and b with no input tracked.
      for watch in [[false, true], [true, false, true]] {
        let mask = (0..<seq.all.count).map { $0 < watch.count ? watch[$0] : false }
        let a = try gradients(seq.all, defers: true, watch: mask, loss)
        let b = try gradients(seq.all, defers: false, watch: mask, loss)
        expectClose(a, b, rtol: 1e-12, "\(kind) watching \(watch)")
        #expect(a[0..<watch.count].map { $0 != nil } == watch)
        #expect(a[n...].allSatisfy { $0 == nil })
      }
    }
  }

  @Test(
    "a weight computed from a parameter (a non-leaf node) gets its products before its pullback")
  func intermediateWeight() throws {
    for kind in sequenceKinds {
      let seq = Sequence(kind, .float64, steps: 4, batch: 2, seed: 71)
      // Wi = 2 .* P and Wh = P2 .- 0.5, recorded once before the sequence.
      let loss = { (t: [Tensor]) -> Tensor in
        var u = t
        u[0] = try Diff.broadcast(.mul, t[0], Tensor.scalar(2, .float64))
        u[1] = try Diff.broadcast(.sub, t[1], Tensor.scalar(0.5, .float64))
        return try seq.loss(u, fused)
      }
      expectClose(
        try gradients(seq.all, defers: true, loss), try gradients(seq.all, defers: false, loss),
        rtol: 1e-12, "\(kind) intermediate weights")
    }
  }

  @Test("one weight shared by two layers: two deferred groups add into one node")
  func sharedWeight() throws {
    for kind in sequenceKinds {
      let a = Sequence(kind, .float64, steps: 4, batch: 3, seed: 73)
      let b = Sequence(kind, .float64, steps: 3, batch: 2, seed: 79)
      // Layer b uses layer a's Wh (its own Wi, b, state0, inputs).
      let na = a.all.count
      let ops = a.all + b.all.enumerated().filter { $0.offset != 1 }.map { $0.element }
      let loss = { (t: [Tensor]) -> Tensor in
        var tb = Array(t[na...])
        tb.insert(t[1], at: 1)
        return try Diff.broadcast(
          .add, a.loss(Array(t[0..<na]), fused), b.loss(tb, fused))
      }
      expectClose(
        try gradients(ops, defers: true, loss), try gradients(ops, defers: false, loss),
        rtol: 1e-12, "\(kind) shared Wh")
    }
  }

  @Test("Float32 weights of a Float64 sequence get Float32 gradients")
  func mixed() throws {
    for kind in sequenceKinds {
      var seq = Sequence(kind, .float64, steps: 4, batch: 3, seed: 83)
      seq.params[0] = try seq.params[0].converted(to: .float32)
      seq.params[1] = try seq.params[1].converted(to: .float32)
      let loss = { (t: [Tensor]) in try seq.loss(t, fused) }
      let a = try gradients(seq.all, defers: true, loss)
      let b = try gradients(seq.all, defers: false, loss)
      #expect(a[0]?.dtype == .float32 && a[1]?.dtype == .float32 && a[2]?.dtype == .float64)
      expectClose(a, b, rtol: 1e-6, "\(kind) mixed")
    }
  }

  @Test("a second backward pass on the same tape gives the same gradients")
  func backwardTwice() throws {
    let seq = Sequence(.lstm, .float32, steps: 5, batch: 3, seed: 89)
    let tape = Tape()
    Tape.active = tape
    defer {
      tape.finish()
      Tape.active = nil
    }
    for t in seq.all { tape.watch(t) }
    let l = try seq.loss(seq.all, fused)
    try tape.backward(from: l)
    let first = seq.all.map { tape.grad($0) }
    try tape.backward(from: l)
    let second = seq.all.map { tape.grad($0) }
    expectClose(first, second, rtol: 0, "lstm twice")
  }

  @Test("an input modified in place before the backward pass is still an error")
  func modifiedInPlace() throws {
    for kind in sequenceKinds {
      let seq = Sequence(kind, .float32, steps: 3, batch: 2, seed: 97)
      let tape = Tape()
      Tape.active = tape
      defer {
        tape.finish()
        Tape.active = nil
      }
      tape.watch(seq.params[0])
      let l = try seq.loss(seq.all, fused)
      seq.xs[1].storage.version += 1  // what `x .= 0` does
      #expect(throws: TensorError.self) { try tape.backward(from: l) }
      // The tape is still usable once the input is restored.
      seq.xs[1].storage.version -= 1
      try tape.backward(from: l)
      #expect(tape.grad(seq.params[0]) != nil)
    }
  }
}
