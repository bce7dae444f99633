// Expressions from the loosest level to the tightest: assignment and commas, the binary
// operators of `Operators.binary` (one precedence-climbing loop), prefix operators,
// juxtaposition, `^`, `::` and `->`, and the postfix chain (calls, indexing, fields, `'`).

extension TokenParser {
  /// assignment -> commaList (assignOp assignment)? | call 'where' names '=' assignment
  ///   `a, b = 1, 2` ==> (= (tuple a b) (tuple 1 2));  `x .+= 1` ==> (.op= x + 1)
  ///   `f(x) = 2x` ==> (function (call f x) (block (call-i 2 * x)))
  func parseAssignment(allowCommas: Bool) throws -> Node {
    try enter()
    defer { leave() }
    let lhs = allowCommas ? try parseCommaList() : try parseBinary(.pair)
    let token = peek()
    if token.kind == .identifier("where"), isCallSignature(lhs) {
      let names = try parseWhereNames()
      guard checkOp("=") else { throw fail("expected `=` after `where` in a function definition") }
      advance()
      skipNewlines()
      let body = try parseAssignment(allowCommas: allowCommas)
      return try makeFunction(lhs, whereNames: names, body: body.asBlock, at: lhs.loc)
    }
    guard case .op(let op, let dotted) = token.kind, Operators.assignment.contains(op) else {
      return lhs
    }
    advance()
    skipNewlines()
    let rhs = try parseAssignment(allowCommas: allowCommas)
    return try makeAssignment(op, dotted: dotted, lhs, rhs, at: token)
  }

  /// commaList -> expr (',' expr)* ','?
  ///   `1, 2` ==> (tuple 1 2);  `x, = xs` ==> (= (tuple x) xs)
  func parseCommaList() throws -> Node {
    let first = try parseBinary(.pair)
    guard check(.comma) else { return first }
    var items = [first]
    var progress = Progress()
    while match(.comma) {
      try progress.check(self)
      if atStatementEnd || checkOp("=") { break }
      items.append(try parseBinary(.pair))
    }
    return Node(.tuple(items), first.loc)
  }

  func makeAssignment(_ op: String, dotted: Bool, _ lhs: Node, _ rhs: Node, at token: Token) throws -> Node {
    if op == "=" && !dotted && isCallSignature(lhs) {
      return try makeFunction(lhs, whereNames: [], body: rhs.asBlock, at: lhs.loc)
    }
    guard dotted || lhs.isAssignable else {
      throw fail("invalid assignment location", at: token)
    }
    if op == "=" {
      return Node(dotted ? .dotAssign(lhs: lhs, rhs: rhs) : .assign(lhs: lhs, rhs: rhs), lhs.loc)
    }
    return Node(.opAssign(op: String(op.dropLast()), lhs: lhs, rhs: rhs, dotted: dotted), lhs.loc)
  }

  /// binary(min) -> unary (binop binary(tighter))*   for the levels pair ... shift
  ///   `a + b * c` ==> (call-i a + (call-i b * c));  `a => b => c` ==> (call-i a => (call-i b => c))
  ///   `x...` ==> (... x) (postfix, just below the range level)
  func parseBinary(_ minLevel: Precedence) throws -> Node {
    try enter()
    var levels = 1
    defer { leave(levels) }
    var lhs = try parseUnary()
    var progress = Progress()
    while true {
      try progress.check(self)
      try deepen(&levels)
      let token = peek()
      if token.kind == .op("...", dotted: false) && minLevel <= .range {
        advance()
        lhs = Node(.splat(lhs), lhs.loc)
        continue
      }
      guard let (op, dotted, level, assoc) = binaryOperator(token), level >= minLevel else {
        return lhs
      }
      switch assoc {
      case .left, .right:
        advance()
        skipNewlines()
        let rhs = try parseBinary(assoc == .left ? level.tighter : level)
        lhs = makeBinary(op, dotted: dotted, lhs, rhs)
      case .chain: lhs = try parseComparison(lhs)
      case .range: lhs = try parseRange(lhs)
      case .ternary: lhs = try parseTernary(lhs)
      }
    }
  }

