// Scalar math with tensor broadcasting: exp, tanh, σ, relu, round, max, clamp, isapprox...
import EddyAutodiff
import EddyTensor

#if canImport(Glibc)
  import Glibc
#endif

/// A scalar function with a tensor kernel: Float64 and Float32 forms kept separate so that
/// Float32 stays Float32.
struct UnaryMath {
  let op: UnaryOp
  let d: (Double) -> Double
  let f: (Float) -> Float
  /// Domain check for real arguments (sqrt/log of negatives).
  let domain: ((Double) -> Bool)?
  var intResult = false
}

func sigmoidD(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }
func sigmoidF(_ x: Float) -> Float { x >= 0 ? 1 / (1 + expf(-x)) : expf(x) / (1 + expf(x)) }

extension Interpreter {
  static let unaryMath: [String: UnaryMath] = [
    "exp": UnaryMath(op: .exp, d: { exp($0) }, f: { expf($0) }, domain: nil),
    "expm1": UnaryMath(op: .expm1, d: { expm1($0) }, f: { expm1f($0) }, domain: nil),
    "log": UnaryMath(op: .log, d: { log($0) }, f: { logf($0) }, domain: { $0 >= 0 || $0.isNaN }),
    "log1p": UnaryMath(op: .log1p, d: { log1p($0) }, f: { log1pf($0) }, domain: { $0 >= -1 || $0.isNaN }),
    "log2": UnaryMath(op: .log2, d: { log2($0) }, f: { log2f($0) }, domain: { $0 >= 0 || $0.isNaN }),
    "log10": UnaryMath(op: .log10, d: { log10($0) }, f: { log10f($0) }, domain: { $0 >= 0 || $0.isNaN }),
    "sqrt": UnaryMath(op: .sqrt, d: { $0.squareRoot() }, f: { $0.squareRoot() }, domain: { $0 >= 0 || $0.isNaN }),
    "abs": UnaryMath(op: .abs, d: { Swift.abs($0) }, f: { Swift.abs($0) }, domain: nil),
    "abs2": UnaryMath(op: .square, d: { $0 * $0 }, f: { $0 * $0 }, domain: nil),
    "sign": UnaryMath(op: .sign, d: { $0 > 0 ? 1 : $0 < 0 ? -1 : $0 }, f: { $0 > 0 ? 1 : $0 < 0 ? -1 : $0 }, domain: nil),
    "tanh": UnaryMath(op: .tanh, d: { tanh($0) }, f: { tanhf($0) }, domain: nil),
    "σ": UnaryMath(op: .sigmoid, d: sigmoidD, f: sigmoidF, domain: nil),
    "sigmoid": UnaryMath(op: .sigmoid, d: sigmoidD, f: sigmoidF, domain: nil),
    "relu": UnaryMath(op: .relu, d: { Swift.max($0, 0) }, f: { Swift.max($0, 0) }, domain: nil),
    "softplus": UnaryMath(op: .softplus, d: { log1p(exp(-Swift.abs($0))) + Swift.max($0, 0) }, f: { log1pf(expf(-Swift.abs($0))) + Swift.max($0, 0) }, domain: nil),
    "leakyrelu": UnaryMath(op: .leakyrelu, d: { $0 > 0 ? $0 : 0.01 * $0 }, f: { $0 > 0 ? $0 : 0.01 * $0 }, domain: nil),
    "elu": UnaryMath(op: .elu, d: { $0 > 0 ? $0 : expm1($0) }, f: { $0 > 0 ? $0 : expm1f($0) }, domain: nil),
    "swish": UnaryMath(op: .swish, d: { $0 * sigmoidD($0) }, f: { $0 * sigmoidF($0) }, domain: nil),
    "sin": UnaryMath(op: .sin, d: { sin($0) }, f: { sinf($0) }, domain: nil),
    "cos": UnaryMath(op: .cos, d: { cos($0) }, f: { cosf($0) }, domain: nil),
    "tan": UnaryMath(op: .tan, d: { tan($0) }, f: { tanf($0) }, domain: nil),
    "floor": UnaryMath(op: .floor, d: { $0.rounded(.down) }, f: { $0.rounded(.down) }, domain: nil),
    "ceil": UnaryMath(op: .ceil, d: { $0.rounded(.up) }, f: { $0.rounded(.up) }, domain: nil),
    "trunc": UnaryMath(op: .trunc, d: { $0.rounded(.towardZero) }, f: { $0.rounded(.towardZero) }, domain: nil),
  ]

