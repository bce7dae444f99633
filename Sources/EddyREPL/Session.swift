// Entry points for the three ways of running Eddy: script, piped stdin and the interactive prompt.
import EddyRuntime
import EddySyntax

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a closure on a thread with a large stack, so deep user recursion reaches the
/// interpreter's depth limit (a StackOverflowError) long before the real stack ends.
public func runOnLargeStack(_ body: @escaping () -> Int32) -> Int32 {
  final class Box: @unchecked Sendable {
    var body: () -> Int32
    var result: Int32 = 0
    init(_ b: @escaping () -> Int32) { body = b }
  }
  let box = Box(body)
  // SIGINT is delivered to the evaluator thread only: there it interrupts libedit's read()
  // and is seen by the evaluator. The waiting main thread keeps it blocked.
  var intSet = sigset_t()
  sigemptyset(&intSet)
  sigaddset(&intSet, SIGINT)
  var oldMask = sigset_t()
  pthread_sigmask(SIG_BLOCK, &intSet, &oldMask)
  defer { pthread_sigmask(SIG_SETMASK, &oldMask, nil) }
  var attr = pthread_attr_t()
  pthread_attr_init(&attr)
  pthread_attr_setstacksize(&attr, 1 << 30)
  var tid = pthread_t()
  let ptr = Unmanaged.passRetained(box).toOpaque()
  let rc = pthread_create(&tid, &attr, { p in
    guard let p else { return nil }
    let b = Unmanaged<Box>.fromOpaque(p).takeRetainedValue()
    var intSet = sigset_t()
    sigemptyset(&intSet)
    sigaddset(&intSet, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &intSet, nil)
    b.result = b.body()
    return nil
  }, ptr)
  pthread_attr_destroy(&attr)
  if rc != 0 {
    Unmanaged<Box>.fromOpaque(ptr).release()
    pthread_sigmask(SIG_SETMASK, &oldMask, nil)
    return body()
  }
  pthread_join(tid, nil)
  return box.result
}

/// Reads one line from standard input without Foundation (nil at end of input).
public func readStdinLine() -> String? {
  readLine(strippingNewline: true)
}

/// Line input for the plain prompt loop: reads standard input in blocks and also watches the
/// signal pipe, so Ctrl-C at a dumb terminal's prompt is seen whichever thread took the signal.
enum PlainInput {
  nonisolated(unsafe) static var pending: [UInt8] = []
  nonisolated(unsafe) static var atEnd = false

  enum Result: Equatable {
    case line(String)
    case interrupted
    case end
  }

  static func readLine() -> Result {
    while true {
      if let nl = pending.firstIndex(of: 10) {
        var bytes = Array(pending[..<nl])
        pending.removeSubrange(...nl)
        if bytes.last == 13 { bytes.removeLast() }
        return .line(String(decoding: bytes, as: UTF8.self))
      }
      if atEnd {
        if pending.isEmpty { return .end }
        defer { pending = [] }
        return .line(String(decoding: pending, as: UTF8.self))
      }
      var fds = [
        pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
        pollfd(fd: EditorState.signalPipe.read, events: Int16(POLLIN), revents: 0),
      ]
      if poll(&fds, EditorState.signalPipe.read >= 0 ? 2 : 1, -1) < 0 {
        if errno == EINTR {
          if EditorState.gotSigint != 0 { return .interrupted }
          continue
        }
        atEnd = true
        continue
      }
      if fds[1].revents & Int16(POLLIN) != 0, drainSignalPipe().interrupt { return .interrupted }
      guard fds[0].revents != 0 else { continue }
      var buf = [UInt8](repeating: 0, count: 4096)
      let n = read(STDIN_FILENO, &buf, buf.count)
      if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
      if n <= 0 {
        atEnd = true
        continue
      }
      pending += buf[0..<n]
    }
  }
}

/// The banner printed when the REPL starts (unless `-q`).
public let replBanner = "Eddy 0.1.0: Julia-style code and Flux-style recurrent networks.\n"
  + "Type ?name for help, Tab to complete, Ctrl-D to exit.\n\n"

/// The plain prompt loop, used on a dumb terminal and for `-i` when standard input is not a
/// terminal: no line editing, but REPL display (`eddy> ` prompts, `;` hides the value, `ans`,
/// a blank line after each entry, errors on standard output). Continuation lines get no prompt,
/// like Julia's basic REPL.
public func runPlainREPL(_ interp: Interpreter, quiet: Bool, color: Bool = false) -> Int32 {
  if !quiet { writeOut(replBanner) }
  let help = HelpSystem(interp)
  var counter = 0
  var buffer: [String] = []
  while true {
    if buffer.isEmpty { writeOut(color ? "\u{1B}[32m\u{1B}[1meddy> \u{1B}[0m" : "eddy> ") }
    installSigintHandler()
    drainSignalPipe()
    EditorState.gotSigint = 0
    let read = PlainInput.readLine()
    if read == .interrupted {  // Ctrl-C at the prompt of a dumb terminal
      EditorState.gotSigint = 0
      interruptRequested = 0
      drainSignalPipe()
      buffer = []
      writeOut("\n\n")
      continue
    }
    guard case .line(let line) = read else {
      if !buffer.isEmpty {
        // The input ended inside an open construct: report it as the parser does.
        if case .incomplete(let d) = Parser.parse(buffer.joined(separator: "\n"), file: "REPL[\(counter + 1)]") {
          writeOut(errorText("ERROR: " + DiagnosticRenderer.render(d) + "\n", color: color) + "\n")
        }
      }
      writeOut("\n")
      return 0
    }
    if buffer.isEmpty, line.hasPrefix("?") {
      writeOut(help.help(String(line.dropFirst())) + "\n")
      continue
    }
    buffer.append(line)
    let text = buffer.joined(separator: "\n")
    let file = "REPL[\(counter + 1)]"
    switch classifyInput(text, file: file) {
    case .empty:
      buffer = []
    case .incomplete:
      continue
    case .error(let d):
      buffer = []
      counter += 1
      writeOut(errorText("ERROR: " + DiagnosticRenderer.render(d) + "\n", color: color) + "\n")
    case .complete(let program):
      buffer = []
      counter += 1
      evaluate(interp, program, file: file, color: color)
    }
  }
}

