// Scalar arithmetic with Julia's promotion: Bool < Int64 < Float32 < Float64.
#if canImport(Glibc)
  import Glibc
#endif

extension Interpreter {
  /// The result of a binary operator on two plain numbers, or nil if either is not one.
  func scalarBinary(_ op: BinOp, _ a: Value, _ b: Value) throws -> Value? {
    switch (a, b) {
    case (.int(let x), .int(let y)): return try intOp(op, x, y)
    case (.float(let x), .float(let y)): return floatOp(op, x, y)
    case (.f32(let x), .f32(let y)): return f32Op(op, x, y)
    case (.int(let x), .float(let y)): return floatOp(op, Double(x), y)
    case (.float(let x), .int(let y)):
      if op == .pow { return .float(powInt(x, y)) }
      return floatOp(op, x, Double(y))
    case (.f32(let x), .float(let y)): return floatOp(op, Double(x), y)
    case (.float(let x), .f32(let y)): return floatOp(op, x, Double(y))
    case (.int(let x), .f32(let y)): return f32Op(op, Float(x), y)
    case (.f32(let x), .int(let y)):
      if op == .pow { return .f32(Float(powInt(Double(x), y))) }
      return f32Op(op, x, Float(y))
    case (.bool(let x), .bool(let y)):
      switch op {
      case .eq: return .bool(x == y)
      case .ne: return .bool(x != y)
      case .band: return .bool(x && y)
      case .bor: return .bool(x || y)
      case .xor: return .bool(x != y)
      case .lt: return .bool(!x && y)
      case .le: return .bool(!x || y)
      case .gt: return .bool(x && !y)
      case .ge: return .bool(x || !y)
      default: return try intOp(op, x ? 1 : 0, y ? 1 : 0)
      }
    case (.bool(let x), _): return try scalarBinary(op, .int(x ? 1 : 0), b)
    case (_, .bool(let y)):
      switch a {
      case .int, .float, .f32: return try scalarBinary(op, a, .int(y ? 1 : 0))
      default: return nil
      }
    default: return nil
    }
  }

  func intOp(_ op: BinOp, _ x: Int, _ y: Int) throws -> Value {
    switch op {
    case .add: return .int(x &+ y)
    case .sub: return .int(x &- y)
    case .mul: return .int(x &* y)
    case .div: return .float(Double(x) / Double(y))
    case .pow:
      if y < 0 {
        if x == 1 || x == -1 { return .int(x == 1 || y % 2 == 0 ? 1 : -1) }
        throw JuliaError(
          "DomainError", "DomainError with \(x):\nCannot raise an integer x to a negative power \(y).\nConvert input to float.")
      }
      var r = 1, base = x, e = y
      while e > 0 {
        if e & 1 == 1 { r = r &* base }
        base = base &* base
        e >>= 1
      }
      return .int(r)
    case .mod, .rem:
      guard y != 0 else { throw JuliaError("DivideError", "") }
      if y == -1 { return .int(0) }
      return .int(x % y)
    case .intdiv:
      guard y != 0 else { throw JuliaError("DivideError", "") }
      if y == -1 { return .int(0 &- x) }
      return .int(x / y)
    case .fdiv: return .float(Double(x) / Double(y))
    case .ldiv: return .float(Double(y) / Double(x))
    case .eq: return .bool(x == y)
    case .ne: return .bool(x != y)
    case .lt: return .bool(x < y)
    case .le: return .bool(x <= y)
    case .gt: return .bool(x > y)
    case .ge: return .bool(x >= y)
    case .band: return .int(x & y)
    case .bor: return .int(x | y)
    case .xor: return .int(x ^ y)
    case .max: return .int(Swift.max(x, y))
    case .min: return .int(Swift.min(x, y))
    }
  }

  func floatOp(_ op: BinOp, _ x: Double, _ y: Double) -> Value {
    switch op {
    case .add: return .float(x + y)
    case .sub: return .float(x - y)
    case .mul: return .float(x * y)
    case .div, .fdiv: return .float(x / y)
    case .ldiv: return .float(y / x)
    case .pow: return .float(pow(x, y))
    case .mod, .rem: return .float(fmod(x, y))
    case .intdiv: return .float((x / y).rounded(.towardZero))
    case .eq: return .bool(x == y)
    case .ne: return .bool(x != y)
    case .lt: return .bool(x < y)
    case .le: return .bool(x <= y)
    case .gt: return .bool(x > y)
    case .ge: return .bool(x >= y)
    case .max: return .float(x.isNaN || y.isNaN ? .nan : Swift.max(x, y))
    case .min: return .float(x.isNaN || y.isNaN ? .nan : Swift.min(x, y))
    case .band, .bor, .xor: return .float(.nan)
    }
  }

  func f32Op(_ op: BinOp, _ x: Float, _ y: Float) -> Value {
    switch op {
    case .add: return .f32(x + y)
    case .sub: return .f32(x - y)
    case .mul: return .f32(x * y)
    case .div, .fdiv: return .f32(x / y)
    case .ldiv: return .f32(y / x)
    case .pow: return .f32(powf(x, y))
    case .mod, .rem: return .f32(fmodf(x, y))
    case .intdiv: return .f32((x / y).rounded(.towardZero))
    case .eq: return .bool(x == y)
    case .ne: return .bool(x != y)
    case .lt: return .bool(x < y)
    case .le: return .bool(x <= y)
    case .gt: return .bool(x > y)
    case .ge: return .bool(x >= y)
    case .max: return .f32(x.isNaN || y.isNaN ? .nan : Swift.max(x, y))
    case .min: return .f32(x.isNaN || y.isNaN ? .nan : Swift.min(x, y))
    case .band, .bor, .xor: return .f32(.nan)
    }
  }

  /// `x^n` for an integer power, exact for small `n` like Julia's `literal_pow`.
  func powInt(_ x: Double, _ n: Int) -> Double {
    switch n {
    case 0: return 1
    case 1: return x
    case 2: return x * x
    case 3: return x * x * x
    default: return pow(x, Double(n))
    }
  }
}
