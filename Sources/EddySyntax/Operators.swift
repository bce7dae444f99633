// The one operator table: every binary operator's precedence level and associativity, the
// prefix operators, and the spellings the lexer recognises. grammar.md reproduces it.

/// Binding strength of a binary operator, loosest first (Julia's `Base.operator_precedence`).
enum Precedence: Int, Comparable {
  case assignment = 1, pair, ternary, arrow, or, and, comparison, pipeLeft, pipeRight, range
  case plus, times, rational, shift, power, decl

  static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }

  /// The next tighter level (`decl` is the tightest).
  var tighter: Precedence { Precedence(rawValue: rawValue + 1) ?? .decl }
}

/// How a run of operators at one level groups.
enum Associativity {
  case left, right
  /// `a < b <= c`: one `.comparison` node.
  case chain
  /// `a:b`, `a:s:b`.
  case range
  /// `c ? a : b`.
  case ternary
}

public enum Operators {
  /// Level and associativity of each binary operator (undotted spelling).
  static let binary: [String: (Precedence, Associativity)] = {
    var table: [String: (Precedence, Associativity)] = [:]
    func add(_ level: Precedence, _ assoc: Associativity, _ ops: [String]) {
      for op in ops { table[op] = (level, assoc) }
    }
    add(.assignment, .right, assignment.sorted())
    add(.pair, .right, ["=>"])
    add(.ternary, .ternary, ["?"])
    add(.arrow, .right, ["→"])
    add(.or, .right, ["||"])
    add(.and, .right, ["&&"])
    add(.comparison, .chain, [
      "<", ">", "<=", ">=", "==", "===", "!=", "!==", "<:", ">:", "≤", "≥", "≠", "≡", "≢",
      "in", "isa", "∈", "∉", "≈", "≉", "⊆", "⊂", "⊇", "⊃",
    ])
    add(.pipeLeft, .right, ["<|"])
    add(.pipeRight, .left, ["|>"])
    add(.range, .range, [":"])
    add(.plus, .left, ["+", "-", "|", "⊻", "∪", "±", "++"])
    add(.times, .left, ["*", "/", "%", "&", "\\", "÷", "⋅", "∘", "×", "∩"])
    add(.rational, .left, ["//"])
    add(.shift, .left, ["<<", ">>", ">>>"])
    add(.power, .right, ["^"])
    add(.decl, .left, ["::"])
    return table
  }()

  /// `=` and the updating operators `op=`.
  static let assignment: Set<String> = [
    "=", "+=", "-=", "*=", "/=", "//=", "\\=", "^=", "÷=", "%=", "|=", "&=", "⊻=", "<<=", ">>=",
    ">>>=",
  ]

  /// Prefix operators.
  static let unary: Set<String> = ["+", "-", "!", "~", "¬", "√", "∛", "∜"]

  /// Words that act as comparison operators in infix position.
  static let wordOperators: Set<String> = ["in", "isa"]

  /// Every operator spelling the lexer reads, longest first so the first match is the longest.
  static let spellings: [[Unicode.Scalar]] = {
    let all: Set<String> = Set(binary.keys).union(unary).union(["...", "->", "?"])
      .subtracting(wordOperators)
    return all.map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }
  }()

  /// Julia's `Base.operator_precedence` of a binary operator (dotted or not), for printing
  /// expressions with the parentheses they need; nil when `op` is not a binary operator.
  public static func precedence(of op: String) -> Int? {
    let plain = op.hasPrefix(".") && op.count > 1 && binary[op] == nil ? String(op.dropFirst()) : op
    return binary[plain].map { $0.0.rawValue }
  }

  /// Binary operators that can be called like a function, `==(3)`, `*(2, 3)`, `=>(a, b)`
  /// (not the syntactic ones: assignment, `?`, `&&`, `||`, `:`, `::`).
  static func isCallable(_ op: String) -> Bool {
    guard let (level, _) = binary[op] else { return false }
    switch level {
    case .assignment, .ternary, .or, .and, .range, .decl: return false
    default: return true
    }
  }

  /// Operators that have a dotted form `.op`.
  static func isDottable(_ op: String) -> Bool {
    switch op {
    case "...", "->", "?", ":", "::", "'": return false
    default: return true
    }
  }
}