  func applyUnary(_ name: String, _ m: UnaryMath, _ v: Value) throws -> Value {
    func checked(_ x: Double) throws {
      if let dom = m.domain, !dom(x) {
        throw JuliaError(
          "DomainError",
          "DomainError with \(NumberFormat.show(x)):\n\(name) was called with a negative real argument but will only return a complex result if called with a complex argument. Try \(name)(Complex(x)).")
      }
    }
    switch v {
    case .float(let x):
      try checked(x)
      return .float(m.d(x))
    case .f32(let x):
      try checked(Double(x))
      return .f32(m.f(x))
    case .int(let x):
      if ["abs", "sign", "abs2"].contains(name) {
        // abs(typemin(Int)) wraps to typemin(Int), as in Julia.
        return .int(name == "abs" ? (x < 0 ? 0 &- x : x) : name == "sign" ? x.signum() : x &* x)
      }
      if ["floor", "ceil", "trunc"].contains(name) { return .int(x) }
      try checked(Double(x))
      return .float(m.d(Double(x)))
    case .bool(let b): return try applyUnary(name, m, .int(b ? 1 : 0))
    case .tnum(let t): return wrap(try tensorOp { try Diff.map(m.op, t) })
    default:
      throw methodError(name, [v])
    }
  }

  func registerMath() {
    for (name, m) in Interpreter.unaryMath {
      def(name) { [unowned self] args, _ in
        guard args.count == 1 else { throw self.methodError(name, args) }
        return try self.applyUnary(name, m, args[0])
      }
    }
    def("round") { [unowned self] args, kw in try self.round(args, kw) }
    def("max") { [unowned self] args, _ in try self.foldBinary(.max, "max", args) }
    def("min") { [unowned self] args, _ in try self.foldBinary(.min, "min", args) }
    def("clamp") { [unowned self] args, _ in
      guard args.count == 3 else { throw self.methodError("clamp", args) }
      if self.isArrayLike(args[0]), let t = try self.asTensor(args[0]), let lo = self.toDouble(args[1]), let hi = self.toDouble(args[2]) {
        return .tensor(try tensorOp { try Diff.clamp(t, lo: lo, hi: hi) })
      }
      return try self.foldBinary(.min, "clamp", [try self.foldBinary(.max, "clamp", [args[0], args[1]]), args[2]])
    }
    def("mod") { [unowned self] args, _ in
      guard args.count == 2 else { throw self.methodError("mod", args) }
      if case .int(let a) = args[0], case .int(let b) = args[1] {
        guard b != 0 else { throw JuliaError("DivideError", "") }
        let r = a.remainderReportingOverflow(dividingBy: b).partialValue  // typemin % -1 is 0
        return .int(r != 0 && (r < 0) != (b < 0) ? r &+ b : r)
      }
      guard let a = self.toDouble(args[0]), let b = self.toDouble(args[1]) else { throw self.methodError("mod", args) }
      let r = a - b * (a / b).rounded(.down)
      if case .f32 = args[0] { return .f32(Float(r)) }
      return .float(r)
    }
    def("rem") { [unowned self] args, _ in
      guard args.count == 2 else { throw self.methodError("rem", args) }
      return try self.binary(.mod, args[0], args[1])
    }
    def("div") { [unowned self] args, _ in
      guard args.count == 2 else { throw self.methodError("div", args) }
      return try self.binary(.intdiv, args[0], args[1])
    }
    def("fld") { [unowned self] args, _ in
      guard args.count == 2, case .int(let a) = args[0], case .int(let b) = args[1] else { throw self.methodError("fld", args) }
      guard b != 0 else { throw JuliaError("DivideError", "") }
      // Floor division in integers: the quotient toward zero, one less when the signs differ.
      let (q, r) = (a.dividedReportingOverflow(by: b).partialValue, a.remainderReportingOverflow(dividingBy: b).partialValue)
      return .int(r != 0 && (r < 0) != (b < 0) ? q &- 1 : q)
    }
    def("cld") { [unowned self] args, _ in
      guard args.count == 2, case .int(let a) = args[0], case .int(let b) = args[1] else { throw self.methodError("cld", args) }
      guard b != 0 else { throw JuliaError("DivideError", "") }
      let (q, r) = (a.dividedReportingOverflow(by: b).partialValue, a.remainderReportingOverflow(dividingBy: b).partialValue)
      return .int(r != 0 && (r < 0) == (b < 0) ? q &+ 1 : q)
    }
    def("iseven") { [unowned self] args, _ in .bool(try self.toInt(args.first ?? .nothing) % 2 == 0) }
    def("isodd") { [unowned self] args, _ in .bool(try self.toInt(args.first ?? .nothing) % 2 != 0) }
    def("isnan") { [unowned self] args, _ in .bool(self.toDouble(args.first ?? .nothing)?.isNaN ?? false) }
    def("isinf") { [unowned self] args, _ in .bool(self.toDouble(args.first ?? .nothing)?.isInfinite ?? false) }
    def("isfinite") { [unowned self] args, _ in .bool(self.toDouble(args.first ?? .nothing)?.isFinite ?? false) }
    def("zero") { [unowned self] args, _ in try self.zeroOne(args.first, 0) }
    def("one") { [unowned self] args, _ in try self.zeroOne(args.first, 1) }
    def("eps") { args, _ in
      if case .type(let t)? = args.first, t === Types.float32 { return .f32(Float.ulpOfOne) }
      if case .f32? = args.first { return .f32(Float.ulpOfOne) }
      return .float(Double.ulpOfOne)
    }
    def("typemax") { args, _ in
      if case .type(let t)? = args.first {
        if t === Types.int64 { return .int(Int.max) }
        if t === Types.float32 { return .f32(.infinity) }
      }
      return .float(.infinity)
    }
    def("typemin") { args, _ in
      if case .type(let t)? = args.first {
        if t === Types.int64 { return .int(Int.min) }
        if t === Types.float32 { return .f32(-.infinity) }
      }
      return .float(-.infinity)
    }
    def("floatmax") { args, _ in
      if case .type(let t)? = args.first, t === Types.float32 { return .f32(.greatestFiniteMagnitude) }
      return .float(.greatestFiniteMagnitude)
    }
    def("atan") { [unowned self] args, _ in
      guard let y = self.toDouble(args.first ?? .nothing) else { throw self.methodError("atan", args) }
      if args.count == 2, let x = self.toDouble(args[1]) { return .float(atan2(y, x)) }
      if case .f32 = args[0] { return .f32(Float(atan(y))) }
      return .float(atan(y))
    }
    def("exp2") { [unowned self] args, _ in
      guard let x = self.toDouble(args.first ?? .nothing) else { throw self.methodError("exp2", args) }
      return .float(exp2(x))
    }
    def("hypot") { [unowned self] args, _ in
      guard args.count == 2, let a = self.toDouble(args[0]), let b = self.toDouble(args[1]) else { throw self.methodError("hypot", args) }
      return .float(hypot(a, b))
    }
    def("isapprox") { [unowned self] args, kw in try self.isApprox(args, kw) }
    def("xor") { [unowned self] args, _ in
      guard args.count == 2 else { throw self.methodError("xor", args) }
      return try self.binary(.xor, args[0], args[1])
    }
    def("!") { [unowned self] args, _ in
      guard args.count == 1, case .bool(let b) = args[0] else { throw self.methodError("!", args) }
      return .bool(!b)
    }
    for op: BinOp in [.add, .sub, .mul, .div, .pow, .mod, .intdiv, .eq, .ne, .lt, .le, .gt, .ge, .band, .bor, .ldiv] {
      let name = op.rawValue
      def(name) { [unowned self] args, _ in
        if args.count == 1, op == .sub { return try self.negate(args[0]) }
        if args.count == 1, op == .add || op == .mul { return args[0] }
        guard args.count >= 2 else { throw self.methodError(name, args) }
        var acc = try self.binary(op, args[0], args[1])
        for v in args.dropFirst(2) { acc = try self.binary(op, acc, v) }
        return acc
      }
    }
    alias("≠", "!=")
    alias("≤", "<=")
    alias("≥", ">=")
    alias("÷", "÷")
    def("in") { [unowned self] args, _ in
      guard args.count == 2 else { throw self.methodError("in", args) }
      return .bool(try self.contains(args[1], args[0]))
    }
    alias("∈", "in")
    def("===") { [unowned self] args, _ in .bool(args.count == 2 && self.identical(args[0], args[1])) }
  }

