// The native fast paths of Flux's methods (Sources/EddyRuntime/Flux/FluxFastPaths*.swift) must
// be invisible: each script here runs with them and without them (`Interpreter.fluxFastPaths`),
// and the standard output and the error report must be the same, byte for byte. The scripts
// print every number in full (shortest round-trip), so any difference in rounding shows.

import EddyRuntime
import EddySyntax
import Testing

struct FastPathScript: CustomTestStringConvertible, Sendable {
  let name: String
  let source: String
  var testDescription: String { name }
}

let fastPathScripts: [FastPathScript] = [
  FastPathScript(
    name: "training steps of every built-in cell",
    source: """
      using Flux
      using Flux.Losses: mse
      using Random
      Random.seed!(1)
      for layer in [RNN(2, 5), LSTM(2, 5), GRU(2, 5), GRUv3(2, 5), RNN(2, 3, relu)]
        for B in [1, 3]
          m = Chain(layer, Dense(size(layer.cell.Wh, 2), 2, tanh), Dense(2, 1))
          xs = [randn(Float32, 2, B) for t in 1:3]
          ys = [randn(Float32, 1, B) for t in 1:3]
          loss(xs, ys) = sum(mse(m(x), y) for (x, y) in zip(xs, ys))
          ps = Flux.params(m)
          for opt in [ADAM(1e-2), Descent(0.1), Momentum()]
            for it in 1:2
              Flux.reset!(m)
              gs = gradient(() -> loss(xs, ys), ps)
              Flux.Optimise.update!(opt, ps, gs)
              println(loss(xs, ys))
              for p in ps
                println(gs[p] === nothing ? "nothing" : vec(gs[p]), " ", vec(p))
              end
            end
          end
          Flux.reset!(m)
          println([m(x) for x in xs], " ", m[1].state)
          Flux.reset!(m)
          println([m(vec(x[:, 1])) for x in xs])
        end
      end
      """),
  FastPathScript(
    name: "optimiser state and mixed eltypes",
    source: """
      using Flux
      using Random
      Random.seed!(7)
      for T in [Float32, Float64]
        for opt in [Descent(0.1), Momentum(0.01, 0.9), Adam(0.001), Adam(0.05, (0.7, 0.95), 1e-6), Descent(3), RMSProp()]
          W = randn(T, 7, 5) .* T(3)
          b = randn(T, 7)
          ps = Flux.params(W, b)
          for k in 1:4
            gs = gradient(() -> sum(tanh.(W * randn(T, 5) .+ b) .* T(k)), ps)
            Flux.Optimise.update!(opt, ps, gs)
            Flux.Optimise.update!(opt, b, gs[b])
          end
          println(T, " ", opt, " ", vec(W), " ", b)
        end
      end
      W = Float32[1 2; 3 4]
      opt = Adam(0.001, (0.9, 1.5))
      Flux.update!(opt, W, Float32[1 1; 1 1])
      v = opt.state[W][2]
      v .= -1
      Flux.update!(opt, W, Float32[1 1; 1 1])
      println(W, " ", opt.state[W])
      Flux.Optimise.update!(Adam(), Flux.params(W, Float32[1, 2]), gradient(() -> sum(W), Flux.params(W)))
      """),
  FastPathScript(
    name: "Dense values and gradients",
    source: """
      using Flux
      using Random
      Random.seed!(3)
      for T in [Float32, Float64]
        for act in [identity, tanh, σ, relu, softplus, elu, x -> 2x]
          for (i, o) in [(5, 1), (3, 7), (1, 17)]
            W = randn(T, o, i); b = randn(T, o)
            d = Dense(W, b, act)
            for x in [randn(Float32, i), randn(Float32, i, 1), randn(Float32, i, 4)]
              y = d(x)
              gs = gradient(() -> sum(d(x) .* (1:size(y, 1))), Flux.params(d, x))
              g = gradient((m, x) -> sum(abs2.(m(x))), d, x)
              println(vec(y), " ", vec(gs[W]), " ", gs[b], " ", vec(gs[x]), " ", g)
            end
          end
        end
      end
      d = Dense(3, 2, tanh)
      x = rand(Float32, 3)
      try
        gradient(() -> (y = d(x); s = sum(y); y .= 0; s), Flux.params(d))
      catch e
        println(e)
      end
      Dense(3, 2)(rand(Float32, 4))
      """),
  FastPathScript(
    name: "fallbacks: user cells, hand edits, Float64 input, reset! methods",
    source: """
      using Flux
      struct Accum
        state0
      end
      (c::Accum)(h, x) = (h .+ x, h .+ x)
      m = Flux.Recur(Accum(zeros(Float32, 2)))
      println(m(Float32[1, 2]), m(Float32[1, 2]))
      Flux.reset!(m)
      println(m.state)
      r = RNN(2, 3)
      r.cell = Flux.RNNCell(2, 4)
      Flux.reset!(r)
      println(size(r(Float32[1, 2])), size(r(rand(2, 3))), size(r.state))
      println(typeof(Chain(LSTM(2, 3), Dense(3, 1))([1.0, 2.0])))
      struct Counter
        n
      end
      Flux.@functor Counter
      (c::Counter)(x) = x
      Flux.reset!(c::Counter) = (c.n[] += 1; nothing)
      c = Counter(Ref(0))
      Flux.reset!(Chain(RNN(2, 2), c))
      println(c.n[])
      y = RNN(3, 5)(rand(Float32, 3, 2, 4))
      println(size(y))
      g = GRU(2, 2)
      g(rand(Float32, 2, 4))
      g(rand(Float32, 2, 3))
      """),
]

@Suite("Flux fast paths")
struct FastPathTests {
  @Test("a script prints the same with and without the fast paths", arguments: fastPathScripts)
  func same(_ s: FastPathScript) {
    let slow = runEddy(source: s.source, file: "fastpath.jl", fastPaths: false)
    let fast = runEddy(source: s.source, file: "fastpath.jl", fastPaths: true)
    #expect(!slow.stdout.isEmpty)
    #expect(fast.stdout == slow.stdout, "\(s.name): stdout differs")
    #expect(fast.error == slow.error, "\(s.name): errors differ\n\(fast.error ?? "none")\n\(slow.error ?? "none")")
  }
}
