// The REPL's display (a terminal size given) abbreviates arrays inside containers as Julia's
// `:limit` does; scripts and `print` show them in full.

import EddySyntax
import Testing

@testable import EddyRuntime

@Suite struct REPLLimitTests {
  func displayed(_ source: String, limit: (rows: Int, cols: Int)?) -> String {
    onLargeStack {
      let interp = Interpreter()
      guard case .success(let program) = Parser.parse(source, file: "none"),
        let v = try? interp.run(program, file: "none")
      else { return "error" }
      return interp.displayString(v, limit: limit)
    }
  }

  @Test func arraysInsideContainersAreAbbreviated() {
    #expect(
      displayed("[collect(1:30)]", limit: (24, 80))
        == "1-element Vector{Vector{Int64}}:\n [1, 2, 3, 4, 5, 6, 7, 8, 9, 10  …  21, 22, 23, 24, 25, 26, 27, 28, 29, 30]")
    #expect(
      displayed("[reshape(collect(1:36), 6, 6)]", limit: (24, 80))
        == "1-element Vector{Matrix{Int64}}:\n [1 7 … 25 31; 2 8 … 26 32; … ; 5 11 … 29 35; 6 12 … 30 36]")
    #expect(
      displayed("(collect(1:30),)", limit: (24, 80))
        == "([1, 2, 3, 4, 5, 6, 7, 8, 9, 10  …  21, 22, 23, 24, 25, 26, 27, 28, 29, 30],)")
  }

  @Test func scriptsShowThemInFull() {
    let full = "(" + "[" + (1...30).map(String.init).joined(separator: ", ") + "],)"
    #expect(displayed("(collect(1:30),)", limit: nil) == full)
  }
}
