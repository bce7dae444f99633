// Which locals a function body may read before it first assigns them (`x = x + 1` with `x`
// only a global): those reads raise Julia's UndefVarError instead of seeing `nothing`.
import EddySyntax

enum ReadBeforeAssign {
  /// The names of `candidates` whose first use in evaluation order, in `body` outside nested
  /// functions, is a read. Conservative: a name assigned on some earlier path is never
  /// reported, so no read that Julia allows ever fails.
  static func names(in body: Node, candidates: Set<String>) -> Set<String> {
    var seen: Set<String> = []
    var found: Set<String> = []
    walk(body, candidates, &seen, &found)
    return found
  }

  private static func read(_ name: String, _ c: Set<String>, _ seen: inout Set<String>, _ found: inout Set<String>) {
    guard c.contains(name), !seen.contains(name) else { return }
    seen.insert(name)
    found.insert(name)
  }

  private static func assigned(_ lhs: Node, _ c: Set<String>, _ seen: inout Set<String>, _ found: inout Set<String>) {
    switch lhs.kind {
    case .identifier(let name): seen.insert(name)
    case .tuple(let xs): for x in xs { assigned(x, c, &seen, &found) }
    case .typeAssert(let x, _): assigned(x, c, &seen, &found)
    case .splat(let x): assigned(x, c, &seen, &found)
    default: walk(lhs, c, &seen, &found)  // `a[i] = v`, `m.state = h` read `a` and `m`
    }
  }

  private static func walk(_ n: Node, _ c: Set<String>, _ seen: inout Set<String>, _ found: inout Set<String>) {
    switch n.kind {
    case .identifier(let name): read(name, c, &seen, &found)
    case .lambda, .function, .structDef: return
    case .assign(let lhs, let rhs):
      walk(rhs, c, &seen, &found)
      assigned(lhs, c, &seen, &found)
    case .opAssign(_, let lhs, let rhs, let dotted):
      walk(lhs, c, &seen, &found)
      walk(rhs, c, &seen, &found)
      if !dotted { assigned(lhs, c, &seen, &found) }  // `x .+= y` writes into x's array
    case .forLoop(let bs, let body):
      for b in bs {
        walk(b.iter, c, &seen, &found)
        assigned(b.lhs, c, &seen, &found)
      }
      walk(body, c, &seen, &found)
    case .local(let xs), .global(let xs):
      for x in xs {
        if case .identifier(let name) = x.kind { seen.insert(name) } else { walk(x, c, &seen, &found) }
      }
    default:
      for child in NodeWalker.children(n) { walk(child, c, &seen, &found) }
    }
  }
}
