// The built-in modules and `using`/`import`: Random, Statistics, LinearAlgebra, Iterators, Flux.
import EddySyntax
import EddyTensor

extension Interpreter {
  func registerModules() {
    let random = ModuleValue(name: "Random")
    modules["Random"] = random
    def("seed!", in: random) { [unowned self] args, _ in
      let s = try args.last.map { try self.toInt($0) } ?? 0
      self.rng = RNG(seed: UInt64(bitPattern: Int64(s)))
      return .native(RNGValue())
    }
    def("default_rng", in: random) { _, _ in .native(RNGValue()) }
    def("MersenneTwister", in: random) { [unowned self] args, _ in
      if let s = args.first { self.rng = RNG(seed: UInt64(bitPattern: Int64(try self.toInt(s)))) }
      return .native(RNGValue())
    }
    def("Xoshiro", in: random) { [unowned self] args, _ in
      if let s = args.first { self.rng = RNG(seed: UInt64(bitPattern: Int64(try self.toInt(s)))) }
      return .native(RNGValue())
    }
    for n in ["shuffle", "randperm", "rand", "randn"] { alias(n, n, in: random) ; random.ref(n).value = base.globals[n]?.value }
    let stats = ModuleValue(name: "Statistics")
    modules["Statistics"] = stats
    for n in ["mean", "std", "var", "median"] { stats.ref(n).value = base.globals[n]?.value; stats.exports.insert(n) }
    let la = ModuleValue(name: "LinearAlgebra")
    modules["LinearAlgebra"] = la
    for n in ["dot", "norm", "transpose", "adjoint"] { la.ref(n).value = base.globals[n]?.value; la.exports.insert(n) }
    let iters = ModuleValue(name: "Iterators")
    modules["Iterators"] = iters
    modules["Base.Iterators"] = iters
    for n in ["partition", "zip", "enumerate", "filter", "map", "reverse"] { iters.ref(n).value = base.globals[n]?.value }
    base.define("Iterators", .module(iters), export: false)
    for m in [random, stats, la] {
      for (k, r) in m.globals where r.value != nil { m.exports.insert(k) }
    }
    // `Random` itself is reachable only after `using Random` / `import Random`, as in Julia.
    registerIterators()
  }

  /// `using A.B: x, y` / `import A`.
  func using(paths: [[String]], names: [String], into target: ModuleValue) throws {
    for path in paths {
      guard let first = path.first else { continue }
      var m: ModuleValue
      if first == "Flux" || first == "NNlib" || first == "Zygote" || first == "Optimisers" || first == "MLUtils" {
        m = try loadFlux()
      } else if first == "Base", path.count > 1, let x = modules["Base." + path[1]] {
        m = x
        target.ref(path[1]).value = .module(x)
        try importNames(from: m, names: names, into: target)
        continue
      } else if let x = modules[first] {
        m = x
      } else if first == "Main" || first == "Base" {
        continue
      } else {
        throw JuliaError.argument("Package \(first) not found in current path.\n- Run `import Pkg; Pkg.add(\"\(first)\")` to install the \(first) package.")
      }
      target.ref(first).value = .module(m)
      for sub in path.dropFirst() {
        guard let r = m.globals[sub], case .module(let x)? = r.value else {
          throw JuliaError.undefVar(sub, module: m.name)
        }
        m = x
      }
      try importNames(from: m, names: names, into: target)
    }
  }

  func importNames(from m: ModuleValue, names: [String], into target: ModuleValue) throws {
    if names.isEmpty {
      for n in m.exports {
        guard let v = m.globals[n]?.value else { continue }
        let r = target.ref(n)
        if r.value == nil || isFunctionOrType(r.value) { r.value = v }
      }
      return
    }
    for n in names {
      guard let v = m.globals[n]?.value else { throw JuliaError.undefVar(n, module: m.name) }
      target.ref(n).value = v
    }
  }

  func isFunctionOrType(_ v: Value?) -> Bool {
    switch v {
    case .fn?, .type?, .module?: return true
    default: return false
    }
  }

  /// The names `using Flux.Losses` brings in (and `using Flux` does not).
  static let lossNames: Set<String> = [
    "mae", "mse", "msle", "huber_loss", "crossentropy", "logitcrossentropy", "binarycrossentropy",
    "logitbinarycrossentropy", "kldivergence", "label_smoothing", "poisson_loss", "hinge_loss",
    "squared_hinge_loss", "dice_coeff_loss", "tversky_loss", "binary_focal_loss", "focal_loss",
    "siamese_contrastive_loss",
  ]

  /// Flux is written in Eddy itself (the prelude), compiled on first use.
  func loadFlux() throws -> ModuleValue {
    if let m = modules["Flux"] { return m }
    let flux = ModuleValue(name: "Flux")
    modules["Flux"] = flux
    let saved = currentModule
    let savedSoft = softScopeAssignsGlobals
    currentModule = flux
    softScopeAssignsGlobals = true
    defer {
      currentModule = saved
      softScopeAssignsGlobals = savedSoft
    }
    registerFluxNatives(flux)
    switch Parser.parse(FluxPrelude.source, file: "Flux.jl") {
    case .success(let p):
      for s in p.statements { _ = try runTopLevel(s, file: "Flux.jl") }
    case .failure(let d), .incomplete(let d):
      throw JuliaError("ErrorException", "Flux prelude failed to parse: " + DiagnosticRenderer.render(d))
    }
    installFluxFastPaths(flux)
    // Loss functions are exported from Flux.Losses only (`Flux.mse`, `using Flux.Losses: mse`).
    for (k, r) in flux.globals where r.value != nil && !k.hasPrefix("_") && !Interpreter.lossNames.contains(k) {
      flux.exports.insert(k)
    }
    for sub in ["Losses", "Optimise", "Data"] {
      let m = ModuleValue(name: "Flux." + sub)
      for (k, r) in flux.globals where r.value != nil {
        m.globals[k] = r
        if sub != "Losses" || Interpreter.lossNames.contains(k) { m.exports.insert(k) }
      }
      flux.define(sub, .module(m), export: false)
      modules["Flux." + sub] = m
    }
    flux.define("Flux", .module(flux), export: false)
    return flux
  }
}
