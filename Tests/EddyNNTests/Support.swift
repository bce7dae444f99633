// Shared helpers of the cell-kernel tests: the cells as data (kinds, operand shapes, random
// operands), the fused step, the same step composed from the generic autodiff ops (what the
// interpreted Eddy code runs), and a plain-loop reference.

import EddyAutodiff
import EddyNN
import EddyTensor

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
  /// Uniform in [-scale, scale].
  mutating func signed(_ scale: Double) -> Double { (2 * next() - 1) * scale }
}

/// The four cells (RNN with its activation).
enum Kind: CustomStringConvertible {
  case rnn(CellActivation)
  case lstm, gru, gruv3

  var description: String {
    switch self {
    case .rnn(let a): return "rnn(\(a))"
    case .lstm: return "lstm"
    case .gru: return "gru"
    case .gruv3: return "gruv3"
    }
  }
  /// Gate blocks of `Wi`/`b`, and of `Wh`.
  var gates: (Int, Int) {
    switch self {
    case .rnn: return (1, 1)
    case .lstm: return (4, 4)
    case .gru: return (3, 3)
    case .gruv3: return (3, 2)
    }
  }
  var outputs: Int { if case .lstm = self { return 2 } else { return 1 } }
  /// Positions of Wi, x, Wh, h in `Case.shapes` order.
  var productOperands: [Int] {
    switch self {
    case .rnn, .gru: return [0, 4, 1, 3]
    case .lstm: return [0, 5, 1, 3]
    case .gruv3: return [0, 5, 1, 4]
    }
  }
}

/// One test configuration: a cell and its operand shapes. `state` gives h's (and c's) shape as
/// its column count, nil meaning a vector.
struct Case: CustomStringConvertible {
  let kind: Kind
  let input: Int, hidden: Int
  let xCols: Int?, hCols: Int?, cCols: Int?

  init(_ kind: Kind, in input: Int = 3, out hidden: Int = 4, x: Int?, h: Int?, c: Int? = -1) {
    self.kind = kind
    self.input = input
    self.hidden = hidden
    xCols = x
    hCols = h
    cCols = c == -1 ? h : c
  }

  var description: String {
    "\(kind) in=\(input) out=\(hidden) x=\(s(xCols)) h=\(s(hCols)) c=\(s(cCols))"
  }
  private func s(_ c: Int?) -> String { c.map { "(·,\($0))" } ?? "vector" }

  /// Operand shapes in the fused step's order.
  var shapes: [[Int]] {
    let (g, gh) = kind.gates
    let o = hidden
    func st(_ cols: Int?) -> [Int] { cols.map { [o, $0] } ?? [o] }
    let x = xCols.map { [input, $0] } ?? [input]
    switch kind {
    case .rnn, .gru: return [[g * o, input], [gh * o, o], [g * o], st(hCols), x]
    case .lstm: return [[g * o, input], [gh * o, o], [g * o], st(hCols), st(cCols), x]
    case .gruv3: return [[g * o, input], [gh * o, o], [g * o], [o, o], st(hCols), x]
    }
  }

  func operands(_ dtype: DType, seed: UInt64) -> [Tensor] {
    var rng = TestRNG(seed)
    return shapes.map { shape in
      let n = shape.reduce(1, *)
      return Tensor(shape: shape, doubles: (0..<n).map { _ in rng.signed(0.9) }, dtype: dtype)
    }
  }
}

/// The fused step on operands in `Case.shapes` order; `[h′]` or `[h′, c′]`.
func fused(_ kind: Kind, _ t: [Tensor]) throws -> [Tensor] {
  switch kind {
  case .rnn(let a): return [try Cells.rnnStep(a, Wi: t[0], Wh: t[1], b: t[2], h: t[3], x: t[4])]
  case .lstm:
    let (h, c) = try Cells.lstmStep(Wi: t[0], Wh: t[1], b: t[2], h: t[3], c: t[4], x: t[5])
    return [h, c]
  case .gru: return [try Cells.gruStep(Wi: t[0], Wh: t[1], b: t[2], h: t[3], x: t[4])]
  case .gruv3:
    return [try Cells.gruv3Step(Wi: t[0], Wh: t[1], b: t[2], Whh: t[3], h: t[4], x: t[5])]
  }
}

