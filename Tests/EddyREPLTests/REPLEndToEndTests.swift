// End-to-end: the built `eddy` binary on a pseudo-terminal, typed at like a person would.
// Each test starts its own process with its own history file and always kills it at the end.
import Foundation
import Testing

@testable import EddyREPL

#if canImport(Glibc)
  import Glibc
#endif

/// A running `eddy` REPL on a pseudo-terminal.
final class REPLSession {
  let pty: PTYProcess
  let historyPath: String

  init(_ args: [String] = ["-q"], historyPath: String, env: [String: String] = [:]) throws {
    var e = env
    e["EDDY_HISTORY"] = historyPath
    pty = try PTYProcess(eddyExecutable(), args, env: e)
    self.historyPath = historyPath
  }

  /// Waits for a fresh `eddy> ` prompt, then lets libedit settle (it switches the terminal to
  /// raw mode just after drawing the prompt; keys typed before that would be echoed twice).
  @discardableResult
  func waitForPrompt(_ prompt: String = "eddy> ", timeout: Double = 10) -> Bool {
    pty.expect(prompt, timeout: timeout) && pty.waitForRawMode(timeout: timeout)
  }

  /// Polls until the cursor's line is `expected`; returns the line last seen.
  func line(becomes expected: String) -> String { pty.waitForCursorLine(expected) }

  /// Polls until `condition` holds (true) or `timeout` passes (false).
  func eventually(timeout: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
      if Date() >= deadline { return false }
      pty.drain(for: 0.02)
    }
    return true
  }

  /// The screen line the cursor is on (the line being edited).
  var currentLine: String { pty.cursorLine }

  /// The screen row the cursor is on.
  var cursorRow: Int { pty.render().cursorRow }

  /// Types `line` and Enter, waits for the next prompt and returns the screen from the line
  /// typed to the new prompt, e.g. "eddy> 1 + 2\n3\n\neddy>".
  func run(_ line: String, timeout: Double = 10) -> String {
    run([line], timeout: timeout)
  }

  /// Types several lines (an entry continued over lines), each after the previous one was
  /// read, then waits for the next prompt; returns the screen as `run` does.
  func run(_ lines: [String], timeout: Double = 10) -> String {
    let start = cursorRow
    pty.skipPending()
    for l in lines.dropLast() {
      pty.skipPending()
      pty.send(l + Key.enter)
      // The continuation prompt: libedit moves the cursor past its six blanks.
      guard pty.expectRaw("\r\n\u{1B}[7G", timeout: timeout), pty.waitForRawMode(timeout: timeout) else {
        return "<no continuation prompt after \(l.debugDescription)> " + String(pty.plainText.suffix(400))
      }
    }
    pty.send((lines.last ?? "") + Key.enter)
    guard waitForPrompt(timeout: timeout) else {
      return "<no prompt after \(timeout) s> " + String(pty.plainText.suffix(400))
    }
    return transcript(from: start)
  }

  /// The screen from row `start` to the cursor's row.
  func transcript(from start: Int) -> String {
    let (s, row) = pty.render()
    return s[min(start, row)...row].joined(separator: "\n")
  }

  /// Ends the session with Ctrl-D and returns the exit status (nil if it had to be killed).
  func quit() -> Int32? {
    pty.send(Key.ctrlD)
    return pty.waitExit(timeout: 10)
  }
}

/// A temporary directory for history files, removed at the end of each test.
final class TempDir {
  let url: URL
  init() throws { url = try makeTempDirectory() }
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
  deinit { try? FileManager.default.removeItem(at: url) }
}

/// The permission bits of a file, or nil if it does not exist.
func fileMode(_ path: String) -> mode_t? {
  var st = stat()
  guard stat(path, &st) == 0 else { return nil }
  return st.st_mode & 0o777
}

@Suite(.serialized) struct REPLEndToEndTests {

