// Binary elementwise operations with Julia broadcasting: shapes, result types and dispatch.

/// The namespace of tensor kernels.
public enum Kernels {}

/// A binary elementwise operator, as used by `a .op b`.
public enum BinaryOp: Sendable {
  case add, sub, mul, div, pow
  /// `mod` (floored) and `rem`/`%` (truncated).
  case mod, rem
  /// `÷` (truncated integer division).
  case intdiv
  case max, min
  case eq, ne, lt, le, gt, ge
  /// Bitwise/logical `&`, `|`, `xor` on Bool and Int64.
  case and, or, xor
  /// `atan(y, x)`.
  case atan2

  /// Whether the result is a Bool comparison.
  public var isComparison: Bool {
    switch self {
    case .eq, .ne, .lt, .le, .gt, .ge: return true
    default: return false
    }
  }

  /// Julia's operator name, for MethodError messages.
  public var juliaName: String {
    switch self {
    case .add: return "+"
    case .sub: return "-"
    case .mul: return "*"
    case .div: return "/"
    case .pow: return "^"
    case .mod: return "mod"
    case .rem: return "rem"
    case .intdiv: return "div"
    case .max: return "max"
    case .min: return "min"
    case .eq: return "=="
    case .ne: return "!="
    case .lt: return "<"
    case .le: return "<="
    case .gt: return ">"
    case .ge: return ">="
    case .and: return "&"
    case .or: return "|"
    case .xor: return "xor"
    case .atan2: return "atan"
    }
  }

  /// The element type of `a op b` for elements of types `a` and `b` (Julia's rules).
  ///
  /// - Throws: `MethodError` for bitwise operators on floats.
  public func resultType(_ a: DType, _ b: DType) throws -> DType {
    let p = DType.promote(a, b)
    switch self {
    case .eq, .ne, .lt, .le, .gt, .ge: return .bool
    case .and, .or, .xor:
      if p.isFloat {
        throw TensorError(.method, "no method matching \(juliaName)(::\(a.name), ::\(b.name))")
      }
      return p
    case .div, .atan2: return p.isFloat ? p : .float64
    case .add, .sub: return p == .bool ? .int64 : p
    default: return p
    }
  }
}

extension Kernels {
  /// `a .op b` with Julia broadcasting.
  ///
  /// Shapes: dimensions are matched from the first; a missing trailing dimension counts as 1,
  /// and size-1 dimensions (and 0-d arrays) are repeated to match the other operand.
  /// Comparisons give Bool; `/` on integers gives Float64; `Bool ± Bool` gives Int64.
  ///
  /// - Throws: `DimensionMismatch` for incompatible shapes, `DivideError` for integer division
  ///   by zero, `DomainError` for complex-valued powers, `MethodError` for `&`/`|` on floats.
  public static func broadcast(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) throws -> Tensor {
    let rt = try op.resultType(a.dtype, b.dtype)
    let shape = a.shape == b.shape ? a.shape : try broadcastShape(a.shape, b.shape)
    let out = a.shape == b.shape ? Tensor(uncheckedShape: shape, dtype: rt) : try Tensor.make(shape, rt)
    // Julia's broadcast stores Bool results in a BitArray.
    out.isBitArray = rt == .bool
    if out.count == 0 { return out }
    let compute: DType
    switch op {
    case .eq, .ne, .lt, .le, .gt, .ge: compute = DType.promote(a.dtype, b.dtype)
    case .and, .or, .xor: compute = .int64
    default: compute = rt
    }
    switch compute {
    case .float32: try binaryFloating(op, a, b, out, Float.self)
    case .float64: try binaryFloating(op, a, b, out, Double.self)
    default: try binaryInteger(op, a, b, out)
    }
    return out
  }

