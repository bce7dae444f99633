// Statements and blocks: the program, statement separators, and the keyword constructs that
// end with `end` (if, while, for, try, let, begin) plus return/break/continue, global/local,
// const and using/import.

extension TokenParser {
  /// program -> (separator* statement)* separator* eof
  ///   `a; b` ==> statements a, b;   `y = 5;` ==> endsWithSemicolon
  func parseProgram() throws -> Program {
    var statements: [Node] = []
    var endsWithSemicolon = false
    var progress = Progress()
    while true {
      try progress.check(self)
      while check(.newline) || check(.semicolon) { advance() }
      if check(.eof) { break }
      statements.append(try parseTopLevelStatement())
      switch peek().kind {
      case .semicolon: endsWithSemicolon = true
      case .newline, .eof: endsWithSemicolon = false
      default: throw fail("extra tokens after end of expression: \(peek().quoted)")
      }
    }
    return Program(statements: statements, endsWithSemicolon: endsWithSemicolon)
  }

  /// topLevelStatement -> string (newline)? definition | statement
  ///   `"doc"\nf(x) = 1` ==> (doc "doc" (function (call f x) (block 1)))
  func parseTopLevelStatement() throws -> Node {
    let start = index
    let statement = try parseStatement()
    guard case .string(let doc) = statement.kind, index == start + 1 else { return statement }
    let afterString = index
    if check(.newline) { advance() }
    switch peek().kind {
    case .keyword(.function), .keyword(.struct), .keyword(.const), .identifier, .lparen:
      let definition = try parseStatement()
      switch definition.kind {
      case .function, .structDef, .abstractType, .const:
        return Node(.docstring(doc, definition), statement.loc)
      default: break
      }
    default: break
    }
    index = afterString
    return statement
  }

  /// statement -> expression (with top-level commas and assignment)
  func parseStatement() throws -> Node {
    try parseAssignment(allowCommas: true)
  }

  /// block -> (separator* statement)* until one of `terminators`
  ///   `if x; a; b; end` ==> the block (block a b)
  func parseBlock(_ opener: Token, until terminators: Set<Keyword>) throws -> Node {
    try with({ $0 = .block }) {
      var statements: [Node] = []
      var progress = Progress()
      while true {
        try progress.check(self)
        while check(.newline) || check(.semicolon) { advance() }
        if case .keyword(let k) = peek().kind, terminators.contains(k) { break }
        if check(.eof) { throw unclosed(opener) }
        statements.append(try parseStatement())
        switch peek().kind {
        case .newline, .semicolon, .eof: continue
        case .keyword(let k) where terminators.contains(k): continue
        default: throw fail("extra tokens after end of expression: \(peek().quoted)")
        }
      }
      return Node(.block(statements), statements.first?.loc ?? opener.loc)
    }
  }

  /// "expected `end` to close `for` at line 3"
  func unclosed(_ opener: Token, closer: String = "end") -> Diagnostic {
    fail("expected `\(closer)` to close \(opener.quoted) at line \(opener.loc.line)")
  }

  func expectEnd(_ opener: Token) throws {
    guard match(.keyword(.end)) else { throw unclosed(opener) }
  }

  /// if -> 'if' expr block ('elseif' expr block)* ('else' block)? 'end'
  ///   `if a b elseif c d else e end` ==> (if a (block b) (if c (block d) (block e)))
  func parseIf() throws -> Node {
    let opener = advance()
    let cond = try parseCondition()
    let then = try parseBlock(opener, until: [.elseif, .else, .end])
    let otherwise = try parseElse(opener)
    try expectEnd(opener)
    return Node(.ifElse(cond: cond, then: then, else: otherwise), opener.loc)
  }

  /// The `elseif`/`else` tail of an `if`, up to (not including) its `end`.
  func parseElse(_ opener: Token) throws -> Node? {
    try enter()
    defer { leave() }
    if check(.keyword(.elseif)) {
      let keyword = advance()
      let cond = try parseCondition()
      let then = try parseBlock(opener, until: [.elseif, .else, .end])
      return Node(.ifElse(cond: cond, then: then, else: try parseElse(opener)), keyword.loc)
    }
    if match(.keyword(.else)) {
      return try parseBlock(opener, until: [.end])
    }
    return nil
  }

  /// A condition after `if`/`elseif`/`while`: one expression ending the header line.
  func parseCondition() throws -> Node {
    try with({ $0 = .block }) { try parseAssignment(allowCommas: false) }
  }

  /// while -> 'while' expr block 'end'
  ///   `while i < 3 i += 1 end` ==> (while (call-i i < 3) (block (op= i + 1)))
  func parseWhile() throws -> Node {
    let opener = advance()
    let cond = try parseCondition()
    let body = try parseBlock(opener, until: [.end])
    try expectEnd(opener)
    return Node(.whileLoop(cond: cond, body: body), opener.loc)
  }

  /// for -> 'for' bindings block 'end'
  ///   `for i in 1:3, j = 1:2 end` ==> (for (block (= i (: 1 3)) (= j (: 1 2))) (block))
  func parseFor() throws -> Node {
    let opener = advance()
    let bindings = try with({ $0 = .block }) { try parseBindings() }
    let body = try parseBlock(opener, until: [.end])
    try expectEnd(opener)
    return Node(.forLoop(bindings: bindings, body: body), opener.loc)
  }

