// Tab completion as a pure function of the line, the cursor and an environment to ask.
import EddyRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// What the completer may ask about the running session. Tests supply a fake.
public protocol CompletionEnvironment {
  /// Every name visible at top level: Main's and Base's globals, imported names.
  func globalNames() -> [String]
  /// Members of the value the dotted path names (`["m", "cell"]` → its fields), or nil.
  func members(ofPath path: [String]) -> [String]?
  /// Entries of a directory: names, and whether each is a directory.
  func directoryEntries(_ path: String) -> [(name: String, isDirectory: Bool)]
  /// The packages `using`/`import` can load.
  func packageNames() -> [String]
  /// The names a module offers (`["Flux", "Losses"]`), loading a package if needed; or nil.
  func moduleMembers(_ path: [String]) -> [String]?
}

extension CompletionEnvironment {
  public func directoryEntries(_ path: String) -> [(name: String, isDirectory: Bool)] {
    listDirectory(path)
  }
  public func packageNames() -> [String] { [] }
  public func moduleMembers(_ path: [String]) -> [String]? { members(ofPath: path) }
}

/// Reads a directory with opendir/readdir (no Foundation).
public func listDirectory(_ path: String) -> [(name: String, isDirectory: Bool)] {
  guard let d = opendir(path.isEmpty ? "." : path) else { return [] }
  defer { closedir(d) }
  var out: [(String, Bool)] = []
  while let e = readdir(d) {
    let name = withUnsafePointer(to: e.pointee.d_name) {
      $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
    }
    if name == "." || name == ".." { continue }
    var isDir = e.pointee.d_type == UInt8(DT_DIR)
    if e.pointee.d_type == UInt8(DT_LNK) || e.pointee.d_type == UInt8(DT_UNKNOWN) {
      var st = stat()
      let full = (path.isEmpty ? "." : path) + "/" + name
      if stat(full, &st) == 0 { isDir = (st.st_mode & S_IFMT) == S_IFDIR }
    }
    out.append((name, isDir))
  }
  return out
}

/// The result of completing: the candidates, and the span of the line (in Unicode scalars)
/// that a chosen candidate replaces.
public struct Completion: Equatable {
  public var candidates: [String]
  public var range: Range<Int>
  public init(candidates: [String], range: Range<Int>) {
    self.candidates = candidates
    self.range = range
  }
}

/// Language keywords offered alongside names.
public let eddyKeywords = [
  "begin", "break", "catch", "const", "continue", "do", "else", "elseif", "end", "export", "false",
  "finally", "for", "function", "global", "if", "import", "in", "let", "local", "module", "mutable struct",
  "nothing", "quote", "return", "struct", "true", "try", "using", "while",
]

enum CompletionChars {
  static func isIdentStart(_ c: Unicode.Scalar) -> Bool {
    c == "_" || (c.value < 128 ? (c.properties.isAlphabetic) : c.properties.isAlphabetic || isMathSymbol(c))
  }
  static func isIdent(_ c: Unicode.Scalar) -> Bool {
    isIdentStart(c) || c == "!" || (c.value < 128 && c.properties.numericType != nil)
      || (c.value >= 128 && (c.properties.numericType != nil || c.properties.generalCategory == .modifierSymbol
        || c.properties.generalCategory == .nonspacingMark || c == "′"))
  }
  static func isMathSymbol(_ c: Unicode.Scalar) -> Bool {
    c.properties.generalCategory == .mathSymbol && c != "−" && c.value > 0x2100
  }
}

