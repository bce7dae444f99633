// The lexer: source text to tokens. It never fails; unreadable text becomes one `.invalid`
// token followed by `.eof`, and the parser reports it like any other unexpected token.

/// Turns source text into tokens.
public enum Lexer {
  /// All tokens of `source`, ending with `.eof`. Runs of line breaks become one `.newline`.
  public static func tokens(_ source: String) -> [Token] {
    var scanner = Scanner(source)
    return scanner.scanAll()
  }

  /// One line per token, `line:column kind value`, for tests and `--dump-tokens`.
  public static func dump(_ source: String) -> String {
    tokens(source).map(\.dumpLine).joined(separator: "\n")
  }
}

/// The scanning state over the source's Unicode scalars.
struct Scanner {
  let text: [Unicode.Scalar]
  var pos = 0
  var line = 1
  var column = 1
  /// The last token produced, to tell postfix `'` from a character literal.
  var previous: TokenKind = .newline
  /// Where the last real token ended: end-of-input errors point here.
  var lastEnd = SourceLoc(line: 1, column: 1)
  var interpolationDepth = 0

  init(_ source: String) {
    var scalars = Array(source.unicodeScalars)
    if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
    text = scalars
  }

  var here: SourceLoc { SourceLoc(line: line, column: column) }

  func peekChar(_ ahead: Int = 0) -> Unicode.Scalar? {
    let i = pos + ahead
    return i < text.count ? text[i] : nil
  }

  mutating func bump(_ count: Int = 1) {
    for _ in 0..<count where pos < text.count {
      if text[pos] == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
      pos += 1
    }
  }

  /// scanAll -> token* eof
  mutating func scanAll() -> [Token] {
    var out: [Token] = []
    while true {
      let token = next()
      Scanner.append(token, to: &out)
      if case .eof = token.kind { break }
      if case .invalid = token.kind {
        out.append(Token(.eof, lastEnd, length: 1, spaceBefore: true))
        break
      }
    }
    Scanner.markSpaceAfter(&out)
    return out
  }

  /// Appends `token`, merging consecutive newlines; a token after a newline counts as spaced.
  static func append(_ token: Token, to list: inout [Token]) {
    var token = token
    if let last = list.last, case .newline = last.kind {
      if case .newline = token.kind { return }
      token.spaceBefore = true
    }
    list.append(token)
  }

  static func markSpaceAfter(_ list: inout [Token]) {
    for i in list.indices.dropLast() {
      let next = list[i + 1]
      switch next.kind {
      case .newline, .eof: list[i].spaceAfter = true
      default: list[i].spaceAfter = next.spaceBefore
      }
    }
  }

  /// The next token, after skipping spaces and comments.
  mutating func next() -> Token {
    var spaced = false
    while let c = peekChar() {
      if c == " " || c == "\t" || c == "\r" {
        bump()
      } else if c == "#" {
        if peekChar(1) == "=" {
          let start = here
          if !skipBlockComment() {
            return Token(.invalid("unterminated comment `#=`", incomplete: true), start, length: 2, spaceBefore: true)
          }
        } else {
          while let d = peekChar(), d != "\n" { bump() }
        }
      } else {
        break
      }
      spaced = true
    }
    let start = here
    let startPos = pos
    let kind = scanKind(spaced: spaced)
    if case .eof = kind {
      return Token(.eof, lastEnd, length: 1, spaceBefore: true)
    }
    if case .newline = kind {} else { lastEnd = here }
    if case .invalid = kind {} else { previous = kind }
    return Token(kind, start, length: max(1, pos - startPos), spaceBefore: spaced)
  }

  /// Skips `#= ... =#`, which nests. False when the input ends first.
  mutating func skipBlockComment() -> Bool {
    var depth = 0
    while let c = peekChar() {
      if c == "#" && peekChar(1) == "=" {
        depth += 1
        bump(2)
      } else if c == "=" && peekChar(1) == "#" {
        depth -= 1
        bump(2)
        if depth == 0 { return true }
      } else {
        bump()
      }
    }
    return false
  }

