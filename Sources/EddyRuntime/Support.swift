// Built-in object types that are not arrays: Pair, exceptions, Dict, IOBuffer; and small utilities.
import EddySyntax
import EddyTensor

#if canImport(Glibc)
  import Glibc
#endif

/// Struct types the runtime itself creates.
public enum BuiltinTypes {
  public static let pair: JType = {
    let t = JType(name: "Pair", kind: .structType, supertype: Types.any)
    t.fieldNames = ["first", "second"]
    return t
  }()

  /// Shared by every interpreter (tests run several on parallel threads), hence the lock.
  static let exceptions = LockedCache<String, JType>()

  /// The exception type named `kind`, with a `msg` field (UndefVarError has `var`).
  static func exception(_ kind: String) -> JType {
    exceptions.value(for: kind) {
      let t = JType(name: kind, kind: .structType, supertype: Types.exception)
      t.fieldNames =
        kind == "UndefVarError" ? ["var"] : kind == "KeyError" ? ["key"] : kind == "DomainError" ? ["val", "msg"] : ["msg"]
      let ctor = FunctionValue(name: kind)
      ctor.methods = [
        .native(kind) { args, _ in
          // `DomainError(val, msg)`; the message is optional, as in Julia.
          if kind == "DomainError" {
            return .obj(StructValue(type: t, fields: [args.first ?? .nothing, args.count > 1 ? args[1] : .str("")]))
          }
          return .obj(StructValue(type: t, fields: [args.first ?? .str("")]))
        }
      ]
      t.constructor = ctor
      return t
    }
  }

  static let exceptionNames = [
    "ErrorException", "ArgumentError", "DimensionMismatch", "BoundsError", "UndefVarError", "MethodError",
    "KeyError", "DomainError", "InexactError", "DivideError", "StackOverflowError", "OutOfMemoryError",
    "InterruptException", "AssertionError", "TypeError", "FieldError", "OverflowError", "UndefKeywordError",
  ]
}

/// A process-wide memo table that several threads may fill at once.
public final class LockedCache<Key: Hashable, V>: @unchecked Sendable {
  private var table: [Key: V] = [:]
  private let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
    let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    pthread_mutex_init(m, nil)
    return m
  }()

  public init() {}

  /// The value stored for `key`, made by `make` (under the lock) the first time.
  public func value(for key: Key, _ make: () -> V) -> V {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    if let v = table[key] { return v }
    let v = make()
    table[key] = v
    return v
  }
}

extension Interpreter {
  /// The value `catch e` binds.
  func exceptionValue(_ e: JuliaError) -> Value {
    if let p = e.payload { return p }
    let t = BuiltinTypes.exception(e.kind)
    var msg = e.message
    if e.kind == "UndefVarError", let r = msg.firstRange(of: "`"), let r2 = msg[r.upperBound...].firstRange(of: "`") {
      return .obj(StructValue(type: t, fields: [.sym(String(msg[r.upperBound..<r2.lowerBound]))]))
    }
    if e.kind == "StackOverflowError" || e.kind == "InterruptException" || e.kind == "DivideError" { msg = "" }
    if e.kind == "DomainError" {
      // Natively raised: "DomainError with -1.0:\nsqrt was called with ..." → val, msg.
      if msg.hasPrefix("DomainError with "), let r = msg.firstRange(of: ":\n") {
        let val = String(msg[msg.index(msg.startIndex, offsetBy: 17)..<r.lowerBound])
        return .obj(StructValue(type: t, fields: [Double(val).map { .float($0) } ?? .str(val), .str(String(msg[r.upperBound...]))]))
      }
      return .obj(StructValue(type: t, fields: [.nothing, .str(msg)]))
    }
    return .obj(StructValue(type: t, fields: [.str(msg)]))
  }

  /// The error a thrown value becomes.
  func errorFromValue(_ v: Value) -> JuliaError {
    if case .obj(let s) = v, s.type.supertype === Types.exception {
      let msg: String
      if let f = s.fields.first {
        if case .str(let m) = f { msg = m } else { msg = printString(f) }
      } else {
        msg = ""
      }
      var e = JuliaError(s.type.name, msg, payload: v)
      // `DomainError(val, msg)` shows as Julia's showerror does: "DomainError with val:\nmsg".
      if s.type.name == "DomainError", s.fields.count == 2 {
        let text: String
        if case .str(let m) = s.fields[1] { text = m } else { text = printString(s.fields[1]) }
        e = JuliaError("DomainError", "DomainError with \(showString(s.fields[0]))" + (text.isEmpty ? "" : ":\n" + text), payload: v)
      }
      if s.type.name == "ErrorException" { e.kind = "ErrorException" }
      return e
    }
    var e = JuliaError("", showString(v), payload: v)
    e.kind = "ErrorException"
    return e
  }

  func builtin(_ name: String) -> FunctionValue {
    if let r = base.globals[name], case .fn(let f)? = r.value { return f }
    return FunctionValue(name: name)
  }
}

