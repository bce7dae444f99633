// Calls, broadcasting calls, indexing, field access and macros.
import EddySyntax
import EddyTensor

/// The value a lone `:` stands for inside indexing brackets.
final class ColonMarker: NativeObject {
  static let shared = ColonMarker()
  override var typeName: String { "Colon" }
}

/// One compiled positional argument.
struct Arg {
  let code: Code
  let splat: Bool
}

extension Compiler {
  /// Positional arguments, expanding `xs...`.
  func argList(_ args: [Node]) throws -> (Frame) throws -> [Value] {
    // `Arg` structs, not tuples or bare closures in arrays: those would be stored behind
    // reabstraction thunks, two extra calls per argument.
    let codes: [Arg] = try args.map { a in
      if case .splat(let inner) = a.kind { return Arg(code: try expr(inner), splat: true) }
      return Arg(code: try expr(a), splat: false)
    }
    let i = interp
    if !codes.contains(where: { $0.splat }) {
      switch codes.count {
      case 0: return { _ in [] }
      case 1:
        let a = codes[0].code
        return { f in [try a(f)] }
      case 2:
        let a = codes[0].code, b = codes[1].code
        return { f in [try a(f), try b(f)] }
      case 3:
        let a = codes[0].code, b = codes[1].code, c = codes[2].code
        return { f in [try a(f), try b(f), try c(f)] }
      default:
        return { f in
          var out: [Value] = []
          out.reserveCapacity(codes.count)
          for c in codes { out.append(try c.code(f)) }
          return out
        }
      }
    }
    return { f in
      var out: [Value] = []
      for c in codes {
        let v = try c.code(f)
        if c.splat { out.append(contentsOf: try i.iterate(v)) } else { out.append(v) }
      }
      return out
    }
  }

  func kwList(_ kwargs: [Node.Named]) throws -> (Frame) throws -> [(String, Value)] {
    if kwargs.isEmpty { return { _ in [] } }
    let codes = try kwargs.map { ($0.name, try expr($0.value)) }
    let i = interp
    return { f in
      var out: [(String, Value)] = []
      for (k, c) in codes {
        if k == "..." {  // `f(; kws...)`
          out.append(contentsOf: try i.keywordSplat(try c(f)))
          continue
        }
        out.append((k, try c(f)))
      }
      return out
    }
  }

  func call(_ callee: Node, _ args: [Node], _ kwargs: [Node.Named], _ n: Node) throws -> Code {
    let cf = try expr(callee)
    let ca = try argList(args)
    let i = interp
    if kwargs.isEmpty {
      return { f in try i.call(try cf(f), try ca(f)) }
    }
    let ck = try kwList(kwargs)
    return { f in try i.call(try cf(f), try ca(f), try ck(f)) }
  }

  func dotCall(_ callee: Node, _ args: [Node], _ kwargs: [Node.Named]) throws -> Code {
    let cf = try expr(callee)
    let ca = try argList(args)
    let ck = try kwList(kwargs)
    let i = interp
    return { f in try i.broadcastCall(try cf(f), try ca(f), try ck(f)) }
  }

  /// Index arguments, with `end`, `begin` and `:` resolved against the target.
  func indexArgs(_ idx: [Node]) throws -> (Frame) throws -> [Value] {
    var codes: [Code] = []
    for (k, n) in idx.enumerated() {
      if case .colon = n.kind {
        codes.append { _ in .native(ColonMarker.shared) }
        continue
      }
      indexContext.append((k, idx.count))
      defer { indexContext.removeLast() }
      codes.append(try expr(n))
    }
    let cs = codes
    if cs.count == 1 {
      let a = cs[0]
      return { f in [try a(f)] }
    }
    return { f in try cs.map { try $0(f) } }
  }

  func index(_ a: Node, _ idx: [Node]) throws -> Code {
    let ca = try expr(a)
    let ci = try indexArgs(idx)
    let i = interp
    let needsTarget = idx.contains { Compiler.mentionsEnd($0) }
    if !needsTarget {
      return { f in try i.getIndex(try ca(f), try ci(f)) }
    }
    return { f in
      let t = try ca(f)
      i.indexTargets.append(t)
      defer { i.indexTargets.removeLast() }
      return try i.getIndex(t, try ci(f))
    }
  }

  static func mentionsEnd(_ n: Node) -> Bool {
    var found = false
    NodeWalker.forEach(n) { x in
      if case .endMarker = x.kind { found = true }
    }
    return found
  }

  func field(_ a: Node, _ name: String) throws -> Code {
    let ca = try expr(a)
    let i = interp
    return { f in try i.getField(try ca(f), name) }
  }

  // MARK: Macros

