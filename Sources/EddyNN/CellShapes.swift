// What a fused cell step accepts: the activations it knows, and the shape of one step's
// operands (sizes, and which of them broadcast over the batch), validated up front so that the
// kernels can index without checks.

import EddyAutodiff
import EddyTensor

/// The activations of an `RNNCell` that run fused; any other function runs as Eddy code.
public enum CellActivation: Sendable {
  case tanh, sigmoid, relu, identity

  /// The activation for a built-in function name (`tanh`, `σ`/`sigmoid`, `relu`, `identity`).
  public init?(name: String) {
    // ASCII names first: comparing with "σ" takes String's slow non-ASCII path, and this
    // runs on every Dense and RNN step.
    switch name {
    case "identity": self = .identity
    case "tanh": self = .tanh
    case "relu": self = .relu
    case "sigmoid", "σ": self = .sigmoid
    default: return nil
    }
  }
}

/// The geometry of one cell step, as the interpreted cell code would broadcast it.
///
/// ```
///   Wi (G·out, in)   Wh (G·out, out)   b (G·out)   h (out[, hCols])   x (in[, xCols])
///   outputs (out, batch), or (out,) when x, h (and c) are all vectors
/// ```
/// `batch` is the broadcast of the operands' column counts; each operand has 1 column (it
/// broadcasts: the `(out, 1)` `state0` against a batch of inputs) or `batch` columns.
public struct StepShape: Equatable, Sendable {
  /// Rows of `x` (input features).
  public let input: Int
  /// Rows of `h` (hidden units).
  public let hidden: Int
  /// Columns of the outputs.
  public let batch: Int
  /// Columns of `x`, `h` and `c` (1 for a vector; 1 for `c` when there is none).
  public let xCols: Int, hCols: Int, cCols: Int
  /// Whether the outputs are vectors (every state and input operand is one).
  public let vectorOut: Bool
  /// The dtype the step computes in: Float64 if any operand is Float64, else Float32.
  public let dtype: DType
  /// Whether a fused step rounds exactly as the interpreted cell code: true unless the step is
  /// Float64 only through `b`, `c` or `Wh_h̃` (then the generic code computes the products'
  /// sum, and the gates, in Float32 before promoting).
  public let exact: Bool

  /// The shape of `h′` (and `c′`).
  public var outShape: [Int] { vectorOut ? [hidden] : [hidden, batch] }

  /// `RNNCell`: `h′ = σ.(Wi*x .+ Wh*h .+ b)`.
  public static func rnn(Wi: Tensor, Wh: Tensor, b: Tensor, h: Tensor, x: Tensor) throws
    -> StepShape
  {
    try check("RNNCell", gates: 1, Wi: Wi, Wh: Wh, hGates: 1, b: b, h: h, c: nil, x: x, extra: nil)
  }

  /// `LSTMCell`: 4 gates, state `(h, c)`.
  public static func lstm(Wi: Tensor, Wh: Tensor, b: Tensor, h: Tensor, c: Tensor, x: Tensor)
    throws -> StepShape
  {
    try check("LSTMCell", gates: 4, Wi: Wi, Wh: Wh, hGates: 4, b: b, h: h, c: c, x: x, extra: nil)
  }

  /// `GRUCell`: 3 gates in `Wi`, `Wh` and `b`.
  public static func gru(Wi: Tensor, Wh: Tensor, b: Tensor, h: Tensor, x: Tensor) throws
    -> StepShape
  {
    try check("GRUCell", gates: 3, Wi: Wi, Wh: Wh, hGates: 3, b: b, h: h, c: nil, x: x, extra: nil)
  }

  /// `GRUv3Cell`: 3 gates in `Wi` and `b`, 2 in `Wh`, and the `(out, out)` matrix `Wh_h̃`.
  public static func gruv3(Wi: Tensor, Wh: Tensor, b: Tensor, Whh: Tensor, h: Tensor, x: Tensor)
    throws -> StepShape
  {
    try check(
      "GRUv3Cell", gates: 3, Wi: Wi, Wh: Wh, hGates: 2, b: b, h: h, c: nil, x: x, extra: Whh)
  }

