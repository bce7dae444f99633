// Operators: arithmetic, comparison, compound assignment and broadcasting forms.
import EddySyntax
import EddyTensor

/// Binary operators with a runtime meaning of their own.
public enum BinOp: String {
  case add = "+", sub = "-", mul = "*", div = "/", pow = "^", mod = "%", intdiv = "÷", ldiv = "\\"
  case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
  case band = "&", bor = "|", xor = "⊻", rem = "rem", fdiv = "//"
  case max, min

  static func parse(_ s: String) -> BinOp? {
    switch s {
    case "≠": return .ne
    case "≤": return .le
    case "≥": return .ge
    default: return BinOp(rawValue: s)
    }
  }

  /// The tensor kernel for the broadcast form.
  var tensorOp: BinaryOp? {
    switch self {
    case .add: return .add
    case .sub: return .sub
    case .mul: return .mul
    case .div: return .div
    case .pow: return .pow
    case .mod, .rem: return .rem
    case .xor: return .xor
    case .eq: return .eq
    case .ne: return .ne
    case .lt: return .lt
    case .le: return .le
    case .gt: return .gt
    case .ge: return .ge
    case .max: return .max
    case .min: return .min
    case .intdiv: return .intdiv
    case .band: return .and
    case .bor: return .or
    default: return nil
    }
  }
}

extension Compiler {
  func binary(_ op: String, _ a: Node, _ b: Node, dotted: Bool) throws -> Code {
    if op == "^", case .int(let p) = b.kind, p < 0 {
      // Julia's literal_pow: an integer to a negative literal power is a Float64
      // (`2^-1 == 0.5`, `[1, 2] .^ -1`), where a negative power in a variable is a DomainError.
      let ca = try expr(a)
      let i = interp
      return { f in try i.literalNegativePower(try ca(f), p, dotted: dotted) }
    }
    if dotted, let fused = try fusedBinary(op, a, b) { return fused }
    let ca = try expr(a), cb = try expr(b)
    let i = interp
    if let bop = BinOp.parse(op) {
      if dotted { return { f in try i.broadcastBinary(bop, try ca(f), try cb(f)) } }
      return specializedBinary(bop, a, b, ca, cb)
    }
    switch op {
    case "&&" where dotted, "||" where dotted:
      let bop: BinOp = op == "&&" ? .band : .bor
      return { f in try i.broadcastBinary(bop, try ca(f), try cb(f)) }
    case "===": return { f in .bool(i.identical(try ca(f), try cb(f))) }
    case "!==": return { f in .bool(!i.identical(try ca(f), try cb(f))) }
    case "isa":
      return { f in
        let v = try ca(f)
        guard case .type(let t) = try cb(f) else { throw JuliaError.type("isa: second argument must be a type") }
        return .bool(i.isa(v, t))
      }
    case "<:":
      return { f in
        guard case .type(let s) = try ca(f), case .type(let t) = try cb(f) else { return .bool(false) }
        return .bool(s.isSubtype(of: t))
      }
    case "in", "∈":
      if dotted { return { f in try i.broadcastCall(.fn(i.builtin("in")), [try ca(f), try cb(f)]) } }
      return { f in .bool(try i.contains(try cb(f), try ca(f))) }
    case "∉": return { f in .bool(!(try i.contains(try cb(f), try ca(f)))) }
    case "≈":
      if dotted { return { f in try i.broadcastCall(.fn(i.builtin("isapprox")), [try ca(f), try cb(f)]) } }
      return { f in try i.call(.fn(i.builtin("isapprox")), [try ca(f), try cb(f)]) }
    case "=>": return { f in i.makePair(try ca(f), try cb(f)) }
    case "|>":
      if dotted { return { f in try i.broadcastCall(try cb(f), [try ca(f)]) } }
      return { f in try i.call(try cb(f), [try ca(f)]) }
    case "∘": return { f in i.compose(try ca(f), try cb(f)) }
    default:
      // Any other operator is a call of the function of that name (user-defined operators).
      let fc = read(op, a.loc)
      if dotted { return { f in try i.broadcastCall(try fc(f), [try ca(f), try cb(f)]) } }
      return { f in try i.call(try fc(f), [try ca(f), try cb(f)]) }
    }
  }

