// Control flow: conditionals, loops, try/catch, let, declarations, comprehensions.
import EddySyntax
import EddyTensor

extension Compiler {
  func ifElse(_ c: Node, _ t: Node, _ e: Node?) throws -> Code {
    let cc = try condition(c)
    let ct = try expr(t)
    guard let e else { return { f in try cc(f) ? try ct(f) : .nothing } }
    let ce = try expr(e)
    return { f in try cc(f) ? try ct(f) : try ce(f) }
  }

  /// A loop body, its statements run by the loop (see `LoopBody`).
  func loopBody(_ body: Node, soft: [VarStore]) throws -> LoopBody {
    let ss: [Stmt]
    let locator: StmtLocator?
    if case .block(let xs) = body.kind {
      ss = try xs.map { Stmt(run: try expr($0), line: $0.loc.line) }
      locator = StmtLocator(file: file, function: scope.isTopLevel ? "top-level scope" : scope.functionName)
    } else {
      ss = [Stmt(run: try expr(body), line: body.loc.line)]
      locator = nil
    }
    return LoopBody(code: ss, locator: locator, soft: soft)
  }

  func whileLoop(_ c: Node, _ b: Node) throws -> Code {
    let cc = try condition(c)
    scope.pushBlock()
    defer { scope.popBlock() }
    let soft = declareSoftLocals(b, b.loc)
    let body = try loopBody(b, soft: soft)
    return { f in
      while try cc(f) {
        try checkInterrupt()
        do { try body.run(f) } catch ControlFlow.breakLoop { break } catch ControlFlow.continueLoop { continue }
      }
      return .nothing
    }
  }

  func forLoop(_ bs: [Node.Binding], _ body: Node) throws -> Code {
    guard let first = bs.first else { return try expr(body) }
    let iter = try expr(first.iter)
    scope.pushBlock()
    defer { scope.popBlock() }
    let bind = try patternDeclare(first.lhs)
    let inner: LoopBody
    if bs.count > 1 {
      let nested = try forLoop(Array(bs.dropFirst()), body)
      inner = LoopBody(code: [Stmt(run: nested, line: body.loc.line)], locator: nil, soft: [])
    } else {
      let soft = declareSoftLocals(body, body.loc)
      inner = try loopBody(body, soft: soft)
    }
    let i = interp
    if case .identifier(let name) = first.lhs.kind, case .slot(let idx)? = scope.blocks.last?[name] {
      return { f in
        let it = try iter(f)
        if case .range(let r) = it, r.isInt {
          var k = r.intStart
          let step = r.intStep
          let p = f.slots + idx
          for _ in 0..<r.count {
            storeSlot(p, .int(k))
            k &+= step
            do { try inner.run(f) } catch ControlFlow.breakLoop { break } catch ControlFlow.continueLoop {}
            // Ctrl-C stops even a loop whose body calls nothing (`for i in 1:10^10 end`).
            try checkInterrupt()
          }
          return .nothing
        }
        try i.forEach(it) { v in
          f.slots[idx] = v
          do { try inner.run(f) } catch ControlFlow.breakLoop { return false } catch ControlFlow.continueLoop {}
          try checkInterrupt()
          return true
        }
        return .nothing
      }
    }
    return { f in
      try i.forEach(try iter(f)) { v in
        try bind(f, v)
        do { try inner.run(f) } catch ControlFlow.breakLoop { return false } catch ControlFlow.continueLoop {}
        try checkInterrupt()
        return true
      }
      return .nothing
    }
  }

  /// Declares the names of a binding pattern in the current block and returns its writer.
  func patternDeclare(_ lhs: Node) throws -> (Frame, Value) throws -> Void {
    switch lhs.kind {
    case .identifier(let name):
      let s = scope.declare(name)
      switch s {
      case .slot(let i): return { f, v in f.slots[i] = v }
      case .cell(let i): return { f, v in f.cells[i] = Box(v) }
      }
    case .tuple(let xs):
      let ws = try xs.map { try patternDeclare($0) }
      let i = interp
      return { f, v in
        let parts = try i.destructure(v, count: ws.count)
        for (w, p) in zip(ws, parts) { try w(f, p) }
      }
    case .typeAssert(let x, _): return try patternDeclare(x)
    default:
      throw JuliaError("ParseError", "invalid iteration variable at line \(lhs.loc.line)")
    }
  }

  func tryCatch(_ body: Node, _ name: String?, _ cbody: Node?, _ fin: Node?) throws -> Code {
    let cb = try expr(body)
    scope.pushBlock()
    let bindErr = try name.map { try patternDeclare(Node(.identifier($0), body.loc)) }
    let cc = try cbody.map { try expr($0) }
    scope.popBlock()
    let cf = try fin.map { try expr($0) }
    let i = interp
    let hasCatch = cbody != nil || name != nil
    return { f in
      defer { if let cf { _ = try? cf(f) } }
      do {
        // A kernel error that escaped tensorOp is still a Julia exception to the program.
        do { return try cb(f) } catch let t as TensorError { throw JuliaError(t) }
      } catch let e as JuliaError {
        guard hasCatch else { throw e }
        if let bindErr { try bindErr(f, i.exceptionValue(e)) }
        // `rethrow()` inside the catch body rethrows `e` (kept on a stack for nested handlers).
        i.handledErrors.append(e)
        defer { i.handledErrors.removeLast() }
        return try cc?(f) ?? .nothing
      }
    }
  }

