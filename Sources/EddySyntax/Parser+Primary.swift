// Primary expressions: literals, names, strings with interpolation, symbols, parentheses
// (grouping, tuples, named tuples, generators), square brackets (vect, hcat, vcat,
// comprehensions), macro calls and the keyword constructs that are expressions.

extension TokenParser {
  /// primary -> number | bool | char | string | name | symbol | '(' ... ')' | '[' ... ']'
  ///          | macroCall | keywordExpr | operator-as-name | operator NOSPACE '(' (a call)
  ///          | '::' type | 'abstract' 'type' ...
  ///   `==(3)` ==> (call == 3);  `f(::Int)` ==> (call f (::-pre Int))
  func parsePrimary() throws -> Node {
    let token = peek()
    switch token.kind {
    case .number(let literal):
      advance()
      return Node(literal.nodeKind, token.loc)
    case .bool(let value):
      advance()
      return Node(.bool(value), token.loc)
    case .char(let value):
      advance()
      return Node(.char(value), token.loc)
    case .string(let parts, _):
      advance()
      return try stringNode(parts, at: token)
    case .identifier("mutable") where peekNext().kind == .keyword(.struct):
      return try parseStruct()
    case .identifier("abstract") where peekNext().kind == .identifier("type") && peekNext().spaceBefore:
      return try parseAbstractType()
    case .identifier(let name):
      advance()
      return Node(.identifier(name), token.loc)
    case .lparen:
      return try parseParen()
    case .lbracket:
      return try parseArray(type: nil)
    case .macroName(let name):
      advance()
      return try parseMacroCall(module: [], name: name, at: token)
    case .op(":", false):
      return try parseColonPrefix()
    case .op(let op, let dotted) where peekNext().endsOperand && op != "'":
      advance()
      return Node(.identifier(dotted ? "." + op : op), token.loc)
    case .op(let op, false) where Operators.isCallable(op) && peekNext().kind == .lparen && !peekNext().spaceBefore:
      // `==(3)`, `*(2, 3)`: an operator called like a function.
      advance()
      return Node(.identifier(op), token.loc)
    case .op("::", false):
      // `::T`, an unnamed typed parameter (`f(::Int) = 1`).
      advance()
      let type = try parseCallChain()
      return Node(.unary(op: "::", operand: type, dotted: false), token.loc)
    case .keyword(let keyword):
      return try parseKeywordExpression(keyword, token)
    default:
      throw unexpected(token)
    }
  }

  /// The keyword constructs; all are expressions (`x = if c 1 else 2 end`, `c && break`).
  func parseKeywordExpression(_ keyword: Keyword, _ token: Token) throws -> Node {
    switch keyword {
    case .if: return try parseIf()
    case .while: return try parseWhile()
    case .for: return try parseFor()
    case .try: return try parseTry()
    case .let: return try parseLet()
    case .function: return try parseFunction()
    case .struct: return try parseStruct()
    case .return: return try parseReturn()
    case .global, .local: return try parseScope()
    case .const: return try parseConst()
    case .using, .import: return try parseUsing()
    case .break:
      advance()
      return Node(.breakStmt, token.loc)
    case .continue:
      advance()
      return Node(.continueStmt, token.loc)
    case .begin:
      guard mode.inIndex else { return try parseBegin() }
      advance()
      return Node(.beginMarker, token.loc)
    case .end:
      guard mode.inIndex else { throw unexpected(token) }
      advance()
      return Node(.endMarker, token.loc)
    case .quote, .macro, .module, .baremodule, .export:
      throw fail("`\(keyword.rawValue)` is not supported", at: token)
    case .do, .else, .elseif, .catch, .finally:
      throw unexpected(token)
    }
  }

  /// colonPrefix -> ':' name | ':'   (symbol; a lone colon in an index; the `:` function)
  ///   `:sym` ==> :sym;  `x[:, 1]` ==> (ref x : 1)
  func parseColonPrefix() throws -> Node {
    let colon = advance()
    let next = tokens[min(index, tokens.count - 1)]
    if !next.spaceBefore {
      switch next.kind {
      case .identifier(let name):
        advance()
        return Node(.symbol(name), colon.loc)
      case .keyword(let k):
        advance()
        return Node(.symbol(k.rawValue), colon.loc)
      default: break
      }
    }
    if next.endsOperand {
      return Node(mode.inIndex ? .colon : .identifier(":"), colon.loc)
    }
    throw fail("unexpected `:`", at: colon)
  }

