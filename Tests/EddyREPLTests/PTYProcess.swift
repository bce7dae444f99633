// Drives a program through a pseudo-terminal, as a person at a keyboard would: openpty +
// posix_spawn with POSIX_SPAWN_SETSID, so the slave becomes the child's controlling terminal
// and a `\u{03}` written to the master is a real SIGINT (reference/swift-toolchain.md §5).
// forkpty is avoided: the test process is multi-threaded.
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

struct PTYError: Error, CustomStringConvertible {
  var description: String
  init(_ what: String, _ code: Int32 = errno) {
    description = "\(what): \(String(cString: strerror(code)))"
  }
}

/// Keys as a terminal sends them.
enum Key {
  static let enter = "\r"
  static let tab = "\t"
  static let up = "\u{1B}[A"
  static let down = "\u{1B}[B"
  static let left = "\u{1B}[D"
  static let right = "\u{1B}[C"
  static let backspace = "\u{7F}"
  static let ctrlA = "\u{01}"
  static let ctrlC = "\u{03}"
  static let ctrlD = "\u{04}"
  static let ctrlE = "\u{05}"
  static let ctrlK = "\u{0B}"
  static let ctrlR = "\u{12}"
  static let ctrlU = "\u{15}"
}

final class PTYProcess {
  let master: Int32
  let pid: pid_t
  /// Every byte the child has written so far.
  private(set) var output = [UInt8]()
  /// pexpect-style: each `expect` searches only the text after the previous match (an offset
  /// in `plainText`'s UTF-8).
  private var consumed = 0
  private var rawConsumed = 0
  private var exitStatus: Int32?
  let rows: Int
  let cols: Int