  func macro(_ mod: [String], _ name: String, _ args: [Node], _ n: Node) throws -> Code {
    let i = interp
    switch name {
    case "show":
      let parts = try args.map { (Unparser.text($0), try expr($0)) }
      return { f in
        var last: Value = .nothing
        for (text, c) in parts {
          last = try c(f)
          i.out.write("\(text) = \(i.showString(last))\n")
        }
        return last
      }
    case "time", "elapsed":
      guard let body = args.last else { return { _ in .nothing } }
      let c = try expr(body)
      let isTime = name == "time"
      return { f in
        let t0 = monotonicSeconds()
        let v = try c(f)
        let dt = monotonicSeconds() - t0
        if !isTime { return .float(dt) }
        i.out.write("  \(formatSeconds(dt)) seconds\n")
        return v
      }
    case "assert":
      guard let cond = args.first else { return { _ in .nothing } }
      let cc = try expr(cond)
      let text = Unparser.text(cond)
      let cm = try args.dropFirst().first.map { try expr($0) }
      return { f in
        if case .bool(true) = try cc(f) { return .nothing }
        let msg = try cm.map { i.printString(try $0(f)) } ?? text
        throw JuliaError("AssertionError", msg)
      }
    case "functor":
      guard let t = args.first else { return { _ in .nothing } }
      let ct = try expr(t)
      let fieldNames: [String]? = args.count > 1 ? Unparser.names(args[1]) : nil
      return { f in
        guard case .type(let ty) = try ct(f) else {
          throw JuliaError.argument("@functor expects a struct type")
        }
        ty.isFunctor = true
        if let fs = fieldNames { i.trainableFields[ObjectIdentifier(ty)] = fs }
        return .nothing
      }
    case ".":
      guard let body = args.first else { return { _ in .nothing } }
      return try expr(Dotify.apply(body))
    case "inbounds", "views", "inline", "noinline", "simd", "fastmath", "inferred", "eval":
      guard let body = args.last else { return { _ in .nothing } }
      return try expr(body)
    case "info", "warn", "error":
      let codes = try args.map { try expr($0) }
      let label = name == "info" ? "Info" : name == "warn" ? "Warning" : "Error"
      return { f in
        let vals = try codes.map { try $0(f) }
        let msg = vals.first.map { i.printString($0) } ?? ""
        i.out.flush()
        writeStderr("[ \(label): \(msg)\n")
        return .nothing
      }
    case "isdefined":
      guard args.count == 1, case .identifier(let name) = args[0].kind else {
        throw JuliaError.argument("@isdefined expects a variable name")
      }
      switch resolve(name) {
      case .global(let g): return { _ in .bool(g.value != nil) }
      case .slot(let k): return { f in .bool((try? checkDefined(f.slots[k], name)) != nil) }
      case .cell(let k): return { f in .bool((try? checkDefined(f.cells[k].value, name)) != nil) }
      case .capture: return { _ in .bool(true) }
      }
    case "printf":
      let codes = try args.map { try expr($0) }
      return { f in
        let vals = try codes.map { try $0(f) }
        i.out.write(try i.sprintf(vals))
        return .nothing
      }
    case "sprintf":
      let codes = try args.map { try expr($0) }
      return { f in .str(try i.sprintf(try codes.map { try $0(f) })) }
    default:
      throw JuliaError("UndefVarError", "`@\(name)` not defined in `Main`")
    }
  }
}

/// Rewrites `@. expr` into the dotted form of every call, operator and assignment.
enum Dotify {
  static func apply(_ n: Node) -> Node {
    switch n.kind {
    case .binary(let op, let a, let b, _):
      if op == "=>" || op == "|>" || op == "isa" { return n }
      return Node(.binary(op: op, lhs: apply(a), rhs: apply(b), dotted: true), n.loc)
    case .unary(let op, let a, _): return Node(.unary(op: op, operand: apply(a), dotted: true), n.loc)
    case .call(let c, let args, let kw):
      return Node(.dotCall(callee: c, args: args.map(apply), kwargs: kw), n.loc)
    case .assign(let l, let r): return Node(.dotAssign(lhs: l, rhs: apply(r)), n.loc)
    case .opAssign(let op, let l, let r, _): return Node(.opAssign(op: op, lhs: l, rhs: apply(r), dotted: true), n.loc)
    case .comparison(let xs, let ops):
      var acc = Node(.binary(op: ops[0], lhs: apply(xs[0]), rhs: apply(xs[1]), dotted: true), n.loc)
      for k in 1..<ops.count {
        let next = Node(.binary(op: ops[k], lhs: apply(xs[k]), rhs: apply(xs[k + 1]), dotted: true), n.loc)
        acc = Node(.binary(op: "&", lhs: acc, rhs: next, dotted: true), n.loc)
      }
      return acc
    case .tuple(let xs): return Node(.tuple(xs.map(apply)), n.loc)
    default: return n
    }
  }
}