  /// paren -> '(' ')' | '(' ';' named (',' named)* ')' | '(' expr ')' | '(' expr generatorTail ')'
  ///        | '(' expr (',' expr)* ','? ')' | '(' stmt (';' stmt)* ')'
  ///   `(1,)` ==> (tuple 1);  `(a = 1, b = 2)` ==> (namedtuple (= a 1) (= b 2));  `(a; b)` ==> (block a b)
  func parseParen() throws -> Node {
    let open = advance()
    return try with({
      $0.newlineIsSpace = true
      $0.spaceSensitive = false
      $0.rangeColon = true
    }) {
      if match(.rparen) { return Node(.tuple([]), open.loc) }
      if match(.semicolon) { return try parseNamedTupleTail(open) }
      let first = try parseAssignment(allowCommas: false)
      if check(.keyword(.for)) {
        let generator = try parseComprehension(first, type: nil, isGenerator: true)
        try expect(.rparen, unclosed(open, closer: ")").message)
        return generator
      }
      if match(.rparen) { return first }
      if check(.semicolon) { return try parseParenBlock(open, first) }
      guard check(.comma) else { throw unclosed(open, closer: ")") }
      var items = [first]
      var progress = Progress()
      while match(.comma) {
        try progress.check(self)
        if check(.rparen) { break }
        if check(.eof) { throw unclosed(open, closer: ")") }
        items.append(try parseAssignment(allowCommas: false))
      }
      try expect(.rparen, unclosed(open, closer: ")").message)
      return try tupleOrNamedTuple(items, at: open)
    }
  }

  /// `(a = 1, b = 2)` is a named tuple, `(a, b)` a tuple; mixing them is an error unless the
  /// list is a lambda's parameters.
  func tupleOrNamedTuple(_ items: [Node], at open: Token) throws -> Node {
    let named = items.compactMap { item -> Node.Named? in
      guard case .assign(let lhs, let rhs) = item.kind, case .identifier(let name) = lhs.kind else { return nil }
      return Node.Named(name: name, value: rhs)
    }
    if named.count == items.count { return Node(.namedTuple(named), open.loc) }
    if named.isEmpty || checkOp("->") { return Node(.tuple(items), open.loc) }
    throw fail("cannot mix named and positional elements in a tuple", at: open)
  }

  /// `(; a = 1, b)` after the `;`
  func parseNamedTupleTail(_ open: Token) throws -> Node {
    var named: [Node.Named] = []
    var progress = Progress()
    while !match(.rparen) {
      try progress.check(self)
      if check(.eof) { throw unclosed(open, closer: ")") }
      let item = try parseAssignment(allowCommas: false)
      switch item.kind {
      case .assign(let lhs, let rhs):
        guard case .identifier(let name) = lhs.kind else { throw failAt(item, "invalid named tuple element") }
        named.append(Node.Named(name: name, value: rhs))
      case .identifier(let name):
        named.append(Node.Named(name: name, value: item))
      default:
        throw failAt(item, "invalid named tuple element")
      }
      if !match(.comma) && !check(.rparen) { throw unclosed(open, closer: ")") }
    }
    return Node(.namedTuple(named), open.loc)
  }

  /// `(a; b)` after `a`
  func parseParenBlock(_ open: Token, _ first: Node) throws -> Node {
    var statements = [first]
    var progress = Progress()
    while match(.semicolon) {
      try progress.check(self)
      if check(.rparen) { break }
      if check(.semicolon) { continue }
      statements.append(try parseAssignment(allowCommas: true))
    }
    try expect(.rparen, unclosed(open, closer: ")").message)
    return Node(.block(statements), open.loc)
  }

