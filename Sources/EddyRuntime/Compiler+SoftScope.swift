// Julia's soft scope for loops at the top level of a file: every name a loop body assigns
// (without `global`) is local to the body; when a global of that name already exists Julia
// also warns that the assignment is ambiguous. So
//
//     s = 0
//     for i in 1:3
//         s += i      # UndefVarError: `s` not defined in local scope
//     end
//
// The REPL and piped sessions assign the global instead (`Interpreter.softScopeAssignsGlobals`).
import EddySyntax

/// The value of a soft-scope local before its first assignment in an iteration.
final class UndefLocalMarker: NativeObject {
  static let shared = UndefLocalMarker()
  override var typeName: String { "#undef" }
}

extension Compiler {
  /// Declares, in the loop body's block, the names `body` assigns that would otherwise write
  /// globals; returns their stores so each iteration can start them undefined.
  func declareSoftLocals(_ body: Node, _ loc: SourceLoc) -> [VarStore] {
    guard scope.isTopLevel, !interp.softScopeAssignsGlobals else { return [] }
    let facts = ScopeFacts.scan(body)
    var stores: [VarStore] = []
    for name in facts.assigned where !facts.globals.contains(name) && !scope.declaredGlobals.contains(name) {
      guard scope.lookupLocal(name) == nil else { continue }
      let s = scope.declare(name)
      stores.append(s)
      softLocals.insert(SoftLocalKey(scope: ObjectIdentifier(scope), store: s))
      // A new name is quietly local to the loop; shadowing an existing global is ambiguous.
      guard let g = module.globals[name], g.value != nil else { continue }
      interp.out.flush()
      writeStderr(
        "┌ Warning: Assignment to `\(name)` in soft scope is ambiguous because a global variable by the same name exists: `\(name)` will be treated as a new local. Disambiguate by using `local \(name)` to suppress this warning or `global \(name)` to assign to the existing global variable.\n└ @ \(file):\(loc.line)\n"
      )
    }
    return stores
  }

  // Loops reset their soft locals to undefined at the start of each iteration: `LoopBody.run`.

  /// Whether a read of `ref` must check for the undefined marker.
  func isSoftLocal(_ ref: VarRef) -> Bool {
    if softLocals.isEmpty { return false }
    switch ref {
    case .slot(let i): return softLocals.contains(SoftLocalKey(scope: ObjectIdentifier(scope), store: .slot(i)))
    case .cell(let i): return softLocals.contains(SoftLocalKey(scope: ObjectIdentifier(scope), store: .cell(i)))
    default: return false
    }
  }
}

/// Identifies a soft-scope local: its function scope and its slot (cells are negative).
struct SoftLocalKey: Hashable {
  let scope: ObjectIdentifier
  let index: Int
  init(scope: ObjectIdentifier, store: VarStore) {
    self.scope = scope
    switch store {
    case .slot(let i): index = i
    case .cell(let i): index = -1 - i
    }
  }
}

/// Throws Julia's error for reading a soft local before it was assigned.
@inline(__always) func checkDefined(_ v: Value, _ name: String) throws -> Value {
  if case .native(let n) = v, n === UndefLocalMarker.shared {
    throw JuliaError("UndefVarError", "`\(name)` not defined in local scope")
  }
  return v
}
