// The lexer's token stream, through its debug dump.

import Testing

@testable import EddySyntax

@Suite struct LexerTests {
  @Test func operatorsAndSpacing() {
    #expect(
      Lexer.dump("x .+= 2y'") == """
        1:1 identifier x
        1:3 op .+=
        1:7 int 2
        1:8 identifier y
        1:9 op '
        1:10 eof
        """)
  }

  @Test func charVersusAdjoint() {
    #expect(Lexer.dump("a' 'b'") == "1:1 identifier a\n1:2 op '\n1:4 char 'b'\n1:7 eof")
  }

  @Test func newlinesCollapseAndCommentsVanish() {
    #expect(
      Lexer.dump("a # c\n\n#= x #= y =# =#\nb") == """
        1:1 identifier a
        1:6 newline
        4:1 identifier b
        4:2 eof
        """)
  }

  @Test func numbers() {
    #expect(
      Lexer.dump("1_000 1.5f-3 .5 1. 0x1F 1e3") == """
        1:1 int 1000
        1:7 float32 0.0015
        1:14 float 0.5
        1:17 float 1.0
        1:20 int 31
        1:25 float 1000.0
        1:28 eof
        """)
  }

  @Test func stringsWithInterpolation() {
    #expect(
      Lexer.dump("\"a $x $(f(1))\"") == """
        1:1 string "a " $(1:5 identifier x; 1:6 eof) " " $(1:9 identifier f; 1:10 (; 1:11 int 1; 1:12 ); 1:13 eof)
        1:15 eof
        """)
  }

  @Test func keywordsAndWords() {
    #expect(
      Lexer.dump("for i in xs end") == """
        1:1 keyword for
        1:5 identifier i
        1:7 identifier in
        1:10 identifier xs
        1:13 keyword end
        1:16 eof
        """)
  }

  @Test func macrosAndDots() {
    #expect(
      Lexer.dump("Flux.@functor A; @. x") == """
        1:1 identifier Flux
        1:5 .
        1:6 macro @functor
        1:15 identifier A
        1:16 ;
        1:18 macro @.
        1:21 identifier x
        1:22 eof
        """)
  }

  @Test func invalidInputEndsTheStream() {
    #expect(Lexer.dump("x = \"abc") == "1:1 identifier x\n1:3 op =\n1:5 invalid (incomplete) unterminated string literal\n1:9 eof")
  }
}
