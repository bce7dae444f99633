// Compiles syntax trees to closures over frames: names resolved once, nothing looked up at run time.
import EddySyntax
import EddyTensor

/// Turns AST nodes into `Code` closures for one interpreter.
final class Compiler {
  unowned let interp: Interpreter
  let file: String
  var scope: FuncScope
  /// Position and count of the index being compiled, for `end` inside brackets.
  var indexContext: [(k: Int, n: Int)] = []
  /// Inside a struct's inner constructors, the global that `new` stands for.
  var newAlias: String?
  /// Top-level loop locals that shadow a global in a file (Compiler+SoftScope.swift).
  var softLocals: Set<SoftLocalKey> = []

  init(interp: Interpreter, file: String, scope: FuncScope) {
    self.interp = interp
    self.file = file
    self.scope = scope
  }

  var module: ModuleValue { interp.currentModule }

  // MARK: Statements

  /// A statement: its code, stamped with its location when an error passes through.
  func statement(_ n: Node) throws -> Code {
    let c = try expr(n)
    let line = n.loc.line
    let file = self.file
    let fname = scope.isTopLevel ? "top-level scope" : scope.functionName
    return { f in
      do { return try c(f) } catch var e as JuliaError {
        if !e.located {
          e.located = true
          if e.trace.count < 64 { e.trace.append(TraceEntry(function: fname, file: file, line: line)) }
        }
        throw e
      }
    }
  }

  /// A block: one error handler stamps the failing statement's line, instead of one wrapper
  /// closure per statement.
  func block(_ xs: [Node]) throws -> Code {
    let ss = try xs.map { Stmt(run: try expr($0), line: $0.loc.line) }
    let loc = StmtLocator(file: file, function: scope.isTopLevel ? "top-level scope" : scope.functionName)
    switch ss.count {
    case 0: return { _ in .nothing }
    case 1:
      let a = ss[0].run, la = ss[0].line
      return { f in
        do { return try a(f) } catch let e as JuliaError { throw loc.stamp(e, la) }
      }
    case 2:
      let a = ss[0].run, b = ss[1].run, la = ss[0].line, lb = ss[1].line
      return { f in
        var line = la
        do {
          discard(try a(f))
          line = lb
          return try b(f)
        } catch let e as JuliaError { throw loc.stamp(e, line) }
      }
    default:
      let n = ss.count - 1
      return { f in
        var j = 0
        do {
          while j < n {
            discard(try ss[j].run(f))
            j += 1
          }
          return try ss[n].run(f)
        } catch let e as JuliaError { throw loc.stamp(e, ss[j].line) }
      }
    }
  }

  // MARK: Variables

  func resolve(_ name: String) -> VarRef {
    if let r = scope.lookupLocal(name) { return r }
    return .global(interp.readRef(name, in: module))
  }

  func read(_ name: String, _ loc: SourceLoc) -> Code {
    let ref = resolve(name)
    if isSoftLocal(ref) {
      switch ref {
      case .slot(let i): return { f in try checkDefined(f.slots[i], name) }
      case .cell(let i): return { f in try checkDefined(f.cells[i].value, name) }
      default: break
      }
    }
    switch ref {
    case .slot(let i): return { f in f.slots[i] }
    case .cell(let i): return { f in f.cells[i].value }
    case .capture(let i): return { f in f.captures[i].value }
    case .global(let g):
      let modName = g.module.name
      return { _ in
        if let v = g.value { return v }
        throw JuliaError.undefVar(name, module: modName)
      }
    }
  }

  /// Where an assignment to `name` goes: locals, declared globals, or (top level) globals.
  func writeTarget(_ name: String) -> VarRef {
    if scope.declaredGlobals.contains(name) { return .global(module.ref(name)) }
    if let r = scope.lookupLocal(name) { return r }
    if scope.isTopLevel { return .global(module.ref(name)) }
    scope.declareHoisted(name)
    return scope.lookupLocal(name) ?? .global(module.ref(name))
  }

