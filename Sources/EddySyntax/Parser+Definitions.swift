// Definitions: long and short functions, callable-struct methods, lambdas and `do` blocks,
// parameter lists, `where`, and structs.

extension TokenParser {
  /// function -> 'function' signature ('::' type)? ('where' names)? block 'end'
  ///           | 'function' '(' params ')' block 'end'           (anonymous)
  ///   `function f(x, y = 2; k = 3) x end` ==> (function (call f x (= y 2) (parameters (= k 3))) (block x))
  ///   `function (m::Affine)(x) ... end` ==> (function (call (:: m Affine) x) ...)
  func parseFunction() throws -> Node {
    let opener = advance()
    let signatureStart = peek()
    var signature = try with({ $0 = .block }) { try parseCallChain() }
    if signatureStart.kind == .lparen && !isCallSignature(signature) {
      let params = try lambdaParams(signature, at: signatureStart)
      let body = try parseBlock(opener, until: [.end])
      try expectEnd(opener)
      return Node(.lambda(params: params, kwparams: [], body: body), opener.loc)
    }
    if checkOp("::") {
      advance()
      let returnType = try parseCallChain()
      signature = Node(.typeAssert(signature, type: returnType), signature.loc)
    }
    var whereNames: [(String, Node?)] = []
    if peek().kind == .identifier("where") { whereNames = try parseWhereNames() }
    guard isCallSignature(signature) else {
      if check(.keyword(.end)) { throw fail("`function name end` (a function without methods) is not supported", at: signatureStart) }
      throw fail("expected a function signature like `f(x)` after `function`", at: signatureStart)
    }
    let body = try parseBlock(opener, until: [.end])
    try expectEnd(opener)
    return try makeFunction(signature, whereNames: whereNames, body: body, at: opener.loc)
  }

  /// `f(x)`, `Base.show(io, x)`, `(m::T)(x)`, optionally with `::ReturnType`.
  func isCallSignature(_ node: Node) -> Bool {
    switch node.kind {
    case .typeAssert(let inner, _):
      if case .call = inner.kind { return isCallSignature(inner) }
      return false
    case .call(let callee, _, _):
      guard signatures[ObjectIdentifier(node)] != nil else { return false }
      switch callee.kind {
      case .identifier, .field: return true
      case .typeAssert(let object, _):
        if case .identifier = object.kind { return true }
        return false
      default: return false
      }
    default:
      return false
    }
  }

  /// Builds a function definition from a call-shaped signature.
  func makeFunction(_ signature: Node, whereNames: [(String, Node?)], body: Node, at loc: SourceLoc) throws -> Node {
    var call = signature
    var returnType: Node?
    if case .typeAssert(let inner, let type) = signature.kind {
      call = inner
      returnType = type
    }
    guard case .call(let callee, _, _) = call.kind, let raw = signatures[ObjectIdentifier(call)] else {
      throw failAt(signature, "invalid function signature")
    }
    var name: Node?
    var callableSelf: Node.Param?
    if case .typeAssert(let object, let type) = callee.kind, case .identifier(let selfName) = object.kind {
      callableSelf = Node.Param(name: selfName, type: type)
    } else {
      name = callee
    }
    let definition = Node.FunctionDef(
      name: name, callableSelf: callableSelf,
      params: try raw.positional.map(parameter), kwparams: try raw.afterSemicolon.map(parameter),
      whereNames: whereNames.map { $0.0 }, whereBounds: whereNames.map { $0.1 }, returnType: returnType, body: body)
    return Node(.function(definition), loc)
  }

  /// param -> name | name '::' type | '::' type | param '=' default | name '...'
  ///   `f(::Int) = 1` ==> (function (call f (::-pre Int)) (block 1))
  func parameter(_ node: Node) throws -> Node.Param {
    switch node.kind {
    case .identifier(let name):
      return Node.Param(name: name)
    case .unary("::", let type, false):
      return Node.Param(name: nil, type: type)
    case .typeAssert(let inner, let type):
      guard case .identifier(let name) = inner.kind else { break }
      return Node.Param(name: name, type: type)
    case .assign(let lhs, let rhs):
      var param = try parameter(lhs)
      guard param.defaultValue == nil else { break }
      param.defaultValue = rhs
      return param
    case .splat(let inner):
      var param = try parameter(inner)
      param.isVararg = true
      return param
    default:
      break
    }
    throw failAt(node, "invalid function parameter")
  }

  /// The parameters left of `->`: `x`, `(a, b)`, `()`, `x::T`, `(a, b = 1)`.
  func lambdaParams(_ node: Node, at arrow: Token) throws -> [Node.Param] {
    switch node.kind {
    case .tuple(let items): return try items.map(parameter)
    case .namedTuple(let items): return items.map { Node.Param(name: $0.name, defaultValue: $0.value) }
    case .identifier, .typeAssert, .assign, .splat, .unary("::", _, false): return [try parameter(node)]
    default: throw fail("invalid parameter list before `->`", at: arrow)
    }
  }

