// The runtime's value: numbers unboxed, everything else one reference.
import EddyTensor

/// A value of the Eddy language. Numbers and Bool are stored inline so the scalar hot path
/// never touches the heap; arrays, structs and functions are references with identity.
public enum Value {
  case nothing
  case bool(Bool)
  case int(Int)
  case float(Double)
  case f32(Float)
  case char(Unicode.Scalar)
  case str(String)
  case sym(String)
  /// A dense numeric array (Float32/Float64/Int64/Bool elements).
  case tensor(Tensor)
  /// A scalar that the autodiff tape tracks: a 0-d tensor behaving as a number.
  case tnum(Tensor)
  /// An array of arbitrary values (`Vector{Vector{Float32}}`, `Vector{Any}`).
  case array(ArrayValue)
  case tuple([Value])
  case named(NamedTupleValue)
  case range(RangeValue)
  case fn(FunctionValue)
  case obj(StructValue)
  case type(JType)
  case module(ModuleValue)
  /// Everything else built in: Dict, IOBuffer, Params, Grads, iterators...
  case native(NativeObject)
}

/// An N-d array of arbitrary values, column-major, with identity.
public final class ArrayValue {
  public var shape: [Int]
  public var items: [Value]
  /// The declared element type (`Any` unless known), used for display and `eltype`.
  public var eltype: JType
  public init(_ items: [Value], shape: [Int]? = nil, eltype: JType) {
    self.items = items
    self.shape = shape ?? [items.count]
    self.eltype = eltype
  }
}

/// `(a = 1, b = 2)`
public final class NamedTupleValue {
  public let keys: [String]
  public let values: [Value]
  public init(keys: [String], values: [Value]) {
    self.keys = keys
    self.values = values
  }
  public func get(_ k: String) -> Value? {
    guard let i = keys.firstIndex(of: k) else { return nil }
    return values[i]
  }
}

/// `a:b`, `a:s:b`, and float ranges (`0.0:0.5:1.0`, `range(0, 1, length=3)`).
public final class RangeValue {
  public let start: Double
  public let step: Double
  public let count: Int
  public let isInt: Bool
  /// For display: `1:3` versus `1:1:3`.
  public let explicitStep: Bool
  /// `Base.OneTo(n)`, the axes of an array (`axes`, `eachindex`): `1:n` that shows as such.
  public var isOneTo = false
  /// A float range whose elements are the rationals `(n0 + i·dn) / den`, exact integers all
  /// (FloatRanges.swift): Julia's twice-precision `StepRangeLen` for decimal inputs, so
  /// `0.1:0.1:0.3` ends at 0.3.
  public var rational: (n0: Int, dn: Int, den: Int)?
  public init(start: Double, step: Double, count: Int, isInt: Bool, explicitStep: Bool) {
    self.start = start
    self.step = step
    self.count = max(0, count)
    self.isInt = isInt
    self.explicitStep = explicitStep
  }
  public static func unit(_ a: Int, _ b: Int) -> RangeValue {
    // More than Int64.max elements (`typemin(Int):typemax(Int)`) saturates the count.
    let (d, o1) = b.subtractingReportingOverflow(a)
    let (n, o2) = d.addingReportingOverflow(1)
    return integers(start: a, step: 1, count: b >= a ? (o1 || o2 ? Int.max : n) : 0, explicitStep: false)
  }
  /// `Base.OneTo(n)`.
  public static func oneTo(_ n: Int) -> RangeValue {
    let r = unit(1, n)
    r.isOneTo = true
    return r
  }
  @inline(__always) public func element(_ i: Int) -> Value {
    isInt ? .int(intStart &+ i &* intStep) : .float(floatElement(i))
  }
  /// The integer endpoints and step (ranges past Int64 saturate rather than trap).
  public var intStart: Int { exact?.start ?? storedInt(start) }
  public var intStep: Int { exact?.step ?? storedInt(step) }
  /// The exact Int64 start and step of an integer range made from integers (a Double holds
  /// integers exactly only up to 2^53).
  public var exact: (start: Int, step: Int)?
  /// An integer range from Int64 values, kept exact.
  public static func integers(start: Int, step: Int, count: Int, explicitStep: Bool) -> RangeValue {
    let r = RangeValue(start: Double(start), step: Double(step), count: count, isInt: true, explicitStep: explicitStep)
    r.exact = (start, step)
    return r
  }
  public var intStop: Int { count > 0 ? intLast : intStart &- intStep }
  public var intLast: Int { count > 0 ? intStart &+ (count - 1) &* intStep : intStop }
  /// Element `i` (0-based) as a Double: rounded once from the exact value.
  public func floatElement(_ i: Int) -> Double {
    if isInt { return start + Double(i) * step }
    if let q = rational { return Double(q.n0 + i * q.dn) / Double(q.den) }
    // start + i·step with the product's and the sum's rounding errors carried (fma, TwoSum).
    let k = Double(i)
    let p = k * step
    let pe = (-p).addingProduct(k, step)  // exact: k·step − p, by one fused multiply-add
    let s = start + p
    let bb = s - start
    let err = (start - (s - bb)) + (p - bb)
    return s + (err + pe)
  }
  public var last: Double { floatElement(count - 1) }
  public var stop: Double { count > 0 ? last : start - step }
}

/// An instance of a user or built-in struct type.
public final class StructValue {
  public let type: JType
  public var fields: [Value]
  public init(type: JType, fields: [Value]) {
    self.type = type
    self.fields = fields
  }
}

/// A built-in object other than the core values.
open class NativeObject {
  public init() {}
  open var typeName: String { "Any" }
}

/// A mutable cell shared between a closure and the scope that defined the variable.
public final class Box {
  public var value: Value
  public init(_ v: Value) { value = v }
}

/// A global binding: resolved once at compile time, read without any lookup at run time.
public final class GlobalRef {
  public let name: String
  public var value: Value?
  public var isConst = false
  public unowned let module: ModuleValue
  public init(name: String, module: ModuleValue) {
    self.name = name
    self.module = module
  }
}

/// A module: a table of global bindings and the modules it reads through.
public final class ModuleValue {
  public let name: String
  public var globals: [String: GlobalRef] = [:]
  public var exports: Set<String> = []
  /// Modules whose exported bindings this module sees (`using`).
  public var parentName: String?
  public init(name: String) { self.name = name }

  public func ref(_ name: String) -> GlobalRef {
    if let r = globals[name] { return r }
    let r = GlobalRef(name: name, module: self)
    globals[name] = r
    return r
  }
  public func define(_ name: String, _ v: Value, export: Bool = true) {
    ref(name).value = v
    if export { exports.insert(name) }
  }
}

extension Value {
  @inline(__always) public var isNothing: Bool {
    if case .nothing = self { return true }
    return false
  }
}

/// An Int64 element as stored (an integral Double): values at or past ±2^63 (an overflowed
/// product, typemax(Int) rounded up) saturate instead of trapping.
@inline(__always) func storedInt(_ d: Double) -> Int {
  if d.isNaN { return 0 }
  if d >= 9.223372036854775807e18 { return Int.max }
  if d <= -9.223372036854775808e18 { return Int.min }
  return Int(d)
}