  /// Operands that need no closure call: a local slot or a constant.
  enum Operand {
    case slot(Int)
    case constant(Value)
    case code(Code)
  }

  func operand(_ n: Node, _ c: @escaping Code) -> Operand {
    switch n.kind {
    case .int(let v): return .constant(.int(v))
    case .float(let v): return .constant(.float(v))
    case .float32(let v): return .constant(.f32(v))
    case .identifier(let name):
      if case .slot(let k)? = scope.lookupLocal(name), !isSoftLocal(.slot(k)) { return .slot(k) }
      return .code(c)
    default: return .code(c)
    }
  }

  /// A binary operator with its operands' access specialised, and plain numbers computed inline.
  func specializedBinary(_ op: BinOp, _ a: Node, _ b: Node, _ ca: @escaping Code, _ cb: @escaping Code) -> Code {
    let i = interp
    let oa = operand(a, ca), ob = operand(b, cb)
    if let c = fastBinary(op, oa, ob) { return c }
    switch (oa, ob) {
    case (.slot(let x), .constant(let y)):
      return { f in try Compiler.arith(op, f.slots[x], y, i) }
    case (.slot(let x), .slot(let y)):
      return { f in try Compiler.arith(op, f.slots[x], f.slots[y], i) }
    case (.constant(let x), .slot(let y)):
      return { f in try Compiler.arith(op, x, f.slots[y], i) }
    case (.code(let x), .constant(let y)):
      return { f in try Compiler.arith(op, try x(f), y, i) }
    case (.slot(let x), .code(let y)):
      return { f in
        let r = try y(f)
        return try Compiler.arith(op, f.slots[x], r, i)
      }
    default:
      return { f in try Compiler.arith(op, try ca(f), try cb(f), i) }
    }
  }

  /// Int and Float64 arithmetic inline; everything else through the interpreter.
  @inline(__always)
  static func arith(_ op: BinOp, _ x: Value, _ y: Value, _ i: Interpreter) throws -> Value {
    switch (x, y) {
    case (.float(let p), .float(let q)):
      switch op {
      case .add: return .float(p + q)
      case .sub: return .float(p - q)
      case .mul: return .float(p * q)
      case .div: return .float(p / q)
      case .lt: return .bool(p < q)
      case .gt: return .bool(p > q)
      case .le: return .bool(p <= q)
      case .ge: return .bool(p >= q)
      default: break
      }
    case (.int(let p), .int(let q)):
      switch op {
      case .add: return .int(p &+ q)
      case .sub: return .int(p &- q)
      case .mul: return .int(p &* q)
      case .lt: return .bool(p < q)
      case .gt: return .bool(p > q)
      case .le: return .bool(p <= q)
      case .ge: return .bool(p >= q)
      case .eq: return .bool(p == q)
      default: break
      }
    case (.int(let p), .float(let q)):
      switch op {
      case .add: return .float(Double(p) + q)
      case .sub: return .float(Double(p) - q)
      case .mul: return .float(Double(p) * q)
      case .div: return .float(Double(p) / q)
      default: break
      }
    case (.float(let p), .int(let q)):
      switch op {
      case .add: return .float(p + Double(q))
      case .sub: return .float(p - Double(q))
      case .mul: return .float(p * Double(q))
      case .div: return .float(p / Double(q))
      default: break
      }
    default: break
    }
    return try i.binary(op, x, y)
  }

  func unary(_ op: String, _ a: Node, dotted: Bool) throws -> Code {
    if op == "-", case .int(let v) = a.kind { return { _ in .int(0 &- v) } }
    if op == "-", case .float(let v) = a.kind { return { _ in .float(-v) } }
    if op == "-", case .float32(let v) = a.kind { return { _ in .f32(-v) } }
    if op == "::" {  // `::T` outside a parameter list
      return { _ in throw JuliaError.error("syntax: invalid \"::\" syntax") }
    }
    let ca = try expr(a)
    let i = interp
    switch op {
    case "-":
      if dotted { return { f in try i.broadcastUnaryMinus(try ca(f)) } }
      return { f in try i.negate(try ca(f)) }
    case "+": return ca
    case "!":
      if dotted { return { f in try i.broadcastCall(.fn(i.builtin("!")), [try ca(f)]) } }
      return { f in
        let v = try ca(f)
        if case .bool(let b) = v { return .bool(!b) }
        return try i.call(.fn(i.builtin("!")), [v])
      }
    case "√":
      return { f in try i.call(.fn(i.builtin("sqrt")), [try ca(f)]) }
    default:
      let fc = read(op, a.loc)
      return { f in try i.call(try fc(f), [try ca(f)]) }
    }
  }

