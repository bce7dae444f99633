// The abstract syntax tree the parser produces and the runtime compiles.
// Node kinds follow Julia's expression heads, so a dump reads like JuliaSyntax s-expressions.

/// A position in a source file: 1-based line and column (column counts Unicode scalars).
public struct SourceLoc: Equatable, Sendable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
  public var description: String { "\(line):\(column)" }
}

/// One syntax node: what it is and where it starts.
public final class Node: @unchecked Sendable {
  public let kind: Kind
  public let loc: SourceLoc
  public init(_ kind: Kind, _ loc: SourceLoc) {
    self.kind = kind
    self.loc = loc
  }

  /// A keyword argument or named-tuple entry: `name = value`.
  public struct Named {
    public var name: String
    public var value: Node
    public init(name: String, value: Node) {
      self.name = name
      self.value = value
    }
  }

  /// A formal parameter: `x`, `x::T`, `x = 1`, `xs...`, `::T` (name nil).
  public struct Param {
    public var name: String?
    public var type: Node?
    public var defaultValue: Node?
    public var isVararg: Bool
    public init(name: String?, type: Node? = nil, defaultValue: Node? = nil, isVararg: Bool = false) {
      self.name = name
      self.type = type
      self.defaultValue = defaultValue
      self.isVararg = isVararg
    }
  }

  /// A `for` binding `lhs in iter` (also `lhs = iter`, `lhs ∈ iter`). `lhs` is an identifier
  /// or a tuple pattern.
  public struct Binding {
    public var lhs: Node
    public var iter: Node
    public init(lhs: Node, iter: Node) {
      self.lhs = lhs
      self.iter = iter
    }
  }

  /// A function definition, in any of the long, short or callable-struct forms.
  public struct FunctionDef {
    /// `f`, `Base.show`, or nil for a callable struct definition `(m::T)(x) = ...`.
    public var name: Node?
    /// The `m::T` of a callable struct definition.
    public var callableSelf: Param?
    public var params: [Param]
    /// Parameters after `;`.
    public var kwparams: [Param]
    /// `where T` names: a parameter declared `::T` accepts any value (or one of the bound's
    /// type); `Vector{T}` any `Vector`.
    public var whereNames: [String]
    /// The upper bound of each `where` name (`T <: Real`), nil when unbounded.
    public var whereBounds: [Node?]
    public var returnType: Node?
    public var body: Node
    public init(
      name: Node?, callableSelf: Param?, params: [Param], kwparams: [Param],
      whereNames: [String] = [], whereBounds: [Node?] = [], returnType: Node? = nil, body: Node
    ) {
      self.name = name
      self.callableSelf = callableSelf
      self.params = params
      self.kwparams = kwparams
      self.whereNames = whereNames
      self.whereBounds = whereBounds
      self.returnType = returnType
      self.body = body
    }
  }

  /// A struct field: `W`, `W::Matrix{Float32}`.
  public struct Field {
    public var name: String
    public var type: Node?
    public init(name: String, type: Node?) {
      self.name = name
      self.type = type
    }
  }

