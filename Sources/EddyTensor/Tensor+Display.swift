// How a tensor prints: type names, summaries, REPL display and the one-line show form.

extension Tensor {
  /// Julia's type of this array: `Vector{Float32}`, `Matrix{Float64}`, `Array{Int64, 3}`,
  /// or `BitVector`/`BitMatrix`/`BitArray{3}` for comparison results.
  public var typeName: String {
    if isBitArray {
      switch ndims {
      case 1: return "BitVector"
      case 2: return "BitMatrix"
      default: return "BitArray{\(ndims)}"
      }
    }
    return ArrayDisplay.typeName(eltype: dtype.name, ndims: ndims)
  }

  /// Julia's `summary`: `3-element Vector{Float32}`, `2×3 Matrix{Float64}`,
  /// `1×3 adjoint(::Vector{Int64}) with eltype Int64`.
  public var summary: String {
    ArrayDisplay.summary(shape: shape, typeName: wrapper.map { "\($0) with eltype \(dtype.name)" } ?? typeName)
  }

  /// Element `i` as it prints inside this array (element type known): Float32 without
  /// `f0`, Bool as `1`/`0`; `compact` gives 6 significant digits.
  public func elementText(_ i: Int, compact: Bool) -> String {
    switch dtype {
    case .float64:
      let x = storage.d[i]
      return compact ? NumberFormat.compact(x) : NumberFormat.show(x)
    case .float32:
      let x = storage.f[i]
      return compact ? NumberFormat.compact(x) : NumberFormat.showUntyped(x)
    case .int64: return NumberFormat.integer(storage.d[i])
    case .bool: return storage.d[i] != 0 ? "1" : "0"
    }
  }

  /// The REPL / `display` text (no trailing newline), truncated to `limit = (rows, cols)`
  /// when given.
  ///
  /// ```
  /// 2×2 Matrix{Float64}:
  ///   1.0  -2.5
  ///  30.0   4.0
  /// ```
  public func displayText(limit: (rows: Int, cols: Int)?) -> String {
    if isBitArray && count == 0 && ndims == 1 { return summary }
    let compact = ArrayDisplay.isCompact(shape: shape)
    return ArrayDisplay.display(
      shape: shape, summary: summary, element: { self.elementText($0, compact: compact) },
      isNumeric: true, limit: limit, eltypeName: dtype.name)
  }

  /// The one-line `show`/`print`/`repr` form: `Float32[1.0, 2.5]`, `[1 2; 3 4]`,
  /// `Bool[1, 0]`, `Float64[]`, `fill(1.0)` for 0-d. `limit` abbreviates long arrays as
  /// inside a REPL display.
  public func showText(limit: Bool = false) -> String {
    if ndims == 0 { return "fill(\(scalarText(self[linear: 0], dtype)))" }
    let prefix: String
    switch dtype {
    case .float32: prefix = "Float32"
    case .bool: prefix = "Bool"
    default: prefix = count == 0 ? dtype.name : ""
    }
    return ArrayDisplay.showInline(
      shape: shape, prefix: prefix, element: { self.elementText($0, compact: false) },
      limit: limit, typeName: typeName)
  }
}
