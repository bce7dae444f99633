// The fused pullbacks against central finite differences (Float64, rtol 1e-6), with every
// output wrapped as sum(sin.(out)) so that transposition bugs show, and the tape's rules for
// recording, two outputs, and arrays modified in place.

import EddyAutodiff
import EddyNN
import EddyTensor
import Testing

/// Σ sin.(outᵢ) over the outputs `use` selects, each scaled differently so h′ and c′ do not
/// share a gradient pattern.
func wrapped(_ outs: [Tensor], use: [Bool]) throws -> Tensor {
  var total: Tensor?
  for (k, o) in outs.enumerated() where use[k] {
    let scaled = try Diff.broadcast(.mul, o, Tensor.scalar(Double(k + 1), o.dtype))
    let s = try Diff.sum(Diff.map(.sin, scaled))
    total = try total.map { try Diff.broadcast(.add, $0, s) } ?? s
  }
  return total ?? Tensor.scalar(0, .float64)
}

/// Analytic gradients of `loss(ops)` for every operand, nil where none flowed.
func analytic(_ ops: [Tensor], _ loss: ([Tensor]) throws -> Tensor) throws -> [Tensor?] {
  let tape = Tape()
  Tape.active = tape
  defer {
    tape.finish()
    Tape.active = nil
  }
  for t in ops { tape.watch(t) }
  let l = try loss(ops)
  try tape.backward(from: l)
  return ops.map { tape.grad($0) }
}

/// Checks every element of every operand's gradient against central differences.
func checkGradients(
  _ label: String, _ ops: [Tensor], sourceLocation: SourceLocation = #_sourceLocation,
  _ loss: ([Tensor]) throws -> Tensor
) throws {
  let grads = try analytic(ops, loss)
  let names = ["1", "2", "3", "4", "5", "6"]
  for (k, x) in ops.enumerated() {
    guard let g = grads[k] else {
      Issue.record("\(label): operand \(names[k]) got no gradient", sourceLocation: sourceLocation)
      continue
    }
    #expect(
      g.shape == x.shape, "\(label): gradient shape of operand \(k + 1)",
      sourceLocation: sourceLocation)
    let eps = 1e-6
    for i in 0..<x.count {
      let old = x[linear: i]
      x[linear: i] = old + eps
      let up = try loss(ops)[linear: 0]
      x[linear: i] = old - eps
      let down = try loss(ops)[linear: 0]
      x[linear: i] = old
      let numeric = (up - down) / (2 * eps)
      let a = g[linear: i]
      let err = abs(a - numeric) / max(1, abs(a), abs(numeric))
      #expect(
        err < 1e-6, "\(label): operand \(k + 1)[\(i + 1)]: analytic \(a), numeric \(numeric)",
        sourceLocation: sourceLocation)
    }
  }
}

@Suite("Fused cell pullbacks")
struct GradientTests {
  @Test(
    "dWi, dWh, db, dh, dc, dx match central differences", arguments: allKinds.map { $0.description }
  )
  func finiteDifferences(_ name: String) throws {
    let kind = try #require(allKinds.first { $0.description == name })
    for (k, c) in cases(kind).enumerated() {
      let ops = c.operands(.float64, seed: UInt64(200 + k))
      let uses: [[Bool]] =
        kind.outputs == 2 ? [[true, true], [true, false], [false, true]] : [[true]]
      for use in uses {
        try checkGradients("\(c) outputs \(use)", ops) { try wrapped(fused(kind, $0), use: use) }
      }
    }
  }

  @Test(
    "two chained steps from a broadcast state0 (h with 1 column, x with 3)",
    arguments: allKinds.map { $0.description })
  func twoSteps(_ name: String) throws {
    let kind = try #require(allKinds.first { $0.description == name })
    let c = Case(kind, x: 3, h: 1)
    var ops = c.operands(.float64, seed: 9)
    var rng = TestRNG(99)
    let x2 = Tensor(
      shape: [c.input, 3], doubles: (0..<(3 * c.input)).map { _ in rng.signed(1) }, dtype: .float64)
    ops.append(x2)
    try checkGradients("\(kind) two steps", ops) { t in
      let first = Array(t.dropLast())
      let out1 = try fused(kind, first)
      var second = first
      let stateAt = kind.outputs == 2 ? 3 : (first.count - 2)
      for (k, s) in out1.enumerated() { second[stateAt + k] = s }
      second[second.count - 1] = t[t.count - 1]
      return try wrapped(fused(kind, second), use: [Bool](repeating: true, count: kind.outputs))
    }
  }

