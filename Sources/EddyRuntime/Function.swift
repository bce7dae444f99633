// Functions: generic functions with methods, closures, and the frames they run in.
import EddySyntax

/// Compiled code: a closure over the frame it runs in.
public typealias Code = (Frame) throws -> Value

/// A native method body: arguments, keyword arguments.
public typealias NativeBody = (_ args: [Value], _ kwargs: [(String, Value)]) throws -> Value

/// A native fast path of a compiled method: its result, or nil to run the compiled body.
public typealias FastBody = (_ args: [Value]) throws -> Value?

/// The activation record of one call: local slots backed by a raw pointer, because array
/// storage in a class pays exclusivity and uniqueness checks on every write.
public final class Frame {
  public let slots: UnsafeMutablePointer<Value>
  public let slotCount: Int
  public var cells: [Box]
  public let captures: [Box]

  public init(slotCount: Int, cellCount: Int, captures: [Box]) {
    self.slotCount = slotCount
    slots = UnsafeMutablePointer<Value>.allocate(capacity: max(slotCount, 1))
    slots.initialize(repeating: .nothing, count: max(slotCount, 1))
    var c: [Box] = []
    if cellCount > 0 {
      c.reserveCapacity(cellCount)
      for _ in 0..<cellCount { c.append(Box(.nothing)) }
    }
    cells = c
    self.captures = captures
  }
  /// Back to a fresh frame's state, for reuse by the next call (`CompiledBody.spareFrame`).
  func clearSlots() {
    for i in 0..<slotCount {
      switch slots[i] {
      case .nothing: break
      case .int, .float, .f32, .bool, .char: (slots + i).initialize(to: .nothing)
      default: slots[i] = .nothing
      }
    }
  }
  deinit {
    slots.deinitialize(count: max(slotCount, 1))
    slots.deallocate()
  }
}

/// Where a formal parameter's value goes in the callee's frame.
public enum VarStore { case slot(Int), cell(Int) }

/// A compiled method body with its frame layout.
public final class CompiledBody {
  public var slotCount = 0
  public var cellCount = 0
  public var paramStores: [VarStore] = []
  public var defaults: [Code?] = []
  public var kwStores: [VarStore] = []
  public var kwDefaults: [Code?] = []
  public var kwSplatStore: VarStore?
  public var body: Code = { _ in .nothing }
  public var file = ""
  /// A finished call's frame, kept for the next call (Interpreter.invoke).
  var spareFrame: Frame?
  public init() {}
}

/// One method of a generic function.
public final class Method {
  /// Declared type of each positional parameter (nil = Any).
  public let types: [JType?]
  /// Number of positional parameters without a default.
  public let required: Int
  public let isVararg: Bool
  public let kwNames: [String]
  public let hasKwSplat: Bool
  public let compiled: CompiledBody?
  public let native: NativeBody?
  public var captures: [Box] = []
  public let line: Int
  public let file: String
  /// A signature for MethodError candidates and help: `f(x::Int64, y)`.
  public let signature: String
  /// For `methods(f)`: the function's name, one label per positional parameter with its type
  /// resolved (`x::Int64`, `y`, `::Dog`, `xs...`), and a `where` clause (` where T`).
  public var displayName = ""
  public var paramLabels: [String] = []
  public var whereText = ""
  /// A native stand-in for this method's body on the common case (Flux's hot layer methods,
  /// see FluxFastPaths.swift): it returns nil when it does not apply, and then the compiled body
  /// runs. Only consulted for calls without keyword arguments.
  public var fast: FastBody?

  public init(
    types: [JType?], required: Int, isVararg: Bool, kwNames: [String], hasKwSplat: Bool,
    compiled: CompiledBody?, native: NativeBody?, line: Int, file: String, signature: String
  ) {
    self.types = types
    self.required = required
    self.isVararg = isVararg
    self.kwNames = kwNames
    self.hasKwSplat = hasKwSplat
    self.compiled = compiled
    self.native = native
    self.line = line
    self.file = file
    self.signature = signature
  }

  /// How many methods Julia counts for this one: a method with optional positional arguments
  /// is one method per arity (`f(x, y = 2)` is `f(x)` and `f(x, y)`).
  public var arityCount: Int {
    native != nil || isVararg ? 1 : max(1, types.count - required + 1)
  }

  /// A native method taking any arguments; user methods with declared types outrank it.
  public static func native(_ name: String, _ body: @escaping NativeBody) -> Method {
    Method(
      types: [], required: 0, isVararg: true, kwNames: [], hasKwSplat: true, compiled: nil,
      native: body, line: 0, file: "", signature: "\(name)(...)")
  }
}

/// A generic function: a name and its methods.
public final class FunctionValue {
  public let name: String
  public var methods: [Method]
  public var docstring: String?
  public let isAnonymous: Bool
  /// Built-in functions print as `typeof (built-in function)`; the rest as generic functions.
  public var isBuiltin = false
  public init(name: String, methods: [Method] = [], isAnonymous: Bool = false) {
    self.name = name
    self.methods = methods
    self.isAnonymous = isAnonymous
  }

  /// Adds a method, replacing one with the same signature (Julia's redefinition rule).
  public func add(_ m: Method) {
    if let i = methods.firstIndex(where: {
      $0.native == nil && m.native == nil && $0.required == m.required && $0.types.count == m.types.count
        && $0.isVararg == m.isVararg && zip($0.types, m.types).allSatisfy { a, b in a === b }
    }) {
      methods[i] = m
    } else {
      methods.append(m)
    }
  }
}

/// Control flow inside compiled code travels as Swift errors: they are cheap returns, not
/// unwinding, and keep the normal path free of checks.
public enum ControlFlow: Error {
  case breakLoop
  case continueLoop
  case returnValue(Value)
}
