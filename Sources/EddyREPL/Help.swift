// Help mode (`help?> name`): finds a docstring and renders it the way Julia's REPL does.
import EddyRuntime

/// Looks up and renders documentation for names typed at `help?>`.
public struct HelpSystem {
  let interp: Interpreter
  /// The width prose is wrapped to (nil: the terminal's width when printing).
  var width: Int?
  public init(_ interp: Interpreter, width: Int? = nil) {
    self.interp = interp
    self.width = width
  }

  /// The text printed for `query` (ends with a newline).
  public func help(_ query: String) -> String {
    let q = query.trimmed
    if q.isEmpty {
      return render(
        """
        Welcome to Eddy help mode. Type a name to see its documentation, for example `reshape`,
        `Dense` or `Flux.train!`. Press Backspace on an empty line to go back to `eddy>`.
        """)
    }
    if let doc = builtinDocstring(q), eddyKeywords.contains(q) || q == "mutable" { return render(doc) }
    if let (name, v) = resolve(q) {
      return render(docstring(for: v, name: name))
    }
    if let doc = builtinDocstring(q) { return render(doc) }
    var s = "No documentation found for `\(q)`.\n"
    let similar = suggestions(for: q)
    if !similar.isEmpty { s += "Perhaps you meant: " + similar.joined(separator: ", ") + "\n" }
    return render(s)
  }

  /// The value `q` names (`sum`, `Dense`, `Flux.train!`, `m.cell`), looking in Flux too.
  func resolve(_ q: String) -> (String, Value)? {
    let parts = q.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard !parts.contains(where: { $0.isEmpty }) else { return nil }
    let first = parts[0]
    var v: Value
    if let x = interp.main.globals[first]?.value {
      v = x
    } else if let x = interp.base.globals[first]?.value {
      v = x
    } else if let m = interp.loadedModule(first) {
      v = .module(m)
    } else if let flux = interp.loadedModule("Flux"), let x = flux.globals[first]?.value {
      v = x
    } else {
      return nil
    }
    for p in parts.dropFirst() {
      guard let x = try? interp.getField(v, p) else { return nil }
      v = x
    }
    return (parts.last!, v)
  }

  /// The raw Markdown docstring for a value.
  public func docstring(for v: Value, name: String) -> String {
    switch v {
    case .fn(let f):
      if let d = f.docstring ?? interp.docs[f.name] ?? builtinDocstring(f.name) { return d }
      return methodsSummary(f, name: name)
    case .type(let t):
      // An alias asked by its own name (`?Vector`, `?Int`) shows its own entry first.
      if name != t.name, let d = builtinDocstring(name) { return d }
      if let d = t.docstring ?? t.constructor?.docstring ?? interp.docs[t.name] ?? builtinDocstring(t.name) {
        return d
      }
      var s = "No documentation found.\n\n`\(t.name)` is a type"
      if !t.fieldNames.isEmpty {
        s += " with fields:\n\n```\n" + t.fieldNames.map { "  " + $0 }.joined(separator: "\n") + "\n```"
      }
      return s + "\n"
    case .module(let m):
      if let d = builtinDocstring(m.name) { return d }
      let names = m.exports.sorted()
      return "`\(m.name)` is a module" + (names.isEmpty ? "." : " exporting: " + names.prefix(40).joined(separator: ", "))
        + (names.count > 40 ? ", …" : "")
    default:
      if let d = interp.docs[name] { return d }
      return "No documentation found.\n\n`\(name)` is of type `\(interp.typeOf(v))`:\n\n```\n"
        + interp.displayString(v, limit: (12, 80)) + "\n```"
    }
  }

  func methodsSummary(_ f: FunctionValue, name: String) -> String {
    let n = f.methods.count
    var s = "No documentation found.\n\n`\(name)` is a function with \(n) method\(n == 1 ? "" : "s")"
    let sigs = f.methods.filter { $0.native == nil }.map { $0.signature }
    if !sigs.isEmpty {
      s += ":\n\n```\n" + sigs.map { "  " + $0 }.joined(separator: "\n") + "\n```"
    } else {
      s += "."
    }
    return s + "\n"
  }