  /// The binary operator at `token`, if it continues the current expression here.
  func binaryOperator(_ token: Token) -> (String, Bool, Precedence, Associativity)? {
    switch token.kind {
    case .op(let op, let dotted):
      guard let (level, assoc) = Operators.binary[op], level >= .pair, level <= .shift else {
        return nil
      }
      if op == ":" && !mode.rangeColon { return nil }
      // `[1 -2]`: an operator touching only its right operand starts a new element.
      if mode.spaceSensitive && token.spaceBefore && !token.spaceAfter
        && (Operators.unary.contains(op) || op == ":")
      {
        return nil
      }
      return (op, dotted, level, assoc)
    case .identifier(let word) where Operators.wordOperators.contains(word):
      return (word, false, .comparison, .chain)
    default:
      return nil
    }
  }

  func makeBinary(_ op: String, dotted: Bool, _ lhs: Node, _ rhs: Node) -> Node {
    if !dotted && op == "&&" { return Node(.and(lhs, rhs), lhs.loc) }
    if !dotted && op == "||" { return Node(.or(lhs, rhs), lhs.loc) }
    return Node(.binary(op: op, lhs: lhs, rhs: rhs, dotted: dotted), lhs.loc)
  }

  /// comparison -> expr (cmp expr)+
  ///   `a < b` ==> (call-i a < b);  `a < b <= c` ==> (comparison a < b <= c)
  func parseComparison(_ first: Node) throws -> Node {
    var operands = [first]
    var ops: [(String, Bool)] = []
    var progress = Progress()
    while let (op, dotted, level, _) = binaryOperator(peek()), level == .comparison {
      try progress.check(self)
      advance()
      skipNewlines()
      ops.append((op, dotted))
      operands.append(try parseBinary(Precedence.comparison.tighter))
    }
    if ops.count == 1, let (op, dotted) = ops.first {
      return makeBinary(op, dotted: dotted, first, operands[1])
    }
    return Node(.comparison(operands: operands, ops: ops.map { $0.1 ? "." + $0.0 : $0.0 }), first.loc)
  }

  /// range -> expr ':' expr (':' expr)?
  ///   `1:n-1` ==> (: 1 (call-i n - 1));  `0:2:10` ==> (: 0 2 10)
  func parseRange(_ start: Node) throws -> Node {
    advance()
    let second = try parseBinary(Precedence.range.tighter)
    if let (op, _, _, _) = binaryOperator(peek()), op == ":" {
      advance()
      let stop = try parseBinary(Precedence.range.tighter)
      return Node(.range(start: start, step: second, stop: stop), start.loc)
    }
    return Node(.range(start: start, step: nil, stop: second), start.loc)
  }

  /// ternary -> expr ' ? ' expr ' : ' expr   (spaces required around `?`)
  ///   `a ? b : c ? d : e` ==> (? a b (? c d e))
  func parseTernary(_ cond: Node) throws -> Node {
    let question = peek()
    guard question.spaceBefore && question.spaceAfter else {
      throw fail("whitespace is required around the `?` operator", at: question)
    }
    advance()
    skipNewlines()
    let then = try with({ $0.rangeColon = false }) { try parseBinary(.ternary) }
    skipNewlines()
    guard checkOp(":") else { throw fail("expected `:` in the `?` expression") }
    advance()
    skipNewlines()
    let otherwise = try parseBinary(.ternary)
    return Node(.ternary(cond: cond, then: then, else: otherwise), cond.loc)
  }

  /// unary -> ('+' | '-' | '!' | '√' | '.-' ...) unary | juxtapose
  ///   `-2^2` ==> (call-pre - (call-i 2 ^ 2));  `-2x` ==> (call-i -2 * x);  `!a` ==> (call-pre ! a)
  ///   `map(+, a)`: an operator before `,` or `)` is a name.
  func parseUnary() throws -> Node {
    try enter()
    defer { leave() }
    let token = peek()
    guard case .op(let op, let dotted) = token.kind, Operators.unary.contains(op) else {
      return try parseJuxtapose()
    }
    let next = peekNext()
    if next.endsOperand { return try parsePrimary() }
    advance()
    if (op == "-" || op == "+") && !dotted, case .number(let literal) = next.kind, !next.spaceBefore {
      let after = tokens[min(index + 1, tokens.count - 1)]
      let blocked: Bool
      switch after.kind {
      case .op("^", _): blocked = true
      case .lbracket, .lbrace: blocked = !after.spaceBefore
      default: blocked = false
      }
      if !blocked {
        advance()
        let value = op == "-" ? literal.negated : literal
        return try parseJuxtaposeTail(Node(value.nodeKind, token.loc), isLiteral: true)
      }
    }
    let operand = try parseUnary()
    if next.kind == .lparen && !next.spaceBefore, case .tuple(let items) = operand.kind {
      return Node(.call(callee: Node(.identifier(op), token.loc), args: items, kwargs: []), token.loc)
    }
    return Node(.unary(op: op, operand: operand, dotted: dotted), token.loc)
  }

