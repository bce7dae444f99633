// Runs every example in examples/ in-process (with --quick, so the training examples stay
// short in debug builds) and checks that it finishes without an error.

import Testing

@Suite("Examples")
struct ExamplesTests {
  static let examples = ["hello.jl", "recurrence_guide.jl", "char_rnn.jl", "sequence_classifier.jl"]

  func run(_ name: String) throws -> ScriptRun {
    let path = packageRoot() + "/examples/" + name
    let source = try #require(readTextFile(path), "cannot read \(path)")
    let run = runEddy(source: source, file: "examples/" + name, args: ["--quick"])
    #expect(run.error == nil, "examples/\(name) failed:\n\(run.stdout)\n\(run.error ?? "")")
    #expect(!run.stdout.isEmpty, "examples/\(name) printed nothing")
    return run
  }

  @Test("example runs without error", arguments: examples)
  func example(_ name: String) throws {
    _ = try run(name)
  }

  @Test("hello prints a greeting")
  func hello() throws {
    let out = try run("hello.jl").stdout
    #expect(out.hasPrefix("Hello, world!"))
  }

  @Test("char_rnn: the last printed loss is lower than the first")
  func charRNNLearns() throws {
    let out = try run("char_rnn.jl").stdout
    let losses = normalisedLines(out).compactMap { line -> Double? in
      guard line.hasPrefix("epoch"), let r = line.firstRange(of: "loss = ") else { return nil }
      return Double(line[r.upperBound...])
    }
    #expect(losses.count >= 2, "expected at least two loss lines in:\n\(out)")
    if let first = losses.first, let last = losses.last {
      #expect(last < first, "loss did not fall: \(losses)")
    }
    #expect(out.contains("sample: the "))
  }

  @Test("sequence_classifier prints an accuracy")
  func classifier() throws {
    let out = try run("sequence_classifier.jl").stdout
    #expect(out.contains("final test accuracy = "))
  }
}