  func writer(_ name: String) -> (Frame, Value) throws -> Void {
    switch writeTarget(name) {
    case .slot(let i): return { f, v in f.slots[i] = v }
    case .cell(let i): return { f, v in f.cells[i].value = v }
    case .capture(let i): return { f, v in f.captures[i].value = v }
    case .global(let g):
      return { _, v in
        if g.isConst, g.value != nil {
          throw JuliaError.error("invalid assignment to constant `\(name)`")
        }
        g.value = v
      }
    }
  }

  // MARK: Expressions

  func expr(_ n: Node) throws -> Code {
    switch n.kind {
    case .int(let v): return { _ in .int(v) }
    case .float(let v): return { _ in .float(v) }
    case .float32(let v): return { _ in .f32(v) }
    case .bool(let v): return { _ in .bool(v) }
    case .char(let c):
      let s = c.unicodeScalars.first ?? " "
      return { _ in .char(s) }
    case .string(let s): return { _ in .str(s) }
    case .symbol(let s): return { _ in .sym(s) }
    case .interpolation(let parts): return try interpolation(parts)
    case .identifier(let name): return identifier(name, n.loc)
    case .endMarker:
      guard let ctx = indexContext.last else {
        throw JuliaError("ParseError", "`end` outside indexing at \(file):\(n.loc.line)")
      }
      let i = interp
      return { _ in
        guard let t = i.indexTargets.last else { return .int(0) }
        return .int(try i.lastIndex(t, dim: ctx.k, of: ctx.n))
      }
    case .beginMarker: return { _ in .int(1) }
    case .endMarker, .beginMarker, .colon:
      throw JuliaError("ParseError", "`\(n.kind)` outside indexing at \(file):\(n.loc.line)")
    case .binary(let op, let a, let b, let dotted): return try binary(op, a, b, dotted: dotted)
    case .unary(let op, let a, let dotted): return try unary(op, a, dotted: dotted)
    case .comparison(let xs, let ops): return try comparison(xs, ops)
    case .and(let a, let b):
      let ca = try expr(a), cb = try expr(b)
      return { f in
        guard case .bool(let x) = try ca(f) else { throw JuliaError.type("non-boolean used in boolean context") }
        return x ? try cb(f) : .bool(false)
      }
    case .or(let a, let b):
      let ca = try expr(a), cb = try expr(b)
      return { f in
        guard case .bool(let x) = try ca(f) else { throw JuliaError.type("non-boolean used in boolean context") }
        return x ? .bool(true) : try cb(f)
      }
    case .ternary(let c, let a, let b):
      let cc = try condition(c), ca = try expr(a), cb = try expr(b)
      return { f in try cc(f) ? try ca(f) : try cb(f) }
    case .range(let a, let s, let b): return try rangeExpr(a, s, b)
    case .adjoint(let a):
      let c = try expr(a)
      let i = interp
      return { f in try i.adjoint(try c(f)) }
    case .splat:
      throw JuliaError("ParseError", "`...` is only allowed in calls and literals (line \(n.loc.line))")
    case .typeAssert(let a, let t):
      let ca = try expr(a), ct = try expr(t)
      let i = interp
      return { f in
        let v = try ca(f)
        guard case .type(let ty) = try ct(f) else { return v }
        if !i.isa(v, ty) {
          throw JuliaError.type("in typeassert, expected \(ty), got a value of type \(i.typeOf(v))")
        }
        return v
      }
    case .curly(let a, let params): return try curly(a, params)
    case .call(let callee, let args, let kwargs): return try call(callee, args, kwargs, n)
    case .dotCall(let callee, let args, let kwargs): return try dotCall(callee, args, kwargs)
    case .index(let a, let idx): return try index(a, idx)
    case .field(let a, let name): return try field(a, name)
    case .macroCall(let mod, let name, let args): return try macro(mod, name, args, n)
    case .tuple(let xs): return try tupleExpr(xs)
    case .namedTuple(let items):
      let keys = items.map { $0.name }
      let codes = try items.map { try expr($0.value) }
      return { f in .named(NamedTupleValue(keys: keys, values: try codes.map { try $0(f) })) }
    case .vect(let xs, let t): return try vect(xs, t)
    case .hcat(let xs, let t): return try concatLiteral([xs], t, isRow: true)
    case .vcat(let rows, let t): return try concatLiteral(rows, t, isRow: false)
    case .ncat(let dims, let parts, let t): return try ncatLiteral(dims, parts, t)
    case .comprehension(let body, let groups, let filter, let isGen, let t):
      return try comprehension(body, groups, filter, isGenerator: isGen, type: t)
    case .assign(let lhs, let rhs): return try assign(lhs, rhs)
    case .opAssign(let op, let lhs, let rhs, let dotted): return try opAssign(op, lhs, rhs, dotted: dotted)
    case .dotAssign(let lhs, let rhs): return try dotAssign(lhs, rhs)
    case .function(let def): return try functionDef(def, n)
    case .lambda(let ps, let kws, let body): return try lambda(ps, kws, body, n)
    case .structDef(let name, let isMutable, let sup, let fields, let inner, let typeParams):
      return try structDef(name, isMutable, sup, fields, inner, typeParams: typeParams, n)
    case .abstractType(let name, let typeParams, let sup): return try abstractType(name, typeParams, sup, n)
    case .docstring(let doc, let def): return try docstring(doc, def)
    case .const(let a):
      let c = try expr(a)
      if case .assign(let l, _) = a.kind, case .identifier(let name) = l.kind, scope.isTopLevel {
        let r = module.ref(name)
        return { f in
          let v = try c(f)
          r.isConst = true
          return v
        }
      }
      return c
    case .block(let xs): return try block(xs)
    case .ifElse(let c, let t, let e): return try ifElse(c, t, e)
    case .whileLoop(let c, let b): return try whileLoop(c, b)
    case .forLoop(let bs, let body): return try forLoop(bs, body)
    case .breakStmt: return { _ in throw ControlFlow.breakLoop }
    case .continueStmt: return { _ in throw ControlFlow.continueLoop }
    case .returnStmt(let v):
      guard let v else { return { _ in throw ControlFlow.returnValue(.nothing) } }
      let c = try expr(v)
      return { f in throw ControlFlow.returnValue(try c(f)) }
    case .tryCatch(let body, let name, let cbody, let fin): return try tryCatch(body, name, cbody, fin)
    case .letBlock(let bindings, let body): return try letBlock(bindings, body)
    case .global(let xs): return try globalDecl(xs)
    case .local(let xs): return try localDecl(xs)
    case .using(let paths, let names, _): return using(paths, names, n)
    }
  }

