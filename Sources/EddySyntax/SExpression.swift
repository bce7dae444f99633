// The AST as an s-expression, in the spirit of JuliaSyntax's output; used by the parser tests
// and `--dump-ast`.
//
//   literals   1  1.5  (f32 1.5)  true  'a'  "text"  :sym  x  end  begin  :
//   operators  (call-i a + b)  (dotcall-i a + b)  (call-pre - x)  (dotcall-pre - x)
//              (comparison a < b <= c)  (&& a b)  (|| a b)  (? c a b)  (: a b)  (: a s b)
//              (' x)  (... x)  (:: x T)  (curly T a)
//   calls      (call f a (kw k 1) (... kws))  (dotcall f a)  (ref x i)  (. a b)  (macrocall @M.name a)
//   brackets   (tuple a b)  (namedtuple (= a 1))  (vect a)  (hcat a b)  (vcat (row a b) c)
//              typed_vect / typed_hcat / typed_vcat with the type first
//              (comprehension body (for (= x xs) (= y ys)) (for ...) (if cond))  generator / typed_comprehension
//   assignment (= a b)  (op= a + b)  (.op= a + b)  (.= a b)
//   definitions (function (call f x (:: y T) (= z 1) (... r) (parameters (= k 2))) body)
//              (function (:: (call f x) T) (where T) body)  (function (call (:: m T) x) body)
//              (-> (tuple x) body)  (struct (<: (curly Name T) Super) (block fields...) (block functions...))
//              (abstract (<: Name Super))  (::-pre T) (an unnamed parameter)
//              (mutable-struct ...)  (doc "text" def)  (const (= x 1))
//   control    (block a b)  (if c then else)  (while c body)  (for (= i r) body)
//              (for (block (= i r) (= j s)) body)  (break)  (continue)  (return)  (return x)
//              (try body (catch e body) (finally body))  (let (block bindings) body)
//              (global x)  (local x)  (using (. A B))  (using (: (. A) x y))  (import ...)

/// Prints syntax trees as s-expressions.
public enum SExpression {
  /// The whole program: one line per statement, with ` ;` after a program ending in `;`.
  public static func dump(_ program: Program) -> String {
    program.statements.map(dump).joined(separator: "\n") + (program.endsWithSemicolon ? " ;" : "")
  }

  /// One node.
  public static func dump(_ node: Node) -> String {
    switch node.kind {
    case .int(let v): return "\(v)"
    case .float(let v): return "\(v)"
    case .float32(let v): return "(f32 \(v))"
    case .bool(let v): return "\(v)"
    case .char(let c): return quoteChar(c)
    case .string(let s): return quote(s)
    case .interpolation(let parts): return list("string", parts.map(dump))
    case .symbol(let s): return ":\(s)"
    case .identifier(let s): return s
    case .endMarker: return "end"
    case .beginMarker: return "begin"
    case .colon: return ":"
    case .binary(let op, let lhs, let rhs, let dotted):
      return list(dotted ? "dotcall-i" : "call-i", [dump(lhs), op, dump(rhs)])
    case .unary("::", let operand, false): return list("::-pre", [dump(operand)])
    case .unary(let op, let operand, let dotted):
      return list(dotted ? "dotcall-pre" : "call-pre", [op, dump(operand)])
    case .comparison(let operands, let ops):
      var items = [dump(operands[0])]
      for (op, operand) in zip(ops, operands.dropFirst()) { items += [op, dump(operand)] }
      return list("comparison", items)
    case .and(let a, let b): return list("&&", [dump(a), dump(b)])
    case .or(let a, let b): return list("||", [dump(a), dump(b)])
    case .ternary(let c, let a, let b): return list("?", [dump(c), dump(a), dump(b)])
    case .range(let start, let step, let stop):
      return list(":", [dump(start)] + (step.map { [dump($0)] } ?? []) + [dump(stop)])
    case .adjoint(let x): return list("'", [dump(x)])
    case .splat(let x): return list("...", [dump(x)])
    case .typeAssert(let x, let type): return list("::", [dump(x), dump(type)])
    case .curly(let base, let args): return list("curly", [dump(base)] + args.map(dump))
    case .call(let callee, let args, let kwargs):
      return list("call", [dump(callee)] + args.map(dump) + kwargs.map(keyword))
    case .dotCall(let callee, let args, let kwargs):
      return list("dotcall", [dump(callee)] + args.map(dump) + kwargs.map(keyword))
    case .index(let base, let args): return list("ref", [dump(base)] + args.map(dump))
    case .field(let base, let name): return list(".", [dump(base), name])
    case .macroCall(let module, let name, let args):
      return list("macrocall", ["@" + (module + [name]).joined(separator: ".")] + args.map(dump))
    case .tuple(let items): return list("tuple", items.map(dump))
    case .namedTuple(let items): return list("namedtuple", items.map { list("=", [$0.name, dump($0.value)]) })
    case .vect(let items, let type): return typed("vect", type, items.map(dump))
    case .hcat(let items, let type): return typed("hcat", type, items.map(dump))
    case .vcat(let rows, let type):
      return typed("vcat", type, rows.map { $0.count == 1 ? dump($0[0]) : list("row", $0.map(dump)) })
    case .ncat(let dims, let parts, let type): return typed("ncat", type, ["\(dims)"] + parts.map(dump))
    case .comprehension(let body, let groups, let filter, let isGenerator, let type):
      let head = isGenerator ? "generator" : "comprehension"
      var items = [dump(body)] + groups.map { list("for", $0.map(binding)) }
      if let filter { items.append(list("if", [dump(filter)])) }
      return typed(head, type, items)
    case .assign(let lhs, let rhs): return list("=", [dump(lhs), dump(rhs)])
    case .opAssign(let op, let lhs, let rhs, let dotted):
      return list(dotted ? ".op=" : "op=", [dump(lhs), op, dump(rhs)])
    case .dotAssign(let lhs, let rhs): return list(".=", [dump(lhs), dump(rhs)])
    case .function(let def): return function(def)
    case .lambda(let params, let kwparams, let body):
      return list("->", [list("tuple", params.map(param) + parameters(kwparams)), dump(body)])
    case .structDef(let name, let isMutable, let supertype, let fields, let functions, let typeParams):
      var items = [typeHead(name, typeParams, supertype)]
      items.append(list("block", fields.map { f in f.type.map { list("::", [f.name, dump($0)]) } ?? f.name }))
      if !functions.isEmpty { items.append(list("block", functions.map(dump))) }
      return list(isMutable ? "mutable-struct" : "struct", items)
    case .abstractType(let name, let typeParams, let supertype):
      return list("abstract", [typeHead(name, typeParams, supertype)])
    case .docstring(let text, let def): return list("doc", [quote(text), dump(def)])
    case .const(let x): return list("const", [dump(x)])
    case .block(let items): return list("block", items.map(dump))
    case .ifElse(let cond, let then, let otherwise):
      return list("if", [dump(cond), dump(then)] + (otherwise.map { [dump($0)] } ?? []))
    case .whileLoop(let cond, let body): return list("while", [dump(cond), dump(body)])
    case .forLoop(let bindings, let body):
      let head = bindings.count == 1 ? binding(bindings[0]) : list("block", bindings.map(binding))
      return list("for", [head, dump(body)])
    case .breakStmt: return "(break)"
    case .continueStmt: return "(continue)"
    case .returnStmt(let value): return list("return", value.map { [dump($0)] } ?? [])
    case .tryCatch(let body, let name, let catchBody, let finallyBody):
      var items = [dump(body)]
      if let catchBody { items.append(list("catch", (name.map { [$0] } ?? []) + [dump(catchBody)])) }
      if let finallyBody { items.append(list("finally", [dump(finallyBody)])) }
      return list("try", items)
    case .letBlock(let bindings, let body):
      return list("let", [list("block", bindings.map(dump)), dump(body)])
    case .global(let items): return list("global", items.map(dump))
    case .local(let items): return list("local", items.map(dump))
    case .using(let paths, let names, let isImport):
      var items = paths.map { list(".", $0) }
      if !names.isEmpty, let last = items.popLast() { items.append(list(":", [last] + names)) }
      return list(isImport ? "import" : "using", items)
    }
  }