  /// juxtapose -> number (identifier | '(') factor   (no space between)
  ///   `2x^2` ==> (call-i 2 * (call-i x ^ 2));  `2(x+1)` ==> (call-i 2 * (call-i x + 1))
  func parseJuxtapose() throws -> Node {
    let start = index
    let first = try parseFactor()
    if case .adjoint = first.kind { return try parseJuxtaposeTail(first, isLiteral: false) }
    return try parseJuxtaposeTail(first, isLiteral: index == start + 1 && first.isNumber)
  }

  /// After a number literal: `2x`, `2(x)`; after an adjoint: `x'y`.
  func parseJuxtaposeTail(_ lhs: Node, isLiteral: Bool) throws -> Node {
    let next = tokens[min(index, tokens.count - 1)]
    guard !next.spaceBefore else { return lhs }
    switch next.kind {
    case .identifier(let name) where !Operators.wordOperators.contains(name): break
    case .lparen where isLiteral: break
    default: return lhs
    }
    let rhs = try parseFactor()
    return Node(.binary(op: "*", lhs: lhs, rhs: rhs, dotted: false), lhs.loc)
  }

  /// factor -> decl ('^' unary)?
  ///   `x^y^z` ==> (call-i x ^ (call-i y ^ z));  `2^-1` ==> (call-i 2 ^ -1)
  func parseFactor() throws -> Node {
    let base = try parseDecl()
    guard case .op("^", let dotted) = peek().kind else { return base }
    advance()
    skipNewlines()
    let exponent = try parseUnary()
    return Node(.binary(op: "^", lhs: base, rhs: exponent, dotted: dotted), base.loc)
  }

  /// decl -> callChain ('::' callChain)* ('->' assignment)?
  ///   `x::Int` ==> (:: x Int);  `(a, b) -> a + b` ==> (-> (tuple a b) (block (call-i a + b)))
  func parseDecl() throws -> Node {
    var node = try parseCallChain()
    var progress = Progress()
    var levels = 0
    defer { leave(levels) }
    while checkOp("::") {
      try progress.check(self)
      try deepen(&levels)
      advance()
      let type = try parseCallChain()
      node = Node(.typeAssert(node, type: type), node.loc)
    }
    if checkOp("->") {
      let arrow = advance()
      skipNewlines()
      let params = try lambdaParams(node, at: arrow)
      let body = try parseAssignment(allowCommas: false)
      return Node(.lambda(params: params, kwparams: [], body: body.asBlock), node.loc)
    }
    return node
  }

  /// callChain -> primary ( '(' args ')' doBlock? | '[' args ']' | '{' types '}' | '.' name
  ///            | '.(' args ')' | '.' macro | "'" )*     (no space before the suffix)
  ///   `f(a).g[1]'` ==> (' (ref (. (call f a) g) 1))
  func parseCallChain() throws -> Node {
    let first = peek()
    var node = try parsePrimary()
    if case .number = first.kind { return node }
    var progress = Progress()
    var levels = 0
    defer { leave(levels) }
    while true {
      try progress.check(self)
      try deepen(&levels)
      let token = tokens[min(index, tokens.count - 1)]
      if token.spaceBefore { return node }
      switch token.kind {
      case .lparen: node = try parseCall(node, dotted: false)
      case .lbracket: node = try parseIndex(node)
      case .lbrace: node = try parseCurly(node)
      case .dot: node = try parseDotSuffix(node)
      case .op("'", false):
        advance()
        node = Node(.adjoint(node), node.loc)
      default: return node
      }
    }
  }

