// Base.print_matrix: column alignment and nine-slice truncation of one matrix body.

/// Prints a matrix (or a vector as a one-column matrix) the way Julia's `print_matrix` does,
/// with `pre = " "`, `sep = "  "`, `post = ""`.
struct MatrixPrinter {
  let rows: Int, cols: Int
  let numeric: Bool
  let text: (Int, Int) -> String
  /// Per-element alignment for arrays of mixed values; nil: `numeric` for all.
  var kind: ((Int, Int) -> CellAlignment)?
  /// Element text and its (left, right) alignment widths, keyed by `i + j·rows`.
  private var cache: [Int: (String, Int, Int)] = [:]

  private let sep = "  ", hdots = "  \u{2026}  ", ddots = "  \u{22F1}  ", vdots = "\u{22EE}"
  private let hmod = 5, vmod = 5

  init(rows: Int, cols: Int, numeric: Bool, text: @escaping (Int, Int) -> String) {
    self.rows = rows
    self.cols = cols
    self.numeric = numeric
    self.text = text
  }

  /// The element text and how many characters fall left/right of its alignment point:
  /// numbers split before the first `.`, `e`, `E`, `f` or `F`; other values are all "right"
  /// (left-aligned).
  private mutating func cell(_ i: Int, _ j: Int) -> (String, Int, Int) {
    let key = i + j * rows
    if let c = cache[key] { return c }
    let s = text(i, j)
    let width = s.unicodeScalars.count
    var left = 0
    let k = kind?(i, j) ?? (numeric ? .number : .other)
    if k == .integer {
      left = width
    } else if k == .number {
      left = width
      for (k, u) in s.unicodeScalars.enumerated() where ".eEfF".unicodeScalars.contains(u) {
        left = k
        break
      }
    }
    let c = (s, left, width - left)
    cache[key] = c
    return c
  }

  /// Per-column (left, right) widths over `rowList`, dropping columns once the running width
  /// reaches `ifComplete` (and down to `otherwise` when some were dropped).
  private mutating func alignment(
    _ rowList: [Int], _ colList: [Int], _ ifComplete: Int, _ otherwise: Int
  ) -> [(Int, Int)] {
    var a: [(Int, Int)] = []
    var total = 0
    for j in colList {
      var l = 0, r = 0
      for i in rowList {
        let c = cell(i, j)
        l = Swift.max(l, c.1)
        r = Swift.max(r, c.2)
      }
      a.append((l, r))
      total += l + r
      if a.count > 1 && total + sep.count * a.count >= ifComplete {
        total -= l + r
        a.removeLast()
        break
      }
    }
    if 1 < a.count && a.count < cols {
      while !a.isEmpty && total + sep.count * a.count >= otherwise {
        total -= a[a.count - 1].0 + a[a.count - 1].1
        a.removeLast()
      }
    }
    return a
  }

  private mutating func printRow(
    into out: inout String, _ a: [(Int, Int)], _ i: Int, _ colList: some Sequence<Int>
  ) {
    for (k, j) in colList.enumerated() {
      if k >= a.count { break }
      let c = cell(i, j)
      out += String(repeating: " ", count: Swift.max(0, a[k].0 - c.1))
      out += c.0
      if j != cols - 1 { out += String(repeating: " ", count: Swift.max(0, a[k].1 - c.2)) }
      if k < a.count - 1 { out += sep }
    }
  }

  /// The `⋮` row: a dot over every fifth column (those with `k % 5 == m`). Without
  /// `padRight` the last column's trailing blanks are left out.
  private func printVdots(into out: inout String, _ a: [(Int, Int)], _ m: Int, padRight: Bool) {
    for k in stride(from: 1, through: a.count, by: 1) {
      let w = a[k - 1].0 + a[k - 1].1
      let last = k == a.count
      if k % vmod == m {
        let l = Swift.max(0, a[k - 1].0 - 1)
        out += String(repeating: " ", count: l) + vdots
        if !last || padRight { out += String(repeating: " ", count: Swift.max(0, w - 1 - l)) }
      } else if !last || padRight {
        out += String(repeating: " ", count: w)
      }
      if !last { out += sep }
    }
  }

  /// Appends the body (no trailing newline).
  mutating func print(into out: inout String, limit: (rows: Int, cols: Int)?) {
    let huge = Int.max / 4
    let screenHeight = Swift.max(limit.map { $0.rows - 4 } ?? huge, 1)
    let screenWidth = (limit.map { $0.cols } ?? huge) - 1  // minus the one-space `pre`
    let m = rows, n = cols
    var rowList = Array(0..<m)
    let half = screenHeight / 2
    if m > screenHeight {
      rowList = Array(0..<Swift.max(half, 0)) + Array((m - (screenHeight - 1) / 2)..<m)
    }
    var colList = Array(0..<n)
    let maxCols = Swift.max(screenWidth / (1 + sep.count), 0)
    if n > maxCols { colList = Array(0..<maxCols) + Array((n - maxCols)..<n) }
    let a = alignment(rowList, colList, screenWidth, screenWidth)
    let vertical = m > screenHeight
    var left = a, right: [(Int, Int)] = []
    if n > a.count {
      var c = (screenWidth - hdots.count + 1) / 2 + 1
      right = alignment(rowList, colList.reversed(), c, c).reversed()
      c = screenWidth - right.reduce(0) { $0 + $1.0 + $1.1 } - (right.count - 1) * sep.count
        - hdots.count
      left = alignment(rowList, colList, c, c)
    }
    let split = n > a.count
    for (pos, i) in rowList.enumerated() {
      out += " "
      if split {
        printRow(into: &out, left, i, colList.prefix(left.count))
        out += i % hmod == 0 ? hdots : String(repeating: " ", count: hdots.count)
        printRow(into: &out, right, i, (n - right.count)..<n)
      } else {
        printRow(into: &out, a, i, colList)
      }
      let atHalf = vertical && pos == half - 1
      if pos != rowList.count - 1 || atHalf { out += "\n" }
      if atHalf {
        out += " "
        if split {
          printVdots(into: &out, left, 1, padRight: true)
          out += ddots
          let r = ((right.count - n + 1) % vmod + vmod) % vmod
          printVdots(into: &out, right, r, padRight: false)
        } else {
          printVdots(into: &out, a, 1, padRight: false)
        }
        if pos != rowList.count - 1 { out += "\n" }
      }
    }
    if vertical && rowList.isEmpty {
      out += " " + vdots + (colList.count > 1 ? "    " + ddots : "")
    }
  }
}