/// How the interactive REPL starts.
public struct REPLOptions {
  public var quiet = false
  public var color = true
  /// The history file, or nil for no history file.
  public var historyPath: String?
  public init(quiet: Bool = false, color: Bool = true, historyPath: String? = nil) {
    self.quiet = quiet
    self.color = color
    self.historyPath = historyPath
  }

  /// Colour setting from `--color=yes|no|auto`, `NO_COLOR` and the terminal.
  public static func colorEnabled(_ flag: String) -> Bool {
    switch flag.lowercased() {
    case "yes", "always", "true", "on": return true
    case "no", "never", "false", "off": return false
    default:
      if let nc = getenv("NO_COLOR"), nc.pointee != 0 { return false }
      if let t = getenv("TERM"), String(cString: t) == "dumb" { return false }
      return isatty(1) != 0
    }
  }
}

/// The interactive REPL on a terminal: libedit line editing, history, completion, help mode,
/// Ctrl-C interrupting computations. Returns the exit status.
public func runTerminalREPL(_ interp: Interpreter, options: REPLOptions) -> Int32 {
  let env = LiveCompletionEnvironment(interp)
  let editor = LineEditor(color: options.color) { line, cursor in
    complete(line: line, cursor: cursor, env: env)
  }
  let store = options.historyPath.map { HistoryStore(path: $0) }
  let stored = store?.load().suffix(10000) ?? []
  for entry in stored { editor.addHistory(entry) }
  var lastEntry = stored.last
  /// Records a submitted entry in memory and in the file, skipping a repeat of the last one.
  func record(_ entry: String) {
    guard entry != lastEntry else { return }
    lastEntry = entry
    store?.append(entry)
    editor.addHistory(entry)
  }
  let help = HelpSystem(interp)
  if !options.quiet {
    let banner = replBanner
    writeOut(options.color ? "\u{1B}[1m" + banner.prefix { $0 != "\n" } + "\u{1B}[0m" + banner.drop { $0 != "\n" } : banner)
  }
  var counter = 0
  var buffer: [String] = []
  while true {
    let mode: PromptMode = buffer.isEmpty ? .julia : .continuation
    switch editor.read(mode: mode) {
    case .endOfInput:
      if !buffer.isEmpty {
        buffer = []
        writeOut("\n")
        continue
      }
      writeOut("\n")
      return 0
    case .interrupted:
      buffer = []
      writeOut("^C\n\n")
      continue
    case .line(let line):
      if editor.mode == .help && buffer.isEmpty {
        let q = line.trimmed
        if !q.isEmpty { record("?" + q) }
        writeOut(help.help(q) + "\n")
        continue
      }
      // A line typed (or recalled) as `?name` also asks for help.
      if buffer.isEmpty, line.hasPrefix("?") {
        let q = String(line.dropFirst())
        record(line)
        writeOut(help.help(q) + "\n")
        continue
      }
      buffer.append(line)
      let text = buffer.joined(separator: "\n")
      let file = "REPL[\(counter + 1)]"
      switch classifyInput(text, file: file) {
      case .empty:
        buffer = []
        continue
      case .incomplete:
        continue
      case .error(let d):
        buffer = []
        counter += 1
        record(text)
        writeOut(errorText("ERROR: " + DiagnosticRenderer.render(d) + "\n", color: options.color) + "\n")
      case .complete(let program):
        buffer = []
        counter += 1
        record(text)
        evaluate(interp, program, file: file, color: options.color)
      }
    }
  }
}

/// Runs one entry: SIGINT interrupts it; the value is shown unless hidden by `;`; `ans` is set.
func evaluate(_ interp: Interpreter, _ program: Program, file: String, color: Bool) {
  installSigintHandler()
  interruptRequested = 0
  do {
    let v = try interp.run(program, file: file)
    interp.main.define("ans", v, export: false)
    if !program.endsWithSemicolon && !v.isNothing {
      let size = terminalSize()
      interp.out.write(interp.displayString(v, limit: size) + "\n")
    }
    interp.out.flush()
  } catch {
    interp.out.flush()
    writeOut(errorText(interp.report(error), color: color))
  }
  interruptRequested = 0
  interp.out.write("\n")
  interp.out.flush()
}

/// Colours the leading `ERROR:` bold red when colour is on.
func errorText(_ s: String, color: Bool) -> String {
  guard color, s.hasPrefix("ERROR:") else { return s }
  return "\u{1B}[91m\u{1B}[1mERROR:\u{1B}[0m" + s.dropFirst(6)
}