  func comparison(_ xs: [Node], _ ops: [String]) throws -> Code {
    if ops.contains(where: { $0.hasPrefix(".") }) {
      // `a .<= b .< c` is `(a .<= b) .& (b .< c)`.
      var acc: Node? = nil
      for (k, op) in ops.enumerated() {
        let dotted = op.hasPrefix(".")
        let bare = dotted ? String(op.dropFirst()) : op
        let part = Node(.binary(op: bare, lhs: xs[k], rhs: xs[k + 1], dotted: dotted), xs[k].loc)
        acc = acc.map { Node(.binary(op: "&", lhs: $0, rhs: part, dotted: true), part.loc) } ?? part
      }
      if let acc { return try expr(acc) }
    }
    let codes = try xs.map { try expr($0) }
    let i = interp
    let bops = ops.map { BinOp.parse($0) }
    return { f in
      var lhs = try codes[0](f)
      for k in 0..<bops.count {
        let rhs = try codes[k + 1](f)
        let r: Value
        if let b = bops[k] { r = try i.binary(b, lhs, rhs) } else { r = .bool(i.identical(lhs, rhs)) }
        guard case .bool(true) = r else { return .bool(false) }
        lhs = rhs
      }
      return .bool(true)
    }
  }

  /// `x op= y`: `x = x op y`, with the same target resolution as assignment.
  func opAssign(_ op: String, _ lhs: Node, _ rhs: Node, dotted: Bool) throws -> Code {
    if dotted {
      // `x .+= y` is `x .= x .+ y`.
      let combined = Node(.binary(op: op, lhs: lhs, rhs: rhs, dotted: true), rhs.loc)
      return try dotAssign(lhs, combined)
    }
    let combined = Node(.binary(op: op, lhs: lhs, rhs: rhs, dotted: false), rhs.loc)
    if case .identifier(let name) = lhs.kind, let bop = BinOp.parse(op), !scope.declaredGlobals.contains(name),
      case .slot(let k)? = scope.lookupLocal(name), !isSoftLocal(.slot(k))
    {
      let cr = try expr(rhs)
      let i = interp
      if let c = fastOpAssign(bop, k, rhs, cr) { return c }
      // `s += x * c` with a local `x` and a constant `c`: one closure for the whole statement.
      if case .binary(let op2, let a2, let b2, false) = rhs.kind, let bop2 = BinOp.parse(op2),
        case .slot(let x) = operand(a2, cr), case .constant(let c) = operand(b2, cr)
      {
        return { f in
          let v = try Compiler.arith(bop, f.slots[k], try Compiler.arith(bop2, f.slots[x], c, i), i)
          f.slots[k] = v
          return v
        }
      }
      if case .constant(let c) = operand(rhs, cr) {
        return { f in
          let v = try Compiler.arith(bop, f.slots[k], c, i)
          f.slots[k] = v
          return v
        }
      }
      return { f in
        let r = try cr(f)
        let v = try Compiler.arith(bop, f.slots[k], r, i)
        f.slots[k] = v
        return v
      }
    }
    return try assign(lhs, combined)
  }

  /// `x .= y`: writes into the existing array.
  func dotAssign(_ lhs: Node, _ rhs: Node) throws -> Code {
    let cr = try expr(rhs)
    let i = interp
    if case .index(let a, let idx) = lhs.kind {
      let ca = try expr(a)
      let cidx = try indexArgs(idx)
      return { f in
        let target = try ca(f)
        i.indexTargets.append(target)
        defer { i.indexTargets.removeLast() }
        let ix = try cidx(f)
        let v = try cr(f)
        try i.setIndexBroadcast(target, ix, v)
        return v
      }
    }
    let cl = try expr(lhs)
    return { f in
      let dst = try cl(f)
      let v = try cr(f)
      try i.assignInPlace(dst, v)
      return dst
    }
  }
}
