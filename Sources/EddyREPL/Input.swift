// Deciding what to do with the text typed so far: run it, keep reading, or report an error.
import EddySyntax

/// The state of a REPL entry after the user pressed Enter.
public enum InputStatus {
  /// Only whitespace or comments: show a fresh prompt.
  case empty
  /// Ends inside an open construct (block, bracket, string, trailing operator): keep reading.
  case incomplete
  /// A whole entry, ready to evaluate.
  case complete(Program)
  /// A syntax error before the end of the input: report it now.
  case error(Diagnostic)
}

/// Classifies `text` the way the REPL does on Enter.
public func classifyInput(_ text: String, file: String) -> InputStatus {
  if text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) { return .empty }
  switch Parser.parse(text, file: file) {
  case .incomplete: return .incomplete
  case .failure(let d): return .error(d)
  case .success(let p): return p.statements.isEmpty ? .empty : .complete(p)
  }
}