  func identifier(_ name: String, _ loc: SourceLoc) -> Code {
    switch name {
    case "nothing": return { _ in .nothing }
    case "Inf": return { _ in .float(.infinity) }
    case "NaN": return { _ in .float(.nan) }
    case "Inf32": return { _ in .f32(.infinity) }
    case "NaN32": return { _ in .f32(.nan) }
    case "π", "pi": return { _ in .float(Double.pi) }
    case "ℯ": return { _ in .float(2.718281828459045) }
    case "new" where newAlias != nil: return read(newAlias ?? name, loc)
    default: return read(name, loc)
    }
  }

  /// Compiles a condition that must be a Bool.
  func condition(_ n: Node) throws -> (Frame) throws -> Bool {
    if let c = try fastCondition(n) { return c }
    let c = try expr(n)
    let i = interp
    return { f in
      let v = try c(f)
      if case .bool(let b) = v { return b }
      throw JuliaError.type("non-boolean (\(i.typeOf(v))) used in boolean context")
    }
  }

  func interpolation(_ parts: [Node]) throws -> Code {
    let codes = try parts.map { p -> Code in
      if case .string(let s) = p.kind { return { _ in .str(s) } }
      return try expr(p)
    }
    let i = interp
    return { f in
      var s = ""
      for c in codes {
        let v = try c(f)
        if case .str(let x) = v { s += x } else { s += i.printString(v) }
      }
      return .str(s)
    }
  }