  init(
    _ path: String, _ args: [String] = [], env extra: [String: String] = [:], rows: UInt16 = 50,
    cols: UInt16 = 120
  ) throws {
    var m: Int32 = -1
    var s: Int32 = -1
    var ws = winsize(ws_row: rows, ws_col: cols, ws_xpixel: 0, ws_ypixel: 0)
    guard openpty(&m, &s, nil, nil, &ws) == 0 else { throw PTYError("openpty") }
    _ = fcntl(m, F_SETFD, FD_CLOEXEC)
    guard let name = ttyname(s) else {
      close(m)
      close(s)
      throw PTYError("ttyname")
    }
    let slaveName = String(cString: name)
    var fa = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&fa)
    defer { posix_spawn_file_actions_destroy(&fa) }
    posix_spawn_file_actions_addopen(&fa, 0, slaveName, O_RDWR, 0)  // after setsid: the controlling tty
    posix_spawn_file_actions_adddup2(&fa, 0, 1)
    posix_spawn_file_actions_adddup2(&fa, 0, 2)
    posix_spawn_file_actions_addclose(&fa, s)
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGINT)
    sigaddset(&defaults, SIGPIPE)
    posix_spawnattr_setsigmask(&attr, &noSignals)
    posix_spawnattr_setsigdefault(&attr, &defaults)
    let POSIX_SPAWN_SETSID: Int32 = 0x80  // glibc >= 2.26; not exported by Swift's Glibc module
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var env = ProcessInfo.processInfo.environment
    env["TERM"] = "xterm"
    env["LANG"] = "C.UTF-8"
    env["NO_COLOR"] = nil
    env["COLUMNS"] = nil
    env["LINES"] = nil
    for (k, v) in extra { env[k] = v }
    let argv = ([path] + args).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var p: pid_t = 0
    let rc = posix_spawn(&p, path, &fa, &attr, argv, envp)
    close(s)
    guard rc == 0 else {
      close(m)
      throw PTYError("posix_spawn \(path)", rc)
    }
    master = m
    pid = p
    self.rows = Int(rows)
    self.cols = Int(cols)
  }

  /// Types `s` (all at once, as a fast typist or a paste would).
  func send(_ s: String) {
    let bytes = Array(s.utf8)
    var off = 0
    while off < bytes.count {
      let n = bytes[off...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
      if n <= 0 { break }
      off += n
    }
  }

  /// Types `s` one key at a time with a short pause, so each key is processed separately.
  func type(_ s: String, pause: Double = 0.02) {
    for c in s {
      send(String(c))
      drain(for: pause)
    }
  }

  /// Reads what is available for up to `seconds` (returns early at end of output).
  func drain(for seconds: Double) {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
      let left = deadline.timeIntervalSinceNow
      if left <= 0 { return }
      if !readSome(timeout: left) { return }
    }
  }

  /// Waits up to `timeout` for output; false at end of output (EIO once the child has exited).
  private func readSome(timeout: Double) -> Bool {
    var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    let r = poll(&pfd, 1, Int32(max(0, timeout) * 1000))
    if r < 0 { return errno == EINTR }
    if r == 0 { return true }
    var buf = [UInt8](repeating: 0, count: 4096)
    let n = read(master, &buf, buf.count)
    if n <= 0 {
      // Nothing more will come: avoid a busy loop until the deadline.
      if n < 0 && errno == EINTR { return true }
      usleep(10_000)
      return false
    }
    output += buf[0..<n]
    return true
  }

  /// Waits until `needle` appears in the output after the previous match; true if it did.
  @discardableResult
  func expect(_ needle: String, timeout: Double = 10) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    func found() -> Bool {
      let s = plainText
      let from = s.utf8.index(s.startIndex, offsetBy: min(consumed, s.utf8.count))
      guard let r = s[from...].range(of: needle) else { return false }
      consumed = s.utf8.distance(from: s.startIndex, to: r.upperBound)
      return true
    }
    while true {
      if found() { return true }
      let left = deadline.timeIntervalSinceNow
      if left <= 0 { return false }
      if !readSome(timeout: min(left, 0.2)) {
        if found() { return true }
        if !isRunning { return false }
      }
    }
  }

  /// Skips everything received so far: the next `expect` looks only at newer output.
  func skipPending() {
    drain(for: 0.05)
    consumed = plainText.utf8.count
    rawConsumed = output.count
  }

  /// Like `expect`, on the raw bytes (escape sequences included), after the previous raw match.
  @discardableResult
  func expectRaw(_ needle: String, timeout: Double = 10) -> Bool {
    let n = Array(needle.utf8)
    let deadline = Date().addingTimeInterval(timeout)
    func found() -> Bool {
      guard !n.isEmpty, output.count - rawConsumed >= n.count else { return n.isEmpty }
      var i = rawConsumed
      while i + n.count <= output.count {
        if output[i] == n[0] && Array(output[i..<(i + n.count)]) == n {
          rawConsumed = i + n.count
          return true
        }
        i += 1
      }
      return false
    }
    while true {
      if found() { return true }
      let left = deadline.timeIntervalSinceNow
      if left <= 0 { return false }
      if !readSome(timeout: min(left, 0.2)) {
        if found() { return true }
        if !isRunning { return false }
      }
    }
  }

  /// Whether the terminal is in non-canonical ("raw") mode, as a line editor sets it while it
  /// waits for keys. (The master shares the slave's termios.)
  var inRawMode: Bool {
    var t = termios()
    return tcgetattr(master, &t) == 0 && (t.c_lflag & tcflag_t(ICANON)) == 0
  }

  /// Waits until the line editor reads keys (raw mode), so that typed keys are not echoed by
  /// the terminal driver as well.
  @discardableResult
  func waitForRawMode(timeout: Double = 10) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while !inRawMode {
      if Date() >= deadline || !isRunning { return false }
      drain(for: 0.005)
    }
    return true
  }

  /// Polls the screen until the cursor's line is `expected`; returns the line last seen.
  @discardableResult
  func waitForCursorLine(_ expected: String, timeout: Double = 5) -> String {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      let line = cursorLine
      if line == expected || Date() >= deadline || !isRunning { return line }
      drain(for: 0.02)
    }
  }

  /// The output with escape sequences and carriage returns removed (for `expect`).
  var plainText: String {
    String(decoding: output.filter { $0 != 13 && $0 != 7 }, as: UTF8.self)
      .replacing(/\u{1B}\[[0-9;?]*[ -\/]*[@-~]/, with: "")
      .replacing(/\u{1B}[()][0-9A-Za-z]|\u{1B}[=>78]/, with: "")
  }

  /// What a terminal would show: the output replayed on an emulated screen (with unlimited
  /// scrollback), trailing blanks removed from every line.
  var screen: [String] { render().lines }

  /// The screen lines and the row the cursor is on.
  func render() -> (lines: [String], cursorRow: Int) {
    var t = Screen(cols: cols)
    t.feed(String(decoding: output, as: UTF8.self))
    return (t.lines, min(t.row, t.lines.count - 1))
  }

  /// The screen line the cursor is on (the line being edited).
  var cursorLine: String {
    let (lines, row) = render()
    return lines[row]
  }

  /// The screen from the last line containing `marker` (searching backwards) to the end.
  func screenTail(from marker: String) -> String {
    let lines = screen
    guard let i = lines.lastIndex(where: { $0.contains(marker) }) else { return lines.joined(separator: "\n") }
    return lines[i...].joined(separator: "\n")
  }

  var isRunning: Bool {
    if exitStatus != nil { return false }
    var status: Int32 = 0
    if waitpid(pid, &status, WNOHANG) == pid {
      exitStatus = status
      return false
    }
    return true
  }

  /// Waits for the child to exit and returns its exit code; kills it after `timeout` (nil).
  func waitExit(timeout: Double = 10) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      drain(for: 0.05)  // keep reading so the child never blocks on output
      if !isRunning, let s = exitStatus {
        return (s & 0x7f) == 0 ? (s >> 8) & 0xff : nil
      }
    }
    terminate()
    return nil
  }

  /// Kills the child if it is still running and reaps it.
  func terminate() {
    guard isRunning else { return }
    kill(pid, SIGKILL)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    exitStatus = status
  }

  deinit {
    terminate()
    close(master)
  }
}

