// Diagnostics: the parser detects a problem and records it here; DiagnosticRenderer is the only
// place that turns one into text.

/// A syntax error: what is wrong and where.
public struct Diagnostic: Error, Sendable {
  public var message: String
  public var file: String
  public var loc: SourceLoc
  /// The text of line `loc.line`, without its line break.
  public var sourceLine: String
  /// The input ended inside an open construct; more input could complete it.
  public var isIncomplete: Bool
  /// How many characters the marker spans (at least 1).
  public var width: Int

  public init(
    message: String, file: String, loc: SourceLoc, sourceLine: String, isIncomplete: Bool,
    width: Int = 1
  ) {
    self.message = message
    self.file = file
    self.loc = loc
    self.sourceLine = sourceLine
    self.isIncomplete = isIncomplete
    self.width = width
  }
}

/// The outcome of parsing a chunk of source.
public enum ParseResult {
  case success(Program)
  /// The input ended inside an open construct (the REPL reads another line).
  case incomplete(Diagnostic)
  /// Any other syntax error.
  case failure(Diagnostic)
}

/// Formats diagnostics the way Julia prints a `ParseError`.
public enum DiagnosticRenderer {
  /// The full text without the leading `ERROR: `:
  ///
  ///     ParseError:
  ///     # Error @ file.jl:3:5
  ///     x = (1 + ]
  ///     #        ╙ ── unexpected `]`
  ///
  /// The marker sits under the error column: `╙` for one character, `└┘` / `└──┘` for a span.
  /// The leading `#` is dropped when the error is in column 1.
  public static func render(_ d: Diagnostic) -> String {
    let lineLength = d.sourceLine.unicodeScalars.count
    let width = max(1, min(d.width, max(1, lineLength - d.loc.column + 1)))
    let marker = width == 1 ? "╙" : "└" + String(repeating: "─", count: width - 2) + "┘"
    let prefix = d.loc.column <= 1 ? "" : "#" + String(repeating: " ", count: d.loc.column - 2)
    return """
      ParseError:
      # Error @ \(d.file):\(d.loc.line):\(d.loc.column)
      \(d.sourceLine)
      \(prefix)\(marker) ── \(d.message)
      """
  }
}

/// The source split into lines, to quote the erroneous one.
struct SourceLines {
  let lines: [String]

  init(_ source: String) {
    lines = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
      var scalars = String.UnicodeScalarView($0)
      if scalars.last == "\r" { scalars.removeLast() }
      return String(scalars)
    }
  }

  func text(of line: Int) -> String {
    guard line >= 1, line <= lines.count else { return "" }
    return lines[line - 1]
  }
}
