// Errors thrown by tensor operations, with Julia's exception names and wording.

/// An error a user program can cause in a tensor operation.
///
/// `message` is the text after `Name: ` in Julia's `showerror` output; `description` is the
/// whole text (`DimensionMismatch: …`, `DomainError with -1.0:\n…`, `OutOfMemoryError()`).
public struct TensorError: Error, CustomStringConvertible, Sendable {
  /// The Julia exception type.
  public enum Kind: Sendable {
    case dimensionMismatch, bounds, argument, inexact, outOfMemory, domain
    /// `DivideError` (integer division by zero).
    case divide
    /// `MethodError` (e.g. `Vector * Vector`, bitwise ops on floats).
    case method
    /// `SingularException` (`A \ b` with a singular square `A`).
    case singular

    /// Julia's exception type name.
    public var juliaName: String {
      switch self {
      case .dimensionMismatch: return "DimensionMismatch"
      case .bounds: return "BoundsError"
      case .argument: return "ArgumentError"
      case .inexact: return "InexactError"
      case .outOfMemory: return "OutOfMemoryError"
      case .domain: return "DomainError"
      case .divide: return "DivideError"
      case .method: return "MethodError"
      case .singular: return "SingularException"
      }
    }
  }

  public let kind: Kind
  public let message: String
  /// For `DomainError`: the offending value as Julia shows it (`-1.0`).
  public let value: String?

  public init(_ kind: Kind, _ message: String, value: String? = nil) {
    self.kind = kind
    self.message = message
    self.value = value
  }

  /// The complete Julia `showerror` text.
  public var description: String {
    switch kind {
    case .outOfMemory: return "OutOfMemoryError()"
    case .divide: return "DivideError: integer division error"
    case .domain:
      if let value { return "DomainError with \(value):\n\(message)" }
      return "DomainError: \(message)"
    default: return "\(kind.juliaName): \(message)"
    }
  }

  static func domain(_ x: Double, _ dtype: DType, _ message: String) -> TensorError {
    TensorError(.domain, message, value: scalarText(x, dtype))
  }

  static func broadcastMismatch(_ a: Int, _ b: Int) -> TensorError {
    TensorError(
      .dimensionMismatch,
      "arrays could not be broadcast to a common size: a has axes Base.OneTo(\(a)) and b has axes Base.OneTo(\(b))"
    )
  }

  static let emptyReduction = TensorError(
    .argument,
    "reducing over an empty collection is not allowed; consider supplying `init` to the reducer")
}

/// A Julia tuple of integers: `(2, 3)`, `(3,)`, `()`.
func juliaTuple(_ xs: [Int]) -> String {
  if xs.count == 1 { return "(\(xs[0]),)" }
  return "(" + xs.map(String.init).joined(separator: ", ") + ")"
}

/// A scalar as Julia's `show` prints it for this dtype (`2.5`, `2.5f0`, `3`, `true`).
func scalarText(_ x: Double, _ dtype: DType) -> String {
  switch dtype {
  case .float64: return NumberFormat.show(x)
  case .float32: return NumberFormat.show(Float(x))
  case .int64: return NumberFormat.integer(x)
  case .bool: return x != 0 ? "true" : "false"
  }
}