/// The `IfFits` form of the fused step: nil when it declines the operands.
func ifFits(_ kind: Kind, _ t: [Tensor]) throws -> [Tensor]? {
  switch kind {
  case .rnn(let a):
    return try Cells.rnnStepIfFits(a, Wi: t[0], Wh: t[1], b: t[2], h: t[3], x: t[4]).map { [$0] }
  case .lstm:
    return try Cells.lstmStepIfFits(Wi: t[0], Wh: t[1], b: t[2], h: t[3], c: t[4], x: t[5]).map {
      [$0.h, $0.c]
    }
  case .gru:
    return try Cells.gruStepIfFits(Wi: t[0], Wh: t[1], b: t[2], h: t[3], x: t[4]).map { [$0] }
  case .gruv3:
    return try Cells.gruv3StepIfFits(Wi: t[0], Wh: t[1], b: t[2], Whh: t[3], h: t[4], x: t[5]).map {
      [$0]
    }
  }
}

// MARK: - The step from generic ops (as FluxPrelude+Layers.swift's `_generic` methods run it)

private func add(_ a: Tensor, _ b: Tensor) throws -> Tensor { try Diff.broadcast(.add, a, b) }
private func mul(_ a: Tensor, _ b: Tensor) throws -> Tensor { try Diff.broadcast(.mul, a, b) }
private func gate(_ g: Tensor, _ o: Int, _ k: Int) throws -> Tensor {
  let rows = IndexSpec.range(start: (k - 1) * o + 1, step: 1, count: o)
  return try Diff.index(g, g.ndims == 1 ? [rows] : [rows, .all])
}

func composed(_ kind: Kind, _ t: [Tensor]) throws -> [Tensor] {
  let one = Tensor.scalar(1, .int64)
  switch kind {
  case .rnn(let a):
    let p = try add(add(Diff.matmul(t[0], t[4]), Diff.matmul(t[1], t[3])), t[2])
    switch a {
    case .tanh: return [try Diff.map(.tanh, p)]
    case .sigmoid: return [try Diff.map(.sigmoid, p)]
    case .relu: return [try Diff.map(.relu, p)]
    case .identity: return [p]
    }
  case .lstm:
    let (h, c) = (t[3], t[4])
    let o = h.shape[0]
    let g = try add(add(Diff.matmul(t[0], t[5]), Diff.matmul(t[1], h)), t[2])
    let cn = try add(
      mul(Diff.map(.sigmoid, gate(g, o, 2)), c),
      mul(Diff.map(.sigmoid, gate(g, o, 1)), Diff.map(.tanh, gate(g, o, 3))))
    let hn = try mul(Diff.map(.sigmoid, gate(g, o, 4)), Diff.map(.tanh, cn))
    return [hn, cn]
  case .gru:
    let h = t[3]
    let o = h.shape[0]
    let gx = try Diff.matmul(t[0], t[4])
    let gh = try Diff.matmul(t[1], h)
    let b = t[2]
    let r = try Diff.map(.sigmoid, add(add(gate(gx, o, 1), gate(gh, o, 1)), gate(b, o, 1)))
    let z = try Diff.map(.sigmoid, add(add(gate(gx, o, 2), gate(gh, o, 2)), gate(b, o, 2)))
    let ht = try Diff.map(.tanh, add(add(gate(gx, o, 3), mul(r, gate(gh, o, 3))), gate(b, o, 3)))
    return [try add(mul(Diff.broadcast(.sub, one, z), ht), mul(z, h))]
  case .gruv3:
    let h = t[4]
    let o = h.shape[0]
    let gx = try Diff.matmul(t[0], t[5])
    let gh = try Diff.matmul(t[1], h)
    let b = t[2]
    let r = try Diff.map(.sigmoid, add(add(gate(gx, o, 1), gate(gh, o, 1)), gate(b, o, 1)))
    let z = try Diff.map(.sigmoid, add(add(gate(gx, o, 2), gate(gh, o, 2)), gate(b, o, 2)))
    let ht = try Diff.map(
      .tanh, add(add(gate(gx, o, 3), Diff.matmul(t[3], mul(r, h))), gate(b, o, 3)))
    return [try add(mul(Diff.broadcast(.sub, one, z), ht), mul(z, h))]
  }
}