  @Test func bannerPromptAndColour() throws {
    let dir = try TempDir()
    do {
      let r = try REPLSession([], historyPath: dir.path("h"))
      #expect(r.waitForPrompt())
      #expect(
        r.pty.screen.joined(separator: "\n")
          == "Eddy 0.1.0: Julia-style code and Flux-style recurrent networks.\n"
          + "Type ?name for help, Tab to complete, Ctrl-D to exit.\n\neddy>")
      // On a colour terminal the prompt is bold green.
      #expect(String(decoding: r.pty.output, as: UTF8.self).contains("\u{1B}[32m\u{1B}[1meddy> "))
      #expect(r.quit() == 0)
    }
    for (args, env) in [(["-q", "--color=no"], [String: String]()), (["-q"], ["NO_COLOR": "1"])] {
      let r = try REPLSession(args, historyPath: dir.path("h"), env: env)
      #expect(r.waitForPrompt())
      #expect(r.pty.screen == ["eddy>"])  // -q: no banner
      #expect(r.run("1 + 1") == "eddy> 1 + 1\n2\n\neddy>")
      #expect(r.run("nope_undefined") .contains("ERROR: UndefVarError"))
      let raw = String(decoding: r.pty.output, as: UTF8.self)
      #expect(!raw.contains("\u{1B}[32m"), "no colour with \(args) \(env)")
      #expect(!raw.contains("\u{1B}[91m"), "no colour with \(args) \(env)")
      #expect(r.quit() == 0)
    }
  }

  @Test func valuesSemicolonAndAns() throws {
    let dir = try TempDir()
    let r = try REPLSession(historyPath: dir.path("h"))
    #expect(r.waitForPrompt())
    #expect(r.run("1 + 2") == "eddy> 1 + 2\n3\n\neddy>")
    #expect(r.run("x = [1, 2];") == "eddy> x = [1, 2];\n\neddy>")
    #expect(r.run("ans") == "eddy> ans\n2-element Vector{Int64}:\n 1\n 2\n\neddy>")
    #expect(r.run("x = 1; # a note") == "eddy> x = 1; # a note\n\neddy>")
    #expect(r.run("ans + 10") == "eddy> ans + 10\n11\n\neddy>")
    #expect(r.run("nothing") == "eddy> nothing\n\neddy>")
    #expect(r.run("println(\"hi\")") == "eddy> println(\"hi\")\nhi\n\neddy>")
    #expect(r.run("") == "eddy>\neddy>")
    #expect(r.quit() == 0)
  }

  @Test func multiLineInput() throws {
    let dir = try TempDir()
    let r = try REPLSession(historyPath: dir.path("h"))
    #expect(r.waitForPrompt())
    // Continuation lines are indented by the prompt's width, as in Julia.
    #expect(
      r.run(["function f(x)", "  x + 1", "end"])
        == "eddy> function f(x)\n        x + 1\n      end\nf (generic function with 1 method)\n\neddy>")
    #expect(r.run("f(2)") == "eddy> f(2)\n3\n\neddy>")
    #expect(r.run("s = 0") == "eddy> s = 0\n0\n\neddy>")
    #expect(r.run(["for i in 1:3", "  global s += i", "end"]) == "eddy> for i in 1:3\n        global s += i\n      end\n\neddy>")
    #expect(r.run("s") == "eddy> s\n6\n\neddy>")
    #expect(r.run(["v = [1, 2,", "3]"]) == "eddy> v = [1, 2,\n      3]\n3-element Vector{Int64}:\n 1\n 2\n 3\n\neddy>")
    #expect(r.run(["\"abc", "def\""]) == "eddy> \"abc\n      def\"\n\"abc\\ndef\"\n\neddy>")
    #expect(r.run(["begin", "  10", "end;"]) == "eddy> begin\n        10\n      end;\n\neddy>")
    #expect(r.run("ans") == "eddy> ans\n10\n\neddy>")
    // A real syntax error is reported at once, not continued.
    #expect(
      r.run("1 + )") == "eddy> 1 + )\nERROR: ParseError:\n# Error @ REPL[10]:1:5\n1 + )\n#   ╙ ── unexpected `)`\n\neddy>")
    #expect(r.quit() == 0)
  }

  @Test func upArrowRecallsHistory() throws {
    let dir = try TempDir()
    let r = try REPLSession(historyPath: dir.path("h"))
    #expect(r.waitForPrompt())
    _ = r.run("a1 = 10")
    _ = r.run("a1 + 1")
    r.pty.send(Key.up)
    #expect(r.line(becomes: "eddy> a1 + 1") == "eddy> a1 + 1")
    r.pty.send(Key.up)
    #expect(r.line(becomes: "eddy> a1 = 10") == "eddy> a1 = 10")
    r.pty.send(Key.down)
    #expect(r.line(becomes: "eddy> a1 + 1") == "eddy> a1 + 1")
    // Edit the recalled line: Ctrl-A, Ctrl-K, retype.
    r.pty.send(Key.ctrlA + Key.ctrlK)
    #expect(r.line(becomes: "eddy>") == "eddy>")
    #expect(r.run("a1 * 3").hasSuffix("30\n\neddy>"))
    // With text before the cursor, Up recalls only entries starting with it (Julia's prefix search).
    _ = r.run("b1 = 2")
    r.pty.send("a1 =")
    #expect(r.line(becomes: "eddy> a1 =") == "eddy> a1 =")
    r.pty.send(Key.up)
    #expect(r.line(becomes: "eddy> a1 = 10") == "eddy> a1 = 10")
    r.pty.send(Key.ctrlC)  // a fresh line starts the search from the newest entry again
    #expect(r.waitForPrompt())
    r.pty.send("a1" + Key.up)
    #expect(r.line(becomes: "eddy> a1 * 3") == "eddy> a1 * 3")
    r.pty.send(Key.up)
    #expect(r.line(becomes: "eddy> a1 + 1") == "eddy> a1 + 1")
    r.pty.send(Key.ctrlU)
    #expect(r.line(becomes: "eddy>") == "eddy>")
    // A multi-line entry comes back whole, and runs again as one entry.
    _ = r.run(["function g(x)", "  2x", "end"])
    r.pty.send(Key.up)
    #expect(r.eventually { r.pty.screen.suffix(3) == ["eddy> function g(x)", "  2x", "end"] })
    #expect(r.run("").hasSuffix("g (generic function with 1 method)\n\neddy>"))
    #expect(r.run("g(21)") == "eddy> g(21)\n42\n\neddy>")
    #expect(r.quit() == 0)
  }

  @Test func reverseSearch() throws {
    let dir = try TempDir()
    let r = try REPLSession(historyPath: dir.path("h"))
    #expect(r.waitForPrompt())
    _ = r.run("needle_value = 41")
    _ = r.run("other = 1")
    _ = r.run("2 + 2")
    let start = r.cursorRow
    r.pty.send(Key.ctrlR)
    r.pty.type("needle")
    #expect(r.line(becomes: "eddy> needle_value = 41") == "eddy> needle_value = 41")
    _ = r.run("")
    #expect(r.transcript(from: start) == "eddy> needle_value = 41\n41\n\neddy>")
    #expect(r.run("needle_value + 1") == "eddy> needle_value + 1\n42\n\neddy>")
    #expect(r.quit() == 0)
  }

  @Test func tabCompletion() throws {
    let dir = try TempDir()
    _ = FileManager.default.createFile(atPath: dir.path("data_file.txt"), contents: Data("x".utf8))
    let r = try REPLSession(historyPath: dir.path("h"))
    #expect(r.waitForPrompt())
    r.pty.send("resh" + Key.tab)
    #expect(r.line(becomes: "eddy> reshape") == "eddy> reshape")
    r.pty.send(Key.ctrlU)
    #expect(r.line(becomes: "eddy>") == "eddy>")
    // Package names after `using`.
    r.pty.send("using Fl" + Key.tab)
    #expect(r.line(becomes: "eddy> using Flux") == "eddy> using Flux")
    #expect(r.run("; m = RNN(2, 5);") == "eddy> using Flux; m = RNN(2, 5);\n\neddy>")
    let before = r.cursorRow
    r.pty.send("m.ce" + Key.tab)
    #expect(r.line(becomes: "eddy> m.cell") == "eddy> m.cell")
    r.pty.send("." + Key.tab)
    // No common prefix: the fields of the live value are listed, and the line is redrawn.
    #expect(r.eventually { r.transcript(from: before).split(separator: "\n").count == 3 })
    let listed = r.transcript(from: before)
    #expect(listed.hasPrefix("eddy> m.cell.\n"))
    #expect(listed.hasSuffix("\neddy> m.cell."))
    for field in ["Wi", "Wh", "b", "state0"] {
      #expect(listed.split(separator: "\n")[1].split(separator: " ").contains(Substring(field)))
    }
    r.pty.send("Wi" + Key.tab)  // already complete: stays
    #expect(r.line(becomes: "eddy> m.cell.Wi") == "eddy> m.cell.Wi")
    #expect(r.run("").contains("\n5×2 Matrix{Float32}:\n"))
    // Module members after `Flux.`.
    r.pty.send("Flux.rese" + Key.tab)
    #expect(r.line(becomes: "eddy> Flux.reset!") == "eddy> Flux.reset!")
    r.pty.send(Key.ctrlU)
    #expect(r.line(becomes: "eddy>") == "eddy>")
    // File paths inside a string.
    r.pty.send("p = \"" + dir.path("data_f") + Key.tab)
    let completed = "eddy> p = \"" + dir.path("data_file.txt")
    #expect(r.line(becomes: completed) == completed)
    r.pty.send(Key.ctrlU)
    #expect(r.line(becomes: "eddy>") == "eddy>")
    #expect(r.run("1") == "eddy> 1\n1\n\neddy>")
    #expect(r.quit() == 0)
  }

  @Test func helpMode() throws {
    let dir = try TempDir()
    let r = try REPLSession(historyPath: dir.path("h"))
    #expect(r.waitForPrompt())
    _ = r.run("using Flux")
    r.pty.send("?")
    #expect(r.waitForPrompt("help?> "))
    #expect(r.line(becomes: "help?>") == "help?>")
    let dense = r.run("Dense")
    #expect(dense.hasPrefix("help?> Dense\n  Dense(in => out"))
    #expect(dense.hasSuffix("\n\neddy>"))  // back to the Julia prompt after one query
    r.pty.send("?")
    #expect(r.waitForPrompt("help?> "))
    let unknown = r.run("Dens")
    #expect(unknown.hasPrefix("help?> Dens\n  No documentation found for `Dens`.\n  Perhaps you meant: Dense"))
    // Backspace on the empty help line goes back to `eddy> `; `?` inside a line is a character.
    r.pty.send("?")
    #expect(r.waitForPrompt("help?> "))
    r.pty.send(Key.backspace)
    #expect(r.line(becomes: "eddy>") == "eddy>")
    #expect(r.run("true ? 1 : 2") == "eddy> true ? 1 : 2\n1\n\neddy>")
    #expect(r.quit() == 0)
  }

  @Test func ctrlCInterruptsAndClears() throws {
    let dir = try TempDir()
    let r = try REPLSession(historyPath: dir.path("h"))
    #expect(r.waitForPrompt())
    #expect(r.run("k = 42") == "eddy> k = 42\n42\n\neddy>")
    let start = r.cursorRow
    r.pty.skipPending()
    r.pty.send("while true end" + Key.enter)
    r.pty.expect("while true end\n")
    r.pty.drain(for: 0.5)
    #expect(r.pty.isRunning)
    r.pty.send(Key.ctrlC)
    #expect(r.pty.expect("ERROR: InterruptException:", timeout: 5))
    #expect(r.waitForPrompt())
    let t = r.transcript(from: start)
    #expect(t.hasPrefix("eddy> while true end\n^CERROR: InterruptException:\n"))
    #expect(t.contains("@ REPL[2]:1"))
    #expect(t.hasSuffix("\n\neddy>"))
    // The session and its variables survive.
    #expect(r.run("k") == "eddy> k\n42\n\neddy>")
    // Ctrl-C at the prompt discards the line (several times, each one honoured).
    for _ in 0..<3 {
      let s = r.cursorRow
      r.pty.skipPending()
      r.pty.send("junk junk")
      #expect(r.line(becomes: "eddy> junk junk") == "eddy> junk junk")
      r.pty.send(Key.ctrlC)
      #expect(r.waitForPrompt(timeout: 5))
      #expect(r.transcript(from: s) == "eddy> junk junk^C\n\neddy>")
    }
    // ... and an unfinished multi-line entry.
    r.pty.skipPending()
    r.pty.send("function q(x)" + Key.enter)
    r.pty.expectRaw("\r\n\u{1B}[7G")
    r.pty.waitForRawMode()
    r.pty.send(Key.ctrlC)
    #expect(r.waitForPrompt(timeout: 5))
    #expect(r.run("k + 1") == "eddy> k + 1\n43\n\neddy>")
    // A second long computation is interrupted too.
    r.pty.send("while true end" + Key.enter)
    r.pty.expect("while true end\n")
    r.pty.drain(for: 0.3)
    r.pty.send(Key.ctrlC)
    #expect(r.pty.expect("ERROR: InterruptException:", timeout: 5))
    #expect(r.waitForPrompt())
    #expect(r.quit() == 0)
  }

  @Test func errorThenMoreWork() throws {
    let dir = try TempDir()
    let r = try REPLSession(historyPath: dir.path("h"))
    #expect(r.waitForPrompt())
    #expect(r.run("y = 5") == "eddy> y = 5\n5\n\neddy>")
    #expect(
      r.run("undefined_thing + 1")
        == "eddy> undefined_thing + 1\nERROR: UndefVarError: `undefined_thing` not defined in `Main`\n"
        + "Suggestion: check for spelling errors or missing imports.\nStacktrace:\n [1] top-level scope\n"
        + "   @ REPL[2]:1\n\neddy>")
    _ = r.run(["function boom(x)", "  x + nope", "end"])
    let trace = r.run("boom(1)")
    #expect(trace.hasPrefix("eddy> boom(1)\nERROR: UndefVarError: `nope` not defined in `Main`\n"))
    #expect(trace.contains("\n   @ Main REPL[3]:2\n"))
    #expect(trace.contains("\n [2] top-level scope\n   @ REPL[4]:1\n"))
    #expect(r.run("error(\"boom\")").hasPrefix("eddy> error(\"boom\")\nERROR: boom\n"))
    // State is kept; `ans` is not changed by an error.
    #expect(r.run("y * 2") == "eddy> y * 2\n10\n\neddy>")
    _ = r.run("sqrt(-1.0)")
    #expect(r.run("ans") == "eddy> ans\n10\n\neddy>")
    #expect(r.quit() == 0)
  }

  @Test func ctrlDExitsOnlyOnAnEmptyLine() throws {
    let dir = try TempDir()
    let r = try REPLSession(historyPath: dir.path("h"))
    #expect(r.waitForPrompt())
    // On a non-empty line Ctrl-D deletes the character under the cursor.
    r.pty.send("123" + Key.left + Key.left)
    #expect(r.line(becomes: "eddy> 123") == "eddy> 123")
    r.pty.send(Key.ctrlD)
    #expect(r.line(becomes: "eddy> 13") == "eddy> 13")
    #expect(r.pty.isRunning)
    #expect(r.run("").hasSuffix("\n13\n\neddy>"))
    r.pty.send(Key.ctrlD)
    #expect(r.pty.waitExit() == 0)
    #expect(!r.pty.plainText.contains("^D"))
  }

  @Test func historyPersistsAcrossSessions() throws {
    let dir = try TempDir()
    let hist = dir.path("history")
    do {
      let r = try REPLSession(historyPath: hist)
      #expect(r.waitForPrompt())
      _ = r.run("hist_val = 1234")
      _ = r.run(["function twice(x)", "  2x", "end"])
      _ = r.run(["function twice(x)", "  2x", "end"])  // a repeat is stored once
      #expect(r.quit() == 0)
    }
    #expect(fileMode(hist) == 0o600)
    #expect(HistoryStore(path: hist).load() == ["hist_val = 1234", "function twice(x)\n  2x\nend"])
    do {
      let r = try REPLSession(historyPath: hist)
      #expect(r.waitForPrompt())
      r.pty.send(Key.up)
      #expect(r.eventually { r.pty.screen.suffix(3) == ["eddy> function twice(x)", "  2x", "end"] })
      #expect(r.run("").hasSuffix("twice (generic function with 1 method)\n\neddy>"))
      r.pty.send(Key.up + Key.up)
      #expect(r.line(becomes: "eddy> hist_val = 1234") == "eddy> hist_val = 1234")
      #expect(r.run("").hasSuffix("\n1234\n\neddy>"))
      #expect(r.run("twice(hist_val)") == "eddy> twice(hist_val)\n2468\n\neddy>")
      #expect(r.quit() == 0)
    }
    #expect(HistoryStore(path: hist).load().suffix(2) == ["hist_val = 1234", "twice(hist_val)"])
    #expect(fileMode(hist) == 0o600)

    // `--history-file=no`: nothing is read or written.
    let unused = dir.path("unused")
    do {
      let r = try REPLSession(["-q", "--history-file=no"], historyPath: unused)
      #expect(r.waitForPrompt())
      #expect(r.run("2 + 2") == "eddy> 2 + 2\n4\n\neddy>")
      #expect(r.quit() == 0)
    }
    #expect(fileMode(unused) == nil)
    // `--history-file=PATH` overrides EDDY_HISTORY.
    let chosen = dir.path("chosen")
    do {
      let r = try REPLSession(["-q", "--history-file=" + chosen], historyPath: unused)
      #expect(r.waitForPrompt())
      _ = r.run("3 + 3")
      #expect(r.quit() == 0)
    }
    #expect(fileMode(unused) == nil)
    #expect(HistoryStore(path: chosen).load() == ["3 + 3"])
  }
}

