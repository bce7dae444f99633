// Diagnostic positions and their rendering, pinned to exact text.

import Testing

@testable import EddySyntax

@Suite struct DiagnosticTests {
  func diagnostic(_ source: String, file: String = "file.jl") -> Diagnostic? {
    switch Parser.parse(source, file: file) {
    case .success: return nil
    case .incomplete(let d), .failure(let d): return d
    }
  }

  @Test func unexpectedToken() throws {
    let d = try #require(diagnostic("x = 1\ny = (2 + ]\n"))
    #expect(d.loc == SourceLoc(line: 2, column: 10))
    #expect(d.sourceLine == "y = (2 + ]")
    #expect(!d.isIncomplete)
    #expect(
      DiagnosticRenderer.render(d) == """
        ParseError:
        # Error @ file.jl:2:10
        y = (2 + ]
        #        ╙ ── unexpected `]`
        """)
  }

  @Test func doubleMinusIsAnInvalidOperator() throws {
    // julia-spec §4.4 (JuliaSyntax test/parser_api.jl).
    let d = try #require(diagnostic("a -- b -- c", file: "somefile.jl"))
    #expect(!d.isIncomplete)
    #expect(
      DiagnosticRenderer.render(d) == """
        ParseError:
        # Error @ somefile.jl:1:3
        a -- b -- c
        # └┘ ── invalid operator
        """)
  }

  @Test func unclosedBlockPointsAfterTheLastToken() throws {
    let d = try #require(diagnostic("function f(x)\n    x + 1\n", file: "REPL[1]"))
    #expect(d.isIncomplete)
    #expect(
      DiagnosticRenderer.render(d) == """
        ParseError:
        # Error @ REPL[1]:2:10
            x + 1
        #        ╙ ── expected `end` to close `function` at line 1
        """)
  }

  @Test func spanAtColumnOneDropsTheHash() throws {
    let d = try #require(diagnostic("end", file: "none"))
    #expect(
      DiagnosticRenderer.render(d) == """
        ParseError:
        # Error @ none:1:1
        end
        └─┘ ── unexpected `end`
        """)
  }

  @Test func twoCharacterSpan() throws {
    let d = try #require(diagnostic("a = 1 do"))
    #expect(
      DiagnosticRenderer.render(d) == """
        ParseError:
        # Error @ file.jl:1:7
        a = 1 do
        #     └┘ ── extra tokens after end of expression: `do`
        """)
  }

  @Test func unicodeColumnsCountScalars() throws {
    let d = try #require(diagnostic("σ = (1, ]"))
    #expect(d.loc == SourceLoc(line: 1, column: 9))
  }
}
