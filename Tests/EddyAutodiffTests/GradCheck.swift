// Finite-difference gradient checker, in the style of tinygrad's helper_test_op: one line per
// rule. The output is wrapped as sum(sin.(f(x))) so that every output element gets a different
// weight and transposition bugs show.

import EddyAutodiff
import EddyTensor
import Testing

/// A small deterministic generator (SplitMix64) for test inputs.
struct TestRNG {
  var state: UInt64
  init(_ seed: UInt64) { state = seed }
  mutating func next() -> Double {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Double(z >> 11) / Double(1 << 53)
  }
}

/// How test inputs are drawn.
enum Domain {
  /// Magnitude in [0.2, 1.5] with a random sign (keeps kinks at 0 out of reach).
  case signed
  /// In [0.5, 2] (for log, sqrt, pow bases, division).
  case positive
}

func randomTensor(_ shape: [Int], _ domain: Domain, _ rng: inout TestRNG) -> Tensor {
  let n = shape.reduce(1, *)
  var xs: [Double] = []
  for _ in 0..<n {
    switch domain {
    case .signed:
      let m = 0.2 + 1.3 * rng.next()
      xs.append(rng.next() < 0.5 ? -m : m)
    case .positive:
      xs.append(0.5 + 1.5 * rng.next())
    }
  }
  return Tensor(shape: shape, doubles: xs, dtype: .float64)
}

/// sum(sin.(f(xs))) as a Double, with whatever tape is active.
func wrappedLoss(_ f: ([Tensor]) throws -> Tensor, _ xs: [Tensor]) throws -> Tensor {
  try Diff.sum(Diff.map(.sin, f(xs)))
}

/// Checks the gradient of sum(sin.(f(x...))) against central differences for every element of
/// every input (Float64), with relative tolerance 1e-6.
func check(
  _ shapes: [[Int]], _ domain: Domain = .signed, seed: UInt64 = 1,
  sourceLocation: SourceLocation = #_sourceLocation,
  _ f: ([Tensor]) throws -> Tensor
) throws {
  var rng = TestRNG(seed &+ UInt64(shapes.count) &* 7919)
  let xs = shapes.map { randomTensor($0, domain, &rng) }

  // Analytical gradients.
  let tape = Tape()
  Tape.active = tape
  defer {
    tape.finish()
    Tape.active = nil
  }
  for x in xs { tape.watch(x) }
  let loss = try wrappedLoss(f, xs)
  try tape.backward(from: loss)
  let grads = xs.map { tape.grad($0) }
  Tape.active = nil

  // Numerical gradients.
  let h = 1e-5
  for (k, x) in xs.enumerated() {
    guard let g = grads[k] else {
      Issue.record("input \(k + 1) got no gradient", sourceLocation: sourceLocation)
      continue
    }
    #expect(g.shape == x.shape, "gradient shape of input \(k + 1)", sourceLocation: sourceLocation)
    #expect(g.dtype == .float64, sourceLocation: sourceLocation)
    for i in 0..<x.count {
      let old = x[linear: i]
      x[linear: i] = old + h
      let up = try wrappedLoss(f, xs)[linear: 0]
      x[linear: i] = old - h
      let down = try wrappedLoss(f, xs)[linear: 0]
      x[linear: i] = old
      let numeric = (up - down) / (2 * h)
      let analytic = g[linear: i]
      let err = abs(analytic - numeric) / Swift.max(1, abs(analytic), abs(numeric))
      #expect(
        err < 1e-6,
        "input \(k + 1) element \(i + 1): analytic \(analytic), numeric \(numeric)",
        sourceLocation: sourceLocation)
    }
  }
}

/// The broadcast shape pairs every binary rule is checked on.
let broadcastPairs: [[[Int]]] = [
  [[3, 4], [3, 4]], [[3, 4], [3, 1]], [[3, 4], [1, 4]], [[3, 4], []], [[3], [3, 4]],
  [[], [2, 3]], [[1, 4], [3, 1]],
]

/// Checks `a .op b` on every broadcast shape pair.
func checkBinary(
  _ op: BinaryOp, _ domain: Domain = .signed, sourceLocation: SourceLocation = #_sourceLocation
) throws {
  for shapes in broadcastPairs {
    try check(shapes, domain, sourceLocation: sourceLocation) {
      try Diff.broadcast(op, $0[0], $0[1])
    }
  }
}

/// Checks `f.(x)` on a 3×4 array.
func checkUnary(
  _ op: UnaryOp, _ domain: Domain = .signed, sourceLocation: SourceLocation = #_sourceLocation
) throws {
  try check([[3, 4]], domain, sourceLocation: sourceLocation) { try Diff.map(op, $0[0]) }
}