  public indirect enum Kind {
    // MARK: Literals and names
    case int(Int)
    case float(Double)
    case float32(Float)
    case bool(Bool)
    case char(Character)
    /// A string without interpolation.
    case string(String)
    /// `"a $x $(f(y))"`: literal `.string` parts and expressions, in order.
    case interpolation([Node])
    /// `:sym`
    case symbol(String)
    case identifier(String)
    /// `end` inside indexing brackets.
    case endMarker
    /// `begin` inside indexing brackets.
    case beginMarker
    /// A lone `:` inside indexing brackets (all of a dimension).
    case colon

    // MARK: Operators
    /// `a op b`; `dotted` for `.+`, `.*`, ... Covers arithmetic, comparison (a single one),
    /// `=>`, `|>`, `∘`, `isa`, `in`, `∈`, `===`, `!==`, `≈`, `÷`, `%`, `\`, `&`, `|`, `⊻`.
    /// Juxtaposition `2x` is `*`.
    case binary(op: String, lhs: Node, rhs: Node, dotted: Bool)
    /// `-x`, `+x`, `!x`, `.-x`, `√x`; also `::T`, an unnamed typed parameter (`f(::Int) = 1`).
    case unary(op: String, operand: Node, dotted: Bool)
    /// A chain of two or more comparisons: `a < b <= c` has operands [a, b, c], ops ["<", "<="].
    case comparison(operands: [Node], ops: [String])
    case and(Node, Node)
    case or(Node, Node)
    case ternary(cond: Node, then: Node, else: Node)
    /// `a:b` and `a:s:b`.
    case range(start: Node, step: Node?, stop: Node)
    /// Postfix `x'`.
    case adjoint(Node)
    /// `x...` in a call or literal.
    case splat(Node)
    /// `x::T` used as an expression (type assertion).
    case typeAssert(Node, type: Node)
    /// `Vector{Float32}`, `Array{Float32, 3}`.
    case curly(Node, [Node])

    // MARK: Calls and access
    /// `f(a, b; k = 1)` and `f(a, k = 1)`. A `do` block is desugared into a leading
    /// anonymous-function argument. A keyword splat `f(; opts...)` is the keyword named `...`.
    case call(callee: Node, args: [Node], kwargs: [Named])
    /// `f.(a, b)`
    case dotCall(callee: Node, args: [Node], kwargs: [Named])
    /// `x[i, j]`
    case index(Node, [Node])
    /// `a.b`
    case field(Node, String)
    /// `@show x`, `Flux.@functor Affine`, `@. y = a * b`: `module` holds the path before the
    /// macro name (["Flux"]); `name` is without the `@` (`"show"`, `"functor"`, `"."`).
    case macroCall(module: [String], name: String, args: [Node])

    // MARK: Collections
    case tuple([Node])
    /// `(a = 1, b = 2)` and `(; a = 1)`.
    case namedTuple([Named])
    /// `[1, 2, 3]`, `Float32[1, 2]` (`type` is the element type).
    case vect([Node], type: Node?)
    /// `[a b c]`: one row.
    case hcat([Node], type: Node?)
    /// `[a; b]`, `[1 2; 3 4]` and newline-separated rows: each inner list is one row of
    /// elements joined horizontally.
    case vcat(rows: [[Node]], type: Node?)
    /// `[a; b;; c; d]`, `[1;;]`, `[x;;; y]`: the parts joined along dimension `dims`, the
    /// number of semicolons (at least 2); each part is an element, a row or a `vcat`.
    case ncat(dims: Int, [Node], type: Node?)
    /// `[body for x in a for y in b if cond]` (`isGenerator` false) or
    /// `(body for x in a)` / `f(body for x in a)` (true). Each group is one `for` keyword;
    /// several bindings in one group (`for x in a, y in b`) form a product (a Matrix).
    case comprehension(body: Node, groups: [[Binding]], filter: Node?, isGenerator: Bool, type: Node?)

    // MARK: Assignment
    /// `lhs = rhs`; `lhs` is an identifier, index, field, tuple (destructuring) or typed
    /// identifier.
    case assign(lhs: Node, rhs: Node)
    /// `lhs op= rhs`, with `dotted` for `.+=`; `op` is the operator without `=`.
    case opAssign(op: String, lhs: Node, rhs: Node, dotted: Bool)
    /// `lhs .= rhs`
    case dotAssign(lhs: Node, rhs: Node)

    // MARK: Definitions
    case function(FunctionDef)
    /// `x -> body`, `(a, b) -> body`, `function (x) ... end`.
    case lambda(params: [Param], kwparams: [Param], body: Node)
    /// `struct Name{T, S <: Real} <: Super ... end`: `typeParams` are the raw entries inside the
    /// braces (an identifier or `T <: Bound`).
    case structDef(name: String, isMutable: Bool, supertype: Node?, fields: [Field], innerFunctions: [Node], typeParams: [Node])
    /// `abstract type Name{T} <: Super end`
    case abstractType(name: String, typeParams: [Node], supertype: Node?)
    /// `"""doc""" definition`
    case docstring(String, Node)
    /// `const x = 1`
    case const(Node)

    // MARK: Control flow
    case block([Node])
    /// `if` chains: `elseif` is an `.ifElse` in the `else` position.
    case ifElse(cond: Node, then: Node, else: Node?)
    case whileLoop(cond: Node, body: Node)
    /// `for i in 1:3, j in 1:2` (several bindings nest, the first outermost).
    case forLoop(bindings: [Binding], body: Node)
    case breakStmt
    case continueStmt
    case returnStmt(Node?)
    case tryCatch(body: Node, catchName: String?, catchBody: Node?, finally: Node?)
    /// `let a = 1, b; body end`: bindings are assignments or identifiers.
    case letBlock(bindings: [Node], body: Node)
    /// `global x`, `global x = 1`, `global x += 1`.
    case global([Node])
    case local([Node])

    // MARK: Modules
    /// `using A.B`, `using A: x, y`, `import A`, `import A.B: x`: each path is a dotted name;
    /// `names` (after `:`) apply to the last path only.
    case using(paths: [[String]], names: [String], isImport: Bool)
    /// `module M ... end` is not part of the subset.
  }
}

/// A parsed chunk of source: the top-level statements in order.
public struct Program {
  public var statements: [Node]
  /// True when the source's last statement was followed by `;` (it hides the REPL value).
  public var endsWithSemicolon: Bool
  public init(statements: [Node], endsWithSemicolon: Bool) {
    self.statements = statements
    self.endsWithSemicolon = endsWithSemicolon
  }
}
