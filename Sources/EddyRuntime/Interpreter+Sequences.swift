// The collections a loop is walking, innermost last (`Interpreter.sequences`): `forEach`
// records each walk over an array of arrays, or over a `zip`/`enumerate` of them, and where
// it is. The Flux fast paths read it to project a recurrent layer's input for a whole
// sequence at once (Flux/FluxFastPaths+Projection.swift).

/// A collection `forEach` is walking, and where it is.
final class SequenceFrame {
  enum Source {
    case array(ArrayValue)
    case iterator(IteratorValue)
  }
  let source: Source
  /// The 0-based position of the element the loop body is running on.
  var index = 0
  /// Projections made during this walk, by the weight matrix.
  var projections: [ObjectIdentifier: SequenceProjection] = [:]
  /// Weights whose projection went stale in this walk: per-step products from then on.
  var stale: Set<ObjectIdentifier> = []

  init(_ source: Source) { self.source = source }

  /// The element at `k`, or nil past the end.
  func element(_ k: Int) -> Value? {
    switch source {
    case .array(let a): return k < a.items.count ? a.items[k] : nil
    case .iterator(let it): return k < it.items.count ? it.items[k] : nil
    }
  }

  var count: Int {
    switch source {
    case .array(let a): return a.items.count
    case .iterator(let it): return it.items.count
    }
  }

  /// A frame for `v` when its elements are arrays, or tuples holding arrays (a `zip`).
  static func make(_ v: Value) -> SequenceFrame? {
    let frame: SequenceFrame
    switch v {
    case .array(let a): frame = SequenceFrame(.array(a))
    case .native(let n):
      guard let it = n as? IteratorValue else { return nil }
      frame = SequenceFrame(.iterator(it))
    default: return nil
    }
    guard frame.count >= 2, let first = frame.element(0) else { return nil }
    switch first {
    case .tensor: return frame
    case .tuple(let xs) where xs.contains(where: { if case .tensor = $0 { return true } else { return false } }):
      return frame
    default: return nil
    }
  }
}