  @Test(
    "agrees with the generic ops' gradients in Float32", arguments: allKinds.map { $0.description })
  func float32(_ name: String) throws {
    let kind = try #require(allKinds.first { $0.description == name })
    let c = Case(kind, in: 5, out: 18, x: 3, h: 1)
    let ops = c.operands(.float32, seed: 17)
    let use = [Bool](repeating: true, count: kind.outputs)
    let a = try analytic(ops) { try wrapped(fused(kind, $0), use: use) }
    let b = try analytic(ops) { try wrapped(composed(kind, $0), use: use) }
    for k in 0..<ops.count {
      let ga = try #require(a[k])
      let gb = try #require(b[k])
      #expect(ga.dtype == .float32 && ga.shape == ops[k].shape)
      #expect(agree(ga.toDoubles(), gb.toDoubles(), rtol: 1e-5), "\(kind) operand \(k + 1)")
    }
  }

  @Test("Float32 operands of a Float64 step get Float32 gradients")
  func mixedGradients() throws {
    let c = Case(.gru, x: 2, h: 1)
    var ops = c.operands(.float64, seed: 5)
    ops[3] = try ops[3].converted(to: .float32)
    ops[4] = try ops[4].converted(to: .float32)
    let g = try analytic(ops) { try wrapped(fused(.gru, $0), use: [true]) }
    #expect(g[3]?.dtype == .float32 && g[4]?.dtype == .float32 && g[0]?.dtype == .float64)
  }

  @Test("nothing is recorded without a tape or a tracked operand")
  func noRecording() throws {
    let ops = Case(.lstm, x: 2, h: 1).operands(.float32, seed: 2)
    _ = try fused(.lstm, ops)  // no tape at all
    let tape = Tape()
    Tape.active = tape
    defer {
      tape.finish()
      Tape.active = nil
    }
    let out = try fused(.lstm, ops)
    #expect(tape.count == 0)
    #expect(!tape.isTracked(out[0]) && !tape.isTracked(out[1]))
    tape.watch(ops[0])
    let tracked = try fused(.lstm, ops)
    #expect(tape.isTracked(tracked[0]) && tape.isTracked(tracked[1]))
  }

  @Test("only the tracked operands get gradients")
  func partial() throws {
    let ops = Case(.lstm, x: 2, h: 1).operands(.float64, seed: 3)
    let tape = Tape()
    Tape.active = tape
    defer {
      tape.finish()
      Tape.active = nil
    }
    tape.watch(ops[5])  // x only
    let l = try wrapped(fused(.lstm, ops), use: [true, true])
    try tape.backward(from: l)
    #expect(tape.grad(ops[5]) != nil)
    #expect(tape.grad(ops[0]) == nil && tape.grad(ops[4]) == nil)
  }

  @Test("an operand modified in place before the backward pass is an error")
  func modifiedInPlace() throws {
    let ops = Case(.gruv3, x: 2, h: 1).operands(.float64, seed: 4)
    let tape = Tape()
    Tape.active = tape
    defer {
      tape.finish()
      Tape.active = nil
    }
    for t in ops { tape.watch(t) }
    let l = try wrapped(fused(.gruv3, ops), use: [true])
    ops[5].storage.version += 1  // what `x .= 0` does
    #expect(throws: TensorError.self) { try tape.backward(from: l) }
  }
}

@Suite("Multi-output custom ops")
struct MultiOutputTests {
  @Test("the joint pullback runs once with every output's gradient, nil for unused ones")
  func joint() throws {
    let x = Tensor(shape: [3], doubles: [1, 2, 3], dtype: .float64)
    let tape = Tape()
    Tape.active = tape
    defer {
      tape.finish()
      Tape.active = nil
    }
    tape.watch(x)
    let a = try x.converted(to: .float64)
    let b = try x.converted(to: .float64)
    var calls = 0
    var seen: [Bool] = []
    Diff.record(outputs: [a, b], inputs: [x]) { gs in
      calls += 1
      seen = gs.map { $0 != nil }
      return [try gs[0].map { try Diff.broadcast(.mul, $0, Tensor.scalar(2, .float64)) }]
    }
    // a used twice, b not at all.
    let l = try Diff.sum(Diff.broadcast(.add, a, a))
    try tape.backward(from: l)
    #expect(calls == 1)
    #expect(seen == [true, false])
    #expect(tape.grad(x)?.toDoubles() == [4, 4, 4])
  }
}