/// Completes the text before `cursor` (an offset in Unicode scalars).
///
/// - inside a string literal: file paths (the last path component is replaced);
/// - after `a.b.`: the fields of the live value `a.b`, or a module's names;
/// - otherwise: global names, built-ins and keywords starting with the word before the cursor.
public func complete(line: String, cursor: Int, env: CompletionEnvironment) -> Completion {
  let scalars = Array(line.unicodeScalars)
  let cur = max(0, min(cursor, scalars.count))
  let before = Array(scalars[0..<cur])

  let position = lexPosition(before)
  // Nothing to complete inside a comment.
  if position == .comment { return Completion(candidates: [], range: cur..<cur) }
  // Inside a string: path completion.
  if case .string(let quote) = position {
    let text = String(String.UnicodeScalarView(before[(quote + 1)...]))
    var dir = ""
    var base = text
    if let slash = text.lastIndex(of: "/") {
      dir = String(text[...slash])
      base = String(text[text.index(after: slash)...])
    }
    var listDir = dir
    if listDir.hasPrefix("~/"), let home = getenv("HOME") { listDir = String(cString: home) + listDir.dropFirst() }
    let names = env.directoryEntries(listDir.isEmpty ? "." : listDir)
      .filter { $0.name.hasPrefix(base) && (base.hasPrefix(".") || !$0.name.hasPrefix(".")) }
      .map { $0.name + ($0.isDirectory ? "/" : "") }
      .sorted()
    let start = cur - base.unicodeScalars.count
    return Completion(candidates: names, range: start..<cur)
  }

  // The identifier being typed.
  var start = cur
  while start > 0 && CompletionChars.isIdent(before[start - 1]) { start -= 1 }
  // `!` only ends names: do not start a word with it (`!x`).
  while start < cur && !CompletionChars.isIdentStart(before[start]) {
    // A number (`1.5`, `2x`) is not a name.
    if before[start].properties.numericType != nil { return Completion(candidates: [], range: cur..<cur) }
    start += 1
  }
  let word = String(String.UnicodeScalarView(before[start..<cur]))

  // After `using` / `import`: package names, a package's submodules after `.`, its names after `:`.
  if let context = importContext(String(String.UnicodeScalarView(before[0..<start]))) {
    let pool: [String]
    switch context {
    case .package: pool = env.packageNames()
    case .members(let path): pool = env.moduleMembers(path) ?? []
    }
    return Completion(candidates: uniqueSorted(pool.filter { offered($0, for: word) }), range: start..<cur)
  }

  // A dotted path before it: `m.cell.` + word.
  if start > 0 && before[start - 1] == "." {
    var path: [String] = []
    var end = start - 1
    while true {
      var s = end
      while s > 0 && CompletionChars.isIdent(before[s - 1]) { s -= 1 }
      guard s < end, CompletionChars.isIdentStart(before[s]) else { return Completion(candidates: [], range: start..<cur) }
      path.insert(String(String.UnicodeScalarView(before[s..<end])), at: 0)
      if s > 0 && before[s - 1] == "." {
        end = s - 1
        continue
      }
      // `x[1].f`, `f(x).g`, `1.5` are not plain paths.
      if s > 0, [")", "]", "}", "\"", "'"].contains(before[s - 1]) {
        return Completion(candidates: [], range: start..<cur)
      }
      break
    }
    guard let members = env.members(ofPath: path) else { return Completion(candidates: [], range: start..<cur) }
    let c = uniqueSorted(members.filter { offered($0, for: word) })
    return Completion(candidates: c, range: start..<cur)
  }

  guard !word.isEmpty else { return Completion(candidates: [], range: cur..<cur) }
  let names = env.globalNames().filter { offered($0, for: word) }
  let kws = eddyKeywords.filter { $0.hasPrefix(word) }
  return Completion(candidates: uniqueSorted(names + kws), range: start..<cur)
}

/// What a name typed in a `using`/`import` statement stands for.
enum ImportContext: Equatable {
  /// A package: `using Fl`, `import Flux, Ran`.
  case package
  /// A name inside a module: `using Flux.Lo` (path `["Flux"]`), `using Flux: Den`.
  case members([String])
}

/// The import context of the word that follows `prefix` (the line up to the word), or nil when
/// the line is not a `using`/`import` statement.
func importContext(_ prefix: String) -> ImportContext? {
  var rest = Substring(prefix)
  while let c = rest.first, c == " " || c == "\t" { rest.removeFirst() }
  var keyword = ""
  for k in ["using", "import"] where rest.hasPrefix(k) {
    keyword = k
  }
  guard !keyword.isEmpty else { return nil }
  rest = rest.dropFirst(keyword.count)
  guard let c = rest.first, c == " " || c == "\t" else { return nil }
  func path(_ s: Substring) -> [String] {
    s.split(separator: ".").map { $0.trimmed }.filter { !$0.isEmpty }
  }
  if let colon = rest.firstIndex(of: ":") {
    let p = path(rest[..<colon])
    return p.isEmpty ? nil : .members(p)
  }
  let item = rest.split(separator: ",", omittingEmptySubsequences: false).last ?? rest
  let trimmed = item.trimmed
  if trimmed.isEmpty { return .package }
  guard trimmed.hasSuffix(".") else { return nil }  // e.g. `using Flux x`: not a name position
  let p = path(Substring(trimmed))
  return p.isEmpty ? nil : .members(p)
}

