// Scope resolution before running: every name becomes a slot, a cell, a capture or a global.
import EddySyntax

/// How compiled code reaches a variable.
enum VarRef {
  case slot(Int)
  case cell(Int)
  case capture(Int)
  case global(GlobalRef)
}

/// The compile-time scope of one function body (or one top-level statement).
final class FuncScope {
  let parent: FuncScope?
  /// A top-level statement: plain assignments write globals (the REPL's soft scope).
  let isTopLevel: Bool
  var slotCount = 0
  var cellCount = 0
  var blocks: [[String: VarStore]] = [[:]]
  var captureNames: [String] = []
  var captureSources: [VarRef] = []
  /// Names some nested function mentions: locals with these names live in cells.
  var boxed: Set<String> = []
  var declaredGlobals: Set<String> = []
  let functionName: String

  init(parent: FuncScope?, isTopLevel: Bool, functionName: String) {
    self.parent = parent
    self.isTopLevel = isTopLevel
    self.functionName = functionName
  }

  /// Declares `name` in the innermost block and returns where it lives.
  @discardableResult
  func declare(_ name: String) -> VarStore {
    let s: VarStore
    if boxed.contains(name) {
      s = .cell(cellCount)
      cellCount += 1
    } else {
      s = .slot(slotCount)
      slotCount += 1
    }
    blocks[blocks.count - 1][name] = s
    return s
  }

  /// Declares at function level (hoisted locals).
  func declareHoisted(_ name: String) {
    if blocks[0][name] != nil { return }
    let saved = blocks
    blocks = [blocks[0]]
    declare(name)
    let hoisted = blocks[0]
    blocks = saved
    blocks[0] = hoisted
  }

  func lookupLocal(_ name: String) -> VarRef? {
    for b in blocks.reversed() {
      if let s = b[name] {
        switch s {
        case .slot(let i): return .slot(i)
        case .cell(let i): return .cell(i)
        }
      }
    }
    if let i = captureNames.firstIndex(of: name) { return .capture(i) }
    if declaredGlobals.contains(name) { return nil }
    guard let p = parent, let outer = p.lookupLocal(name) else { return nil }
    switch outer {
    case .global: return nil
    case .slot:
      // The prescan did not see this use; fall back to a snapshot-free capture is impossible,
      // so treat it as global rather than read a stale copy.
      return nil
    case .cell, .capture:
      captureNames.append(name)
      captureSources.append(outer)
      return .capture(captureNames.count - 1)
    }
  }

  func pushBlock() { blocks.append([:]) }
  func popBlock() { blocks.removeLast() }
}

/// What a function body assigns and what its nested functions mention.
struct ScopeFacts {
  var assigned: [String] = []
  var globals: Set<String> = []
  var usedInNested: Set<String> = []

  static func scan(_ body: Node) -> ScopeFacts {
    var f = ScopeFacts()
    var seen: Set<String> = []
    f.walk(body, nested: false, seen: &seen)
    return f
  }

  private mutating func addAssigned(_ lhs: Node, _ seen: inout Set<String>) {
    switch lhs.kind {
    case .identifier(let n):
      if !seen.contains(n) {
        seen.insert(n)
        assigned.append(n)
      }
    case .tuple(let xs): for x in xs { addAssigned(x, &seen) }
    case .typeAssert(let x, _): addAssigned(x, &seen)
    case .splat(let x): addAssigned(x, &seen)
    default: break
    }
  }

  private mutating func mention(_ n: Node) {
    NodeWalker.forEach(n) { node in
      if case .identifier(let name) = node.kind { usedInNested.insert(name) }
    }
  }

