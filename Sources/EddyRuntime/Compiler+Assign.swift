// Assignment forms and array literals.
import EddySyntax
import EddyTensor

extension Compiler {
  func assign(_ lhs: Node, _ rhs: Node) throws -> Code {
    // `f(x) = body` reaching here means the parser produced an assignment to a call.
    if case .call(let callee, let args, let kwargs) = lhs.kind {
      let params = args.map(Compiler.paramFrom)
      let kw = kwargs.map { Node.Param(name: $0.name, defaultValue: $0.value) }
      let def = Node.FunctionDef(name: callee, callableSelf: nil, params: params, kwparams: kw, body: rhs)
      return try functionDef(def, lhs)
    }
    let cr = try expr(rhs)
    if case .identifier(let name) = lhs.kind {
      let ops = assignOperands(rhs, cr)
      guard case .slot(let k) = writeTarget(name) else { return try assignWith(cr, lhs) }
      // A local: stored directly, without a writer closure.
      if let c = fastAssign(k, ops) { return c }
      return { f in
        let v = try cr(f)
        storeSlot(f.slots + k, v)
        return v
      }
    }
    return try assignWith(cr, lhs)
  }

  private func assignWith(_ cr: @escaping Code, _ lhs: Node) throws -> Code {
    let w = try assignWriter(lhs)
    return { f in
      let v = try cr(f)
      try w(f, v)
      return v
    }
  }

  static func paramFrom(_ n: Node) -> Node.Param {
    switch n.kind {
    case .identifier(let s): return Node.Param(name: s)
    case .typeAssert(let x, let t):
      if case .identifier(let s) = x.kind { return Node.Param(name: s, type: t) }
      return Node.Param(name: nil, type: t)
    case .splat(let x):
      var p = paramFrom(x)
      p.isVararg = true
      return p
    case .assign(let l, let r):
      var p = paramFrom(l)
      p.defaultValue = r
      return p
    default: return Node.Param(name: nil)
    }
  }

  /// The writer for an assignment target.
  func assignWriter(_ lhs: Node) throws -> (Frame, Value) throws -> Void {
    let i = interp
    switch lhs.kind {
    case .identifier(let name): return writer(name)
    case .typeAssert(let x, _): return try assignWriter(x)
    case .tuple(let xs):
      let ws = try xs.map { try assignWriter($0) }
      return { f, v in
        let parts = try i.destructure(v, count: ws.count)
        for (w, p) in zip(ws, parts) { try w(f, p) }
      }
    case .index(let a, let idx):
      let ca = try expr(a)
      let ci = try indexArgs(idx)
      let needsTarget = idx.contains { Compiler.mentionsEnd($0) }
      return { f, v in
        let t = try ca(f)
        if needsTarget { i.indexTargets.append(t) }
        defer { if needsTarget { i.indexTargets.removeLast() } }
        try i.setIndex(t, try ci(f), v)
      }
    case .field(let a, let name):
      let ca = try expr(a)
      return { f, v in try i.setField(try ca(f), name, v) }
    default:
      throw JuliaError("ParseError", "invalid assignment target at \(file):\(lhs.loc.line)")
    }
  }

  // MARK: Array literals

  func elementType(_ t: Node?) throws -> ((Frame) throws -> JType?) {
    guard let t else { return { _ in nil } }
    let c = try expr(t)
    return { f in
      guard case .type(let ty) = try c(f) else { throw JuliaError.type("array element type must be a type") }
      return ty
    }
  }

  func vect(_ xs: [Node], _ t: Node?) throws -> Code {
    let ca = try argList(xs)
    let ct = try elementType(t)
    let i = interp
    return { f in
      let items = try ca(f)
      let et = try ct(f)
      if et == nil, let promoted = try i.promotedArrays(items) {
        return .array(ArrayValue(promoted.items, shape: [items.count], eltype: promoted.eltype))
      }
      return try i.collectArray(items, shape: [items.count], eltype: et)
    }
  }

  /// `[a b; c d]`, `[a; b]`, `[a b]`: rows are concatenated horizontally, then vertically.
  func concatLiteral(_ rows: [[Node]], _ t: Node?, isRow: Bool) throws -> Code {
    let codes = try rows.map { try $0.map { try expr($0) } }
    let ct = try elementType(t)
    let i = interp
    return { f in
      let vals = try codes.map { try $0.map { try $0(f) } }
      return try i.concatRows(vals, eltype: try ct(f), singleRow: isRow)
    }
  }

  /// `[a; b;; c; d]`, `[1;;]`: the parts concatenated along dimension `dims`, as `cat`.
  func ncatLiteral(_ dims: Int, _ parts: [Node], _ t: Node?) throws -> Code {
    let codes = try parts.map { try expr($0) }
    let ct = try elementType(t)
    let i = interp
    return { f in try i.concatParts(try codes.map { try $0(f) }, dim: dims, eltype: try ct(f)) }
  }
}