  private static func check(
    _ cell: String, gates: Int, Wi: Tensor, Wh: Tensor, hGates: Int, b: Tensor, h: Tensor,
    c: Tensor?, x: Tensor, extra: Tensor?
  ) throws -> StepShape {
    var dtype = DType.float32
    // Runs on every step: no allocation unless there is an error to describe.
    func operand(_ name: @autoclosure () -> String, _ t: Tensor, _ lo: Int, _ hi: Int) throws {
      guard t.dtype.isFloat else {
        throw TensorError(
          .argument, "\(cell) step: \(name()) must be a Float32 or Float64 array, got \(t.typeName)"
        )
      }
      guard t.ndims >= lo && t.ndims <= hi else {
        let want = lo != hi ? "a vector or a matrix" : (lo == 1 ? "a vector" : "a matrix")
        throw TensorError(
          .dimensionMismatch, "\(cell) step: \(name()) must be \(want), got \(describe(t))")
      }
      dtype = DType.promote(dtype, t.dtype)
    }
    try operand("Wi", Wi, 2, 2)
    try operand("Wh", Wh, 2, 2)
    try operand("b", b, 1, 1)
    try operand("h", h, 1, 2)
    try operand("x", x, 1, 2)
    if let c { try operand("c", c, 1, 2) }
    if let extra { try operand("Wh_h̃", extra, 2, 2) }

    let o = h.shape[0]
    let n = x.shape[0]
    func expect(
      _ name: @autoclosure () -> String, _ t: Tensor, _ rows: Int, _ cols: Int?,
      _ why: @autoclosure () -> String
    ) throws {
      let fits =
        t.shape[0] == rows && (cols.map { t.ndims == 2 && t.shape[1] == $0 } ?? (t.ndims == 1))
      if !fits {
        let want = cols.map { [rows, $0] } ?? [rows]
        throw TensorError(
          .dimensionMismatch,
          "\(cell) step: \(name()) is \(describe(t)) but \(why()) needs size \(tuple(want))")
      }
    }
    func units() -> String { "\(o) hidden units (size(h, 1))" }
    try expect("Wi", Wi, gates * o, n, "\(gates) gate(s) of \(units()) and \(n) input features")
    try expect("Wh", Wh, hGates * o, o, "\(hGates) gate(s) of \(units())")
    try expect("b", b, gates * o, nil, "\(gates) gate(s) of \(units())")
    if let c { try expect("c", c, o, c.ndims == 1 ? nil : c.shape[1], units()) }
    if let extra { try expect("Wh_h̃", extra, o, o, units()) }
    let xc = x.ndims == 1 ? 1 : x.shape[1]
    let hc = h.ndims == 1 ? 1 : h.shape[1]
    let cc = c.map { $0.ndims == 1 ? 1 : $0.shape[1] } ?? 1
    let batch = xc != 1 ? xc : (hc != 1 ? hc : cc)
    func columns(_ name: String, _ cols: Int) throws {
      if cols != 1 && cols != batch {
        throw TensorError(
          .dimensionMismatch,
          "\(cell) step: \(name) has \(cols) columns but the batch has \(batch); the state's "
            + "batch size must match the input's (call Flux.reset! when it changes)")
      }
    }
    try columns("h", hc)
    try columns("c", cc)
    // BLAS takes Int32 sizes; arrays this large cannot be multiplied in memory anyway.
    if Swift.max(n, gates * o, batch) > Int(Int32.max) { throw TensorError(.outOfMemory, "") }
    let vectorOut = x.ndims == 1 && h.ndims == 1 && (c?.ndims ?? 1) == 1
    let products = DType.promote(DType.promote(Wi.dtype, x.dtype), DType.promote(Wh.dtype, h.dtype))
    return StepShape(
      input: n, hidden: o, batch: batch, xCols: xc, hCols: hc, cCols: cc, vectorOut: vectorOut,
      dtype: dtype, exact: products == dtype)
  }

  private static func describe(_ t: Tensor) -> String {
    ArrayDisplay.summary(shape: t.shape, typeName: t.typeName)
  }

  private static func tuple(_ xs: [Int]) -> String {
    xs.count == 1 ? "(\(xs[0]),)" : "(" + xs.map(String.init).joined(separator: ", ") + ")"
  }
}

/// The operands in the step's dtype; a Float32 operand of a Float64 step is converted on the
/// tape (its gradient flows back converted), exactly as the promoting `*` and `.+` of the Eddy
/// code do. Returns `ts` itself when nothing needs converting.
@inline(__always) func promoted(_ ts: [Tensor], _ dtype: DType) throws -> [Tensor] {
  if ts.allSatisfy({ $0.dtype == dtype }) { return ts }
  return try ts.map { $0.dtype == dtype ? $0 : try Diff.converted($0, to: dtype) }
}

/// `Wi * x` computed ahead of a step: one column block of the product for a whole sequence
/// (one GEMM for every step), which the step reads (or copies) instead of multiplying.
public struct Projected {
  /// The product for all the steps, kept alive while a step reads its block.
  public let product: Tensor
  /// The first element of this step's block.
  public let offset: Int
  public init(product: Tensor, offset: Int) {
    self.product = product
    self.offset = offset
  }

  /// The block itself, `count` elements, for a step that only reads it (the caller keeps
  /// `self` alive meanwhile); nil unless the step computes in Float32, as the product does,
  /// and the block lies inside the product.
  func block<T: CellFloat>(_: T.Type, count: Int) -> UnsafePointer<T>? {
    guard T.self == Float.self, product.dtype == .float32, offset >= 0,
      offset + count <= product.count
    else { return nil }
    return UnsafePointer(UnsafeMutableRawPointer(product.storage.f + offset).assumingMemoryBound(to: T.self))
  }

  /// Copies the `count` elements of the block into `p`; false (nothing copied) unless the
  /// step computes in Float32, as the product does, and the block lies inside the product.
  func copy<T: CellFloat>(into p: UnsafeMutablePointer<T>, count: Int) -> Bool {
    guard T.self == Float.self, product.dtype == .float32, offset >= 0,
      offset + count <= product.count
    else { return false }
    UnsafeMutableRawPointer(p).copyMemory(
      from: product.storage.f + offset, byteCount: count * MemoryLayout<Float>.stride)
    return true
  }
}
