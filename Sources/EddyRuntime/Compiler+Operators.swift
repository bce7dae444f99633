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
    let ca = try expr(a), cb = try expr(b)
    let i = interp
    if let bop = BinOp.parse(op) {
      if dotted { return { f in try i.broadcastBinary(bop, try ca(f), try cb(f)) } }
      switch bop {
      case .add:
        return { f in
          let x = try ca(f), y = try cb(f)
          if case .int(let p) = x, case .int(let q) = y { return .int(p &+ q) }
          if case .float(let p) = x, case .float(let q) = y { return .float(p + q) }
          return try i.binary(.add, x, y)
        }
      case .mul:
        return { f in
          let x = try ca(f), y = try cb(f)
          if case .int(let p) = x, case .int(let q) = y { return .int(p &* q) }
          if case .float(let p) = x, case .float(let q) = y { return .float(p * q) }
          return try i.binary(.mul, x, y)
        }
      case .lt:
        return { f in
          let x = try ca(f), y = try cb(f)
          if case .int(let p) = x, case .int(let q) = y { return .bool(p < q) }
          return try i.binary(.lt, x, y)
        }
      default:
        return { f in try i.binary(bop, try ca(f), try cb(f)) }
      }
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

  func unary(_ op: String, _ a: Node, dotted: Bool) throws -> Code {
    if op == "-", case .int(let v) = a.kind { return { _ in .int(0 &- v) } }
    if op == "-", case .float(let v) = a.kind { return { _ in .float(-v) } }
    if op == "-", case .float32(let v) = a.kind { return { _ in .f32(-v) } }
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
