// Numerical oracle tests for the recurrent cells and the optimisers.
//
// Cells: ../EddyNNTests/reference.json is written by ../EddyNNTests/make_reference.py with
// PyTorch (RNNCell/LSTMCell/GRUCell, bias_hh = 0, 3 steps, gradients of the sum of all
// outputs). The same computation runs here through Eddy source code with Flux's raw cell
// constructors, and outputs and gradients must agree to 1e-5 relative.
//
// Optimisers: the first three steps of every optimiser are compared with the update rules of
// reference/flux-spec.md §4.7, computed here in Swift.

import Foundation
import Testing

// MARK: - Running Eddy and reading its numbers

/// Runs `source` and parses lines `key: v1 v2 …` into arrays of Doubles.
func runForNumbers(_ source: String, file: String) -> ([String: [Double]], ScriptRun) {
  let run = runEddy(source: source, file: file)
  var table: [String: [Double]] = [:]
  for line in normalisedLines(run.stdout) {
    guard let colon = line.firstIndex(of: ":") else { continue }
    let key = String(line[..<colon])
    let values = line[line.index(after: colon)...].split(separator: " ").compactMap { Double(String($0)) }
    table[key] = values
  }
  return (table, run)
}

/// `true` when every element agrees to `rtol` relative (with an absolute floor of `rtol * 1e-3`).
func close(_ a: [Double], _ b: [Double], rtol: Double = 1e-5) -> Bool {
  guard a.count == b.count else { return false }
  for (x, y) in zip(a, b) where abs(x - y) > rtol * max(abs(y), 1e-3) { return false }
  return true
}

func julia(_ v: [Double]) -> String { "[" + v.map { "\($0)" }.joined(separator: ", ") + "]" }
func julia(_ v: [Double], rows: Int, cols: Int) -> String { "reshape(\(julia(v)), \(rows), \(cols))" }

// MARK: - Cells against PyTorch

struct CellReference {
  let kind: String
  let record: [String: Any]
  func vec(_ key: String) -> [Double] { (record[key] as? [Double]) ?? (record[key] as? [NSNumber])?.map { $0.doubleValue } ?? [] }
  func vecs(_ key: String) -> [[Double]] {
    ((record[key] as? [Any]) ?? []).map { e in (e as? [Double]) ?? (e as? [NSNumber])?.map { $0.doubleValue } ?? [] }
  }
  func int(_ key: String) -> Int { (record[key] as? Int) ?? (record[key] as? NSNumber)?.intValue ?? 0 }

  static func load(_ kind: String) throws -> CellReference {
    let path = testsDirectory() + "/../EddyNNTests/reference.json"
    let text = try #require(readTextFile(path), "missing \(path); run make_reference.py")
    let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    let rec = try #require(json?[kind] as? [String: Any], "no \(kind) record in reference.json")
    return CellReference(kind: kind, record: rec)
  }

  /// Eddy source that builds the cell from the reference weights, runs 3 steps functionally
  /// (and through Recur), and prints outputs and gradients.
  var eddySource: String {
    let I = int("in"), H = int("hidden")
    let G = ["rnn": 1, "lstm": 4, "gru": 3][kind]!
    var s = "using Flux\n"
    s += "Wi = \(julia(vec("Wi"), rows: G * H, cols: I))\n"
    s += "Wh = \(julia(vec("Wh"), rows: G * H, cols: H))\n"
    s += "b = \(julia(vec("b")))\n"
    s += "h0 = \(julia(vec("h0")))\n"
    s += "xs = [" + vecs("xs").map { julia($0) }.joined(separator: ", ") + "]\n"
    switch kind {
    case "rnn": s += "cell = Flux.RNNCell(tanh, Wi, Wh, b, h0)\n"
    case "gru": s += "cell = Flux.GRUCell(Wi, Wh, b, h0)\n"
    default:
      s += "c0 = \(julia(vec("c0")))\n"
      s += "cell = Flux.LSTMCell(Wi, Wh, b, (h0, c0))\n"
    }
    s += """
      show_(k, v) = println(k, ": ", join(string.(vec(v)), " "))
      function unroll(cell, xs)
          h = cell.state0
          total = 0.0
          for x in xs
              h, y = cell(h, x)
              total += sum(y)
          end
          total
      end
      state_arrays = cell.state0 isa Tuple ? collect(cell.state0) : [cell.state0]
      ps = Flux.params(cell.Wi, cell.Wh, cell.b, state_arrays..., xs...)
      gs = gradient(() -> unroll(cell, xs), ps)
      show_("loss", [unroll(cell, xs)])
      show_("grad_Wi", gs[cell.Wi])
      show_("grad_Wh", gs[cell.Wh])
      show_("grad_b", gs[cell.b])
      show_("grad_h0", gs[state_arrays[1]])
      length(state_arrays) > 1 && show_("grad_c0", gs[state_arrays[2]])
      for (t, x) in enumerate(xs)
          show_("grad_x$(t)", gs[x])
      end
      m = Flux.Recur(cell)
      for (t, x) in enumerate(xs)
          show_("out$(t)", m(x))
      end

      """
    return s
  }
}