  static func list(_ head: String, _ items: [String]) -> String {
    "(" + ([head] + items).joined(separator: " ") + ")"
  }

  static func typed(_ head: String, _ type: Node?, _ items: [String]) -> String {
    guard let type else { return list(head, items) }
    return list("typed_" + head, [dump(type)] + items)
  }

  static func keyword(_ named: Node.Named) -> String {
    named.name == "..." ? list("...", [dump(named.value)]) : list("kw", [named.name, dump(named.value)])
  }

  /// `Name`, `(curly Name T)`, `(<: Name Super)`
  static func typeHead(_ name: String, _ params: [Node], _ supertype: Node?) -> String {
    let head = params.isEmpty ? name : list("curly", [name] + params.map(dump))
    return supertype.map { list("<:", [head, dump($0)]) } ?? head
  }

  static func binding(_ b: Node.Binding) -> String { list("=", [dump(b.lhs), dump(b.iter)]) }

  static func param(_ p: Node.Param) -> String {
    var text = p.name ?? ""
    if let type = p.type { text = p.name == nil ? list("::-pre", [dump(type)]) : list("::", [text, dump(type)]) }
    if p.isVararg { text = list("...", [text]) }
    if let value = p.defaultValue { text = list("=", [text, dump(value)]) }
    return text
  }

  static func parameters(_ ps: [Node.Param]) -> [String] {
    ps.isEmpty ? [] : [list("parameters", ps.map(param))]
  }

  static func function(_ def: Node.FunctionDef) -> String {
    let callee = def.name.map(dump) ?? def.callableSelf.map(param) ?? "?"
    var signature = list("call", [callee] + def.params.map(param) + parameters(def.kwparams))
    if let type = def.returnType { signature = list("::", [signature, dump(type)]) }
    var items = [signature]
    if !def.whereNames.isEmpty { items.append(list("where", def.whereNames)) }
    items.append(dump(def.body))
    return list("function", items)
  }

  /// A Julia-style string literal: `"a\n\"b\""`.
  static func quote(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
      switch c {
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "$": out += "\\$"
      default:
        if c.value < 0x20 || c.value == 0x7F {
          out += "\\x" + (c.value < 16 ? "0" : "") + String(c.value, radix: 16)
        } else {
          out.unicodeScalars.append(c)
        }
      }
    }
    return out + "\""
  }

  static func quoteChar(_ c: Character) -> String {
    let inner = quote(String(c)).dropFirst().dropLast()
    return "'" + (c == "'" ? "\\'" : c == "\"" ? "\"" : String(inner)) + "'"
  }
}