  /// array -> '[' ']' | '[' expr generatorTail ']' | '[' expr (',' expr)* ','? ']'
  ///        | '[' row ((';' | newline) row)* ']'     row -> expr (space expr)*
  ///   `[1 2; 3 4]` ==> (vcat (row 1 2) (row 3 4));  `[x for x in a if p]` ==> (comprehension ...)
  func parseArray(type: Node?) throws -> Node {
    let open = advance()
    let loc = type?.loc ?? open.loc
    return try with({
      $0.newlineIsSpace = false
      $0.spaceSensitive = true
      $0.rangeColon = true
    }) {
      skipNewlines()
      if match(.rbracket) { return Node(.vect([], type: type), loc) }
      let first = try parseAssignment(allowCommas: false)
      if check(.keyword(.for)) {
        let node = try parseComprehension(first, type: type, isGenerator: false)
        try with({ $0.newlineIsSpace = true }) {
          try expect(.rbracket, unclosed(open, closer: "]").message)
        }
        return Node(node.kind, loc)
      }
      if check(.comma) {
        let items = try with({
          $0.newlineIsSpace = true
          $0.spaceSensitive = false
        }) { try parseVectTail(open, first) }
        return Node(.vect(items, type: type), loc)
      }
      return try parseRows(open, first, type: type, at: loc)
    }
  }

  /// `[a, b, c]` after `a`
  func parseVectTail(_ open: Token, _ first: Node) throws -> [Node] {
    var items = [first]
    var progress = Progress()
    while match(.comma) {
      try progress.check(self)
      if check(.rbracket) { break }
      if check(.eof) { throw unclosed(open, closer: "]") }
      items.append(try parseAssignment(allowCommas: false))
    }
    if check(.semicolon) { throw fail("unexpected `;` in a comma-separated array") }
    try expect(.rbracket, unclosed(open, closer: "]").message)
    return items
  }

  /// Space-separated elements in rows separated by `;` or newlines; runs of n ≥ 2 semicolons
  /// join along dimension n, binding looser than `;`, which binds looser than space.
  ///   `[1; 2;; 3; 4]` ==> (ncat 2 (vcat 1 2) (vcat 3 4));  `[1;;]` ==> (ncat 2 1)
  func parseRows(_ open: Token, _ first: Node, type: Node?, at loc: SourceLoc) throws -> Node {
    // Rows, each with the length of the semicolon run after it (1 for a newline).
    var rows: [([Node], Int)] = []
    var row = [first]
    var separated = false
    var progress = Progress()
    while true {
      try progress.check(self)
      switch peek().kind {
      case .rbracket:
        advance()
        if !row.isEmpty { rows.append((row, 0)) }
        let deepest = rows.map(\.1).max() ?? 0
        if deepest >= 2 { return arrayParts(rows[...], level: deepest, type: type, at: loc) }
        if rows.count == 1 && !separated {
          return Node(row.count == 1 ? .vect(row, type: type) : .hcat(row, type: type), loc)
        }
        return Node(.vcat(rows: rows.map(\.0), type: type), loc)
      case .newline where peekNext().kind == .rbracket:
        advance()
      case .semicolon, .newline:
        var run = 0
        if check(.newline) {
          advance()
          run = 1
        } else {
          while match(.semicolon) { run += 1 }
        }
        separated = true
        if row.isEmpty {
          // `[1;;]`: a run after a run (or at the end) deepens the one before.
          if let last = rows.indices.last { rows[last].1 = max(rows[last].1, run) }
        } else {
          rows.append((row, run))
        }
        row = []
      case .comma:
        throw fail("unexpected comma in array expression")
      case .eof:
        throw unclosed(open, closer: "]")
      default:
        row.append(try parseAssignment(allowCommas: false))
      }
    }
  }

  /// The rows `rows` (each with the semicolon run after it) joined at `level`: parts split
  /// at the runs of `level` semicolons, each part joined one level down.
  func arraySplit(_ rows: ArraySlice<([Node], Int)>, level: Int) -> [ArraySlice<([Node], Int)>] {
    var parts: [ArraySlice<([Node], Int)>] = []
    var start = rows.startIndex
    for k in rows.indices where rows[k].1 >= level || k == rows.endIndex - 1 {
      parts.append(rows[start...k])
      start = k + 1
    }
    return parts
  }