  func zeroOne(_ v: Value?, _ k: Int) throws -> Value {
    switch v {
    case .type(let t)?:
      if t === Types.float32 { return .f32(Float(k)) }
      if t === Types.int64 { return .int(k) }
      return .float(Double(k))
    case .f32?: return .f32(Float(k))
    case .int?: return .int(k)
    case .float?: return .float(Double(k))
    case .tensor(let t)?:
      let r = try tensorOp { try Tensor(shape: t.shape, dtype: t.dtype) }
      if k != 0 { Kernels.fill(r, Double(k)) }
      return .tensor(r)
    default: return .float(Double(k))
    }
  }

  func foldBinary(_ op: BinOp, _ name: String, _ args: [Value]) throws -> Value {
    guard args.count >= 2 else {
      if args.count == 1, isArrayLike(args[0]) {
        throw JuliaError("MethodError", "no method matching \(name)(::\(typeOf(args[0])))\nUse \(name == "max" ? "maximum" : "minimum") for the largest element of an array.")
      }
      throw methodError(name, args)
    }
    var acc = args[0]
    for v in args.dropFirst() {
      if let r = try scalarBinary(op, acc, v) {
        acc = r
      } else if let x = scalarTensor(acc), let y = scalarTensor(v) {
        acc = try tensorBinary(op, x, y)
      } else {
        throw methodError(name, args)
      }
    }
    return acc
  }

