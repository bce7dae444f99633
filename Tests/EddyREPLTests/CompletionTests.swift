// The completer is a pure function of (line, cursor) and an environment; these tests give it
// a fake environment.
import Testing

@testable import EddyREPL
import EddyRuntime

struct FakeEnvironment: CompletionEnvironment {
  var globals = [
    "reshape", "resize!", "repeat", "rand", "randn", "RNN", "RNNCell", "Flux", "m", "x", "xs", "α", "αβ",
    "#hidden#1", "_internal", "sum", "string", "strip",
  ]
  var members: [[String]: [String]] = [
    ["m"]: ["cell", "state"],
    ["m", "cell"]: ["σ", "Wi", "Wh", "b", "state0"],
    ["Flux"]: ["train!", "trainable", "reset!", "Dense", "_gate", "#f#2"],
    ["Flux", "Losses"]: ["mse", "mae"],
  ]
  var directories: [String: [(name: String, isDirectory: Bool)]] = [
    ".": [("examples", true), ("Package.swift", false), (".hidden", false), ("README.md", false)],
    "examples/": [("hello.jl", false), ("rnn.jl", false), ("data", true)],
    "/tmp/": [("a.txt", false)],
  ]

  func packageNames() -> [String] { ["Flux", "Random", "Statistics", "LinearAlgebra"] }
  func globalNames() -> [String] { globals }
  func members(ofPath path: [String]) -> [String]? { members[path] }
  func directoryEntries(_ path: String) -> [(name: String, isDirectory: Bool)] { directories[path] ?? [] }
}

/// Completes with the cursor at the end, or at the `|` marker if there is one.
func completeAt(_ text: String, env: CompletionEnvironment = FakeEnvironment()) -> Completion {
  if let bar = text.firstIndex(of: "|") {
    let line = text.replacingOccurrences(of: "|", with: "")
    return complete(line: line, cursor: text[..<bar].unicodeScalars.count, env: env)
  }
  return complete(line: text, cursor: text.unicodeScalars.count, env: env)
}

@Suite struct CompletionTests {
  @Test func globalNamesAndKeywords() {
    #expect(completeAt("resh") == Completion(candidates: ["reshape"], range: 0..<4))
    #expect(completeAt("re") == Completion(candidates: ["repeat", "reshape", "resize!", "return"], range: 0..<2))
    #expect(completeAt("y = ran") == Completion(candidates: ["rand", "randn"], range: 4..<7))
    #expect(completeAt("func").candidates == ["function"])
    #expect(completeAt("mut").candidates == ["mutable struct"])
    #expect(completeAt("f(x, RN") == Completion(candidates: ["RNN", "RNNCell"], range: 5..<7))
    #expect(completeAt("stri").candidates == ["string", "strip"])
  }

  @Test func cursorInsideTheLine() {
    // Only the text before the cursor counts; the range is the word being replaced.
    #expect(completeAt("resh|(x, 2, 3)") == Completion(candidates: ["reshape"], range: 0..<4))
    #expect(completeAt("su|m(x)") == Completion(candidates: ["sum"], range: 0..<2))
  }

  @Test func nothingToComplete() {
    #expect(completeAt("").candidates.isEmpty)
    #expect(completeAt("x + ").candidates.isEmpty)
    #expect(completeAt("zzz").candidates.isEmpty)
    #expect(completeAt("1.5").candidates.isEmpty)  // a number, not a field access
    #expect(completeAt("2x").candidates.isEmpty)
    #expect(completeAt("x[1].c").candidates.isEmpty)  // not a plain path
    #expect(completeAt("f(x).c").candidates.isEmpty)
    #expect(completeAt("nope.c").candidates.isEmpty)  // unknown value
    #expect(completeAt("# resh").candidates.isEmpty)  // a comment is not completed as a path
  }

  @Test func hiddenAndInternalNames() {
    #expect(!completeAt("#").candidates.contains("#hidden#1"))
    #expect(completeAt("_").candidates == ["_internal"])  // shown once the user types `_`
    #expect(!completeAt("Flux.").candidates.contains("_gate"))
    #expect(!completeAt("Flux.").candidates.contains("#f#2"))
    #expect(completeAt("Flux._").candidates == ["_gate"])
  }

  @Test func unicodeNames() {
    #expect(completeAt("α") == Completion(candidates: ["α", "αβ"], range: 0..<1))
    #expect(completeAt("y = αβ") == Completion(candidates: ["αβ"], range: 4..<6))
  }