@Suite("Cells match PyTorch")
struct CellOracleTests {
  @Test("cell outputs and gradients match the PyTorch reference", arguments: ["rnn", "lstm", "gru"])
  func cell(_ kind: String) throws {
    let ref = try CellReference.load(kind)
    let (got, run) = runForNumbers(ref.eddySource, file: "oracle_\(kind).jl")
    #expect(run.error == nil, "\(kind): \(run.error ?? "")\n\(ref.eddySource)")
    let outs = ref.vecs("outputs")
    for t in 0..<outs.count {
      #expect(close(got["out\(t + 1)"] ?? [], outs[t]), "\(kind) output \(t + 1): got \(got["out\(t + 1)"] ?? []) want \(outs[t])")
    }
    #expect(close(got["loss"] ?? [], [ref.vec("loss").first ?? (ref.record["loss"] as? Double ?? .nan)]),
      "\(kind) loss: got \(got["loss"] ?? []) want \(ref.record["loss"] ?? "")")
    var keys = ["grad_Wi", "grad_Wh", "grad_b", "grad_h0"]
    if kind == "lstm" { keys.append("grad_c0") }
    for k in keys {
      #expect(close(got[k] ?? [], ref.vec(k)), "\(kind) \(k): got \(got[k] ?? []) want \(ref.vec(k))")
    }
    let gx = ref.vecs("grad_xs")
    for t in 0..<gx.count {
      #expect(close(got["grad_x\(t + 1)"] ?? [], gx[t]), "\(kind) grad x\(t + 1): got \(got["grad_x\(t + 1)"] ?? []) want \(gx[t])")
    }
  }
}

// MARK: - Optimisers against their update formulas

/// A Swift model of one optimiser's per-parameter rule: maps (x, g) to the step Δ (x ← x − Δ).
protocol OptRule { mutating func step(_ x: [Double], _ g: [Double]) -> [Double] }

let EPS = 1e-8
func zeros(_ n: Int) -> [Double] { [Double](repeating: 0, count: n) }

