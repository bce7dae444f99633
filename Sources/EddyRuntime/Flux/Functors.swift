// `Flux.fmap`: rebuilds a model with a function applied to every leaf, walking the same
// children that `params` and `reset!` walk (fields of `@functor` structs, tuples, named tuples).
import EddyTensor

extension Interpreter {
  func registerFunctors(_ flux: ModuleValue) {
    // The default `trainable(m)`: the functor children as a named tuple (Flux 0.13). Methods
    // for particular layers (`trainable(m::Recur) = (m.cell,)`) outrank it.
    def(
      "trainable", in: flux,
      doc: "Flux.trainable(layer): the children that `Flux.params` collects and optimisers update; by default every field of an `@functor` struct. Overload it to leave fields out; for `Recur` it holds only the cell, so `state` is never a parameter.\n\n    Flux.trainable(Dense(2 => 1))   # (weight = ..., bias = ..., σ = identity)"
    ) { [unowned self] args, _ in
      guard args.count == 1 else { throw self.methodError("trainable", args) }
      guard case .obj(let s) = args[0] else { return .named(NamedTupleValue(keys: [], values: [])) }
      let kids = self.functorChildren(s)
      return .named(NamedTupleValue(keys: kids.map { $0.0 }, values: kids.map { $0.1 }))
    }
    def(
      "fmap", in: flux,
      doc: "fmap(f, m): a copy of `m` with `f` applied to every array (leaf) inside it; an array shared by two layers stays shared.\n\n    m64 = Flux.fmap(x -> x isa AbstractArray ? Float64.(x) : x, Dense(2, 3))"
    ) { [unowned self] args, _ in
      guard args.count == 2 else { throw self.methodError("fmap", args) }
      var cache: [ObjectIdentifier: Value] = [:]
      return try self.fmap(args[0], args[1], &cache, depth: 0)
    }
  }

  /// Applies `f` to the leaves of `v`; structs are rebuilt field by field without calling
  /// their constructors, as Functors.jl does, and tied arrays map once.
  func fmap(_ f: Value, _ v: Value, _ cache: inout [ObjectIdentifier: Value], depth: Int) throws -> Value {
    guard depth < 200 else { throw JuliaError("StackOverflowError", "") }
    switch v {
    case .tuple(let xs):
      return .tuple(try xs.map { try fmap(f, $0, &cache, depth: depth + 1) })
    case .named(let nt):
      return .named(NamedTupleValue(keys: nt.keys, values: try nt.values.map { try fmap(f, $0, &cache, depth: depth + 1) }))
    case .obj(let s) where s.type.isFunctor:
      let key = ObjectIdentifier(s)
      if let done = cache[key] { return done }
      let out = Value.obj(StructValue(type: s.type, fields: try s.fields.map { try fmap(f, $0, &cache, depth: depth + 1) }))
      cache[key] = out
      return out
    case .tensor(let t):
      let key = ObjectIdentifier(t)
      if let done = cache[key] { return done }
      let out = try call(f, [v])
      cache[key] = out
      return out
    default:
      return try call(f, [v])
    }
  }
}