  func tupleExpr(_ xs: [Node]) throws -> Code {
    if xs.contains(where: { if case .splat = $0.kind { return true } else { return false } }) {
      let args = try argList(xs)
      return { f in .tuple(try args(f)) }
    }
    let codes = try xs.map { try expr($0) }
    if codes.count == 2 {
      let a = codes[0], b = codes[1]
      return { f in .tuple([try a(f), try b(f)]) }
    }
    return { f in .tuple(try codes.map { try $0(f) }) }
  }

  func rangeExpr(_ a: Node, _ s: Node?, _ b: Node) throws -> Code {
    let ca = try expr(a), cb = try expr(b)
    let cs = try s.map { try expr($0) }
    let i = interp
    return { f in try i.makeRange(try ca(f), try cs?(f), try cb(f)) }
  }

  func curly(_ a: Node, _ params: [Node]) throws -> Code {
    let ca = try expr(a)
    let cps = try params.map { try expr($0) }
    let i = interp
    return { f in try i.applyTypeParams(try ca(f), try cps.map { try $0(f) }) }
  }
}

/// A compiled statement and its line. (A struct, so arrays of them hold the closure without
/// reabstraction thunks.)
struct Stmt {
  let run: Code
  let line: Int
}

/// Stamps an error with the location of the statement it passed through first.
struct StmtLocator {
  let file: String
  let function: String
  func stamp(_ e: JuliaError, _ line: Int) -> JuliaError {
    if e.located { return e }
    var e = e
    e.located = true
    if e.trace.count < 64 { e.trace.append(TraceEntry(function: function, file: file, line: line)) }
    return e
  }
}

/// A loop body run by the loop itself: statements back to back under one error handler.
struct LoopBody {
  let stmts: [Stmt]
  let a: Code
  let b: Code
  let locator: StmtLocator?
  /// Top-level soft-scope locals reset to "undefined" at the start of each iteration.
  let soft: [VarStore]
  let undef: Value

  init(code: [Stmt], locator: StmtLocator?, soft: [VarStore]) {
    stmts = code
    // No `??` or other generic helper here: it would wrap the closures in reabstraction thunks.
    if code.isEmpty {
      a = { _ in .nothing }
    } else {
      a = code[0].run
    }
    if code.count > 1 {
      b = code[1].run
    } else {
      b = a
    }
    self.locator = locator
    self.soft = soft
    undef = Value.native(UndefLocalMarker.shared)
  }

  @inline(__always) func run(_ f: Frame) throws {
    if !soft.isEmpty { resetSoft(f) }
    var j = 0
    do {
      switch stmts.count {
      case 0: break
      case 1: discard(try a(f))
      case 2:
        discard(try a(f))
        j = 1
        discard(try b(f))
      default:
        while j < stmts.count {
          discard(try stmts[j].run(f))
          j += 1
        }
      }
    } catch let e as JuliaError {
      guard let locator else { throw e }
      throw locator.stamp(e, stmts[j].line)
    }
  }

  func resetSoft(_ f: Frame) {
    for s in soft {
      switch s {
      case .slot(let i): f.slots[i] = undef
      case .cell(let i): f.cells[i].value = undef
      }
    }
  }
}

/// Drops a statement's value; numbers are released without the outlined generic destroy.
@inline(__always) func discard(_ v: consuming Value) {
  switch consume v {
  case .int, .float, .f32, .bool, .nothing, .char: break
  case let other: _ = other
  }
}