  func round(_ args: [Value], _ kw: [(String, Value)]) throws -> Value {
    guard let first = args.first else { throw methodError("round", args) }
    if case .type(let t) = first, args.count == 2 {
      guard let d = toDouble(args[1]) else { throw methodError("round", args) }
      let r = d.rounded(.toNearestOrEven)
      if t === Types.int64 {
        guard r.isFinite, abs(r) < 9.2e18 else { throw JuliaError.inexact("Int64(\(showString(args[1])))") }
        return .int(Int(r))
      }
      return try convert(.float(r), to: t)
    }
    let digits = kw.first { $0.0 == "digits" }.map { $0.1 }
    let sig = kw.first { $0.0 == "sigdigits" }.map { $0.1 }
    if isArrayLike(first) { return try broadcastCall(.fn(builtin("round")), args, kw) }
    func rnd(_ x: Double) throws -> Double {
      if let digits {
        let d = try toInt(digits)
        let p = pow(10.0, Double(d))
        let y = (x * p).rounded(.toNearestOrEven) / p
        return y.isFinite ? y : x
      }
      if let sig {
        let s = try toInt(sig)
        if x == 0 || !x.isFinite { return x }
        guard s >= 1 else { throw JuliaError.domain("DomainError with \(s):\nsigdigits must be positive") }
        if s > 400 { return x }
        let e = storedInt(floor(log10(abs(x)))) - s + 1
        let p = pow(10.0, Double(-e))
        return (x * p).rounded(.toNearestOrEven) / p
      }
      return x.rounded(.toNearestOrEven)
    }
    switch first {
    case .float(let x): return .float(try rnd(x))
    case .f32(let x): return .f32(Float(try rnd(Double(x))))
    case .int: return first
    case .tnum(let t): return try round([scalarValue(t, 0)], kw)
    default: throw methodError("round", args)
    }
  }

  func isApprox(_ args: [Value], _ kw: [(String, Value)]) throws -> Value {
    guard args.count == 2 else { throw methodError("isapprox", args) }
    let atol = try kw.first { $0.0 == "atol" }.map { v -> Double in
      guard let d = toDouble(v.1) else { throw methodError("isapprox", args) }
      return d
    } ?? 0
    if isArrayLike(args[0]) || isArrayLike(args[1]) {
      guard let x = try asTensor(args[0]), let y = try asTensor(args[1]) else { throw methodError("isapprox", args) }
      guard x.count == y.count else {
        throw JuliaError.dimension("dimensions must match: a has dims \(axesText(x.shape)), b has dims \(axesText(y.shape))")
      }
      let f32 = x.dtype == .float32 || y.dtype == .float32
      let defaultRtol = atol > 0 ? 0 : (f32 && !(x.dtype == .float64 || y.dtype == .float64) ? Double(Float.ulpOfOne).squareRoot() : Double.ulpOfOne.squareRoot())
      let rtol = try kw.first { $0.0 == "rtol" }.map { try toDoubleOrThrow($0.1) } ?? defaultRtol
      var dn = 0.0, xn = 0.0, yn = 0.0
      for k in 0..<x.count {
        let a = x[linear: k], b = y[linear: k]
        dn += (a - b) * (a - b)
        xn += a * a
        yn += b * b
      }
      return .bool(dn.squareRoot() <= Swift.max(atol, rtol * Swift.max(xn.squareRoot(), yn.squareRoot())))
    }
    guard let a = toDouble(args[0]), let b = toDouble(args[1]) else { throw methodError("isapprox", args) }
    var f32 = false
    if case .f32 = args[0] { f32 = true }
    if case .f32 = args[1] { f32 = true }
    let defaultRtol = atol > 0 ? 0 : (f32 ? Double(Float.ulpOfOne).squareRoot() : Double.ulpOfOne.squareRoot())
    let rtol = try kw.first { $0.0 == "rtol" }.map { try toDoubleOrThrow($0.1) } ?? defaultRtol
    return .bool(a == b || abs(a - b) <= Swift.max(atol, rtol * Swift.max(abs(a), abs(b))))
  }

  func toDoubleOrThrow(_ v: Value) throws -> Double {
    guard let d = toDouble(v) else { throw JuliaError("MethodError", "expected a number, got \(typeOf(v))") }
    return d
  }
}