  /// The broadcast shape of two shapes, or DimensionMismatch naming the first bad dimension.
  public static func broadcastShape(_ a: [Int], _ b: [Int]) throws -> [Int] {
    let n = Swift.max(a.count, b.count)
    var out = [Int](repeating: 1, count: n)
    for d in 0..<n {
      let x = d < a.count ? a[d] : 1, y = d < b.count ? b[d] : 1
      if x == y || y == 1 {
        out[d] = x
      } else if x == 1 {
        out[d] = y
      } else {
        throw TensorError.broadcastMismatch(x, y)
      }
    }
    return out
  }

  /// Column-major strides of `shape` as seen from a broadcast result of rank `rank`
  /// (0 for repeated dimensions).
  static func broadcastStrides(_ shape: [Int], rank: Int, outShape: [Int]) -> [Int] {
    var strides = [Int](repeating: 0, count: rank)
    var s = 1
    for d in 0..<shape.count {
      if d < rank { strides[d] = (shape[d] == 1 && outShape[d] != 1) ? 0 : s }
      s *= shape[d]
    }
    return strides
  }
}

/// How the two operands of a binary kernel map onto the output.
enum BinaryLayout {
  /// Both operands have the output's layout.
  case same
  /// The right (left) operand is a single value repeated everywhere.
  case scalarRight, scalarLeft
  /// General broadcasting with per-dimension strides.
  case strided(shape: [Int], sa: [Int], sb: [Int])

  init(_ a: Tensor, _ b: Tensor, _ out: Tensor) {
    let n = out.count
    if a.count == n && b.count == n {
      self = .same
    } else if b.count == 1 && a.count == n {
      self = .scalarRight
    } else if a.count == 1 && b.count == n {
      self = .scalarLeft
    } else {
      let r = out.shape.count
      self = .strided(
        shape: out.shape, sa: Kernels.broadcastStrides(a.shape, rank: r, outShape: out.shape),
        sb: Kernels.broadcastStrides(b.shape, rank: r, outShape: out.shape))
    }
  }
}

/// Runs `z[i] = f(x[…], y[…])` over a layout. Inlined into each operator's call site so the
/// closure disappears and the contiguous loops vectorise.
@inline(__always)
func runBinary<T, U>(
  _ layout: BinaryLayout, _ n: Int, _ x: UnsafePointer<T>, _ y: UnsafePointer<T>,
  _ z: UnsafeMutablePointer<U>, _ f: (T, T) -> U
) {
  switch layout {
  case .same:
    for i in 0..<n { z[i] = f(x[i], y[i]) }
  case .scalarRight:
    let s = y[0]
    for i in 0..<n { z[i] = f(x[i], s) }
  case .scalarLeft:
    let s = x[0]
    for i in 0..<n { z[i] = f(s, y[i]) }
  case .strided(let shape, let sa, let sb):
    let nd = shape.count, n0 = shape[0], a0 = sa[0], b0 = sb[0]
    var idx = [Int](repeating: 0, count: nd)
    var oa = 0, ob = 0, oz = 0
    while oz < n {
      // Contiguous inner runs (the common `W*x .+ b` shapes) get loops that vectorise.
      let xp = x + oa, yp = y + ob, zp = z + oz
      if a0 == 1 && b0 == 1 {
        for i in 0..<n0 { zp[i] = f(xp[i], yp[i]) }
      } else if a0 == 1 && b0 == 0 {
        let s = yp[0]
        for i in 0..<n0 { zp[i] = f(xp[i], s) }
      } else if a0 == 0 && b0 == 1 {
        let s = xp[0]
        for i in 0..<n0 { zp[i] = f(s, yp[i]) }
      } else {
        for i in 0..<n0 { z[oz + i] = f(x[oa + i * a0], y[ob + i * b0]) }
      }
      oz += n0
      var d = 1
      while d < nd {
        idx[d] += 1
        oa += sa[d]
        ob += sb[d]
        if idx[d] < shape[d] { break }
        oa -= sa[d] * shape[d]
        ob -= sb[d] * shape[d]
        idx[d] = 0
        d += 1
      }
    }
  }
}
