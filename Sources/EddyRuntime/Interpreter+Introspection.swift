// Read-only views of the session for the REPL: names a value offers after `.`, and loading
// a built-in module for help mode without binding anything in Main.

extension Interpreter {
  /// The names `v.<Tab>` can complete: struct fields, named-tuple keys, a module's bindings,
  /// a range's properties. Nil when the value has none to offer.
  public func fieldNames(of v: Value) -> [String]? {
    switch v {
    case .obj(let s): return s.type.fieldNames
    case .named(let nt): return nt.keys
    case .module(let m): return m.globals.compactMap { $0.value.value == nil ? nil : $0.key }
    case .range: return ["start", "step", "stop"]
    case .type: return ["name"]
    default: return nil
    }
  }

  /// The built-in module `name` (`Flux`, `Random`, ...), compiling Flux on first use. Nothing
  /// is imported into Main.
  public func loadedModule(_ name: String) -> ModuleValue? {
    if let m = modules[name] { return m }
    if name == "Flux" { return try? loadFlux() }
    return nil
  }
}
