// Number and string literals: digits to values, escapes, `$` interpolation and the
// indentation stripping of triple-quoted strings.

extension Scanner {
  /// number -> decimal ('.' digits)? (('e'|'E'|'f') sign? digits)? | '0x' hex | '0b' bin | '0o' oct
  ///   `1_000` ==> int 1000, `1.5f-3` ==> float32 0.0015, `.5` ==> float 0.5, `1.` ==> float 1.0
  mutating func scanNumber() -> TokenKind {
    if peekChar() == "0", let base = peekChar(1), let radix = ["x": 16, "b": 2, "o": 8][Character(base)] {
      bump(2)
      let digits = scanDigits {
        Scanner.isDigit($0) || ("a"..."f").contains($0) || ("A"..."F").contains($0)
      }
      guard !digits.isEmpty, let value = UInt64(digits, radix: radix) else {
        return .invalid("invalid numeric literal", incomplete: false)
      }
      return .number(.int(Int(bitPattern: UInt(value))))
    }
    var literal = scanDigits(Scanner.isDigit)
    var isFloat = false
    if peekChar() == "." {
      let after = peekChar(1)
      if let after, Scanner.isDigit(after) {
        bump()
        literal = (literal.isEmpty ? "0" : literal) + "." + scanDigits(Scanner.isDigit)
        isFloat = true
      } else if after == nil || " \t\r\n),;]}#".unicodeScalars.contains(after ?? " ") {
        bump()
        literal += ".0"
        isFloat = true
      }
    }
    if let marker = peekChar(), marker == "e" || marker == "E" || marker == "f" {
      let sign = peekChar(1)
      let signed = sign == "+" || sign == "-"
      if let first = peekChar(signed ? 2 : 1), Scanner.isDigit(first) {
        bump(signed ? 2 : 1)
        let exponent = (sign == "-" ? "-" : "") + scanDigits(Scanner.isDigit)
        if marker == "f" {
          guard let value = Float(literal + "e" + exponent), value.isFinite else {
            return .invalid("overflow in Float32 literal", incomplete: false)
          }
          return .number(.float32(value))
        }
        literal += "e" + exponent
        isFloat = true
      }
    }
    if isFloat {
      guard let value = Double(literal), value.isFinite else {
        return .invalid("overflow in floating-point literal", incomplete: false)
      }
      return .number(.float(value))
    }
    guard let value = Int(literal) else {
      return .invalid("integer literal `\(literal)` is too large", incomplete: false)
    }
    return .number(.int(value))
  }

  /// Digits accepted by `isDigit`, dropping `_` separators.
  mutating func scanDigits(_ isDigit: (Unicode.Scalar) -> Bool) -> String {
    var digits = ""
    while let c = peekChar(), isDigit(c) || (c == "_" && peekChar(1).map(isDigit) == true) {
      if c != "_" { digits.unicodeScalars.append(c) }
      bump()
    }
    return digits
  }

  /// string -> '"' (char | escape | '$' name | '$(' tokens ')')* '"' | '"""' ... '"""'
  mutating func scanString() -> TokenKind {
    let triple = peekChar(1) == "\"" && peekChar(2) == "\""
    bump(triple ? 3 : 1)
    var segments: [RawSegment] = []
    var raw = String.UnicodeScalarView()
    func flush() {
      if !raw.isEmpty { segments.append(.text(String(raw))) }
      raw = String.UnicodeScalarView()
    }
    while true {
      guard let c = peekChar() else {
        return .invalid("unterminated string literal", incomplete: true)
      }
      if c == "\\" {
        raw.append(c)
        bump()
        if let d = peekChar() {
          raw.append(d)
          bump()
        }
      } else if c == "\"" {
        if !triple {
          bump()
          break
        }
        if peekChar(1) == "\"" && peekChar(2) == "\"" {
          bump(3)
          break
        }
        raw.append(c)
        bump()
      } else if c == "$" {
        flush()
        let loc = SourceLoc(line: line, column: column + 1)
        if peekChar(1) == "(" {
          bump(2)
          switch scanInterpolation() {
          case .success(let tokens): segments.append(.code(tokens, loc))
          case .failure(let error): return error.kind
          }
        } else if let d = peekChar(1), Scanner.isIdentifierStart(d) {
          bump()
          let name = scanIdentifierText()
          let token = Token(.identifier(name), loc, length: name.unicodeScalars.count, spaceBefore: false)
          let end = Token(.eof, here, length: 1, spaceBefore: false)
          segments.append(.code([token, end], loc))
        } else {
          return .invalid("invalid interpolation syntax: `$` must be followed by a name or `(`", incomplete: false)
        }
      } else {
        raw.append(c)
        bump()
      }
    }
    flush()
    if triple { segments = StringEscapes.dedent(segments) }
    var parts: [StringPart] = []
    for segment in segments {
      switch segment {
      case .text(let text):
        guard let value = StringEscapes.unescape(text) else {
          return .invalid("invalid escape sequence in string", incomplete: false)
        }
        parts.append(.text(value))
      case .code(let tokens, let loc):
        parts.append(.code(tokens, loc))
      }
    }
    return .string(parts, triple: triple)
  }

