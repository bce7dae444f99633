// Julia-named errors: detected anywhere in the runtime, rendered in one place (Display).
import EddySyntax
import EddyTensor

/// One frame of a Julia-level backtrace.
public struct TraceEntry: Sendable {
  public var function: String
  public var file: String
  public var line: Int
}

/// A Julia exception travelling through Swift code.
public struct JuliaError: Error {
  /// The exception type name: `UndefVarError`, `MethodError`, `ErrorException`, ...
  public var kind: String
  /// The text after `Kind: ` (for ErrorException, the whole text).
  public var message: String
  /// A user value given to `throw`, or the exception object once built.
  public var payload: Value?
  public var trace: [TraceEntry] = []
  /// Set once the innermost statement has stamped its location.
  public var located = false

  public init(_ kind: String, _ message: String, payload: Value? = nil) {
    self.kind = kind
    self.message = message
    self.payload = payload
  }

  public static func undefVar(_ name: String, module: String = "Main") -> JuliaError {
    JuliaError("UndefVarError", "`\(name)` not defined in `\(module)`\nSuggestion: check for spelling errors or missing imports.")
  }
  public static func argument(_ m: String) -> JuliaError { JuliaError("ArgumentError", m) }
  public static func dimension(_ m: String) -> JuliaError { JuliaError("DimensionMismatch", m) }
  public static func bounds(_ m: String) -> JuliaError { JuliaError("BoundsError", m) }
  public static func domain(_ m: String) -> JuliaError { JuliaError("DomainError", m) }
  public static func error(_ m: String) -> JuliaError { JuliaError("ErrorException", m) }
  public static func type(_ m: String) -> JuliaError { JuliaError("TypeError", m) }
  public static func key(_ m: String) -> JuliaError { JuliaError("KeyError", m) }
  public static func inexact(_ m: String) -> JuliaError { JuliaError("InexactError", m) }

  /// The first line Julia prints after `ERROR: `.
  public var headline: String {
    switch kind {
    case "ErrorException": return message
    case "InterruptException": return "InterruptException:"
    case "StackOverflowError": return "StackOverflowError:" + (message.isEmpty ? "" : " " + message)
    case "DivideError": return "DivideError: integer division error"
    default:
      if message.hasPrefix(kind) { return message }
      return message.isEmpty ? "\(kind)()" : "\(kind): \(message)"
    }
  }
}

extension JuliaError {
  /// Converts a tensor-layer error into its Julia-named counterpart.
  public init(_ e: TensorError) {
    self.init(e.kind.juliaName, e.kind == .domain ? e.description : e.message)
  }
}

/// Runs `body`, turning tensor errors into Julia errors.
@inline(__always)
func tensorOp<T>(_ body: () throws -> T) throws -> T {
  do { return try body() } catch let e as TensorError { throw JuliaError(e) }
}