  /// Names close to `q` (edit distance), for "Perhaps you meant".
  public func suggestions(for q: String) -> [String] {
    var pool = Set<String>()
    for (k, r) in interp.main.globals where r.value != nil { pool.insert(k) }
    for (k, r) in interp.base.globals where r.value != nil { pool.insert(k) }
    if let flux = interp.modules["Flux"] {
      for k in flux.exports { pool.insert(k) }
    }
    for k in builtinDocstringNames() { pool.insert(k) }
    return closeMatches(q, in: Array(pool))
  }

  /// Renders Markdown as plain terminal text, indented two spaces like Julia's help.
  public func render(_ md: String) -> String {
    let w = max(20, (width ?? terminalSize().cols) - 1)
    var out = ""
    var inFence = false
    for raw in md.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = String(raw)
      if line.hasPrefix("```") {
        inFence.toggle()
        continue
      }
      if inFence {
        out += "  " + line + "\n"
      } else if line.hasPrefix("    ") {
        out += "  " + line.dropFirst(4) + "\n"
      } else if line.hasPrefix("#") {
        let title = line.drop { $0 == "#" }.trimmed
        out += "  " + title + "\n  " + String(repeating: "≡", count: title.count) + "\n"
      } else if line.isEmpty {
        out += "\n"
      } else {
        out += wrapParagraphLine(line, width: w, indent: "  ")
      }
    }
    while out.hasSuffix("\n\n") { out.removeLast() }
    if !out.hasSuffix("\n") { out += "\n" }
    return out
  }
}

/// Wraps one line of prose at spaces so that, indented, it fits in `width` columns. Words longer
/// than the width are left whole.
func wrapParagraphLine(_ line: String, width: Int, indent: String) -> String {
  let room = max(10, width - indent.count)
  guard line.count > room else { return indent + line + "\n" }
  var out = ""
  var current = ""
  for word in line.split(separator: " ", omittingEmptySubsequences: false) {
    if current.isEmpty {
      current = String(word)
    } else if current.count + 1 + word.count <= room {
      current += " " + word
    } else {
      out += indent + current + "\n"
      current = String(word)
    }
  }
  return out + indent + current + "\n"
}

/// Up to five names close to `q`, closest first: within a small edit distance (ignoring case),
/// or starting with `q` when `q` has three or more characters.
public func closeMatches(_ q: String, in pool: [String], limit: Int = 5) -> [String] {
  let maxD = q.count <= 2 ? q.count - 1 : q.count <= 4 ? 1 : q.count <= 8 ? 2 : 3
  let lq = q.lowercased()
  var scored: [(Int, String)] = []
  for n in pool where n != q && !n.hasPrefix("#") && !n.hasPrefix("_") {
    let ln = n.lowercased()
    if q.count >= 3 && ln.hasPrefix(lq) {
      scored.append((1, n))
      continue
    }
    if abs(n.count - q.count) > maxD { continue }
    let d = editDistance(lq, ln)
    if d <= maxD { scored.append((d, n)) }
  }
  scored.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
  return scored.prefix(limit).map { $0.1 }
}

/// Levenshtein distance, counting a transposition of neighbours as one edit.
public func editDistance(_ a: String, _ b: String) -> Int {
  let x = Array(a), y = Array(b)
  if x.isEmpty { return y.count }
  if y.isEmpty { return x.count }
  var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
  for i in 0...x.count { d[i][0] = i }
  for j in 0...y.count { d[0][j] = j }
  for i in 1...x.count {
    for j in 1...y.count {
      let cost = x[i - 1] == y[j - 1] ? 0 : 1
      d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
        d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
      }
    }
  }
  return d[x.count][y.count]
}

extension StringProtocol {
  var trimmed: String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
    return String(s)
  }
}