  func letBlock(_ bindings: [Node], _ body: Node) throws -> Code {
    scope.pushBlock()
    defer { scope.popBlock() }
    var steps: [Code] = []
    for b in bindings {
      switch b.kind {
      case .assign(let lhs, let rhs):
        let cr = try expr(rhs)
        let w = try patternDeclare(lhs)
        steps.append { f in
          let v = try cr(f)
          try w(f, v)
          return v
        }
      case .identifier(let name):
        // `let x` makes a new local that starts as a copy of the outer `x`.
        let outer = read(name, b.loc)
        let w = try patternDeclare(b)
        steps.append { f in
          try w(f, try outer(f))
          return .nothing
        }
      default:
        steps.append(try expr(b))
      }
    }
    let cb = try expr(body)
    return { f in
      for s in steps { _ = try s(f) }
      return try cb(f)
    }
  }

  func globalDecl(_ xs: [Node]) throws -> Code {
    var codes: [Code] = []
    for x in xs {
      switch x.kind {
      case .identifier(let n): scope.declaredGlobals.insert(n)
      case .assign(let l, _), .opAssign(_, let l, _, _):
        if case .identifier(let n) = l.kind { scope.declaredGlobals.insert(n) }
        codes.append(try expr(x))
      default: codes.append(try expr(x))
      }
    }
    return { f in
      var v: Value = .nothing
      for c in codes { v = try c(f) }
      return v
    }
  }

  func localDecl(_ xs: [Node]) throws -> Code {
    var codes: [Code] = []
    for x in xs {
      switch x.kind {
      case .identifier(let n):
        if scope.blocks.last?[n] == nil { scope.declare(n) }
      case .assign(let l, _):
        if case .identifier(let n) = l.kind, scope.blocks.last?[n] == nil { scope.declare(n) }
        codes.append(try expr(x))
      default: codes.append(try expr(x))
      }
    }
    return { f in
      var v: Value = .nothing
      for c in codes { v = try c(f) }
      return v
    }
  }

  func using(_ paths: [[String]], _ names: [String], _ n: Node) -> Code {
    let i = interp
    let target = module
    return { _ in
      try i.using(paths: paths, names: names, into: target)
      return .nothing
    }
  }

  // MARK: Comprehensions

  func comprehension(
    _ body: Node, _ groups: [[Node.Binding]], _ filter: Node?, isGenerator: Bool, type: Node?
  ) throws -> Code {
    let ct = try type.map { try expr($0) }
    scope.pushBlock()
    defer { scope.popBlock() }
    // Each group: its iterables (evaluated in the scope so far) and binders.
    var levels: [(iters: [Code], binds: [(Frame, Value) throws -> Void])] = []
    for g in groups {
      var iters: [Code] = []
      var binds: [(Frame, Value) throws -> Void] = []
      for b in g {
        iters.append(try expr(b.iter))
        binds.append(try patternDeclare(b.lhs))
      }
      levels.append((iters, binds))
    }
    let cf = try filter.map { try condition($0) }
    let cb = try expr(body)
    let i = interp
    let productShape = groups.count == 1 && groups[0].count > 1
    return { f in
      var out: [Value] = []
      var shape: [Int]? = nil
      func run(_ level: Int) throws {
        if level == levels.count {
          if let cf, !(try cf(f)) { return }
          out.append(try cb(f))
          return
        }
        let lv = levels[level]
        if lv.iters.count == 1 {
          let it = try lv.iters[0](f)
          if levels.count == 1, !isGenerator, let n = i.knownLength(it) { try i.checkCollectionSize(n) }
          if levels.count == 1, filter == nil, let s = i.iterShape(it), s.count > 1 { shape = s }
          try i.forEach(it) { v in
            try lv.binds[0](f, v)
            try run(level + 1)
            return true
          }
          return
        }
        // A product: the first binding varies fastest (column-major), like Julia.
        let its = try lv.iters.map { try $0(f) }
        if levels.count == 1, !isGenerator {
          var total = 1
          for it in its {
            guard let n = i.knownLength(it) else { break }
            let (p, o) = total.multipliedReportingOverflow(by: n)
            total = o ? Int.max : p
          }
          try i.checkCollectionSize(total)
        }
        let seqs = try its.map { try i.iterate($0) }
        if productShape { shape = seqs.map { $0.count } }
        var idx = [Int](repeating: 0, count: seqs.count)
        if seqs.contains(where: { $0.isEmpty }) { return }
        while true {
          for (k, s) in seqs.enumerated() { try lv.binds[k](f, s[idx[k]]) }
          try run(level + 1)
          var k = 0
          while k < idx.count {
            idx[k] += 1
            if idx[k] < seqs[k].count { break }
            idx[k] = 0
            k += 1
          }
          if k == idx.count { break }
        }
      }
      try run(0)
      let elt: JType? = try ct.map { c in
        guard case .type(let t) = try c(f) else { throw JuliaError.type("array element type must be a type") }
        return t
      }
      return try i.collectArray(out, shape: shape ?? [out.count], eltype: elt)
    }
  }
}

/// Throws `InterruptException` once Ctrl-C was pressed (the REPL's SIGINT handler sets the flag).
@inline(__always) func checkInterrupt() throws {
  if interruptRequested != 0 {
    interruptRequested = 0
    throw JuliaError("InterruptException", "")
  }
}