  /// call -> callee '(' args ')' ('do' params block 'end')?
  ///   `f(a, k = 1)` ==> (call f a (kw k 1));  `f(a) do x ... end` ==> (call f (-> (tuple x) ...) a)
  func parseCall(_ callee: Node, dotted: Bool) throws -> Node {
    let open = advance()
    let list = try parseArguments(open, close: .rparen)
    var (args, kwargs) = try splitArguments(list)
    if !dotted && check(.keyword(.do)) {
      args.insert(try parseDo(), at: 0)
    }
    let node = Node(
      dotted
        ? .dotCall(callee: callee, args: args, kwargs: kwargs)
        : .call(callee: callee, args: args, kwargs: kwargs), callee.loc)
    signatures[ObjectIdentifier(node)] = CallSignature(
      call: node, positional: list.positional, afterSemicolon: list.afterSemicolon)
    return node
  }

  /// args -> (arg (',' arg)*)? (';' arg (',' arg)*)? | expr generatorTail
  func parseArguments(_ open: Token, close: TokenKind) throws -> (positional: [Node], afterSemicolon: [Node]) {
    let closer = close == .rparen ? ")" : "]"
    return try with({
      $0.newlineIsSpace = true
      $0.spaceSensitive = false
      $0.rangeColon = true
    }) {
      var positional: [Node] = []
      var afterSemicolon: [Node] = []
      var inKeywords = false
      var progress = Progress()
      while true {
        try progress.check(self)
        if match(close) { break }
        if match(.semicolon) {
          inKeywords = true
          continue
        }
        if check(.eof) { throw unclosed(open, closer: closer) }
        var item = try parseAssignment(allowCommas: false)
        if positional.isEmpty && afterSemicolon.isEmpty && check(.keyword(.for)) {
          item = try parseComprehension(item, type: nil, isGenerator: true)
        }
        if inKeywords { afterSemicolon.append(item) } else { positional.append(item) }
        if match(.comma) || check(close) || check(.semicolon) { continue }
        if check(.eof) { throw unclosed(open, closer: closer) }
        throw fail("expected `,` or `\(closer)`, found \(peek().quoted) (the `\(open.quoted.dropFirst().dropLast())` opened at line \(open.loc.line))")
      }
      return (positional, afterSemicolon)
    }
  }

  /// Positional arguments and `name = value` keyword arguments of a call.
  func splitArguments(_ list: (positional: [Node], afterSemicolon: [Node])) throws -> ([Node], [Node.Named]) {
    var args: [Node] = []
    var kwargs: [Node.Named] = []
    for item in list.positional {
      if case .assign(let lhs, let rhs) = item.kind, case .identifier(let name) = lhs.kind {
        kwargs.append(Node.Named(name: name, value: rhs))
      } else {
        args.append(item)
      }
    }
    for item in list.afterSemicolon {
      switch item.kind {
      case .assign(let lhs, let rhs):
        guard case .identifier(let name) = lhs.kind else { throw failAt(item, "invalid keyword argument") }
        kwargs.append(Node.Named(name: name, value: rhs))
      case .identifier(let name):
        kwargs.append(Node.Named(name: name, value: item))
      case .splat(let inner):
        // `f(; kw...)`: a keyword splat (a definition reads its raw `afterSemicolon` list).
        kwargs.append(Node.Named(name: "...", value: inner))
      default:
        throw failAt(item, "invalid keyword argument")
      }
    }
    return (args, kwargs)
  }

  /// index -> expr '[' (arg (',' arg)*)? ']'  (`end`, `begin` and `:` are markers inside)
  ///   `x[end-1:end]` ==> (ref x (: (call-i end - 1) end));  `Float32[1, 2]` ==> (typed_vect Float32 1 2)
  func parseIndex(_ base: Node) throws -> Node {
    if base.isTypeName { return try parseArray(type: base) }
    let open = advance()
    return try with({ $0.inIndex = true }) {
      let list = try parseArguments(open, close: .rbracket)
      guard list.afterSemicolon.isEmpty else {
        throw failAt(base, "`;` inside indexing brackets is not supported")
      }
      if list.positional.count == 1, let only = list.positional.first, case .comprehension(let body, let groups, let filter, _, _) = only.kind {
        return Node(.comprehension(body: body, groups: groups, filter: filter, isGenerator: false, type: base), base.loc)
      }
      return Node(.index(base, list.positional), base.loc)
    }
  }