struct DescentRule: OptRule {
  var eta: Double
  mutating func step(_ x: [Double], _ g: [Double]) -> [Double] { g.map { eta * $0 } }
}
struct MomentumRule: OptRule {
  var eta: Double, rho: Double, v: [Double] = []
  mutating func step(_ x: [Double], _ g: [Double]) -> [Double] {
    if v.isEmpty { v = zeros(g.count) }
    for i in g.indices { v[i] = rho * v[i] - eta * g[i] }
    return v.map { -$0 }
  }
}
struct NesterovRule: OptRule {
  var eta: Double, rho: Double, v: [Double] = []
  mutating func step(_ x: [Double], _ g: [Double]) -> [Double] {
    if v.isEmpty { v = zeros(g.count) }
    var d = zeros(g.count)
    for i in g.indices {
      d[i] = rho * rho * v[i] - (1 + rho) * eta * g[i]
      v[i] = rho * v[i] - eta * g[i]
    }
    return d.map { -$0 }
  }
}
struct RMSPropRule: OptRule {
  var eta: Double, rho: Double, acc: [Double] = []
  mutating func step(_ x: [Double], _ g: [Double]) -> [Double] {
    if acc.isEmpty { acc = zeros(g.count) }
    var d = zeros(g.count)
    for i in g.indices {
      acc[i] = rho * acc[i] + (1 - rho) * g[i] * g[i]
      d[i] = g[i] * eta / (acc[i].squareRoot() + EPS)
    }
    return d
  }
}
struct AdamRule: OptRule {
  var eta: Double, b1: Double = 0.9, b2: Double = 0.999
  var m: [Double] = [], v: [Double] = [], bp1 = 0.0, bp2 = 0.0
  mutating func step(_ x: [Double], _ g: [Double]) -> [Double] {
    if m.isEmpty { m = zeros(g.count); v = zeros(g.count); bp1 = b1; bp2 = b2 }
    var d = zeros(g.count)
    for i in g.indices {
      m[i] = b1 * m[i] + (1 - b1) * g[i]
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
      d[i] = eta * (m[i] / (1 - bp1)) / ((v[i] / (1 - bp2)).squareRoot() + EPS)
    }
    bp1 *= b1
    bp2 *= b2
    return d
  }
}
struct AdaGradRule: OptRule {
  var eta: Double, acc: [Double] = []
  mutating func step(_ x: [Double], _ g: [Double]) -> [Double] {
    if acc.isEmpty { acc = [Double](repeating: EPS, count: g.count) }
    var d = zeros(g.count)
    for i in g.indices {
      acc[i] += g[i] * g[i]
      d[i] = g[i] * eta / (acc[i].squareRoot() + EPS)
    }
    return d
  }
}
struct AdaDeltaRule: OptRule {
  var rho: Double, acc: [Double] = [], dacc: [Double] = []
  mutating func step(_ x: [Double], _ g: [Double]) -> [Double] {
    if acc.isEmpty { acc = zeros(g.count); dacc = zeros(g.count) }
    var d = zeros(g.count)
    for i in g.indices {
      acc[i] = rho * acc[i] + (1 - rho) * g[i] * g[i]
      d[i] = g[i] * (dacc[i] + EPS).squareRoot() / (acc[i] + EPS).squareRoot()
      dacc[i] = rho * dacc[i] + (1 - rho) * d[i] * d[i]
    }
    return d
  }
}
struct AMSGradRule: OptRule {
  var eta: Double, b1 = 0.9, b2 = 0.999, m: [Double] = [], v: [Double] = [], vhat: [Double] = []
  mutating func step(_ x: [Double], _ g: [Double]) -> [Double] {
    if m.isEmpty {
      m = [Double](repeating: EPS, count: g.count); v = m; vhat = m
    }
    var d = zeros(g.count)
    for i in g.indices {
      m[i] = b1 * m[i] + (1 - b1) * g[i]
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
      vhat[i] = max(vhat[i], v[i])
      d[i] = eta * m[i] / (vhat[i].squareRoot() + EPS)
    }
    return d
  }
}
/// NAdam as in Flux's src/optimise/optimisers.jl (v0.13.17).
struct NAdamRule: OptRule {
  var eta: Double, b1 = 0.9, b2 = 0.999, m: [Double] = [], v: [Double] = [], bp1 = 0.0, bp2 = 0.0
  mutating func step(_ x: [Double], _ g: [Double]) -> [Double] {
    if m.isEmpty { m = zeros(g.count); v = zeros(g.count); bp1 = b1; bp2 = b2 }
    var d = zeros(g.count)
    for i in g.indices {
      m[i] = b1 * m[i] + (1 - b1) * g[i]
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
      d[i] = (b1 * m[i] / (1 - b1 * bp1) + (1 - b1) * g[i] / (1 - bp1)) / ((v[i] * b2 / (1 - bp2)).squareRoot() + EPS) * eta
    }
    bp1 *= b1
    bp2 *= b2
    return d
  }
}
struct WeightDecayRule: OptRule {
  var wd: Double
  mutating func step(_ x: [Double], _ g: [Double]) -> [Double] { zip(g, x).map { $0 + wd * $1 } }
}
struct ClipValueRule: OptRule {
  var thresh: Double
  mutating func step(_ x: [Double], _ g: [Double]) -> [Double] { g.map { min(max($0, -thresh), thresh) } }
}
struct ClipNormRule: OptRule {
  var thresh: Double
  mutating func step(_ x: [Double], _ g: [Double]) -> [Double] {
    let n = g.map { $0 * $0 }.reduce(0, +).squareRoot()
    return n > thresh ? g.map { $0 * thresh / n } : g
  }
}
/// `Optimiser(o1, o2, …)`: Δ passes through each rule in turn.
struct ChainRule: OptRule {
  var rules: [any OptRule]
  mutating func step(_ x: [Double], _ g: [Double]) -> [Double] {
    var d = g
    for k in rules.indices { d = rules[k].step(x, d) }
    return d
  }
}

