// Whole-sequence input projections (FluxFastPaths+Projection.swift): a loop over input
// matrices projects them in one product, gives the same outputs and gradients as the
// per-step code (to BLAS rounding: both run sgemm, on differently shaped blocks), and goes
// back to per-step products when an input or Wi changes during the walk.

import Testing

@testable import EddyRuntime

/// Runs `source` and returns its output lines and how many steps used a projection; the
/// script must finish without an error.
func runProjected(_ source: String, fastPaths: Bool = true) throws -> (lines: [String], projected: Int) {
  let run = runEddy(source: source, file: "projection.jl", fastPaths: fastPaths)
  if let e = run.error { throw JuliaError("ScriptError", e) }
  return (run.stdout.split(separator: "\n").map(String.init), run.projectedSteps)
}

@Suite struct ProjectionTests {
  static let model = """
    using Flux
    using Flux.Losses: mse
    using Random
    Random.seed!(11)
    """

  /// Numbers on each line (space-separated), for comparison within a tolerance.
  func numbers(_ lines: [String]) -> [[Double]] {
    lines.map { $0.split(separator: " ").compactMap { Double($0) } }
  }

  /// Cell, input size, hidden size and batch: the larger shapes also run Wh·h and Whᵀ·dG
  /// through the packed-weight kernel (PackedWeights.swift).
  @Test(arguments: [
    ("LSTM", 32, 64, 16), ("GRU", 32, 64, 16), ("RNN", 32, 64, 16), ("GRUv3", 32, 64, 16),
    ("LSTM", 64, 128, 32), ("GRU", 64, 192, 32), ("RNN", 64, 512, 8),
  ])
  func sameResultsAsPerStepProducts(shape: (String, Int, Int, Int)) throws {
    let (cell, I, H, B) = shape
    let src = Self.model + """

      layer = \(cell)(\(I), \(H))
      m = Chain(layer, Dense(\(H), 1))
      xs = [randn(Float32, \(I), \(B)) for t in 1:6]
      ys = [randn(Float32, 1, \(B)) for t in 1:6]
      Flux.reset!(m)
      println(sum(sum, [m(x) for x in xs]))
      loss(xs, ys) = sum(mse(m(x), y) for (x, y) in zip(xs, ys))
      ps = Flux.params(m)
      Flux.reset!(m)
      gs = gradient(() -> loss(xs, ys), ps)
      println(sum(gs[layer.cell.Wi]), " ", sum(gs[layer.cell.Wh]), " ", sum(gs[layer.cell.b]))
      """
    let fast = try runProjected(src)
    let slow = try runProjected(src, fastPaths: false)
    // Six steps of the comprehension and six of the generator inside `gradient`.
    #expect(fast.projected == 12)
    #expect(slow.projected == 0)
    let a = numbers(fast.lines), b = numbers(slow.lines)
    #expect(a.count == 2 && b.count == 2 && a.map(\.count) == [1, 3] && b.map(\.count) == [1, 3])
    for (x, y) in zip(a.joined(), b.joined()) {
      #expect(Swift.abs(x - y) <= 1e-4 * Swift.max(1, Swift.abs(y)), "\(cell): \(x) vs \(y)")
    }
  }

  @Test func changesDuringTheWalkFallBackToPerStep() throws {
    let src = Self.model + """

      layer = LSTM(32, 64)
      xs = [randn(Float32, 32, 16) for t in 1:6]
      x4 = xs[4]
      Flux.reset!(layer)
      r = Float32[]
      for (t, x) in enumerate(xs)
        push!(r, sum(layer(x)))
        t == 2 && (x4 .*= 2)
      end
      println(join(r, " "))
      Flux.reset!(layer)
      println(join([sum(layer(x)) for x in xs], " "))
      """
    let run = try runProjected(src)
    // `enumerate` yields (t, x) tuples: steps 1-3 projected; step 4's input changed in place,
    // so 4-6 multiply per step. The second walk projects all six, changed xs[4] included.
    #expect(run.projected == 3 + 6)
    let a = numbers(run.lines)
    #expect(a.count == 2 && a[0].count == 6 && a[1].count == 6)
    // The first walk saw the doubled xs[4] too (it ran step 4 per step with the new values).
    for (x, y) in zip(a[0], a[1]) {
      #expect(Swift.abs(x - y) <= 1e-5 * Swift.max(1, Swift.abs(y)))
    }
  }

  @Test func smallStepsAndSingleColumnsAreNotProjected() throws {
    let src = Self.model + """

      m = LSTM(2, 5)
      println(length([m(x) for x in [rand(Float32, 2, 3) for t in 1:4]]))
      m2 = LSTM(64, 64)
      println(length([m2(x) for x in [rand(Float32, 64) for t in 1:4]]))
      """
    let run = try runProjected(src)
    #expect(run.lines == ["4", "4"])
    #expect(run.projected == 0)
  }
}
