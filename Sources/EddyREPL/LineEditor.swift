// The terminal line editor: libedit's native API with Emacs keys, history, Ctrl-R search,
// Tab completion and the `?` help-mode switch. C callbacks cannot capture, so the state they
// need lives in `EditorState`.
@preconcurrency import CEditLine
import EddyRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// The prompt modes of the REPL.
public enum PromptMode { case julia, help, continuation }

/// Shared state of the callbacks (one editor per process).
enum EditorState {
  nonisolated(unsafe) static var mode: PromptMode = .julia
  nonisolated(unsafe) static var prompts: [PromptMode: UnsafeMutablePointer<CChar>] = [:]
  nonisolated(unsafe) static var completer: ((String, Int) -> Completion)?
  nonisolated(unsafe) static var gotSigint: sig_atomic_t = 0
  /// The self-pipe the signal handlers write to: `i` for SIGINT, `w` for SIGWINCH.
  nonisolated(unsafe) static var signalPipe: (read: Int32, write: Int32) = (-1, -1)
}

/// Creates the (non-blocking, close-on-exec) signal pipe once.
private func openSignalPipe() {
  guard EditorState.signalPipe.read < 0 else { return }
  var fds: [Int32] = [-1, -1]
  guard pipe(&fds) == 0 else { return }
  for fd in fds {
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
  }
  EditorState.signalPipe = (fds[0], fds[1])
}

/// Empties the signal pipe; returns the bytes seen (`i` = interrupt, `w` = resize).
@discardableResult
func drainSignalPipe() -> (interrupt: Bool, resize: Bool) {
  var seen: (Bool, Bool) = (false, false)
  guard EditorState.signalPipe.read >= 0 else { return seen }
  var buf = [UInt8](repeating: 0, count: 64)
  while true {
    let n = read(EditorState.signalPipe.read, &buf, buf.count)
    if n <= 0 { break }
    for b in buf[0..<n] {
      if b == UInt8(ascii: "i") { seen.0 = true } else if b == UInt8(ascii: "w") { seen.1 = true }
    }
  }
  return seen
}

/// The SIGINT handler: at the prompt it ends `el_gets`; during evaluation it asks the
/// evaluator to stop (it polls `interruptRequested` in loops and calls).
///
/// The process has other threads (OpenBLAS workers) that do not block SIGINT, so the kernel
/// may run the handler on any of them: a signal there does not interrupt the `read()` of the
/// thread at the prompt. The handler therefore also writes to a pipe that the editor's
/// character reader (`readCharCallback`) polls alongside the terminal.
func installSigintHandler() {
  openSignalPipe()
  var sa = sigaction()
  sa.__sigaction_handler.sa_handler = { _ in
    let saved = errno
    EditorState.gotSigint = 1
    interruptRequested = 1
    var b = UInt8(ascii: "i")
    _ = write(EditorState.signalPipe.write, &b, 1)  // async-signal-safe; non-blocking
    errno = saved
  }
  sigemptyset(&sa.sa_mask)
  sa.sa_flags = 0
  sigaction(SIGINT, &sa, nil)
}

/// SIGWINCH: tell the reader to let libedit re-measure the terminal.
private func installResizeHandler() {
  openSignalPipe()
  var sa = sigaction()
  sa.__sigaction_handler.sa_handler = { _ in
    let saved = errno
    var b = UInt8(ascii: "w")
    _ = write(EditorState.signalPipe.write, &b, 1)
    errno = saved
  }
  sigemptyset(&sa.sa_mask)
  sa.sa_flags = SA_RESTART
  sigaction(SIGWINCH, &sa, nil)
}

/// libedit's character reader, replaced so that a SIGINT handled on another thread still ends
/// the line: waits on the terminal and the signal pipe; decodes UTF-8 like libedit does.
/// Returns 1 with a character, 0 at end of input, -1 (errno EINTR) when interrupted.
private let readCharCallback: @convention(c) (OpaquePointer?, UnsafeMutablePointer<wchar_t>?) -> Int32 = { el, cp in
  guard let cp else { return -1 }
  cp.pointee = 0
  var bytes: [UInt8] = []
  while true {
    var fds = [
      pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
      pollfd(fd: EditorState.signalPipe.read, events: Int16(POLLIN), revents: 0),
    ]
    let r = poll(&fds, EditorState.signalPipe.read >= 0 ? 2 : 1, -1)
    if r < 0 {
      if errno == EINTR { continue }
      return -1
    }
    if fds[1].revents & Int16(POLLIN) != 0 {
      let seen = drainSignalPipe()
      if seen.resize, let el { el_resize(el) }
      if seen.interrupt || EditorState.gotSigint != 0 {
        errno = EINTR
        return -1
      }
    }
    guard fds[0].revents != 0 else { continue }
    var b: UInt8 = 0
    let n = read(STDIN_FILENO, &b, 1)
    if n < 0 {
      if errno == EINTR || errno == EAGAIN { continue }
      return -1
    }
    if n == 0 { return 0 }
    bytes.append(b)
    var state = mbstate_t()
    var wc: wchar_t = 0
    let k = bytes.withUnsafeBufferPointer { p in
      p.withMemoryRebound(to: CChar.self) { mbrtowc(&wc, $0.baseAddress, $0.count, &state) }
    }
    // mbrtowc's size_t result is imported as Int: (size_t)-1 and (size_t)-2 read as -1 and -2.
    if k == -1 {
      // An invalid sequence: keep only the last byte if it may start a new character.
      bytes = bytes.count > 1 && (bytes[bytes.count - 1] & 0xC0) != 0x80 ? [bytes[bytes.count - 1]] : []
      if bytes.count == 1 && bytes[0] < 0x80 {
        cp.pointee = wchar_t(bytes[0])
        return 1
      }
    } else if k == -2 {
      if bytes.count >= 6 { bytes = [] }  // incomplete for too long: never a character
    } else {
      cp.pointee = wc
      return 1
    }
  }
}

