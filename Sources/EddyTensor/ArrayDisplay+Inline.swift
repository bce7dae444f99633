// One-line array forms (2-arg show / print / repr): `Float32[1.0, 2.5]`, `[1 2; 3 4]`.

extension ArrayDisplay {
  /// The one-line `show` form of an array.
  ///
  /// Vectors: `prefix[e1, e2]`; matrices: `prefix[a b; c d]` (a single column ends `;;]`);
  /// N-d: slices joined by `;;;` (`;;;;` when the 4th index moves). With `limit` (inside a
  /// REPL display) long vectors keep 10 elements at each end and matrices 2 rows/columns.
  ///
  /// - Parameters:
  ///   - prefix: the element type when it is not implied (`Float32`, `Bool`); `""` for
  ///     Float64 and Int64. Empty arrays always need it (`Float64[]`).
  ///   - element: element text by 0-based column-major index, with the element type known.
  ///   - typeName: used for empty arrays of 2+ dimensions: `Matrix{Float64}(undef, 0, 3)`.
  public static func showInline(
    shape: [Int], prefix: String, element: (Int) -> String, limit: Bool = false,
    typeName: String? = nil
  ) -> String {
    let count = shape.reduce(1, *)
    if shape.isEmpty { return "fill(" + element(0) + ")" }
    if count == 0 {
      if shape.count == 1 { return prefix + "[]" }
      let dims = shape.map(String.init).joined(separator: ", ")
      return (typeName ?? "Array{\(prefix)}") + "(undef, \(dims))"
    }
    var out = prefix + "["
    if shape.count == 1 {
      let n = shape[0]
      if limit && n > 20 {
        out += (0..<10).map(element).joined(separator: ", ")
        out += "  \u{2026}  "
        out += ((n - 10)..<n).map(element).joined(separator: ", ")
      } else {
        out += (0..<n).map(element).joined(separator: ", ")
      }
      return out + "]"
    }
    let m = shape[0], n = shape[1]
    if shape.count == 2 {
      appendMatrix(&out, m, n, limit: limit) { i, j in element(i + j * m) }
      if n == 1 { out += ";;" }
      return out + "]"
    }
    let tail = Array(shape[2...])
    var idx = [Int](repeating: 0, count: tail.count)
    for s in 0..<(count / (m * n)) {
      if s > 0 {
        var d = 0
        while d < tail.count {
          idx[d] += 1
          if idx[d] < tail[d] { break }
          idx[d] = 0
          d += 1
        }
        out += String(repeating: ";", count: 3 + d) + " "
      }
      appendMatrix(&out, m, n, limit: limit) { i, j in element(s * m * n + i + j * m) }
    }
    return out + "]"
  }

  /// Rows joined by `; `, elements by spaces; with `limit`, `…` for the middle of matrices
  /// larger than 4 in either direction (Julia's `_show_nonempty`).
  private static func appendMatrix(
    _ out: inout String, _ m: Int, _ n: Int, limit: Bool, _ element: (Int, Int) -> String
  ) {
    let rdots = limit && m > 4, cdots = limit && n > 4
    let rowParts = rdots ? [0..<2, (m - 2)..<m] : [0..<m, 0..<0]
    let colParts = cdots ? [0..<2, (n - 2)..<n] : [0..<n, 0..<0]
    for rr in rowParts {
      for i in rr {
        for cr in colParts {
          for j in cr {
            if j > cr.lowerBound { out += " " }
            out += element(i, j)
          }
          if !cr.isEmpty && cr.upperBound == n {
            if i < m - 1 { out += "; " }
          } else if cdots && !cr.isEmpty {
            out += " \u{2026} "
          }
        }
      }
      if rdots && !rr.isEmpty && rr.upperBound != m { out += "\u{2026} ; " }
    }
  }
}
