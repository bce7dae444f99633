// The REPL's decision on Enter (run, keep reading, report an error) and the history file.
import Foundation
import Testing

@testable import EddyREPL
import EddySyntax

#if canImport(Glibc)
  import Glibc
#endif

enum Status: Equatable, Sendable {
  case empty, incomplete, complete, error
  init(_ s: InputStatus) {
    switch s {
    case .empty: self = .empty
    case .incomplete: self = .incomplete
    case .complete: self = .complete
    case .error: self = .error
    }
  }
}

@Suite struct InputClassificationTests {
  static let rows: [(String, Status)] = [
    ("", .empty),
    ("   ", .empty),
    ("\n\n", .empty),
    ("# just a comment", .empty),
    ("1 + 2", .complete),
    ("x = 1;", .complete),
    ("function f(x)", .incomplete),
    ("function f(x)\n  x + 1", .incomplete),
    ("function f(x)\n  x + 1\nend", .complete),
    ("for i in 1:3", .incomplete),
    ("while true", .incomplete),
    ("begin", .incomplete),
    ("if x", .incomplete),
    ("struct P", .incomplete),
    ("(1 +", .incomplete),
    ("[1, 2", .incomplete),
    ("f(1,", .incomplete),
    ("\"abc", .incomplete),
    ("\"abc\ndef", .incomplete),
    ("\"\"\"\ndoc", .incomplete),
    ("#= open comment", .incomplete),
    ("x =", .incomplete),
    ("1 + )", .error),
    ("end", .error),
    (")", .error),
    ("function f(x)\n  x = )", .error),  // an error inside an open block is reported at once
    ("x = (1 + 2\nprintln(x)", .error),
  ]

  @Test(arguments: rows) func classify(_ text: String, _ expected: Status) {
    #expect(Status(classifyInput(text, file: "REPL[1]")) == expected, "\(text.debugDescription)")
  }

  @Test func semicolonHidesTheValue() {
    guard case .complete(let p) = classifyInput("x = 1;", file: "REPL[1]") else {
      Issue.record("not complete")
      return
    }
    #expect(p.endsWithSemicolon)
    guard case .complete(let q) = classifyInput("x = 1; # note", file: "REPL[1]") else {
      Issue.record("not complete")
      return
    }
    #expect(q.endsWithSemicolon)
    guard case .complete(let r) = classifyInput("x = 1; y = 2", file: "REPL[1]") else {
      Issue.record("not complete")
      return
    }
    #expect(!r.endsWithSemicolon)
  }

  @Test func errorsNameTheEntry() {
    guard case .error(let d) = classifyInput("1 + )", file: "REPL[7]") else {
      Issue.record("not an error")
      return
    }
    #expect(DiagnosticRenderer.render(d) == "ParseError:\n# Error @ REPL[7]:1:5\n1 + )\n#   ╙ ── unexpected `)`")
  }
}

@Suite struct HistoryStoreTests {
  func tempFile() throws -> (TempDir, String) {
    let d = try TempDir()
    return (d, d.path("history"))
  }

  @Test func roundTripKeepsMultiLineEntriesWhole() throws {
    let (dir, path) = try tempFile()
    _ = dir
    let store = HistoryStore(path: path)
    #expect(store.load() == [])  // no file yet
    let entries = [
      "x = 1",
      "function f(x)\n\tx + 1  # a tab inside\n\n  x\nend",
      "?Dense",
      "s = \"# not a header\"",
      "\"multi\n# line string\"",
    ]
    for e in entries { #expect(store.append(e)) }
    #expect(store.load() == entries)
    #expect(HistoryStore(path: path).load() == entries)
  }

  @Test func fileLayoutIsJuliaStyle() throws {
    let (dir, path) = try tempFile()
    _ = dir
    HistoryStore(path: path).append("function f(x)\n  x\nend")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 6)
    #expect(lines[0].hasPrefix("# time: "))
    #expect(lines[1] == "# mode: julia")
    #expect(Array(lines[2...]) == ["\tfunction f(x)", "\t  x", "\tend", ""])
  }

  @Test func readsAJuliaHistoryFile() {
    let text = "# time: 2025-01-31 12:34:56 CET\n# mode: julia\n\tx = 1\n# time: 2025-01-31 12:35:00 CET\n"
      + "# mode: julia\n\tfor i in 1:2\n\t  println(i)\n\tend\n"
    #expect(HistoryStore.parse(text) == ["x = 1", "for i in 1:2\n  println(i)\nend"])
  }

  @Test func fileModeIs0600() throws {
    let (dir, path) = try tempFile()
    _ = dir
    let old = umask(0)
    defer { umask(old) }
    HistoryStore(path: path).append("1")
    #expect(fileMode(path) == 0o600)
    // An existing file readable by others is tightened.
    let other = dir.path("loose")
    _ = FileManager.default.createFile(atPath: other, contents: nil, attributes: [.posixPermissions: 0o644])
    #expect(fileMode(other) == 0o644)
    HistoryStore(path: other).append("2")
    #expect(fileMode(other) == 0o600)
    #expect(HistoryStore(path: other).load() == ["2"])
  }

  @Test func unwritableLocationFailsQuietly() {
    let store = HistoryStore(path: "/nonexistent-dir/eddy_history")
    #expect(!store.append("x"))
    #expect(store.load() == [])
  }
}

/// `EDDY_HISTORY` and the default location (reads the environment: run alone).
@Suite(.serialized) struct HistoryLocationTests {
  @Test func environmentOverridesTheDefault() {
    let savedH = getenv("EDDY_HISTORY").map { String(cString: $0) }
    defer {
      if let savedH { setenv("EDDY_HISTORY", savedH, 1) } else { unsetenv("EDDY_HISTORY") }
    }
    setenv("EDDY_HISTORY", "/tmp/somewhere/h", 1)
    #expect(HistoryStore.defaultPath() == "/tmp/somewhere/h")
    unsetenv("EDDY_HISTORY")
    if let home = getenv("HOME") {
      #expect(HistoryStore.defaultPath() == String(cString: home) + "/.eddy_history")
    }
    setenv("EDDY_HISTORY", "", 1)  // empty: the default
    if let home = getenv("HOME") {
      #expect(HistoryStore.defaultPath() == String(cString: home) + "/.eddy_history")
    }
  }

  @Test func colourSetting() {
    #expect(REPLOptions.colorEnabled("yes"))
    #expect(!REPLOptions.colorEnabled("no"))
    let saved = getenv("NO_COLOR").map { String(cString: $0) }
    defer {
      if let saved { setenv("NO_COLOR", saved, 1) } else { unsetenv("NO_COLOR") }
    }
    setenv("NO_COLOR", "1", 1)
    #expect(!REPLOptions.colorEnabled("auto"))
    #expect(REPLOptions.colorEnabled("yes"))  // an explicit request wins
  }
}
