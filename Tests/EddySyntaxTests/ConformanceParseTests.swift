// Every shared conformance script and every code block of the recurrence guide must parse.
// The files are read at test time; when /work/shared is absent the tests have nothing to do.

import Foundation
import Testing

@testable import EddySyntax

enum SharedSources {
  static let root = "/work/shared"

  /// Scripts that are meant to fail parsing.
  static let expectedParseErrors: Set<String> = ["errors/unclosed_paren.jl"]

  /// Conformance cases as paths relative to the cases folder.
  static func conformanceCases() -> [String] {
    let base = root + "/conformance/cases"
    guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
    return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".jl") }.sorted()
  }

  /// The code blocks of the recurrence guide; a block of `julia>` lines keeps only the input.
  static func guideBlocks() -> [String] {
    guard let text = try? String(contentsOfFile: root + "/seed/recurrence-guide.md", encoding: .utf8) else {
      return []
    }
    var blocks: [String] = []
    var current: [String]?
    for line in text.components(separatedBy: "\n") {
      if line.hasPrefix("```") {
        if let lines = current {
          blocks.append(lines.joined(separator: "\n"))
          current = nil
        } else {
          current = []
        }
        continue
      }
      current?.append(line)
    }
    return blocks.map { block in
      let lines = block.components(separatedBy: "\n")
      guard lines.contains(where: { $0.hasPrefix("julia> ") }) else { return block }
      return lines.filter { $0.hasPrefix("julia> ") }.map { String($0.dropFirst(7)) }.joined(separator: "\n")
    }
  }
}

@Suite struct ConformanceParseTests {
  @Test(arguments: SharedSources.conformanceCases())
  func conformanceCaseParses(_ path: String) throws {
    let source = try String(contentsOfFile: SharedSources.root + "/conformance/cases/" + path, encoding: .utf8)
    let result = Parser.parse(source, file: path)
    if SharedSources.expectedParseErrors.contains(path) {
      guard case .failure = result else {
        Issue.record("\(path) should be a parse failure")
        return
      }
      return
    }
    if case .success = result { return }
    if case .failure(let d) = result { Issue.record("\(path): \(DiagnosticRenderer.render(d))") }
    if case .incomplete(let d) = result { Issue.record("\(path): \(DiagnosticRenderer.render(d))") }
  }

  @Test(arguments: SharedSources.guideBlocks())
  func guideBlockParses(_ block: String) {
    switch Parser.parse(block, file: "recurrence-guide.md") {
    case .success: break
    case .incomplete(let d), .failure(let d): Issue.record(Comment(rawValue: DiagnosticRenderer.render(d)))
    }
  }

  @Test func sharedFilesWereFound() {
    guard FileManager.default.fileExists(atPath: SharedSources.root) else { return }
    #expect(SharedSources.conformanceCases().count > 20)
    #expect(SharedSources.guideBlocks().count > 5)
  }
}
