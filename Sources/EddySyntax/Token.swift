// Tokens: what the lexer hands the parser. Whitespace is not a token, but every token records
// whether whitespace came before it, because Julia's grammar is space-sensitive in places
// (`[1 -2]`, `f (x)`, `x'` versus `'a'`).

/// A reserved word of the subset.
public enum Keyword: String, Sendable, CaseIterable, Equatable {
  case begin, `while`, `if`, `for`, `try`, `return`, `break`, `continue`, function, macro, quote
  case `let`, local, global, const, `do`, `struct`, module, baremodule, using, `import`, export
  case end, `else`, elseif, `catch`, finally
}

/// A number literal, already converted to its value.
public enum NumberLiteral: Sendable, Equatable {
  case int(Int)
  case float(Double)
  case float32(Float)
}

/// One piece of a string literal: text with escapes resolved, or the tokens of an
/// interpolation (`$name` is a single identifier token; `$(expr)` the tokens inside the
/// parentheses).
public enum StringPart: Sendable, Equatable {
  case text(String)
  case code([Token], SourceLoc)
}

/// What a token is.
public enum TokenKind: Sendable, Equatable {
  case identifier(String)
  case keyword(Keyword)
  case bool(Bool)
  case number(NumberLiteral)
  case string([StringPart], triple: Bool)
  case char(Character)
  /// Every operator, including `=`, `?`, `:`, `::`, `->`, `...` and postfix `'`; `dotted` for
  /// `.+`, `.=`, `.+=` ... (the name is without the dot).
  case op(String, dotted: Bool)
  /// `@name` (`name` without the `@`; `@.` is ".").
  case macroName(String)
  case lparen, rparen, lbracket, rbracket, lbrace, rbrace
  case comma, semicolon, dot
  /// One or more line breaks (with any blank and comment-only lines between them).
  case newline
  /// Text the lexer could not read; `incomplete` when the input ended inside it
  /// (unterminated string or block comment).
  case invalid(String, incomplete: Bool)
  case eof
}

/// A token and where it is.
public struct Token: Sendable, Equatable {
  public var kind: TokenKind
  public var loc: SourceLoc
  /// Length in Unicode scalars (used to draw the diagnostic marker).
  public var length: Int
  /// Whitespace, a comment or a line break comes right before the token.
  public var spaceBefore: Bool
  /// Whitespace, a comment, a line break or the end of input comes right after the token.
  public var spaceAfter: Bool

  public init(_ kind: TokenKind, _ loc: SourceLoc, length: Int, spaceBefore: Bool) {
    self.kind = kind
    self.loc = loc
    self.length = length
    self.spaceBefore = spaceBefore
    self.spaceAfter = true
  }
}

extension Token {
  /// The token as the user wrote it, for messages: `)`, `end`, `x`, "end of input".
  var quoted: String {
    switch kind {
    case .identifier(let s): return "`\(s)`"
    case .keyword(let k): return "`\(k.rawValue)`"
    case .bool(let b): return "`\(b)`"
    case .number: return "number"
    case .string: return "string"
    case .char: return "character literal"
    case .op(let s, let dotted): return "`\(dotted ? "." : "")\(s)`"
    case .macroName(let s): return "`@\(s)`"
    case .lparen: return "`(`"
    case .rparen: return "`)`"
    case .lbracket: return "`[`"
    case .rbracket: return "`]`"
    case .lbrace: return "`{`"
    case .rbrace: return "`}`"
    case .comma: return "`,`"
    case .semicolon: return "`;`"
    case .dot: return "`.`"
    case .newline: return "newline"
    case .invalid(let m, _): return m
    case .eof: return "end of input"
    }
  }

  /// One line of `Lexer.dump`: `1:5 op +`.
  var dumpLine: String {
    let body: String
    switch kind {
    case .identifier(let s): body = "identifier \(s)"
    case .keyword(let k): body = "keyword \(k.rawValue)"
    case .bool(let b): body = "bool \(b)"
    case .number(.int(let v)): body = "int \(v)"
    case .number(.float(let v)): body = "float \(v)"
    case .number(.float32(let v)): body = "float32 \(v)"
    case .string(let parts, let triple):
      let inner = parts.map { part -> String in
        switch part {
        case .text(let t): return SExpression.quote(t)
        case .code(let toks, _): return "$(" + toks.map(\.dumpLine).joined(separator: "; ") + ")"
        }
      }
      body = (triple ? "string3 " : "string ") + inner.joined(separator: " ")
    case .char(let c): body = "char \(SExpression.quoteChar(c))"
    case .op(let s, let dotted): body = "op \(dotted ? "." : "")\(s)"
    case .macroName(let s): body = "macro @\(s)"
    case .invalid(let m, let inc): body = "invalid \(inc ? "(incomplete) " : "")\(m)"
    case .eof: body = "eof"
    default: body = quoted.filter { $0 != "`" }
    }
    return "\(loc) \(body)"
  }
}
