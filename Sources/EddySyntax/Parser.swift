// The parser's entry point, its state and its small vocabulary (peek, advance, match, expect,
// fail). The grammar itself lives in Parser+Statements, Parser+Expressions, Parser+Primary
// and Parser+Definitions; grammar.md is the same grammar in EBNF.

/// Parses Eddy (a Julia subset) source into a `Program`.
public enum Parser {
  /// Parses `source`; `file` names it in diagnostics (`REPL[1]`, `script.jl`, `none`).
  ///
  /// - Returns: `.success`, `.incomplete` when the input ends inside an open construct
  ///   (unclosed block, bracket or string, trailing operator), or `.failure` for any other
  ///   syntax error. Only the first error is reported.
  public static func parse(_ source: String, file: String) -> ParseResult {
    let parser = TokenParser(Lexer.tokens(source), file: file, lines: SourceLines(source))
    do {
      return .success(try parser.parseProgram())
    } catch let d as Diagnostic {
      return d.isIncomplete ? .incomplete(d) : .failure(d)
    } catch {
      let d = Diagnostic(
        message: "\(error)", file: file, loc: SourceLoc(line: 1, column: 1),
        sourceLine: SourceLines(source).text(of: 1), isIncomplete: false)
      return .failure(d)
    }
  }
}

/// How the surrounding brackets change the meaning of newlines, spaces, `end` and `:`.
struct Mode {
  /// Inside `( )`, `{ }` and after a comma in `[ ]`: newlines are whitespace.
  var newlineIsSpace = false
  /// Inside `[ ]` and macro arguments: `[1 -2]` is two elements, `[f (x)]` too.
  var spaceSensitive = false
  /// Inside `a[ ... ]`: `end` and `begin` are index markers, a lone `:` is `.colon`.
  var inIndex = false
  /// False in the middle of `c ? a : b`, where `:` is not a range.
  var rangeColon = true

  static let block = Mode()
}

/// The raw arguments of a parsed call, kept so that `f(x, y = 1; k = 2) = ...` can become a
/// function signature (a `.call` node merges positional defaults into keyword arguments).
struct CallSignature {
  var call: Node
  var positional: [Node]
  var afterSemicolon: [Node]
}

/// A recursive-descent parser over one token list.
final class TokenParser {
  let tokens: [Token]
  var index = 0
  let file: String
  let lines: SourceLines
  var mode = Mode.block
  /// Expression nesting, capped so that deep input fails instead of overflowing the stack.
  var depth: Int
  static let maxDepth = 800
  /// Raw call arguments by call node (see `CallSignature`).
  var signatures: [ObjectIdentifier: CallSignature] = [:]
  /// False for an interpolation's tokens, whose end is the closing `)`, not the input's end.
  let endIsIncomplete: Bool

  init(_ tokens: [Token], file: String, lines: SourceLines, depth: Int = 0, endIsIncomplete: Bool = true) {
    let end = Token(.eof, tokens.last?.loc ?? SourceLoc(line: 1, column: 1), length: 1, spaceBefore: true)
    self.tokens = tokens.last?.kind == .eof ? tokens : tokens + [end]
    self.file = file
    self.lines = lines
    self.depth = depth
    self.endIsIncomplete = endIsIncomplete
  }

  // MARK: Vocabulary

  /// The current token; newlines are skipped where they are whitespace.
  func peek() -> Token {
    if mode.newlineIsSpace {
      while index < tokens.count - 1, tokens[index].kind == .newline { index += 1 }
    }
    return tokens[min(index, tokens.count - 1)]
  }

  /// The token right after the current one (no newline skipping).
  func peekNext() -> Token {
    _ = peek()
    return tokens[min(index + 1, tokens.count - 1)]
  }

  @discardableResult
  func advance() -> Token {
    let token = peek()
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  func check(_ kind: TokenKind) -> Bool { peek().kind == kind }

  func check(_ keyword: Keyword) -> Bool { peek().kind == .keyword(keyword) }

  func checkOp(_ op: String) -> Bool { peek().kind == .op(op, dotted: false) }

  /// Consumes the current token if it is `kind`.
  func match(_ kind: TokenKind) -> Bool {
    guard check(kind) else { return false }
    advance()
    return true
  }

  /// Consumes `kind` or fails with `message`.
  @discardableResult
  func expect(_ kind: TokenKind, _ message: @autoclosure () -> String) throws -> Token {
    guard check(kind) else { throw fail(message()) }
    return advance()
  }

  /// Line breaks are whitespace here (after a binary operator, a comma, `(` ...).
  func skipNewlines() {
    while index < tokens.count - 1, tokens[index].kind == .newline { index += 1 }
  }

  /// At a newline, `;` or the end: the current statement is over.
  var atStatementEnd: Bool {
    switch peek().kind {
    case .newline, .semicolon, .eof, .rparen, .rbracket, .rbrace, .comma: return true
    case .keyword(let k): return [.end, .else, .elseif, .catch, .finally].contains(k)
    default: return false
    }
  }

  /// Runs `body` with a changed mode, restoring it afterwards.
  @discardableResult
  func with<T>(_ change: (inout Mode) -> Void, _ body: () throws -> T) throws -> T {
    let saved = mode
    change(&mode)
    defer { mode = saved }
    return try body()
  }

  /// A diagnostic at `token` (the current token by default). An unreadable token reports the
  /// lexer's message; the end of input makes the diagnostic incomplete.
  func fail(_ message: String, at token: Token? = nil) -> Diagnostic {
    let token = token ?? peek()
    var message = message
    var incomplete = false
    switch token.kind {
    case .eof: incomplete = endIsIncomplete
    case .invalid(let m, let inc):
      message = m
      incomplete = inc
    default: break
    }
    return Diagnostic(
      message: message, file: file, loc: token.loc, sourceLine: lines.text(of: token.loc.line),
      isIncomplete: incomplete, width: token.kind == .eof ? 1 : token.length)
  }

  /// "unexpected `)`"
  func unexpected(_ token: Token? = nil) -> Diagnostic {
    let token = token ?? peek()
    // An interpolation's tokens end at its closing `)`.
    let what = token.kind == .eof && !endIsIncomplete ? "`)`" : token.quoted
    return fail("unexpected \(what)", at: token)
  }

  /// Guards recursion depth; pair with `leave()`.
  func enter() throws {
    depth += 1
    if depth > TokenParser.maxDepth {
      throw fail("expression is nested too deeply")
    }
  }

  func leave(_ levels: Int = 1) { depth -= levels }

  /// One more level of a tree built by a loop (`a + b + c` nests to the left).
  func deepen(_ levels: inout Int) throws {
    levels += 1
    try enter()
  }
}

/// Proves that each iteration of a parser loop consumed input (swift-syntax's
/// LoopProgressCondition): a loop that stops consuming fails instead of hanging.
struct Progress {
  private var last = -1

  mutating func check(_ parser: TokenParser) throws {
    _ = parser.peek()
    guard parser.index > last else {
      throw parser.fail("internal error: the parser made no progress at \(parser.peek().quoted)")
    }
    last = parser.index
  }
}