/// `IOBuffer()`, and the `io` argument of `show` methods.
final class IOBufferValue: NativeObject, TypedNative {
  var text = ""
  override var typeName: String { "IOBuffer" }
  var jtype: JType { Self.type }
  static let type = JType(name: "IOBuffer", kind: .concrete, supertype: Types.io)
}

/// `stdout`
final class StdoutValue: NativeObject, TypedNative {
  override var typeName: String { "Base.TTY" }
  var jtype: JType { Self.type }
  static let type = JType(name: "Base.TTY", kind: .concrete, supertype: Types.io)
}

/// `Dict(k => v, ...)`: insertion-ordered, keys compared by value.
final class DictValue: NativeObject, TypedNative, NativeIndexable {
  var keys: [Value] = []
  var values: [Value] = []
  var index: [String: Int] = [:]
  unowned let interp: Interpreter
  let isId: Bool
  /// `Dict{K, V}`: fixed when the dictionary is made (nil = Any), see `Interpreter.dictType`.
  var keyType: JType?
  var valueType: JType?
  init(_ interp: Interpreter, isId: Bool = false) {
    self.interp = interp
    self.isId = isId
  }
  override var typeName: String { BuiltinTypes.dictType(self).description }
  var jtype: JType { isId ? Self.idType : Self.type }
  static let type = JType(name: "Dict", kind: .concrete, supertype: Types.abstractDict)
  static let idType = JType(name: "IdDict", kind: .concrete, supertype: Types.abstractDict)

  func key(_ k: Value) -> String {
    if isId {
      switch k {
      case .tensor(let t): return "T\(ObjectIdentifier(t).hashValue)"
      case .array(let a): return "A\(ObjectIdentifier(a).hashValue)"
      case .obj(let o): return "O\(ObjectIdentifier(o).hashValue)"
      default: break
      }
    }
    switch k {
    case .int(let x): return "i\(x)"
    case .float(let x): return x == x.rounded() && abs(x) < 1e15 ? "i\(Int(x))" : "f\(x)"
    case .str(let s): return "s" + s
    case .sym(let s): return ":" + s
    default: return interp.typeOf(k).description + interp.showString(k)
    }
  }
  func get(_ k: Value) -> Value? { index[key(k)].map { values[$0] } }
  func set(_ k: Value, _ v: Value) {
    let kk = key(k)
    if let i = index[kk] {
      values[i] = v
    } else {
      index[kk] = keys.count
      keys.append(k)
      values.append(v)
    }
  }
  func remove(_ k: Value) -> Value? {
    guard let i = index[key(k)] else { return nil }
    let v = values[i]
    keys.remove(at: i)
    values.remove(at: i)
    index = [:]
    for (j, kk) in keys.enumerated() { index[key(kk)] = j }
    return v
  }
  func getIndex(_ interp: Interpreter, _ idx: [Value]) throws -> Value {
    guard let k = idx.first, let v = get(k) else {
      throw JuliaError.key("key \(idx.first.map { interp.showString($0) } ?? "") not found")
    }
    return v
  }
  func setIndex(_ interp: Interpreter, _ idx: [Value], _ v: Value) throws {
    guard let k = idx.first else { return }
    set(k, v)
  }
  func length(_ interp: Interpreter) -> Int { keys.count }
}

extension DictValue: NativeIterable, NativeShow, NativeDisplay {
  func elements(_ interp: Interpreter) throws -> [Value] {
    zip(keys, values).map { interp.makePair($0, $1) }
  }
  func show(_ interp: Interpreter) -> String {
    let body = zip(keys, values).map { "\(interp.showString($0)) => \(interp.showString($1))" }
    return "Dict(" + body.joined(separator: ", ") + ")"
  }
  func display(_ interp: Interpreter) -> String {
    var s = "\(typeName) with \(keys.count) entr\(keys.count == 1 ? "y" : "ies")"
    if keys.isEmpty { return s }
    s += ":"
    let ks = keys.map { interp.showString($0) }
    let w = ks.map { $0.count }.max() ?? 0
    for (k, v) in zip(ks, values) {
      s += "\n  " + k + String(repeating: " ", count: w - k.count) + " => " + interp.showString(v)
    }
    return s
  }
}

func monotonicSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func wallSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_REALTIME, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// `@time`'s seconds: six decimals, like Julia.
func formatSeconds(_ s: Double) -> String {
  let micros = Int((s * 1e6).rounded())
  let whole = micros / 1_000_000
  let frac = String(micros % 1_000_000)
  return "\(whole)." + String(repeating: "0", count: 6 - frac.count) + frac
}

public func writeStderr(_ s: String) {
  let bytes = Array(s.utf8)
  bytes.withUnsafeBytes { p in
    guard let base = p.baseAddress else { return }
    var off = 0
    while off < p.count {
      let n = write(2, base + off, p.count - off)
      if n <= 0 { break }
      off += n
    }
  }
}
