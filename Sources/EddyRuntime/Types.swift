// Julia's types as runtime values: the nominal hierarchy, array types and `typeof`/`isa`.
import EddyTensor

/// A Julia type: abstract or concrete nominal types, struct types, and parametric arrays.
public final class JType: CustomStringConvertible {
  public enum Kind { case abstract, concrete, structType, array, tuple }
  public let name: String
  public let kind: Kind
  public let supertype: JType?
  // Struct types
  public var fieldNames: [String] = []
  public var isMutable = false
  /// Methods of `(x::T)(args...)`.
  public var callFunction: FunctionValue?
  /// The constructor `T(args...)`: the default positional method plus outer constructors.
  public var constructor: FunctionValue?
  /// A constructor that does not belong to one interpreter (types shared by all of them, such
  /// as `Dict{String, Int64}`); it takes precedence over `constructor`.
  public var nativeConstructor: ((Interpreter, [Value], [(String, Value)]) throws -> Value)?
  /// Set by `Flux.@functor T`: traversals walk its fields.
  public var isFunctor = false
  /// Arrays: element type (nil = any) and rank (nil = any); `kind == .array`.
  public let elem: JType?
  public let ndims: Int?
  public let isAbstractArray: Bool
  /// `BitArray{N}`: the Bool array a broadcast comparison returns (not an `Array{Bool, N}`).
  public var isBitArray = false
  /// The module that defined a struct (for display `Main.Foo` is not needed; kept for help).
  public var docstring: String?
  // Parametric types
  /// `struct P{T, S}` and `abstract type A{T}`: the parameter names (empty when not parametric).
  public var typeParamNames: [String] = []
  /// For an instance such as `P{Int64}`: the parametric type it instantiates, and its parameters.
  public var generic: JType?
  public var typeArgs: [Value] = []
  /// Declared field types of a struct (nil = Any), after substituting the parameters.
  public var fieldTypes: [JType?] = []
  /// Builds (or finds) the instance `P{args...}` of a parametric struct.
  public var instantiate: (([Value]) throws -> JType)?
  /// A `where T` variable while a method signature is evaluated; `supertype` is its bound.
  public var isTypeVar = false

  public init(name: String, kind: Kind, supertype: JType?) {
    self.name = name
    self.kind = kind
    self.supertype = supertype
    self.elem = nil
    self.ndims = nil
    self.isAbstractArray = false
  }
  init(arrayOf elem: JType?, ndims: Int?, abstract: Bool) {
    self.kind = .array
    self.elem = elem
    self.ndims = ndims
    self.isAbstractArray = abstract
    self.supertype = nil
    self.name = abstract ? "AbstractArray" : "Array"
  }

  public var description: String {
    guard kind == .array else { return name }
    if isBitArray {
      switch ndims {
      case 1: return "BitVector"
      case 2: return "BitMatrix"
      default: return "BitArray{\(ndims ?? 0)}"
      }
    }
    let e = elem?.description
    if isAbstractArray {
      switch (ndims, e) {
      case (1, nil): return "AbstractVector"
      case (2, nil): return "AbstractMatrix"
      case (1, let e?): return "AbstractVector{\(e)}"
      case (2, let e?): return "AbstractMatrix{\(e)}"
      case (nil, nil): return "AbstractArray"
      case (nil, let e?): return "AbstractArray{\(e)}"
      case (let n?, nil): return "AbstractArray{T, \(n)} where T"
      case (let n?, let e?): return "AbstractArray{\(e), \(n)}"
      }
    }
    guard let es = e else {
      switch ndims {
      case 1: return "Vector"
      case 2: return "Matrix"
      case let n?: return "Array{T, \(n)} where T"
      case nil: return "Array"
      }
    }
    switch ndims {
    case 1: return "Vector{\(es)}"
    case 2: return "Matrix{\(es)}"
    case let n?: return "Array{\(es), \(n)}"
    case nil: return "Array{\(es)}"
    }
  }

  /// The name with every `Vector`/`Matrix` alias written out, as the `(alias for …)` note
  /// shows it: `Array{Array{Float32, 1}, 1}`.
  public var expandedDescription: String {
    if isBitArray { return "BitArray{\(ndims ?? 0)}" }
    guard kind == .array, !isAbstractArray, let n = ndims else { return description }
    return "Array{\(elem?.expandedDescription ?? "Any"), \(n)}"
  }
}

