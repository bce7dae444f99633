// Source text of an expression, for `@show`, `@assert` and method signatures.
import EddySyntax

enum Unparser {
  static func text(_ n: Node) -> String {
    switch n.kind {
    case .int(let v): return String(v)
    case .float(let v): return String(v)
    case .float32(let v): return "\(v)f0"
    case .bool(let b): return b ? "true" : "false"
    case .char(let c): return "'\(c)'"
    case .string(let s): return "\"\(s)\""
    case .interpolation: return "\"...\""
    case .symbol(let s): return ":" + s
    case .identifier(let s): return s
    case .endMarker: return "end"
    case .beginMarker: return "begin"
    case .colon: return ":"
    case .binary(let op, let a, let b, let dotted):
      let o = dotted ? "." + op : op
      return "\(text(a)) \(o) \(text(b))"
    case .unary(let op, let a, let dotted): return (dotted ? "." : "") + op + text(a)
    case .comparison(let xs, let ops):
      var s = text(xs[0])
      for (k, op) in ops.enumerated() { s += " \(op) \(text(xs[k + 1]))" }
      return s
    case .and(let a, let b): return "\(text(a)) && \(text(b))"
    case .or(let a, let b): return "\(text(a)) || \(text(b))"
    case .ternary(let c, let a, let b): return "\(text(c)) ? \(text(a)) : \(text(b))"
    case .range(let a, let s, let b): return s.map { "\(text(a)):\(text($0)):\(text(b))" } ?? "\(text(a)):\(text(b))"
    case .adjoint(let a): return text(a) + "'"
    case .splat(let a): return text(a) + "..."
    case .typeAssert(let a, let t): return "\(text(a))::\(text(t))"
    case .curly(let a, let ps): return text(a) + "{" + ps.map(text).joined(separator: ", ") + "}"
    case .call(let c, let args, let kw): return text(c) + "(" + argsText(args, kw) + ")"
    case .dotCall(let c, let args, let kw): return text(c) + ".(" + argsText(args, kw) + ")"
    case .index(let a, let xs): return text(a) + "[" + xs.map(text).joined(separator: ", ") + "]"
    case .field(let a, let f): return text(a) + "." + f
    case .macroCall(let m, let name, let args):
      return (m.isEmpty ? "" : m.joined(separator: ".") + ".") + "@" + name + " " + args.map(text).joined(separator: " ")
    case .tuple(let xs): return "(" + xs.map(text).joined(separator: ", ") + (xs.count == 1 ? ",)" : ")")
    case .namedTuple(let xs): return "(" + xs.map { "\($0.name) = \(text($0.value))" }.joined(separator: ", ") + ")"
    case .vect(let xs, let t): return (t.map(text) ?? "") + "[" + xs.map(text).joined(separator: ", ") + "]"
    case .hcat(let xs, let t): return (t.map(text) ?? "") + "[" + xs.map(text).joined(separator: " ") + "]"
    case .vcat(let rows, let t):
      return (t.map(text) ?? "") + "[" + rows.map { $0.map(text).joined(separator: " ") }.joined(separator: "; ") + "]"
    case .comprehension(let body, let groups, let filter, let gen, _):
      let fors = groups.map { g in "for " + g.map { "\(text($0.lhs)) in \(text($0.iter))" }.joined(separator: ", ") }
      let inner = text(body) + " " + fors.joined(separator: " ") + (filter.map { " if " + text($0) } ?? "")
      return gen ? "(" + inner + ")" : "[" + inner + "]"
    case .assign(let a, let b): return "\(text(a)) = \(text(b))"
    case .opAssign(let op, let a, let b, let d): return "\(text(a)) \(d ? "." : "")\(op)= \(text(b))"
    case .dotAssign(let a, let b): return "\(text(a)) .= \(text(b))"
    case .lambda(let ps, _, let body):
      let p = ps.map { $0.name ?? "_" }
      return (p.count == 1 ? p[0] : "(" + p.joined(separator: ", ") + ")") + " -> " + text(body)
    case .block(let xs): return xs.map(text).joined(separator: "; ")
    default: return "..."
    }
  }

  static func argsText(_ args: [Node], _ kw: [Node.Named]) -> String {
    let a = args.map(text).joined(separator: ", ")
    if kw.isEmpty { return a }
    return a + "; " + kw.map { "\($0.name) = \(text($0.value))" }.joined(separator: ", ")
  }

  /// Names in `(a, b)` or `(:a, :b)` (the field list of `@functor T (a, b)`).
  static func names(_ n: Node) -> [String] {
    switch n.kind {
    case .tuple(let xs): return xs.flatMap(names)
    case .identifier(let s), .symbol(let s): return [s]
    default: return []
    }
  }
}