/// A small VT100 screen: enough of the control sequences libedit emits (cursor motion within
/// a line, erase-line, cursor up/down) to reconstruct what the user sees.
struct Screen {
  let cols: Int
  private(set) var grid: [[Character]] = [[]]
  var row = 0
  var col = 0

  init(cols: Int) { self.cols = cols }

  var lines: [String] {
    grid.map { String(String($0).reversed().drop { $0 == " " }.reversed()) }
  }

  private mutating func ensureRow() {
    while grid.count <= row { grid.append([]) }
  }

  private mutating func put(_ c: Character) {
    if col >= cols {
      row += 1
      col = 0
    }
    ensureRow()
    while grid[row].count < col { grid[row].append(" ") }
    if col < grid[row].count {
      grid[row][col] = c
    } else {
      grid[row].append(c)
    }
    col += 1
  }

  mutating func feed(_ text: String) {
    let s = Array(text.unicodeScalars)
    var i = 0
    while i < s.count {
      let c = s[i]
      i += 1
      switch c {
      case "\r": col = 0
      case "\n":
        row += 1
        ensureRow()
      case "\u{08}": col = max(0, col - 1)
      case "\t": col = min(cols - 1, (col / 8 + 1) * 8)
      case "\u{07}", "\u{00}", "\u{01}": break
      case "\u{1B}":
        guard i < s.count else { return }
        let k = s[i]
        i += 1
        if k == "[" {
          var params = ""
          while i < s.count, (0x30...0x3F).contains(s[i].value) {
            params.unicodeScalars.append(s[i])
            i += 1
          }
          while i < s.count, (0x20...0x2F).contains(s[i].value) { i += 1 }
          guard i < s.count else { return }
          let final = s[i]
          i += 1
          csi(final, params)
        } else if k == "(" || k == ")" {
          i += 1
        }
      default:
        if c.value >= 0x20 { put(Character(c)) }
      }
    }
  }

  private mutating func csi(_ final: Unicode.Scalar, _ params: String) {
    if params.hasPrefix("?") { return }
    let ns = params.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
    let n = max(1, ns.first ?? 1)
    ensureRow()
    switch final {
    case "A": row = max(0, row - n)
    case "B":
      row += n
      ensureRow()
    case "C": col = min(cols - 1, col + n)
    case "D": col = max(0, col - n)
    case "G": col = min(cols - 1, n - 1)
    case "K":
      switch ns.first ?? 0 {
      case 1: for j in 0..<min(col + 1, grid[row].count) { grid[row][j] = " " }
      case 2: grid[row] = []
      default: if col < grid[row].count { grid[row].removeSubrange(col...) }
      }
    case "P":  // delete characters
      if col < grid[row].count { grid[row].removeSubrange(col..<min(grid[row].count, col + n)) }
    case "@":  // insert blanks
      if col <= grid[row].count { grid[row].insert(contentsOf: repeatElement(" ", count: n), at: col) }
    case "J":
      if (ns.first ?? 0) == 2 {
        grid = [[]]
        row = 0
        col = 0
      } else if col < grid[row].count {
        grid[row].removeSubrange(col...)
        grid.removeSubrange((row + 1)...)
      }
    case "H", "f":
      // Absolute positions are relative to the visible screen; libedit rarely uses them.
      col = max(0, (ns.count > 1 ? ns[1] : 1) - 1)
    default: break
    }
  }
}

/// The built products directory (.build/<triple>/debug): the test bundle's runner lives there,
/// and so does the `eddy` executable the test target depends on.
func productsDirectory() throws -> URL {
  let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
  return URL(fileURLWithPath: exe).deletingLastPathComponent()
}

/// The path of the built `eddy` binary.
func eddyExecutable() throws -> String {
  let path = try productsDirectory().appendingPathComponent("eddy").path
  guard FileManager.default.isExecutableFile(atPath: path) else {
    throw PTYError("no eddy executable at \(path)", ENOENT)
  }
  return path
}

/// A fresh temporary directory, removed by the caller.
func makeTempDirectory() throws -> URL {
  var template = Array((NSTemporaryDirectory() + "eddy-repl-test-XXXXXX").utf8CString)
  guard let p = mkdtemp(&template) else { throw PTYError("mkdtemp") }
  return URL(fileURLWithPath: String(cString: p))
}