/// The width and height of the terminal on standard output.
public func terminalSize() -> (rows: Int, cols: Int) {
  var ws = winsize()
  if ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 {
    return (Int(ws.ws_row), Int(ws.ws_col))
  }
  return (24, 80)
}

private let promptCallback: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>? = { _ in
  EditorState.prompts[EditorState.mode]
}

/// The text of the line and the cursor as a Unicode-scalar offset.
private func currentLine(_ el: OpaquePointer) -> (String, Int)? {
  guard let li = el_line(el)?.pointee, let buf = li.buffer else { return nil }
  let before = String(
    decoding: UnsafeRawBufferPointer(start: buf, count: li.cursor - buf).bindMemory(to: UInt8.self), as: UTF8.self)
  let all = String(
    decoding: UnsafeRawBufferPointer(start: buf, count: li.lastchar - buf).bindMemory(to: UInt8.self), as: UTF8.self)
  return (all, before.unicodeScalars.count)
}

private func insert(_ el: OpaquePointer, _ s: String) {
  _ = s.withCString { el_insertstr(el, $0) }
}

private let completeCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { el, _ in
  guard let el, let (line, cursor) = currentLine(el), let completer = EditorState.completer else {
    return UInt8(CC_ERROR)
  }
  let c = completer(line, cursor)
  guard !c.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
  let scalars = Array(line.unicodeScalars)
  let typed = String(String.UnicodeScalarView(scalars[c.range.lowerBound..<cursor]))
  let replacement = c.candidates.count == 1 ? c.candidates[0] : commonPrefix(c.candidates)
  if replacement.unicodeScalars.count > typed.unicodeScalars.count || (c.candidates.count == 1 && replacement != typed) {
    el_deletestr(el, Int32(typed.unicodeScalars.count))
    insert(el, replacement)
    return UInt8(CC_REFRESH)
  }
  if c.candidates.count == 1 { return UInt8(CC_REFRESH) }
  // Nothing more in common: list the candidates under the line, then redraw it.
  let list = columnize(Array(c.candidates.prefix(200)), width: terminalSize().cols)
  writeOut("\n" + list + (c.candidates.count > 200 ? "… \(c.candidates.count - 200) more\n" : ""))
  return UInt8(CC_REDISPLAY)
}

/// `?` at the start of an empty line switches to help mode; elsewhere it is a character.
private let questionCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { el, _ in
  guard let el, let (line, _) = currentLine(el) else { return UInt8(CC_ERROR) }
  if line.isEmpty && EditorState.mode == .julia {
    EditorState.mode = .help
    return UInt8(CC_REDISPLAY)
  }
  insert(el, "?")
  return UInt8(CC_REFRESH)
}

/// Backspace on an empty `help?>` line goes back to `eddy>`; otherwise deletes a character.
private let backspaceCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { el, _ in
  guard let el, let li = el_line(el)?.pointee else { return UInt8(CC_ERROR) }
  if li.lastchar == li.buffer && EditorState.mode == .help {
    EditorState.mode = .julia
    return UInt8(CC_REDISPLAY)
  }
  if li.cursor == li.buffer { return UInt8(CC_ERROR) }
  el_deletestr(el, 1)
  return UInt8(CC_REFRESH)
}

/// Ctrl-D: on an empty line, end of input (without libedit's `^D` echo); otherwise delete
/// the character under the cursor, as Emacs and Julia do.
private let ctrlDCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { el, _ in
  guard let el, let li = el_line(el)?.pointee else { return UInt8(CC_ERROR) }
  if li.lastchar == li.buffer { return UInt8(CC_EOF) }
  if li.cursor == li.lastchar { return UInt8(CC_ERROR) }
  el_push(el, "\u{1B}[3~")  // bound to ed-delete-next-char below
  return UInt8(CC_NORM)
}