  mutating func scanKind(spaced: Bool) -> TokenKind {
    guard let c = peekChar() else { return .eof }
    switch c {
    case "\n":
      bump()
      return .newline
    case "(": bump(); return .lparen
    case ")": bump(); return .rparen
    case "[": bump(); return .lbracket
    case "]": bump(); return .rbracket
    case "{": bump(); return .lbrace
    case "}": bump(); return .rbrace
    case ",": bump(); return .comma
    case ";": bump(); return .semicolon
    case "\"": return scanString()
    case "'": return scanQuote(spaced: spaced)
    case "@": return scanMacroName()
    case "$":
      bump()
      return .invalid("`$` interpolation is only supported inside strings", incomplete: false)
    default: break
    }
    if Scanner.isDigit(c) || (c == "." && peekChar(1).map(Scanner.isDigit) == true && !followsOperand(spaced)) {
      return scanNumber()
    }
    if Scanner.isIdentifierStart(c) { return scanWord() }
    if c == "." {
      if peekChar(1) == ".", peekChar(2) == "." {
        bump(3)
        return .op("...", dotted: false)
      }
      if let op = matchOperator(at: pos + 1), Operators.isDottable(op) {
        bump(1 + op.unicodeScalars.count)
        return .op(op, dotted: true)
      }
      bump()
      return .dot
    }
    if let op = matchOperator(at: pos) {
      // Julia reserves `--` (`a -- b` is "invalid operator", not `a - (-b)`).
      if op == "-", peekChar(1) == "-" {
        bump(2)
        return .invalid("invalid operator", incomplete: false)
      }
      bump(op.unicodeScalars.count)
      return .op(op, dotted: false)
    }
    bump()
    return .invalid("invalid character `\(Character(c))`", incomplete: false)
  }

  /// The previous token ends an operand and touches this position (`x'`, `a.5`).
  func followsOperand(_ spaced: Bool) -> Bool {
    if spaced { return false }
    switch previous {
    case .identifier, .number, .bool, .rparen, .rbracket, .rbrace, .string, .char: return true
    case .keyword(.end): return true
    case .op("'", _): return true
    default: return false
    }
  }

  /// The longest operator spelled at `index`.
  func matchOperator(at index: Int) -> String? {
    for spelling in Operators.spellings where index + spelling.count <= text.count {
      var matches = true
      for (k, s) in spelling.enumerated() where text[index + k] != s {
        matches = false
        break
      }
      if matches { return String(String.UnicodeScalarView(spelling)) }
    }
    return nil
  }

  /// word -> identifier | keyword | true | false
  mutating func scanWord() -> TokenKind {
    let name = scanIdentifierText()
    if name == "true" { return .bool(true) }
    if name == "false" { return .bool(false) }
    if let keyword = Keyword(rawValue: name) { return .keyword(keyword) }
    return .identifier(name)
  }

  /// Identifier characters; a `!` is part of the name unless it starts `!=`.
  mutating func scanIdentifierText() -> String {
    var name = String.UnicodeScalarView()
    while let c = peekChar(), Scanner.isIdentifierContinue(c) {
      if c == "!" && peekChar(1) == "=" { break }
      name.append(c)
      bump()
    }
    return String(name)
  }

  /// `@name`, `@.`
  mutating func scanMacroName() -> TokenKind {
    bump()
    if peekChar() == "." {
      bump()
      return .macroName(".")
    }
    guard let c = peekChar(), Scanner.isIdentifierStart(c) else {
      return .invalid("expected a macro name after `@`", incomplete: false)
    }
    return .macroName(scanIdentifierText())
  }

  /// `'` after an operand (no space) is the adjoint; otherwise a character literal `'a'`.
  mutating func scanQuote(spaced: Bool) -> TokenKind {
    if followsOperand(spaced) {
      bump()
      return .op("'", dotted: false)
    }
    bump()
    var raw = ""
    while let c = peekChar(), c != "'", c != "\n" {
      raw.unicodeScalars.append(c)
      bump()
      if c == "\\", let d = peekChar(), d != "\n" {
        raw.unicodeScalars.append(d)
        bump()
      }
    }
    guard peekChar() == "'" else {
      return .invalid("unterminated character literal", incomplete: false)
    }
    bump()
    guard let value = StringEscapes.unescape(raw), value.count == 1, let char = value.first else {
      return .invalid("invalid character literal", incomplete: false)
    }
    return .char(char)
  }

  static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

  static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
    if c.isASCII {
      return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }
    switch c.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
      .letterNumber:
      return true
    default:
      return c == "∇" || c == "∂" || c == "∞"
    }
  }

  static func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
    if isIdentifierStart(c) || isDigit(c) || c == "!" { return true }
    if c.isASCII { return false }
    switch c.properties.generalCategory {
    case .decimalNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark,
      .connectorPunctuation, .modifierSymbol:
      return true
    default:
      return c == "′" || c == "″" || c == "‴"
    }
  }
}