extension REPLEndToEndTests {
  /// TERM=dumb: the plain loop (no line editing; the terminal driver echoes), same display.
  @Test func dumbTerminalUsesThePlainLoop() throws {
    let dir = try TempDir()
    let pty = try PTYProcess(eddyExecutable(), ["-q"], env: ["TERM": "dumb", "EDDY_HISTORY": dir.path("h")])
    func enter(_ line: String, waitFor: String = "eddy> ") -> Bool {
      pty.skipPending()
      pty.send(line + Key.enter)
      return pty.expect(waitFor)
    }
    #expect(pty.expect("eddy> "))
    #expect(enter("1 + 2"))
    #expect(enter("x = 5;"))
    #expect(enter("function f(x)", waitFor: "function f(x)\n"))
    #expect(enter("  x + 1", waitFor: "  x + 1\n"))
    #expect(enter("end"))
    #expect(enter("f(x)"))
    pty.send("junk")
    #expect(pty.expect("junk"))
    pty.send(Key.ctrlC)
    #expect(pty.expect("eddy> "))
    #expect(enter("ans"))
    pty.send(Key.ctrlD)
    #expect(pty.waitExit() == 0)
    #expect(
      pty.screen == [
        "eddy> 1 + 2", "3", "", "eddy> x = 5;", "", "eddy> function f(x)", "  x + 1", "end",
        "f (generic function with 1 method)", "", "eddy> f(x)", "6", "", "eddy> junk^C", "", "eddy> ans", "6", "",
        "eddy>", "",
      ])
  }
}