// MARK: - Plain loops, in Double

/// The step computed element by element: returns `[h′]` or `[h′, c′]` as `(out × batch)`
/// column-major Doubles.
func reference(_ c: Case, _ t: [Tensor]) -> [[Double]] {
  let o = c.hidden
  let n = c.input
  let batch = [c.xCols, c.hCols, c.kind.outputs == 2 ? c.cCols : nil].compactMap { $0 }.max() ?? 1
  let v = t.map { $0.toDoubles() }
  func col(_ cols: Int?, _ j: Int) -> Int { (cols ?? 1) == 1 ? 0 : j }
  func sig(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
  // (W * v)[row, column j] for W with `rows` rows.
  func mv(_ w: [Double], _ rows: Int, _ k: Int, _ x: [Double], _ xj: Int, _ row: Int) -> Double {
    var s = 0.0
    for q in 0..<k { s += w[row + q * rows] * x[q + xj * k] }
    return s
  }
  var hOut = [Double](repeating: 0, count: o * batch)
  var cOut = hOut
  let (g, gh) = c.kind.gates
  for j in 0..<batch {
    let xj = col(c.xCols, j)
    let hj = col(c.hCols, j)
    let cj = col(c.cCols, j)
    let (Wi, Wh, b) = (v[0], v[1], v[2])
    let h: [Double]
    switch c.kind {
    case .lstm, .rnn, .gru: h = v[3]
    case .gruv3: h = v[4]
    }
    let x = v[v.count - 1]
    func pre(_ row: Int) -> Double {
      mv(Wi, g * o, n, x, xj, row) + mv(Wh, gh * o, o, h, hj, row) + b[row]
    }
    for r in 0..<o {
      let hp = h[r + hj * o]
      switch c.kind {
      case .rnn(let a):
        let p = pre(r)
        switch a {
        case .tanh: hOut[r + j * o] = tanh(p)
        case .sigmoid: hOut[r + j * o] = sig(p)
        case .relu: hOut[r + j * o] = max(p, 0)
        case .identity: hOut[r + j * o] = p
        }
      case .lstm:
        let i = sig(pre(r))
        let f = sig(pre(o + r))
        let gg = tanh(pre(2 * o + r))
        let og = sig(pre(3 * o + r))
        let cn = f * v[4][r + cj * o] + i * gg
        cOut[r + j * o] = cn
        hOut[r + j * o] = og * tanh(cn)
      case .gru:
        let rg = sig(pre(r))
        let z = sig(pre(o + r))
        let ht = tanh(
          mv(Wi, g * o, n, x, xj, 2 * o + r) + rg * mv(Wh, gh * o, o, h, hj, 2 * o + r)
            + b[2 * o + r])
        hOut[r + j * o] = (1 - z) * ht + z * hp
      case .gruv3:
        let z = sig(pre(o + r))
        var q = 0.0
        for k in 0..<o { q += v[3][r + k * o] * sig(pre(k)) * h[k + hj * o] }
        let ht = tanh(mv(Wi, g * o, n, x, xj, 2 * o + r) + q + b[2 * o + r])
        hOut[r + j * o] = (1 - z) * ht + z * hp
      }
    }
  }
  return c.kind.outputs == 2 ? [hOut, cOut] : [hOut]
}