  /// The tokens of `$( ... )` up to the matching `)`, which becomes their `.eof`.
  mutating func scanInterpolation() -> Result<[Token], InvalidToken> {
    interpolationDepth += 1
    let saved = previous
    defer {
      interpolationDepth -= 1
      previous = saved
    }
    if interpolationDepth > 64 {
      return .failure(InvalidToken(kind: .invalid("string interpolation nested too deeply", incomplete: false)))
    }
    previous = .lparen
    var tokens: [Token] = []
    var depth = 0
    while true {
      let token = next()
      switch token.kind {
      case .eof:
        return .failure(InvalidToken(kind: .invalid("unterminated string literal", incomplete: true)))
      case .invalid:
        return .failure(InvalidToken(kind: token.kind))
      case .lparen:
        depth += 1
      case .rparen:
        if depth == 0 {
          tokens.append(Token(.eof, token.loc, length: 1, spaceBefore: token.spaceBefore))
          Scanner.markSpaceAfter(&tokens)
          return .success(tokens)
        }
        depth -= 1
      default:
        break
      }
      Scanner.append(token, to: &tokens)
    }
  }
}

/// A lexing failure carried out of a nested scan.
struct InvalidToken: Error {
  var kind: TokenKind
}

/// A string piece before escapes are resolved.
enum RawSegment {
  case text(String)
  case code([Token], SourceLoc)
}

enum StringEscapes {
  /// Resolves backslash escapes; nil when one is invalid.
  ///   `\n \t \r \\ \" \' \$ \0 \a \b \e \f \v \xHH \uHHHH \u{H..} \UHHHHHHHH \ooo`, and
  ///   backslash-newline, which drops the newline and the next line's indentation.
  static func unescape(_ raw: String) -> String? {
    let s = Array(raw.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    func hex(_ maxDigits: Int) -> UInt32? {
      var value: UInt32 = 0
      var count = 0
      while count < maxDigits, i < s.count, let digit = Int(String(s[i]), radix: 16) {
        value = value * 16 + UInt32(digit)
        count += 1
        i += 1
      }
      return count == 0 ? nil : value
    }
    while i < s.count {
      let c = s[i]
      i += 1
      guard c == "\\" else {
        out.append(c)
        continue
      }
      guard i < s.count else { return nil }
      let d = s[i]
      i += 1
      let simple: [Unicode.Scalar: Unicode.Scalar] = [
        "n": "\n", "t": "\t", "r": "\r", "\\": "\\", "\"": "\"", "'": "'", "$": "$",
        "a": "\u{07}", "b": "\u{08}", "e": "\u{1B}", "f": "\u{0C}", "v": "\u{0B}",
      ]
      if let mapped = simple[d] {
        out.append(mapped)
      } else if d >= "0" && d <= "7" {
        var value = d.value - 48
        var count = 1
        while count < 3, i < s.count, s[i] >= "0", s[i] <= "7" {
          value = value * 8 + s[i].value - 48
          count += 1
          i += 1
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        out.append(scalar)
      } else if d == "x" {
        guard let value = hex(2), let scalar = Unicode.Scalar(value) else { return nil }
        out.append(scalar)
      } else if d == "u" && i < s.count && s[i] == "{" {
        i += 1
        guard let value = hex(6), i < s.count, s[i] == "}", let scalar = Unicode.Scalar(value) else {
          return nil
        }
        i += 1
        out.append(scalar)
      } else if d == "u" || d == "U" {
        guard let value = hex(d == "u" ? 4 : 8), let scalar = Unicode.Scalar(value) else { return nil }
        out.append(scalar)
      } else if d == "\n" {
        while i < s.count, s[i] == " " || s[i] == "\t" { i += 1 }
      } else {
        return nil
      }
    }
    return String(out)
  }

  /// Triple-quoted strings: drop a newline right after the opening quotes, then remove the
  /// indentation common to all lines (whitespace-only lines do not count, except the last one,
  /// which holds the closing quotes; an interpolation counts as text).
  static func dedent(_ segments: [RawSegment]) -> [RawSegment] {
    enum Element {
      case char(Unicode.Scalar)
      case code(Int)
    }
    var codes: [([Token], SourceLoc)] = []
    var elements: [Element] = []
    for segment in segments {
      switch segment {
      case .text(let t): elements += t.unicodeScalars.map { .char($0) }
      case .code(let tokens, let loc):
        elements.append(.code(codes.count))
        codes.append((tokens, loc))
      }
    }
    var stripped = false
    if case .char("\n") = elements.first {
      elements.removeFirst()
      stripped = true
    } else if elements.count >= 2, case .char("\r") = elements[0], case .char("\n") = elements[1] {
      elements.removeFirst(2)
      stripped = true
    }
    var lines: [[Element]] = [[]]
    for element in elements {
      if case .char("\n") = element {
        lines.append([])
      } else {
        lines[lines.count - 1].append(element)
      }
    }
    func indentation(_ line: [Element]) -> Int {
      var n = 0
      for element in line {
        guard case .char(let c) = element, c == " " || c == "\t" else { break }
        n += 1
      }
      return n
    }
    let first = stripped ? 0 : 1
    var common = Int.max
    for (k, line) in lines.enumerated() where k >= first {
      let n = indentation(line)
      if n == line.count && k != lines.count - 1 { continue }
      common = min(common, n)
    }
    if common == Int.max { common = 0 }
    var result: [RawSegment] = []
    var text = String.UnicodeScalarView()
    for (k, line) in lines.enumerated() {
      if k > 0 { text.append("\n") }
      let drop = k >= first ? min(common, indentation(line)) : 0
      for element in line.dropFirst(drop) {
        switch element {
        case .char(let c): text.append(c)
        case .code(let index):
          if !text.isEmpty { result.append(.text(String(text))) }
          text = String.UnicodeScalarView()
          result.append(.code(codes[index].0, codes[index].1))
        }
      }
    }
    if !text.isEmpty { result.append(.text(String(text))) }
    return result
  }
}