/// Non-terminal standard input: no line editor, no prompt; `-i` gives the REPL display.
@Suite struct PipedModeTests {
  func runPiped(_ args: [String], input: String) throws -> (out: String, status: Int32) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: try eddyExecutable())
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    env["EDDY_HISTORY"] = "/nonexistent-dir/h"
    env["TERM"] = "xterm"
    p.environment = env
    let inPipe = Pipe()
    let outPipe = Pipe()
    p.standardInput = inPipe
    p.standardOutput = outPipe
    p.standardError = outPipe
    try p.run()
    inPipe.fileHandleForWriting.write(Data(input.utf8))
    try inPipe.fileHandleForWriting.close()
    let data = outPipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (String(decoding: data, as: UTF8.self), p.terminationStatus)
  }

  @Test func pipedHasNoPromptOrEscapes() throws {
    let (out, status) = try runPiped([], input: "1 + 2\nfunction f(x)\n  x + 1\nend\nf(1)\n")
    #expect(status == 0)
    #expect(!out.contains("eddy>"))
    #expect(!out.contains("\u{1B}"))
    #expect(out.contains("3\n"))
    #expect(out.contains("2\n"))
  }

  @Test func interactiveFlagGivesREPLDisplay() throws {
    let (out, status) = try runPiped(["-i", "-q"], input: "1 + 2\nx = 3;\nans + 1\nfunction f(a)\n  a\nend\n")
    #expect(status == 0)
    #expect(out == "eddy> 3\n\neddy> \neddy> 4\n\neddy> f (generic function with 1 method)\n\neddy> \n")
    #expect(!out.contains("\u{1B}"))
  }
}
