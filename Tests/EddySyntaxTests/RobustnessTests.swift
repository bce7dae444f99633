// The parser never crashes or hangs: deep nesting fails cleanly, and arbitrary prefixes and
// mutations of real scripts end in one of the three results.

import Foundation
import Testing

@testable import EddySyntax

@Suite struct RobustnessTests {
  /// Runs `body` on a thread with a fixed 8 MiB stack, as the main thread has.
  func onLargeStack(_ body: @escaping @Sendable () -> Void) {
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      body()
      done.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
    done.wait()
  }

  /// Inputs nested 5000 deep, by name (the names keep test output readable).
  static let deepInputs: [String: String] = [
    "parentheses": String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000),
    "brackets": String(repeating: "[", count: 5000) + "1" + String(repeating: "]", count: 5000),
    "calls": String(repeating: "f(", count: 5000) + "1" + String(repeating: ")", count: 5000),
    "unary minus": String(repeating: "- ", count: 5000) + "x",  // `--` itself is an invalid operator
    "if blocks": String(repeating: "if x\n", count: 5000) + String(repeating: "end\n", count: 5000),
    "assignments": "a" + String(repeating: " = a", count: 5000),
    "left-assoc sum": "1" + String(repeating: " + 1", count: 5000),
    "indexing": "x" + String(repeating: "[1]", count: 5000),
    "interpolation": String(repeating: "\"$(", count: 200) + "1" + String(repeating: ")\"", count: 200),
  ]

  @Test(arguments: deepInputs.keys.sorted())
  func deepNestingFails(_ name: String) {
    let source = RobustnessTests.deepInputs[name] ?? ""
    onLargeStack {
      guard case .failure(let d) = Parser.parse(source, file: "none") else {
        Issue.record("expected a failure")
        return
      }
      #expect(d.message.contains("nested too deeply"))
    }
  }

  @Test func moderateNestingParses() {
    let source = String(repeating: "(", count: 40) + "1" + String(repeating: ")", count: 40)
    guard case .success = Parser.parse(source, file: "none") else {
      Issue.record("40 parentheses should parse")
      return
    }
  }

  /// Every prefix of a script parses to some result without trapping.
  @Test func everyPrefixTerminates() throws {
    let source = """
      function f(x, y = 2; k = 3)
          s = "a $(x + 1) b"
          [i^2 for i in 1:10 if isodd(i)], Float32[1 2; 3 4]
          try f(x) catch e; println(e) finally end
      end
      @show f.(xs) .+ x'[end]
      """
    let scalars = Array(source.unicodeScalars)
    for n in 0...scalars.count {
      _ = Parser.parse(String(String.UnicodeScalarView(scalars[0..<n])), file: "none")
    }
  }

  /// Random single-character mutations of a script terminate.
  @Test func mutationsTerminate() {
    let source = "m = Chain(RNN(2, 5), Dense(5, 1))\nys = [m(x) for x in xs]\nloss(x, y) = sum((m(x) .- y).^2)\n"
    let alphabet = Array("()[]{},;:=+-*'\"$#@.\n xend1".unicodeScalars)
    var scalars = Array(source.unicodeScalars)
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<2000 {
      let i = Int.random(in: 0..<scalars.count, using: &rng)
      scalars[i] = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
      _ = Parser.parse(String(String.UnicodeScalarView(scalars)), file: "none")
    }
  }
}