  /// curly -> expr '{' (type (',' type)*)? '}'
  ///   `Array{Float32, 3}` ==> (curly Array Float32 3)
  func parseCurly(_ base: Node) throws -> Node {
    let open = advance()
    return try with({
      $0.newlineIsSpace = true
      $0.spaceSensitive = false
      $0.rangeColon = true
    }) {
      var items: [Node] = []
      var progress = Progress()
      while !match(.rbrace) {
        try progress.check(self)
        if check(.eof) { throw unclosed(open, closer: "}") }
        items.append(try parseBinary(.pair))
        if !match(.comma) && !check(.rbrace) { throw unclosed(open, closer: "}") }
      }
      return Node(.curly(base, items), base.loc)
    }
  }

  /// dotSuffix -> '.' name | '.(' args ')' | '.' '@'macro args
  ///   `a.b` ==> (. a b);  `f.(x)` ==> (dotcall f x);  `Flux.@functor A` ==> (macrocall @Flux.functor A)
  func parseDotSuffix(_ base: Node) throws -> Node {
    let dot = advance()
    let next = tokens[min(index, tokens.count - 1)]
    switch next.kind {
    case .identifier(let name) where !next.spaceBefore:
      advance()
      return Node(.field(base, name), base.loc)
    case .lparen where !next.spaceBefore:
      return try parseCall(base, dotted: true)
    case .macroName(let name) where !next.spaceBefore:
      let path = try modulePath(base)
      advance()
      return try parseMacroCall(module: path, name: name, at: next)
    default:
      throw fail("unexpected \(next.quoted) after `.`", at: next.kind == .eof ? next : dot)
    }
  }

  /// `Flux.Losses` ==> ["Flux", "Losses"]
  func modulePath(_ node: Node) throws -> [String] {
    switch node.kind {
    case .identifier(let name): return [name]
    case .field(let inner, let name): return try modulePath(inner) + [name]
    default: throw failAt(node, "invalid module path before a macro name")
    }
  }

  /// A diagnostic at a node's start.
  func failAt(_ node: Node, _ message: String) -> Diagnostic {
    let token = tokens.first { $0.loc == node.loc } ?? peek()
    return fail(message, at: token)
  }
}

extension Token {
  /// The token cannot start an operand: an operator before it stands alone (`map(+, a)`).
  var endsOperand: Bool {
    switch kind {
    case .rparen, .rbracket, .rbrace, .comma, .semicolon, .eof, .newline: return true
    default: return false
    }
  }
}

extension NumberLiteral {
  var negated: NumberLiteral {
    switch self {
    case .int(let v): return .int(0 &- v)
    case .float(let v): return .float(-v)
    case .float32(let v): return .float32(-v)
    }
  }

  var nodeKind: Node.Kind {
    switch self {
    case .int(let v): return .int(v)
    case .float(let v): return .float(v)
    case .float32(let v): return .float32(v)
    }
  }
}

extension Node {
  var isNumber: Bool {
    switch kind {
    case .int, .float, .float32: return true
    default: return false
    }
  }

  /// Can be the target of `=` / `op=`.
  var isAssignable: Bool {
    switch kind {
    case .identifier, .index, .field: return true
    case .typeAssert(let inner, _): return inner.isAssignable
    case .tuple(let items): return items.allSatisfy(\.isAssignable)
    case .splat(let inner): return inner.isAssignable
    default: return false
    }
  }

  /// Element types that make `T[...]` an array literal rather than indexing.
  var isTypeName: Bool {
    switch kind {
    case .curly: return true
    case .identifier(let name): return Node.arrayElementTypes.contains(name)
    default: return false
    }
  }

  static let arrayElementTypes: Set<String> = [
    "Float16", "Float32", "Float64", "Int", "Int8", "Int16", "Int32", "Int64", "Int128", "UInt",
    "UInt8", "UInt16", "UInt32", "UInt64", "Bool", "Char", "String", "Symbol", "Any", "Number",
    "Real", "Integer", "AbstractFloat", "Nothing", "Function", "ComplexF32", "ComplexF64",
  ]

  var asBlock: Node {
    if case .block = kind { return self }
    return Node(.block([self]), loc)
  }
}
