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
}

/// The SIGINT handler: at the prompt it ends `el_gets`; during evaluation it asks the
/// evaluator to stop (it polls `interruptRequested` in loops and calls).
func installSigintHandler() {
  var sa = sigaction()
  sa.__sigaction_handler.sa_handler = { _ in
    EditorState.gotSigint = 1
    interruptRequested = 1
  }
  sigemptyset(&sa.sa_mask)
  sa.sa_flags = 0
  sigaction(SIGINT, &sa, nil)
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
    // Readline-style keys that libedit's Emacs map lacks.
    let binds: [(String, String)] = [
      ("^R", "em-inc-search-prev"), ("^S", "em-inc-search-next"),
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
    EditorState.gotSigint = 0
    installSigintHandler()
    var count: Int32 = 0
    let p = el_gets(el, &count)
    if EditorState.gotSigint != 0 {
      EditorState.gotSigint = 0
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
