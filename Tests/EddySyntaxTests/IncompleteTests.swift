// Incomplete versus failure: the REPL reads another line only for `.incomplete`, so input that
// merely stops inside an open construct must be incomplete and every real error a failure.

import Testing

@testable import EddySyntax

enum Completeness: Sendable { case incomplete, failure }

@Suite struct IncompleteTests {
  static let rows: [(String, Completeness)] = [
    ("function f(x)", .incomplete),
    ("function f(x)\n  for i in 1:3\n", .incomplete),
    ("x = (1 + 2", .incomplete),
    ("for i in 1:3\n  x", .incomplete),
    ("while true", .incomplete),
    ("if x\n  y\nelse", .incomplete),
    ("begin", .incomplete),
    ("let x = 1", .incomplete),
    ("try\n x\ncatch e", .incomplete),
    ("struct A\n x::Int", .incomplete),
    ("mutable struct A", .incomplete),
    ("f(a) do x", .incomplete),
    ("[1, 2", .incomplete),
    ("[1,", .incomplete),
    ("[1 2\n", .incomplete),
    ("Float32[1, 2", .incomplete),
    ("f(1,", .incomplete),
    ("(a, b", .incomplete),
    ("Vector{Float32", .incomplete),
    ("\"abc", .incomplete),
    ("\"\"\"abc\n", .incomplete),
    ("x = \"a $(b", .incomplete),
    ("#= comment", .incomplete),
    ("1 +", .incomplete),
    ("x = 1 +", .incomplete),
    ("x =", .incomplete),
    ("a &&", .incomplete),
    ("a ? b :", .incomplete),
    ("a ? b", .incomplete),
    ("x ->", .incomplete),
    ("a.", .incomplete),
    ("@show (1", .incomplete),
    ("x = )", .failure),
    ("end", .failure),
    (")", .failure),
    ("x = [1, 2; 3]", .failure),
    ("f (x)", .failure),
    ("a ?b : c", .failure),
    ("1 +* 2", .failure),
    ("try x end", .failure),
    ("function f(x)\n  x = )\nend", .failure),
    ("x = (1 + 2\nprintln(x)", .failure),
    ("x = \"a $(1 + )\"", .failure),
    ("'ab'", .failure),
    ("x = 'a", .failure),
    ("\"\\q\"", .failure),
    ("x = $y", .failure),
    ("3000000000000000000000", .failure),
    ("quote\n x", .failure),
    ("for 1 in x end", .failure),
    ("1 = x", .failure),
    ("else", .failure),
    ("x = 1 2", .failure),
    ("@", .failure),
    ("f(x) = ", .incomplete),
    ("(a = 1, b)", .failure),
  ]

  @Test(arguments: rows) func completeness(_ source: String, _ expected: Completeness) {
    switch Parser.parse(source, file: "none") {
    case .success(let program): Issue.record("parsed: \(SExpression.dump(program))")
    case .incomplete(let d): #expect(expected == .incomplete, "\(d.message)")
    case .failure(let d): #expect(expected == .failure, "\(d.message)")
    }
  }

  /// Unclosed constructs say what is open and where it opened.
  @Test(arguments: [
    ("function f(x)\n  y = 1\n", "expected `end` to close `function` at line 1"),
    ("x = 1\nfor i in 1:3\n", "expected `end` to close `for` at line 2"),
    ("x = (1 + 2", "expected `)` to close `(` at line 1"),
    ("y = [1, 2", "expected `]` to close `[` at line 1"),
    ("f(1,\n2", "expected `)` to close `(` at line 1"),
    ("\"abc", "unterminated string literal"),
    ("x = )", "unexpected `)`"),
  ])
  func messages(_ source: String, _ message: String) {
    switch Parser.parse(source, file: "none") {
    case .success: Issue.record("parsed")
    case .incomplete(let d), .failure(let d): #expect(d.message == message)
    }
  }
}
