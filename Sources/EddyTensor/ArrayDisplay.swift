// REPL display of arrays (`show(io, MIME"text/plain", A)`): summary line, aligned columns,
// slices for N-d arrays, and ⋮ … ⋱ truncation to a terminal size. A port of Base.print_matrix.

/// How one element aligns in its column, as Julia's `alignment(io, x)`: integers (and Bool)
/// right-aligned, other reals on their decimal point, anything else left-aligned.
public enum CellAlignment: Sendable { case integer, number, other }

/// Julia's multi-line array display, for tensors and for arrays of arbitrary values.
public enum ArrayDisplay {
  /// The full `display(A)` text without a trailing newline.
  ///
  /// - Parameters:
  ///   - shape: the array's dimensions.
  ///   - summary: e.g. `3-element Vector{Float32}` (see `summary(shape:typeName:)`).
  ///   - element: each element's text by 0-based column-major index, as 2-arg `show` prints it
  ///     with the element type known (`0.5` for Float32, `1` for Bool). Use compact text when
  ///     `isCompact(shape:)` says so.
  ///   - isNumeric: numbers align on the decimal point (integers right-aligned); anything
  ///     else is left-aligned.
  ///   - limit: the terminal `(rows, cols)` to truncate to (the REPL), or nil to print
  ///     everything (`display` in a script).
  ///   - eltypeName: printed for an empty vector (`Float32[]`).
  ///   - alignment: each element's alignment by index, for arrays of mixed values
  ///     (overrides `isNumeric`).
  public static func display(
    shape: [Int], summary: String, element: (Int) -> String, isNumeric: Bool,
    limit: (rows: Int, cols: Int)?, eltypeName: String = "Any",
    alignment: ((Int) -> CellAlignment)? = nil
  ) -> String {
    let count = shape.reduce(1, *)
    if count == 0 {
      return shape.count == 1 ? eltypeName + "[]" : summary
    }
    if let limit, limit.rows - 4 <= 0 { return summary + ": …" }
    var out = summary + ":\n"
    if shape.isEmpty {
      out += element(0)
      return out
    }
    let m = shape[0], n = shape.count >= 2 ? shape[1] : 1
    if shape.count <= 2 {
      withoutActuallyEscaping(element) { element in
        var printer = MatrixPrinter(rows: m, cols: n, numeric: isNumeric) { i, j in element(i + j * m) }
        if let alignment { printer.kind = { i, j in alignment(i + j * m) } }
        printer.print(into: &out, limit: limit)
      }
      return out
    }
    printSlices(into: &out, shape: shape, element: element, isNumeric: isNumeric, limit: limit, alignment: alignment)
    return out
  }

  /// Whether elements are shown `:compact` (6 significant digits): arrays with more than
  /// one column.
  public static func isCompact(shape: [Int]) -> Bool { shape.count >= 2 && shape[1] > 1 }

  /// `Vector{T}`, `Matrix{T}` or `Array{T, N}`.
  public static func typeName(eltype: String, ndims: Int) -> String {
    switch ndims {
    case 1: return "Vector{\(eltype)}"
    case 2: return "Matrix{\(eltype)}"
    default: return "Array{\(eltype), \(ndims)}"
    }
  }

  /// Julia's `summary`: `3-element Vector{Float32}`, `2×3 Matrix{Float64}`,
  /// `0-dimensional Array{Int64, 0}`.
  public static func summary(shape: [Int], typeName: String) -> String {
    switch shape.count {
    case 0: return "0-dimensional \(typeName)"
    case 1: return "\(shape[0])-element \(typeName)"
    default: return shape.map(String.init).joined(separator: "×") + " " + typeName
    }
  }

  /// N-d arrays: one labelled matrix per trailing index, `[:, :, k] =`, blank line between.
  private static func printSlices(
    into out: inout String, shape: [Int], element: (Int) -> String, isNumeric: Bool,
    limit: (rows: Int, cols: Int)?, alignment: ((Int) -> CellAlignment)?
  ) {
    let m = shape[0], n = shape[1], tail = Array(shape[2...])
    let sliceSize = m * n
    let slices = tail.reduce(1, *)
    var idx = [Int](repeating: 0, count: tail.count)  // 0-based trailing indices
    for s in 0..<slices {
      if s > 0 {
        var d = 0
        while d < tail.count {
          idx[d] += 1
          if idx[d] < tail[d] { break }
          idx[d] = 0
          d += 1
        }
      }
      if limit != nil, let skip = sliceSkip(idx, tail) {
        if skip { continue }
        out += "...\n\n"
        continue
      }
      out += "[:, :, " + idx.map { String($0 + 1) }.joined(separator: ", ") + "] =\n"
      withoutActuallyEscaping(element) { element in
        var printer = MatrixPrinter(rows: m, cols: n, numeric: isNumeric) { i, j in
          element(s * sliceSize + i + j * m)
        }
        if let alignment { printer.kind = { i, j in alignment(s * sliceSize + i + j * m) } }
        printer.print(into: &out, limit: limit)
      }
      if s < slices - 1 { out += "\n\n" }
    }
  }

  /// Julia's `show_nd` elision of middle slices along trailing dimensions longer than 10:
  /// nil to print the slice, true to skip it, false to print `...` in its place.
  private static func sliceSkip(_ idx: [Int], _ tail: [Int]) -> Bool? {
    for i in 0..<tail.count where tail[i] > 10 {
      let ii = idx[i]
      if ii == 3 && idx[0..<i].allSatisfy({ $0 == 0 }) {
        for j in (i + 1)..<tail.count where tail[j] > 10 && 2 < idx[j] && idx[j] < tail[j] - 3 {
          return true
        }
        return false
      }
      if 2 < ii && ii < tail[i] - 3 { return true }
    }
    return nil
  }
}