  private mutating func walk(_ n: Node, nested: Bool, seen: inout Set<String>) {
    switch n.kind {
    case .lambda, .function:
      mention(n)
      return
    case .comprehension:
      // Comprehension variables are local to the comprehension; a closure inside may capture.
      NodeWalker.children(n).forEach { walk($0, nested: nested, seen: &seen) }
      return
    case .assign(let lhs, let rhs):
      addAssigned(lhs, &seen)
      walk(rhs, nested: nested, seen: &seen)
      if case .identifier = lhs.kind {} else { NodeWalker.children(lhs).forEach { walk($0, nested: nested, seen: &seen) } }
      return
    case .opAssign(_, let lhs, let rhs, let dotted):
      // `x .+= y` writes into x's array (`x .= x .+ y`): it reads x, it does not assign it.
      if dotted {
        walk(lhs, nested: nested, seen: &seen)
      } else {
        addAssigned(lhs, &seen)
      }
      walk(rhs, nested: nested, seen: &seen)
      return
    case .global(let xs):
      for x in xs {
        switch x.kind {
        case .identifier(let name): globals.insert(name)
        case .assign(let l, let r):
          if case .identifier(let name) = l.kind { globals.insert(name) }
          walk(r, nested: nested, seen: &seen)
        case .opAssign(_, let l, let r, _):
          if case .identifier(let name) = l.kind { globals.insert(name) }
          walk(r, nested: nested, seen: &seen)
        default: break
        }
      }
      return
    case .local(let xs):
      for x in xs {
        if case .identifier = x.kind { addAssigned(x, &seen) } else { walk(x, nested: nested, seen: &seen) }
      }
      return
    case .forLoop, .letBlock, .tryCatch:
      NodeWalker.children(n).forEach { walk($0, nested: nested, seen: &seen) }
      return
    case .structDef: return
    case .macroCall(_, let name, let xs) where name == ".":
      // `@. y = f(x)` is the in-place `y .= f.(x)`: it assigns no variable.
      for x in xs {
        if case .assign(_, let rhs) = x.kind { walk(rhs, nested: nested, seen: &seen) } else {
          walk(x, nested: nested, seen: &seen)
        }
      }
      return
    default:
      NodeWalker.children(n).forEach { walk($0, nested: nested, seen: &seen) }
    }
  }
}

/// Generic traversal of syntax nodes.
enum NodeWalker {
  static func forEach(_ n: Node, _ f: (Node) -> Void) {
    f(n)
    for c in children(n) { forEach(c, f) }
  }

  static func children(_ n: Node) -> [Node] {
    switch n.kind {
    case .int, .float, .float32, .bool, .char, .string, .symbol, .identifier, .endMarker, .beginMarker,
      .colon, .breakStmt, .continueStmt, .using, .abstractType:
      return []
    case .interpolation(let xs), .tuple(let xs), .block(let xs), .global(let xs), .local(let xs): return xs
    case .binary(_, let a, let b, _): return [a, b]
    case .unary(_, let a, _): return [a]
    case .comparison(let xs, _): return xs
    case .and(let a, let b), .or(let a, let b): return [a, b]
    case .ternary(let a, let b, let c): return [a, b, c]
    case .range(let a, let s, let b): return [a] + (s.map { [$0] } ?? []) + [b]
    case .adjoint(let a), .splat(let a), .const(let a): return [a]
    case .typeAssert(let a, let t): return [a, t]
    case .curly(let a, let xs): return [a] + xs
    case .call(let c, let args, let kw), .dotCall(let c, let args, let kw): return [c] + args + kw.map { $0.value }
    case .index(let a, let xs): return [a] + xs
    case .field(let a, _): return [a]
    case .macroCall(_, _, let xs): return xs
    case .namedTuple(let xs): return xs.map { $0.value }
    case .vect(let xs, let t), .hcat(let xs, let t): return xs + (t.map { [$0] } ?? [])
    case .vcat(let rows, let t): return rows.flatMap { $0 } + (t.map { [$0] } ?? [])
    case .ncat(_, let parts, let t): return parts + (t.map { [$0] } ?? [])
    case .comprehension(let body, let groups, let filter, _, let t):
      return [body] + groups.flatMap { $0.flatMap { [$0.lhs, $0.iter] } } + (filter.map { [$0] } ?? [])
        + (t.map { [$0] } ?? [])
    case .assign(let a, let b), .opAssign(_, let a, let b, _), .dotAssign(let a, let b): return [a, b]
    case .function(let d):
      return (d.name.map { [$0] } ?? []) + d.params.compactMap { $0.defaultValue }
        + d.kwparams.compactMap { $0.defaultValue } + [d.body]
    case .lambda(let ps, let kws, let body):
      return ps.compactMap { $0.defaultValue } + kws.compactMap { $0.defaultValue } + [body]
    case .structDef(_, _, _, _, let inner, _): return inner
    case .docstring(_, let a): return [a]
    case .ifElse(let c, let t, let e): return [c, t] + (e.map { [$0] } ?? [])
    case .whileLoop(let c, let b): return [c, b]
    case .forLoop(let bs, let body): return bs.flatMap { [$0.lhs, $0.iter] } + [body]
    case .returnStmt(let v): return v.map { [$0] } ?? []
    case .tryCatch(let b, _, let c, let f): return [b] + (c.map { [$0] } ?? []) + (f.map { [$0] } ?? [])
    case .letBlock(let bs, let body): return bs + [body]
    }
  }
}
