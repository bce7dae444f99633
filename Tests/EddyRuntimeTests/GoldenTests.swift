// Golden tests: every script under scripts/<feature>/*.jl is one test case. The script runs
// in-process; its standard output must equal its `# expect:` lines (trailing spaces ignored),
// and each `# expect-error: TEXT` must appear in the error report. A script without
// `# expect-error:` lines must finish without an error.

import Testing

struct GoldenFile: CustomTestStringConvertible, Sendable {
  /// Path relative to scripts/, e.g. "arrays/literals.jl".
  let name: String
  let path: String
  var testDescription: String { name }

  static func all() -> [GoldenFile] {
    let root = testsDirectory() + "/scripts"
    var files: [GoldenFile] = []
    for feature in listDirectory(root) where isDirectory(root + "/" + feature) {
      for f in listDirectory(root + "/" + feature) where f.hasSuffix(".jl") {
        files.append(GoldenFile(name: feature + "/" + f, path: root + "/" + feature + "/" + f))
      }
    }
    return files
  }
}

/// The expectations written in a script's comments.
struct GoldenExpectations {
  var stdout: [String] = []
  var errors: [String] = []

  init(source: String) {
    for raw in source.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = Substring(raw)
      while let c = line.first, c == " " || c == "\t" { line.removeFirst() }
      if line.hasPrefix("# expect-error:") {
        var t = line.dropFirst("# expect-error:".count)
        while let c = t.first, c == " " { t.removeFirst() }
        while let c = t.last, c == " " { t.removeLast() }
        errors.append(String(t))
      } else if line.hasPrefix("# expect:") {
        var t = line.dropFirst("# expect:".count)
        if t.first == " " { t.removeFirst() }
        while let c = t.last, c == " " || c == "\t" { t.removeLast() }
        stdout.append(String(t))
      }
    }
    while let last = stdout.last, last.isEmpty { stdout.removeLast() }
  }
}

@Suite("Golden scripts")
struct GoldenTests {
  @Test("golden script", arguments: GoldenFile.all())
  func golden(_ g: GoldenFile) throws {
    let source = try #require(readTextFile(g.path), "cannot read \(g.path)")
    let exp = GoldenExpectations(source: source)
    #expect(!exp.stdout.isEmpty || !exp.errors.isEmpty, "\(g.name) has no expectations")
    let run = runEddy(source: source, file: g.name)
    let got = normalisedLines(run.stdout)
    #expect(got == exp.stdout, "\(g.name): stdout differs\n--- expected\n\(exp.stdout.joined(separator: "\n"))\n--- got\n\(got.joined(separator: "\n"))\n--- error\n\(run.error ?? "none")")
    if exp.errors.isEmpty {
      #expect(run.error == nil, "\(g.name): unexpected error\n\(run.error ?? "")")
    } else {
      let report = run.error ?? ""
      #expect(run.error != nil, "\(g.name): expected an error, the script finished")
      for e in exp.errors {
        #expect(report.contains(e), "\(g.name): error report lacks \"\(e)\"\n\(report)")
      }
    }
  }

  @Test("there are golden scripts for every feature")
  func coverage() {
    let files = GoldenFile.all()
    #expect(files.count >= 60)
    let features = Set(files.map { String($0.name.split(separator: "/")[0]) })
    for f in [
      "literals", "strings", "operators", "ranges", "tuples", "arrays", "indexing", "broadcasting",
      "functions", "structs", "control", "scope", "modules", "collections", "display", "errors",
      "gradients", "layers", "losses", "optimisers", "training",
    ] {
      #expect(features.contains(f), "no golden scripts for \(f)")
    }
  }
}