struct OptimiserCase: CustomTestStringConvertible, Sendable {
  let eddy: String
  let make: @Sendable () -> any OptRule
  var testDescription: String { eddy }

  static let x0: [Double] = [1.0, -2.0, 0.5]
  static let grads: [[Double]] = [[0.5, -1.0, 2.0], [0.1, 0.3, -0.2], [-0.4, 0.0, 1.5]]

  static let all: [OptimiserCase] = [
    .init(eddy: "Descent(0.1)") { DescentRule(eta: 0.1) },
    .init(eddy: "Descent()") { DescentRule(eta: 0.1) },
    .init(eddy: "Momentum(0.1, 0.9)") { MomentumRule(eta: 0.1, rho: 0.9) },
    .init(eddy: "Momentum()") { MomentumRule(eta: 0.01, rho: 0.9) },
    .init(eddy: "Nesterov(0.1, 0.9)") { NesterovRule(eta: 0.1, rho: 0.9) },
    .init(eddy: "Nesterov()") { NesterovRule(eta: 0.001, rho: 0.9) },
    .init(eddy: "RMSProp(0.01, 0.9)") { RMSPropRule(eta: 0.01, rho: 0.9) },
    .init(eddy: "RMSProp()") { RMSPropRule(eta: 0.001, rho: 0.9) },
    .init(eddy: "Adam(0.1)") { AdamRule(eta: 0.1) },
    .init(eddy: "Adam(0.01, (0.8, 0.99))") { AdamRule(eta: 0.01, b1: 0.8, b2: 0.99) },
    .init(eddy: "ADAM()") { AdamRule(eta: 0.001) },
    .init(eddy: "AdaGrad(0.1)") { AdaGradRule(eta: 0.1) },
    .init(eddy: "AdaDelta(0.9)") { AdaDeltaRule(rho: 0.9) },
    .init(eddy: "AMSGrad(0.01)") { AMSGradRule(eta: 0.01) },
    .init(eddy: "NAdam(0.01)") { NAdamRule(eta: 0.01) },
    .init(eddy: "AdamW(0.01, (0.9, 0.999), 0.1)") {
      ChainRule(rules: [AdamRule(eta: 0.01), WeightDecayRule(wd: 0.1)])
    },
    .init(eddy: "ClipValue(0.3)") { ClipValueRule(thresh: 0.3) },
    .init(eddy: "ClipNorm(1.0)") { ClipNormRule(thresh: 1.0) },
    .init(eddy: "WeightDecay(0.1)") { WeightDecayRule(wd: 0.1) },
    .init(eddy: "Flux.Optimise.Optimiser(ClipNorm(1.0), Descent(0.1))") {
      ChainRule(rules: [ClipNormRule(thresh: 1.0), DescentRule(eta: 0.1)])
    },
    .init(eddy: "Flux.Optimise.Optimiser(WeightDecay(0.01), Adam(0.05))") {
      ChainRule(rules: [WeightDecayRule(wd: 0.01), AdamRule(eta: 0.05)])
    },
  ]

  /// The parameter after each of the three steps, from the Swift rules.
  func expected() -> [[Double]] {
    var rule = make()
    var x = Self.x0
    var out: [[Double]] = []
    for g in Self.grads {
      let d = rule.step(x, g)
      x = zip(x, d).map { $0 - $1 }
      out.append(x)
    }
    return out
  }

  var eddySource: String {
    """
    using Flux
    w = \(julia(Self.x0))
    G = [\(Self.grads.map { julia($0) }.joined(separator: ", "))]
    ps = Flux.params(w)
    opt = \(eddy)
    for t in 1:3
        gs = gradient(() -> sum(G[t] .* w), ps)
        Flux.Optimise.update!(opt, ps, gs)
        println("step", t, ": ", join(string.(w), " "))
    end

    """
  }
}

@Suite("Optimisers follow their update rules")
struct OptimiserRuleTests {
  @Test("first three steps match the formula", arguments: OptimiserCase.all)
  func firstSteps(_ c: OptimiserCase) {
    let (got, run) = runForNumbers(c.eddySource, file: "optimiser.jl")
    #expect(run.error == nil, "\(c.eddy): \(run.error ?? "")")
    let want = c.expected()
    for t in 0..<3 {
      let g = got["step\(t + 1)"] ?? []
      #expect(close(g, want[t], rtol: 1e-9), "\(c.eddy) step \(t + 1): got \(g) want \(want[t])")
    }
  }
}
