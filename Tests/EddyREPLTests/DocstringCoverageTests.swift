// Every built-in function, type, layer, loss and optimiser has a docstring that `?name` shows.

import EddyREPL
import EddyRuntime
import Testing

@Suite("Docstring coverage")
struct DocstringCoverageTests {
  /// Names a user can reach after `using Flux` that have no docstring.
  static func undocumented() -> [String] {
    let interp = Interpreter()
    _ = interp.runSource("using Flux", file: "none", printValue: false)
    let help = HelpSystem(interp)
    var missing: [String] = []
    var modules: [(String, ModuleValue)] = [("", interp.base)]
    if let flux = interp.loadedModule("Flux") { modules.append(("Flux.", flux)) }
    for (prefix, m) in modules {
      for (name, ref) in m.globals where !name.hasPrefix("_") && !name.hasPrefix("@") {
        guard let v = ref.value else { continue }
        switch v {
        case .fn, .type: break
        default: continue
        }
        if prefix == "Flux.", interp.base.globals[name] != nil { continue }
        let doc = help.docstring(for: v, name: name)
        if doc.hasPrefix("No documentation found") { missing.append(prefix + name) }
      }
    }
    return missing.sorted()
  }

  @Test("every exported function and type has a docstring")
  func coverage() {
    let missing = DocstringCoverageTests.undocumented()
    #expect(missing.isEmpty, "undocumented: \(missing.joined(separator: " "))")
  }
}
