// The history file: one entry per submitted input, multi-line entries kept whole, mode 0600.
#if canImport(Glibc)
  import Glibc
#endif

/// Stores REPL history in Julia's `repl_history.jl` layout:
///
///     # time: 2025-01-31 12:34:56
///     # mode: julia
///     \tfunction f(x)
///     \t  x + 1
///     \tend
///
/// Each code line is prefixed with a TAB, so an entry with several lines is read back whole.
/// Entries are appended as they are submitted, so a crash or `exit()` loses nothing.
public struct HistoryStore {
  public let path: String
  public init(path: String) { self.path = path }

  /// The default location: `$EDDY_HISTORY`, else `~/.eddy_history`.
  public static func defaultPath() -> String? {
    if let e = getenv("EDDY_HISTORY") {
      let s = String(cString: e)
      if !s.isEmpty { return s }
    }
    guard let h = getenv("HOME") else { return nil }
    return String(cString: h) + "/.eddy_history"
  }

  /// All stored entries, oldest first (empty when the file does not exist).
  public func load() -> [String] {
    guard let f = fopen(path, "rb") else { return [] }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = fread(&buf, 1, buf.count, f)
      if n <= 0 { break }
      bytes.append(contentsOf: buf[0..<n])
    }
    return HistoryStore.parse(String(decoding: bytes, as: UTF8.self))
  }

  static func parse(_ text: String) -> [String] {
    var entries: [String] = []
    var current: [Substring] = []
    func flush() {
      if !current.isEmpty { entries.append(current.joined(separator: "\n")) }
      current = []
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("\t") {
        current.append(line.dropFirst())
      } else if line.hasPrefix("#") {
        flush()
      }
    }
    flush()
    return entries
  }

  /// Appends one entry, creating the file with mode 0600 if needed.
  @discardableResult
  public func append(_ entry: String) -> Bool {
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var st = stat()
    if fstat(fd, &st) == 0 && (st.st_mode & 0o077) != 0 { fchmod(fd, 0o600) }
    var text = "# time: \(HistoryStore.timestamp())\n# mode: julia\n"
    for line in entry.split(separator: "\n", omittingEmptySubsequences: false) {
      text += "\t" + line + "\n"
    }
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBytes { p in
      var off = 0
      while off < p.count {
        let n = write(fd, p.baseAddress! + off, p.count - off)
        if n <= 0 { return false }
        off += n
      }
      return true
    }
  }

  static func timestamp() -> String {
    var t = time(nil)
    var tmv = tm()
    localtime_r(&t, &tmv)
    var buf = [CChar](repeating: 0, count: 64)
    let n = strftime(&buf, buf.count, "%Y-%m-%d %H:%M:%S", &tmv)
    return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