func writeOut(_ s: String) {
  let bytes = Array(s.utf8)
  bytes.withUnsafeBytes { p in
    var off = 0
    while off < p.count {
      let n = write(1, p.baseAddress! + off, p.count - off)
      if n <= 0 { break }
      off += n
    }
  }
}

/// What one call to `LineEditor.read` produced.
public enum ReadResult {
  case line(String)
  case interrupted
  case endOfInput
}

/// A libedit editor with its in-memory history.
public final class LineEditor {
  let el: OpaquePointer
  let hist: OpaquePointer

  public init(color: Bool, completer: @escaping (String, Int) -> Completion) {
    setlocale(LC_ALL, "")
    if String(cString: setlocale(LC_CTYPE, nil)) == "C" { setlocale(LC_CTYPE, "C.UTF-8") }
    let esc = "\u{1}"
    func p(_ text: String, _ code: String) -> UnsafeMutablePointer<CChar> {
      strdup(color ? esc + "\u{1B}[\(code)m\u{1B}[1m" + esc + text + esc + "\u{1B}[0m" + esc : text)!
    }
    EditorState.prompts = [
      .julia: p("eddy> ", "32"), .help: p("help?> ", "33"), .continuation: strdup("      ")!,
    ]
    EditorState.completer = completer
    el = el_init("eddy", stdin, stdout, stderr)!
    hist = history_init()!
    _ = ce_hist_setsize(hist, 10000)
    _ = ce_hist_setunique(hist, 1)
    _ = ce_el_set_prompt_esc(el, promptCallback, 1)
    _ = ce_el_set_editor(el, "emacs")
    _ = ce_el_set_hist(el, hist)
    _ = ce_el_set_signal(el, 1)
    _ = ce_el_addfn(el, "eddy-complete", "Complete the name before the cursor", completeCallback)
    _ = ce_el_bind(el, "^I", "eddy-complete")
    _ = ce_el_addfn(el, "eddy-help", "Help mode on an empty line", questionCallback)
    _ = ce_el_bind(el, "?", "eddy-help")
    _ = ce_el_addfn(el, "eddy-backspace", "Delete back, or leave help mode", backspaceCallback)
    _ = ce_el_bind(el, "^?", "eddy-backspace")
    _ = ce_el_bind(el, "^H", "eddy-backspace")
    _ = ce_el_addfn(el, "eddy-eof", "End of input on an empty line, else delete", ctrlDCallback)
    _ = ce_el_bind(el, "^D", "eddy-eof")
    _ = ce_el_set_getcfn(el, readCharCallback)
    // Readline-style keys that libedit's Emacs map lacks.
    let binds: [(String, String)] = [
      ("^R", "em-inc-search-prev"), ("^S", "em-inc-search-next"),
      ("\\e[A", "ed-search-prev-history"), ("\\eOA", "ed-search-prev-history"),
      ("\\e[B", "ed-search-next-history"), ("\\eOB", "ed-search-next-history"),
      ("\\e[1~", "ed-move-to-beg"), ("\\e[4~", "ed-move-to-end"), ("\\e[7~", "ed-move-to-beg"),
      ("\\e[8~", "ed-move-to-end"), ("\\e[H", "ed-move-to-beg"), ("\\e[F", "ed-move-to-end"),
      ("\\eOH", "ed-move-to-beg"), ("\\eOF", "ed-move-to-end"), ("\\e[3~", "ed-delete-next-char"),
      ("\\e[1;5C", "em-next-word"), ("\\e[1;5D", "ed-prev-word"), ("\\e[5C", "em-next-word"),
      ("\\e[5D", "ed-prev-word"), ("\\e\\e[C", "em-next-word"), ("\\e\\e[D", "ed-prev-word"),
    ]
    for (k, f) in binds { _ = ce_el_bind(el, k, f) }
    _ = ce_el_source_default(el)
  }

  deinit {
    history_end(hist)
    el_end(el)
  }

  /// Adds an entry to the in-memory history (Up/Down, Ctrl-R).
  public func addHistory(_ entry: String) {
    _ = entry.withCString { ce_hist_enter(hist, $0) }
  }

  /// Reads one line (without its newline) with the prompt of `mode`.
  public func read(mode: PromptMode) -> ReadResult {
    EditorState.mode = mode
    installSigintHandler()
    installResizeHandler()
    drainSignalPipe()  // interrupts that arrived during evaluation are already handled
    EditorState.gotSigint = 0
    var count: Int32 = 0
    errno = 0
    let p = el_gets(el, &count)
    let err = errno
    if EditorState.gotSigint != 0 || (p == nil && count < 0 && err == EINTR) {
      EditorState.gotSigint = 0
      interruptRequested = 0
      drainSignalPipe()
      return .interrupted
    }
    guard let p, count > 0 else { return .endOfInput }
    var s = String(cString: p)
    if s.hasSuffix("\n") { s.removeLast() }
    return .line(s)
  }

  /// The mode the user left the prompt in (`?` switches to help).
  public var mode: PromptMode { EditorState.mode }
}