  /// doBlock -> 'do' (param (',' param)*)? block 'end'
  ///   `f(a) do x, y; x end` ==> first argument (-> (tuple x y) (block x))
  func parseDo() throws -> Node {
    let opener = advance()
    var params: [Node.Param] = []
    try with({ $0 = .block }) {
      var progress = Progress()
      while !atStatementEnd {
        try progress.check(self)
        var target = try parseCallChain()
        if checkOp("::") {
          advance()
          target = Node(.typeAssert(target, type: try parseCallChain()), target.loc)
        }
        params.append(try parameter(target))
        guard match(.comma) else { break }
      }
    }
    let body = try parseBlock(opener, until: [.end])
    try expectEnd(opener)
    return Node(.lambda(params: params, kwparams: [], body: body), opener.loc)
  }

  /// where -> 'where' name ('<:' type)? | 'where' '{' name ('<:' type)? (',' ...)* '}'
  ///   names with their upper bounds: `where {T, S <: Real}` ==> [(T, nil), (S, Real)]
  func parseWhereNames() throws -> [(String, Node?)] {
    advance()
    var names: [(String, Node?)] = []
    func one() throws {
      let name = try expectName()
      var bound: Node?
      if checkOp("<:") {
        advance()
        bound = try parseCallChain()
      }
      names.append((name, bound))
    }
    if check(.lbrace) {
      let open = advance()
      try with({ $0.newlineIsSpace = true }) {
        var progress = Progress()
        while !match(.rbrace) {
          try progress.check(self)
          if check(.eof) { throw unclosed(open, closer: "}") }
          try one()
          if !match(.comma) && !check(.rbrace) { throw unclosed(open, closer: "}") }
        }
      }
    } else {
      try one()
    }
    return names
  }

  /// struct -> 'mutable'? 'struct' name ('{' typeParam (',' typeParam)* '}')? ('<:' type)?
  ///            (field | function)* 'end'
  ///   `struct A <: B; w; b::Int; end` ==> (struct (<: A B) (block w (:: b Int)))
  ///   `struct P{T} a::T end` ==> (struct (curly P T) (block (:: a T)))
  func parseStruct() throws -> Node {
    let isMutable = peek().kind == .identifier("mutable")
    if isMutable { advance() }
    let opener = advance()
    let (name, typeParams) = try parseTypeHead()
    var supertype: Node?
    if checkOp("<:") {
      advance()
      supertype = try parseCallChain()
    }
    let body = try parseBlock(opener, until: [.end])
    try expectEnd(opener)
    var fields: [Node.Field] = []
    var functions: [Node] = []
    for statement in body.blockStatements {
      switch statement.kind {
      case .identifier(let field):
        fields.append(Node.Field(name: field, type: nil))
      case .typeAssert(let inner, let type):
        guard case .identifier(let field) = inner.kind else { throw failAt(statement, "invalid struct field") }
        fields.append(Node.Field(name: field, type: type))
      case .function, .docstring:
        functions.append(statement)
      case .string, .interpolation:
        continue
      default:
        throw failAt(statement, "invalid struct field")
      }
    }
    return Node(
      .structDef(
        name: name, isMutable: isMutable, supertype: supertype, fields: fields, innerFunctions: functions,
        typeParams: typeParams),
      opener.loc)
  }

  /// typeHead -> name ('{' typeParam (',' typeParam)* '}')?    typeParam -> name ('<:' type)?
  func parseTypeHead() throws -> (String, [Node]) {
    let name = try expectName()
    guard check(.lbrace) && !peek().spaceBefore else { return (name, []) }
    let open = peek()
    guard case .curly(_, let params) = try parseCurly(Node(.identifier(name), open.loc)).kind else {
      return (name, [])
    }
    for p in params {
      switch p.kind {
      case .identifier: continue
      case .binary("<:", let lhs, _, false):
        if case .identifier = lhs.kind { continue }
      default: break
      }
      throw failAt(p, "invalid type parameter in the definition of `\(name)`")
    }
    return (name, params)
  }

  /// abstractType -> 'abstract' 'type' typeHead ('<:' type)? 'end'
  ///   `abstract type Shape end` ==> (abstract Shape);  `abstract type A{T} <: B end` ==> (abstract (<: (curly A T) B))
  func parseAbstractType() throws -> Node {
    let opener = advance()
    advance()  // `type`
    let (name, typeParams) = try parseTypeHead()
    var supertype: Node?
    if checkOp("<:") {
      advance()
      supertype = try parseCallChain()
    }
    while check(.newline) || check(.semicolon) { advance() }
    guard match(.keyword(.end)) else {
      if check(.eof) { throw fail("expected `end` to close `abstract type` at line \(opener.loc.line)") }
      throw fail("expected `end` after `abstract type \(name)`, found \(peek().quoted)")
    }
    return Node(.abstractType(name: name, typeParams: typeParams, supertype: supertype), opener.loc)
  }
}