  @Test func fieldsOfLiveValues() {
    #expect(completeAt("m.ce") == Completion(candidates: ["cell"], range: 2..<4))
    #expect(completeAt("m.") == Completion(candidates: ["cell", "state"], range: 2..<2))
    #expect(
      completeAt("m.cell.") == Completion(candidates: ["Wh", "Wi", "b", "state0", "σ"], range: 7..<7))
    #expect(completeAt("y = m.cell.W") == Completion(candidates: ["Wh", "Wi"], range: 11..<12))
    #expect(completeAt("size(m.cell.Wi") == Completion(candidates: ["Wi"], range: 12..<14))
  }

  @Test func moduleMembers() {
    #expect(completeAt("Flux.tr") == Completion(candidates: ["train!", "trainable"], range: 5..<7))
    #expect(completeAt("Flux.reset") == Completion(candidates: ["reset!"], range: 5..<10))
    #expect(completeAt("Flux.Losses.m") == Completion(candidates: ["mae", "mse"], range: 12..<13))
  }

  @Test func packagesAfterUsing() {
    #expect(completeAt("using Fl") == Completion(candidates: ["Flux"], range: 6..<8))
    #expect(completeAt("import Sta") == Completion(candidates: ["Statistics"], range: 7..<10))
    #expect(completeAt("  using Flux, Ra") == Completion(candidates: ["Random"], range: 14..<16))
    #expect(completeAt("using ").candidates == ["Flux", "LinearAlgebra", "Random", "Statistics"])
    #expect(completeAt("using Flux.Loss") == Completion(candidates: [], range: 11..<15))
    #expect(completeAt("using Flux.L").candidates == [])
    #expect(completeAt("using Flux: tr") == Completion(candidates: ["train!", "trainable"], range: 12..<14))
    #expect(completeAt("using Flux.Losses: ms") == Completion(candidates: ["mse"], range: 19..<21))
    #expect(completeAt("import Flux: Dense, res").candidates == ["reset!"])
    // Not an import statement: ordinary names.
    #expect(completeAt("usingx = resh").candidates == ["reshape"])
    #expect(completeAt("x = using_resh").candidates.isEmpty)
  }

  @Test func pathsInsideStrings() {
    #expect(completeAt("include(\"ex") == Completion(candidates: ["examples/"], range: 9..<11))
    #expect(completeAt("include(\"examples/") == Completion(candidates: ["data/", "hello.jl", "rnn.jl"], range: 18..<18))
    #expect(completeAt("include(\"examples/r") == Completion(candidates: ["rnn.jl"], range: 18..<19))
    #expect(completeAt("x = \"") .candidates == ["Package.swift", "README.md", "examples/"])  // no dot files
    #expect(completeAt("x = \".h").candidates == [".hidden"])
    #expect(completeAt("open(\"/tmp/") == Completion(candidates: ["a.txt"], range: 11..<11))
    // A closed string is not a path; neither is a Char literal's content.
    #expect(completeAt("\"ex\" * resh").candidates == ["reshape"])
    #expect(completeAt("c = '\"'; resh").candidates == ["reshape"])
    // An escaped quote keeps the string open.
    #expect(completeAt("\"a\\\" ex").candidates.isEmpty)
  }

  @Test func helpers() {
    #expect(commonPrefix(["reshape", "resize!"]) == "res")
    #expect(commonPrefix(["Wh", "Wi"]) == "W")
    #expect(commonPrefix([]) == "")
    #expect(columnize(["a", "bb", "c"], width: 80) == "a     bb    c\n")
    #expect(columnize(["aaaa", "b", "c"], width: 10) == "aaaa\nb\nc\n")
    #expect(closeMatches("Dens", in: ["Dense", "Chain", "dense"]) == ["Dense", "dense"])
    #expect(editDistance("ab", "ba") == 1)
  }
}

@Suite struct HelpTests {
  @Test func rendersDocstringsAndSuggestions() {
    let help = HelpSystem(Interpreter(), width: 80)
    let doc = help.help("reshape")
    #expect(doc.hasPrefix("  reshape("))
    #expect(doc.split(separator: "\n").allSatisfy { $0.count <= 80 || $0.hasPrefix("   ") })
    #expect(help.help("resahpe") == "  No documentation found for `resahpe`.\n  Perhaps you meant: reshape\n")
    #expect(help.help("zzzzqqq") == "  No documentation found for `zzzzqqq`.\n")
    #expect(help.help("").hasPrefix("  Welcome to Eddy help mode."))
  }

  @Test func markdownRendering() {
    let help = HelpSystem(Interpreter(), width: 30)
    #expect(
      help.render("# Title\n\nSome words that go on and on past the width.\n\n```\ncode line\n```\n")
        == "  Title\n  ≡≡≡≡≡\n\n  Some words that go on and\n  on past the width.\n\n  code line\n")
  }

  @Test func suggestions() {
    #expect(closeMatches("Dens", in: ["Dense", "ans", "keys", "ones", "eps"]) == ["Dense"])
    #expect(closeMatches("trian!", in: ["train!", "trainable", "rand"]) == ["train!"])
    #expect(closeMatches("_g", in: ["_gate"]).isEmpty)  // internal names are never suggested
  }
}

@Suite struct SuggestionEdgeTests {
  @Test func shortQueries() {
    #expect(closeMatches("?", in: ["!", "%", "+", "?"]).isEmpty)  // one character: nothing is close
    #expect(closeMatches("sm", in: ["sum", "map", "sin"]) == ["sum"])
  }
}