  /// `top`: the outermost level, which keeps a lone part (`[1;;]` is 2-dimensional); below
  /// it a level with one part adds nothing the outer join does not.
  func arrayParts(
    _ rows: ArraySlice<([Node], Int)>, level: Int, type: Node?, at loc: SourceLoc, top: Bool = true
  ) -> Node {
    if level >= 2 {
      let split = arraySplit(rows, level: level)
      if split.count == 1 && !top { return arrayParts(rows, level: level - 1, type: nil, at: loc, top: false) }
      let parts = split.map { arrayParts($0, level: level - 1, type: nil, at: loc, top: false) }
      return Node(.ncat(dims: level, parts, type: type), loc)
    }
    if rows.count > 1 { return Node(.vcat(rows: rows.map(\.0), type: type), loc) }
    guard let only = rows.first?.0, let single = only.first else { return Node(.vect([], type: type), loc) }
    return only.count == 1 ? single : Node(.hcat(only, type: type), loc)
  }

  /// generatorTail -> ('for' bindings ('if' expr)?)+
  ///   `[(i, j) for i in 1:2 for j in 1:i]` ==> two groups;  `[x for x in a, y in b]` ==> one group
  func parseComprehension(_ body: Node, type: Node?, isGenerator: Bool) throws -> Node {
    try with({
      $0.newlineIsSpace = true
      $0.spaceSensitive = false
      $0.rangeColon = true
    }) {
      var groups: [[Node.Binding]] = []
      var filter: Node?
      var progress = Progress()
      while match(.keyword(.for)) {
        try progress.check(self)
        groups.append(try parseBindings())
        if match(.keyword(.if)) {
          let cond = try parseBinary(.pair)
          filter = filter.map { Node(.and($0, cond), $0.loc) } ?? cond
        }
      }
      return Node(.comprehension(body: body, groups: groups, filter: filter, isGenerator: isGenerator, type: type), body.loc)
    }
  }

  /// A string token's node: `.string` without interpolation, else `.interpolation`.
  ///   `"a $x $(f(y))"` ==> (string "a " x " " (call f y))
  func stringNode(_ parts: [StringPart], at token: Token) throws -> Node {
    var nodes: [Node] = []
    var text = ""
    var interpolated = false
    for part in parts {
      switch part {
      case .text(let t):
        text += t
        if !t.isEmpty { nodes.append(Node(.string(t), token.loc)) }
      case .code(let codeTokens, _):
        interpolated = true
        let sub = TokenParser(codeTokens, file: file, lines: lines, depth: depth, endIsIncomplete: false)
        nodes.append(try sub.parseInterpolated())
      }
    }
    return Node(interpolated ? .interpolation(nodes) : .string(text), token.loc)
  }

  /// The expression inside `$( ... )`.
  func parseInterpolated() throws -> Node {
    try with({ $0.newlineIsSpace = true }) {
      let node = try parseAssignment(allowCommas: true)
      guard check(.eof) else { throw fail("extra tokens in string interpolation: \(peek().quoted)") }
      return node
    }
  }

  /// macroCall -> '@' name '(' args ')' | '@' name expr*   (space-separated, to end of line)
  ///   `@show a b` ==> (macrocall @show a b);  `@assert(x, "m")` ==> (macrocall @assert x "m")
  func parseMacroCall(module: [String], name: String, at token: Token) throws -> Node {
    let next = tokens[min(index, tokens.count - 1)]
    var args: [Node] = []
    if next.kind == .lparen && !next.spaceBefore {
      let open = advance()
      let list = try parseArguments(open, close: .rparen)
      args = list.positional + list.afterSemicolon
    } else {
      try with({
        $0.newlineIsSpace = false
        $0.spaceSensitive = true
        $0.rangeColon = true
      }) {
        var progress = Progress()
        while !atStatementEnd {
          try progress.check(self)
          args.append(try parseAssignment(allowCommas: false))
        }
      }
    }
    return Node(.macroCall(module: module, name: name, args: args), token.loc)
  }
}