/// Whether `name` completes `word`: a prefix match, never a generated `#` name, and an
/// internal `_name` only when the user has typed the underscore.
func offered(_ name: String, for word: String) -> Bool {
  name.hasPrefix(word) && !name.hasPrefix("#") && (word.hasPrefix("_") || !name.hasPrefix("_"))
}

func uniqueSorted(_ xs: [String]) -> [String] {
  Array(Set(xs)).sorted()
}

/// Where the end of a line of code is, lexically.
enum LexPosition: Equatable {
  case code
  /// Inside a string literal opened by the `"` at this index.
  case string(Int)
  /// Inside a `#` comment.
  case comment
}

/// Scans `s` far enough to tell whether its end is in code, a string or a comment.
func lexPosition(_ s: [Unicode.Scalar]) -> LexPosition {
  var i = 0
  var open: Int?
  var comment = false
  while i < s.count {
    let c = s[i]
    if comment {
      if c == "\n" { comment = false }
    } else if open != nil {
      if c == "\\" {
        i += 2
        continue
      }
      if c == "\"" { open = nil }
    } else if c == "#" {
      comment = true
    } else if c == "\"" {
      open = i
    } else if c == "'" {
      // A Char literal `'a'` vs the adjoint `x'`: skip the literal.
      let prev = i > 0 ? s[i - 1] : " "
      if !(CompletionChars.isIdent(prev) || prev == ")" || prev == "]" || prev == "'") {
        if i + 2 < s.count && s[i + 1] == "\\" {
          i += 4
          continue
        }
        i += 3
        continue
      }
    }
    i += 1
  }
  if comment { return .comment }
  if let open { return .string(open) }
  return .code
}

/// The index of the `"` that opens a string still open at the end of `s`, or nil.
func openStringStart(_ s: [Unicode.Scalar]) -> Int? {
  if case .string(let i) = lexPosition(s) { return i }
  return nil
}

/// The longest common prefix of the candidates (in Characters).
public func commonPrefix(_ xs: [String]) -> String {
  guard var p = xs.first else { return "" }
  for x in xs.dropFirst() {
    while !x.hasPrefix(p) { p.removeLast() }
  }
  return p
}

/// Lays out candidates in columns for a terminal `width` wide.
public func columnize(_ xs: [String], width: Int) -> String {
  guard !xs.isEmpty else { return "" }
  let w = (xs.map { $0.count }.max() ?? 0) + 4
  let perRow = max(1, width / w)
  let rows = (xs.count + perRow - 1) / perRow
  var out = ""
  for r in 0..<rows {
    var line = ""
    for c in 0..<perRow {
      let k = c * rows + r
      guard k < xs.count else { continue }
      let item = xs[k]
      line += item
      if c < perRow - 1 && (c + 1) * rows + r < xs.count {
        line += String(repeating: " ", count: w - item.count)
      }
    }
    out += line + "\n"
  }
  return out
}

/// The completion environment of a live interpreter.
public struct LiveCompletionEnvironment: CompletionEnvironment {
  let interp: Interpreter
  public init(_ interp: Interpreter) { self.interp = interp }

  public func globalNames() -> [String] {
    var names: [String] = []
    for (k, r) in interp.main.globals where r.value != nil { names.append(k) }
    for (k, r) in interp.base.globals where r.value != nil { names.append(k) }
    return names
  }

  public func packageNames() -> [String] {
    Array(Set(interp.modules.keys.filter { !$0.contains(".") } + ["Flux"]))
  }

  public func moduleMembers(_ path: [String]) -> [String]? {
    guard let first = path.first, var m = interp.loadedModule(first) else { return nil }
    for name in path.dropFirst() {
      guard case .module(let x)? = m.globals[name]?.value else { return nil }
      m = x
    }
    return interp.fieldNames(of: .module(m))
  }

  public func members(ofPath path: [String]) -> [String]? {
    guard let first = path.first else { return nil }
    var v: Value
    if let r = interp.main.globals[first], let x = r.value {
      v = x
    } else if let r = interp.base.globals[first], let x = r.value {
      v = x
    } else if let m = interp.modules[first] {
      v = .module(m)
    } else {
      return nil
    }
    for name in path.dropFirst() {
      guard let x = try? interp.getField(v, name) else { return nil }
      v = x
    }
    return interp.fieldNames(of: v)
  }
}