  /// bindings -> binding (',' binding)* ;  binding -> target ('in' | '=' | '∈') expr
  func parseBindings() throws -> [Node.Binding] {
    var bindings: [Node.Binding] = []
    var progress = Progress()
    repeat {
      try progress.check(self)
      let target = try parseCallChain()
      switch target.kind {
      case .identifier, .tuple: break
      default: throw fail("invalid iteration variable", at: tokens[max(0, index - 1)])
      }
      let token = peek()
      guard token.kind == .identifier("in") || token.kind == .op("=", dotted: false) || token.kind == .op("∈", dotted: false)
      else { throw fail("expected `in`, `=` or `∈` in iteration specification") }
      advance()
      skipNewlines()
      let iter = try parseBinary(.pair)
      bindings.append(Node.Binding(lhs: target, iter: iter))
    } while match(.comma)
    return bindings
  }

  /// try -> 'try' block ('catch' name? block)? ('finally' block)? 'end'
  ///   `try a catch e b end` ==> (try (block a) (catch e (block b)))
  func parseTry() throws -> Node {
    let opener = advance()
    let body = try parseBlock(opener, until: [.catch, .finally, .end])
    var catchName: String?
    var catchBody: Node?
    var finallyBody: Node?
    if match(.keyword(.catch)) {
      // `catch e` binds only when the name is on the `catch` line.
      if case .identifier(let name) = tokens[min(index, tokens.count - 1)].kind {
        catchName = name
        advance()
      }
      catchBody = try parseBlock(opener, until: [.finally, .end])
    }
    if match(.keyword(.finally)) {
      finallyBody = try parseBlock(opener, until: [.end])
    }
    if catchBody == nil && finallyBody == nil && !check(.eof) {
      throw fail("`try` without `catch` or `finally`")
    }
    try expectEnd(opener)
    return Node(.tryCatch(body: body, catchName: catchName, catchBody: catchBody, finally: finallyBody), opener.loc)
  }

  /// let -> 'let' (binding (',' binding)*)? block 'end'
  ///   `let a = 1, b; a end` ==> (let (block (= a 1) b) (block a))
  func parseLet() throws -> Node {
    let opener = advance()
    var bindings: [Node] = []
    try with({ $0 = .block }) {
      var progress = Progress()
      while !atStatementEnd {
        try progress.check(self)
        bindings.append(try parseAssignment(allowCommas: false))
        guard match(.comma) else { break }
        skipNewlines()
      }
    }
    let body = try parseBlock(opener, until: [.end])
    try expectEnd(opener)
    return Node(.letBlock(bindings: bindings, body: body), opener.loc)
  }

  /// begin -> 'begin' block 'end'
  func parseBegin() throws -> Node {
    let opener = advance()
    let body = try parseBlock(opener, until: [.end])
    try expectEnd(opener)
    return Node(.block(body.blockStatements), opener.loc)
  }

  /// return -> 'return' expr?
  ///   `return a, b` ==> (return (tuple a b));  `return` ==> (return)
  func parseReturn() throws -> Node {
    let keyword = advance()
    if atStatementEnd { return Node(.returnStmt(nil), keyword.loc) }
    return Node(.returnStmt(try parseAssignment(allowCommas: true)), keyword.loc)
  }

  /// scope -> ('global' | 'local') (name | assignment) (',' ...)*
  ///   `global i += 1` ==> (global (op= i + 1))
  func parseScope() throws -> Node {
    let keyword = advance()
    let body = try parseAssignment(allowCommas: true)
    var items: [Node] = []
    if case .tuple(let elements) = body.kind { items = elements } else { items = [body] }
    for item in items {
      switch item.kind {
      case .identifier, .assign, .opAssign: continue
      default: throw fail("invalid declaration after \(keyword.quoted)", at: keyword)
      }
    }
    return Node(keyword.kind == .keyword(.global) ? .global(items) : .local(items), keyword.loc)
  }

  /// const -> 'const' assignment
  func parseConst() throws -> Node {
    let keyword = advance()
    let body = try parseAssignment(allowCommas: true)
    guard case .assign = body.kind else { throw fail("expected assignment after `const`", at: keyword) }
    return Node(.const(body), keyword.loc)
  }

  /// using -> ('using' | 'import') path (',' path)* | path ':' name (',' name)*
  ///   `using Flux.Losses: mse, mae` ==> (using (: (. Flux Losses) mse mae))
  func parseUsing() throws -> Node {
    let keyword = advance()
    var paths: [[String]] = []
    var names: [String] = []
    var progress = Progress()
    repeat {
      try progress.check(self)
      var path = [try expectName()]
      while match(.dot) { path.append(try expectName()) }
      paths.append(path)
      if checkOp(":") {
        advance()
        repeat {
          skipNewlines()
          names.append(try expectName())
        } while match(.comma)
        break
      }
    } while match(.comma)
    return Node(.using(paths: paths, names: names, isImport: keyword.kind == .keyword(.import)), keyword.loc)
  }

  func expectName() throws -> String {
    if case .identifier(let name) = peek().kind {
      advance()
      return name
    }
    throw fail("expected a name, found \(peek().quoted)")
  }
}

extension Node {
  /// The statements of a `.block` (or the node itself).
  var blockStatements: [Node] {
    if case .block(let statements) = kind { return statements }
    return [self]
  }
}