/// The built-in types, created once.
public enum Types {
  public static let any = JType(name: "Any", kind: .abstract, supertype: nil)
  public static let number = JType(name: "Number", kind: .abstract, supertype: any)
  public static let real = JType(name: "Real", kind: .abstract, supertype: number)
  public static let abstractFloat = JType(name: "AbstractFloat", kind: .abstract, supertype: real)
  public static let integer = JType(name: "Integer", kind: .abstract, supertype: real)
  public static let signed = JType(name: "Signed", kind: .abstract, supertype: integer)
  public static let int64 = JType(name: "Int64", kind: .concrete, supertype: signed)
  public static let bool = JType(name: "Bool", kind: .concrete, supertype: integer)
  public static let float64 = JType(name: "Float64", kind: .concrete, supertype: abstractFloat)
  public static let float32 = JType(name: "Float32", kind: .concrete, supertype: abstractFloat)
  public static let abstractString = JType(name: "AbstractString", kind: .abstract, supertype: any)
  public static let string = JType(name: "String", kind: .concrete, supertype: abstractString)
  public static let abstractChar = JType(name: "AbstractChar", kind: .abstract, supertype: any)
  public static let char = JType(name: "Char", kind: .concrete, supertype: abstractChar)
  public static let symbol = JType(name: "Symbol", kind: .concrete, supertype: any)
  public static let nothing = JType(name: "Nothing", kind: .concrete, supertype: any)
  public static let function = JType(name: "Function", kind: .abstract, supertype: any)
  public static let tuple = JType(name: "Tuple", kind: .tuple, supertype: any)
  public static let namedTuple = JType(name: "NamedTuple", kind: .concrete, supertype: any)
  public static let abstractRange = JType(name: "AbstractRange", kind: .abstract, supertype: abstractVector)
  public static let unitRange = JType(name: "UnitRange{Int64}", kind: .concrete, supertype: abstractRange)
  public static let stepRange = JType(name: "StepRange{Int64, Int64}", kind: .concrete, supertype: abstractRange)
  public static let oneTo = JType(name: "Base.OneTo{Int64}", kind: .concrete, supertype: abstractRange)
  public static let floatRange = JType(
    name: "StepRangeLen{Float64, Base.TwicePrecision{Float64}, Base.TwicePrecision{Float64}, Int64}",
    kind: .concrete, supertype: abstractRange)
  public static let dataType = JType(name: "DataType", kind: .concrete, supertype: any)
  public static let unionAll = JType(name: "UnionAll", kind: .concrete, supertype: any)
  public static let module = JType(name: "Module", kind: .concrete, supertype: any)
  public static let exception = JType(name: "Exception", kind: .abstract, supertype: any)
  public static let io = JType(name: "IO", kind: .abstract, supertype: any)
  public static let abstractDict = JType(name: "AbstractDict", kind: .abstract, supertype: any)

  public static let abstractArray = JType(arrayOf: nil, ndims: nil, abstract: true)
  public static let abstractVector = JType(arrayOf: nil, ndims: 1, abstract: true)
  public static let abstractMatrix = JType(arrayOf: nil, ndims: 2, abstract: true)

  private static let arrayCache = LockedCache<String, JType>()

  /// The concrete `Array{elem, n}` type, shared so identity comparisons work.
  public static func array(_ elem: JType, _ n: Int) -> JType {
    arrayCache.value(for: "\(elem.description)#\(n)") { JType(arrayOf: elem, ndims: n, abstract: false) }
  }
  /// `BitVector`, `BitMatrix`, `BitArray{n}`, shared so identity comparisons work.
  public static func bitArray(_ n: Int) -> JType {
    arrayCache.value(for: "BitArray#\(n)") {
      let t = JType(arrayOf: bool, ndims: n, abstract: false)
      t.isBitArray = true
      return t
    }
  }
  public static func abstractArray(_ elem: JType?, _ n: Int?) -> JType {
    JType(arrayOf: elem, ndims: n, abstract: true)
  }
  public static func forDType(_ d: DType) -> JType {
    switch d {
    case .bool: return bool
    case .int64: return int64
    case .float32: return float32
    case .float64: return float64
    }
  }
  public static func dtype(of t: JType) -> DType? {
    if t === float32 { return .float32 }
    if t === float64 { return .float64 }
    if t === int64 { return .int64 }
    if t === bool { return .bool }
    return nil
  }
}

extension JType {
  /// `self <: other`
  public func isSubtype(of other: JType) -> Bool {
    if self === other || other === Types.any { return true }
    if let g = generic, g === other { return true }  // `P{Int64} <: P`
    if other.kind == .array {
      guard kind == .array || self === Types.unitRange || self === Types.stepRange
        || self === Types.floatRange || self === Types.oneTo
      else { return false }
      if kind != .array {  // ranges are AbstractVector{Int64}/{Float64}
        guard other.isAbstractArray, other.ndims == nil || other.ndims == 1 else { return false }
        if let e = other.elem {
          return e === Types.any || e === (self === Types.floatRange ? Types.float64 : Types.int64)
            || (self === Types.floatRange ? Types.float64 : Types.int64).isSubtype(of: e) && !other.isAbstractArray
        }
        return true
      }
      if !other.isAbstractArray && isAbstractArray { return false }
      // A BitArray is an AbstractArray{Bool} but no Array{Bool}, and the reverse.
      if !other.isAbstractArray && other.isBitArray != isBitArray && (other.elem != nil || other.isBitArray) {
        return false
      }
      if let n = other.ndims, n != ndims { return false }
      if let e = other.elem {
        guard let mine = elem else { return false }
        // Array{Float32} <: AbstractArray{Float32} only with the same element type (invariance),
        // except that `AbstractArray{<:Real}`-style checks are written as elem `Any` by us.
        return mine === e || e === Types.any && !other.isAbstractArray ? mine === e : mine === e
      }
      return true
    }
    var t: JType? = supertype
    if kind == .array { return other === Types.any }
    while let s = t {
      if s === other { return true }
      t = s.supertype
    }
    return false
  }

  /// Depth in the hierarchy: larger is more specific, used to rank methods.
  public var specificity: Int {
    if kind == .array {
      var s = isAbstractArray ? 2 : 5
      if ndims != nil { s += 1 }
      if elem != nil { s += 1 }
      return s
    }
    var d = 0
    var t: JType? = supertype
    while let s = t {
      d += 1
      t = s.supertype
    }
    return d + (kind == .concrete || kind == .structType ? 4 : 0) + (generic != nil ? 1 : 0)
  }
}
