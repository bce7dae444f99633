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
    case .binary("*", let a, let b, false) where isJuxtaposable(a, b):
      // Julia prints `2 * x` (and `2x`) as `2x`: a number literal times a plain name.
      return text(a) + text(b)
    case .binary(let op, let a, let b, let dotted):
      let o = dotted ? "." + op : op
      let p = Operators.precedence(of: op) ?? 0
      // Parentheses as Julia's show adds them: around an operand that binds no tighter, except
      // a chain of the same n-ary `+`/`*` (Julia parses `a + b + c` as one call) and the right
      // operand of a right-associative operator.
      let rightAssoc = op == "^" || op == "=>" || op == "<|"
      var left = text(a)
      if let q = precedence(a), q < p || q == p && !(rightAssoc || isSameNary(a, op, dotted)) { left = "(" + left + ")" }
      var right = text(b)
      if let q = precedence(b), q < p || q == p && !rightAssoc { right = "(" + right + ")" }
      return "\(left) \(o) \(right)"
    case .unary(let op, let a, let dotted):
      let inner = precedence(a) != nil ? "(" + text(a) + ")" : text(a)
      return (dotted ? "." : "") + op + inner
    case .abstractType(let name, _, _): return "abstract type \(name) end"
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
    case .ncat(let dims, let parts, let t):
      let inner = parts.map { p -> String in
        if case .vcat(let rows, nil) = p.kind { return rows.map { $0.map(text).joined(separator: " ") }.joined(separator: "; ") }
        if case .hcat(let xs, nil) = p.kind { return xs.map(text).joined(separator: " ") }
        if case .ncat = p.kind { let s = text(p); return String(s.dropFirst().dropLast()) }
        return text(p)
      }
      let sep = String(repeating: ";", count: dims)
      return (t.map(text) ?? "") + "[" + inner.joined(separator: sep + " ") + (parts.count == 1 ? sep : "") + "]"
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
    return a + "; " + kw.map { $0.name == "..." ? text($0.value) + "..." : "\($0.name) = \(text($0.value))" }
      .joined(separator: ", ")
  }

  /// How tightly an operator expression binds (Julia's operator precedence); nil for atoms,
  /// calls and brackets, which never need parentheses.
  static func precedence(_ n: Node) -> Int? {
    switch n.kind {
    case .binary("*", let a, let b, false) where isJuxtaposable(a, b): return Operators.precedence(of: "*")
    case .binary(let op, _, _, _): return Operators.precedence(of: op)
    case .comparison: return Operators.precedence(of: "<")
    case .and: return Operators.precedence(of: "&&")
    case .or: return Operators.precedence(of: "||")
    case .ternary: return Operators.precedence(of: "?")
    case .range: return Operators.precedence(of: ":")
    case .unary("::", _, _): return nil
    case .unary: return (Operators.precedence(of: "<<") ?? 14)
    case .lambda, .assign, .opAssign, .dotAssign: return 1
    default: return nil
    }
  }

  /// `a + b` inside `(a + b) + c`: the same n-ary operator, printed as one chain.
  static func isSameNary(_ n: Node, _ op: String, _ dotted: Bool) -> Bool {
    guard op == "+" || op == "*" || op == "++", !dotted else { return false }
    if case .binary(let inner, let a, let b, false) = n.kind, inner == op { return !isJuxtaposable(a, b) || op != "*" }
    return false
  }

  /// Julia's `show` rule for `*(a, b)` (base/show.jl, "scalar multiplication"): an Int or float
  /// literal times a name that does not start with `e`, `E` or `f` prints juxtaposed.
  static func isJuxtaposable(_ a: Node, _ b: Node) -> Bool {
    switch a.kind {
    case .int, .float, .float32: break
    default: return false
    }
    guard case .identifier(let name) = b.kind, let first = name.first else { return false }
    return (first.isLetter || first == "_") && first != "e" && first != "E" && first != "f"
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
