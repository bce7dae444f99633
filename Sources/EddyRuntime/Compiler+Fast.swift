// Operator-specialised closures for scalar arithmetic: one closure per operator and operand
// shape, testing payload tags directly before falling back to `Interpreter.binary`.
import EddySyntax

/// An operator whose Int/Float64/Float32 results are computed inline. `nil` means "not inline".
protocol ScalarOp {
  static var op: BinOp { get }
  static func ii(_ p: Int, _ q: Int) -> Value?
  static func ff(_ p: Double, _ q: Double) -> Value?
  static func ss(_ p: Float, _ q: Float) -> Value?
}

enum AddOp: ScalarOp {
  static var op: BinOp { .add }
  @inline(__always) static func ii(_ p: Int, _ q: Int) -> Value? { .int(p &+ q) }
  @inline(__always) static func ff(_ p: Double, _ q: Double) -> Value? { .float(p + q) }
  @inline(__always) static func ss(_ p: Float, _ q: Float) -> Value? { .f32(p + q) }
}
enum SubOp: ScalarOp {
  static var op: BinOp { .sub }
  @inline(__always) static func ii(_ p: Int, _ q: Int) -> Value? { .int(p &- q) }
  @inline(__always) static func ff(_ p: Double, _ q: Double) -> Value? { .float(p - q) }
  @inline(__always) static func ss(_ p: Float, _ q: Float) -> Value? { .f32(p - q) }
}
enum MulOp: ScalarOp {
  static var op: BinOp { .mul }
  @inline(__always) static func ii(_ p: Int, _ q: Int) -> Value? { .int(p &* q) }
  @inline(__always) static func ff(_ p: Double, _ q: Double) -> Value? { .float(p * q) }
  @inline(__always) static func ss(_ p: Float, _ q: Float) -> Value? { .f32(p * q) }
}
enum DivOp: ScalarOp {
  static var op: BinOp { .div }
  @inline(__always) static func ii(_ p: Int, _ q: Int) -> Value? { .float(Double(p) / Double(q)) }
  @inline(__always) static func ff(_ p: Double, _ q: Double) -> Value? { .float(p / q) }
  @inline(__always) static func ss(_ p: Float, _ q: Float) -> Value? { .f32(p / q) }
}
enum RemOp: ScalarOp {
  static var op: BinOp { .mod }
  // DivideError and the `typemin % -1` case stay with the interpreter.
  @inline(__always) static func ii(_ p: Int, _ q: Int) -> Value? { q == 0 || q == -1 ? nil : .int(p % q) }
  @inline(__always) static func ff(_ p: Double, _ q: Double) -> Value? { nil }
  @inline(__always) static func ss(_ p: Float, _ q: Float) -> Value? { nil }
}
enum EqOp: ScalarOp {
  static var op: BinOp { .eq }
  @inline(__always) static func ii(_ p: Int, _ q: Int) -> Value? { .bool(p == q) }
  @inline(__always) static func ff(_ p: Double, _ q: Double) -> Value? { .bool(p == q) }
  @inline(__always) static func ss(_ p: Float, _ q: Float) -> Value? { .bool(p == q) }
}
enum NeOp: ScalarOp {
  static var op: BinOp { .ne }
  @inline(__always) static func ii(_ p: Int, _ q: Int) -> Value? { .bool(p != q) }
  @inline(__always) static func ff(_ p: Double, _ q: Double) -> Value? { .bool(p != q) }
  @inline(__always) static func ss(_ p: Float, _ q: Float) -> Value? { .bool(p != q) }
}
enum LtOp: ScalarOp {
  static var op: BinOp { .lt }
  @inline(__always) static func ii(_ p: Int, _ q: Int) -> Value? { .bool(p < q) }
  @inline(__always) static func ff(_ p: Double, _ q: Double) -> Value? { .bool(p < q) }
  @inline(__always) static func ss(_ p: Float, _ q: Float) -> Value? { .bool(p < q) }
}
enum LeOp: ScalarOp {
  static var op: BinOp { .le }
  @inline(__always) static func ii(_ p: Int, _ q: Int) -> Value? { .bool(p <= q) }
  @inline(__always) static func ff(_ p: Double, _ q: Double) -> Value? { .bool(p <= q) }
  @inline(__always) static func ss(_ p: Float, _ q: Float) -> Value? { .bool(p <= q) }
}
enum GtOp: ScalarOp {
  static var op: BinOp { .gt }
  @inline(__always) static func ii(_ p: Int, _ q: Int) -> Value? { .bool(p > q) }
  @inline(__always) static func ff(_ p: Double, _ q: Double) -> Value? { .bool(p > q) }
  @inline(__always) static func ss(_ p: Float, _ q: Float) -> Value? { .bool(p > q) }
}
enum GeOp: ScalarOp {
  static var op: BinOp { .ge }
  @inline(__always) static func ii(_ p: Int, _ q: Int) -> Value? { .bool(p >= q) }
  @inline(__always) static func ff(_ p: Double, _ q: Double) -> Value? { .bool(p >= q) }
  @inline(__always) static func ss(_ p: Float, _ q: Float) -> Value? { .bool(p >= q) }
}

/// `O` applied to two values: Julia's promotion for Int, Float64 and Float32 inline
/// (Int with Float32 is Float32, Float32 with Float64 is Float64), anything else via the interpreter.
@inline(__always)
func scalarArith<O: ScalarOp>(_: O.Type, _ x: Value, _ y: Value, _ i: Interpreter) throws -> Value {
  switch x {
  case .float(let p):
    switch y {
    case .float(let q): if let r = O.ff(p, q) { return r }
    case .int(let q): if let r = O.ff(p, Double(q)) { return r }
    default: break
    }
  case .int(let p):
    switch y {
    case .int(let q): if let r = O.ii(p, q) { return r }
    case .float(let q): if let r = O.ff(Double(p), q) { return r }
    case .f32(let q): if let r = O.ss(Float(p), q) { return r }
    default: break
    }
  case .f32(let p):
    switch y {
    case .f32(let q): if let r = O.ss(p, q) { return r }
    case .int(let q): if let r = O.ss(p, Float(q)) { return r }
    default: break
    }
  default: break
  }
  return try i.binary(O.op, x, y)
}

/// Stores into a slot, skipping the release of the old value when it holds no reference.
@inline(__always)
func storeSlot(_ p: UnsafeMutablePointer<Value>, _ v: Value) {
  switch p.pointee {
  case .int, .float, .f32, .bool, .nothing, .char: p.initialize(to: v)
  default: p.pointee = v
  }
}

extension Compiler {
  /// `a op b` for operands that are slots, constants or code.
  func fastBinary(_ op: BinOp, _ a: Operand, _ b: Operand) -> Code? {
    let i = interp
    switch op {
    case .add: return Compiler.binaryCode(AddOp.self, a, b, i)
    case .sub: return Compiler.binaryCode(SubOp.self, a, b, i)
    case .mul: return Compiler.binaryCode(MulOp.self, a, b, i)
    case .div: return Compiler.binaryCode(DivOp.self, a, b, i)
    case .mod: return Compiler.binaryCode(RemOp.self, a, b, i)
    case .eq: return Compiler.binaryCode(EqOp.self, a, b, i)
    case .ne: return Compiler.binaryCode(NeOp.self, a, b, i)
    case .lt: return Compiler.binaryCode(LtOp.self, a, b, i)
    case .le: return Compiler.binaryCode(LeOp.self, a, b, i)
    case .gt: return Compiler.binaryCode(GtOp.self, a, b, i)
    case .ge: return Compiler.binaryCode(GeOp.self, a, b, i)
    default: return nil
    }
  }

  static func binaryCode<O: ScalarOp>(_ o: O.Type, _ a: Operand, _ b: Operand, _ i: Interpreter) -> Code {
    switch (a, b) {
    case (.slot(let x), .slot(let y)):
      return { f in try scalarArith(o, f.slots[x], f.slots[y], i) }
    case (.slot(let x), .constant(let c)):
      return { f in try scalarArith(o, f.slots[x], c, i) }
    case (.constant(let c), .slot(let y)):
      return { f in try scalarArith(o, c, f.slots[y], i) }
    case (.constant(let c), .constant(let d)):
      return { _ in try scalarArith(o, c, d, i) }
    case (.code(let ca), .slot(let y)):
      return { f in
        let x = try ca(f)
        return try scalarArith(o, x, f.slots[y], i)
      }
    case (.code(let ca), .constant(let d)):
      return { f in try scalarArith(o, try ca(f), d, i) }
    case (.slot(let x), .code(let cb)):
      return { f in
        let y = try cb(f)
        return try scalarArith(o, f.slots[x], y, i)
      }
    case (.constant(let c), .code(let cb)):
      return { f in try scalarArith(o, c, try cb(f), i) }
    case (.code(let ca), .code(let cb)):
      return { f in
        let x = try ca(f)
        return try scalarArith(o, x, try cb(f), i)
      }
    }
  }

  /// `x = a op b` for a local slot `k`, with `a` and `b` slots or constants: one closure.
  /// The operands are resolved by `assignOperands` before the target is (which may declare a local).
  func fastAssign(_ k: Int, _ ops: (BinOp, Operand, Operand)?) -> Code? {
    guard let (bop, oa, ob) = ops else { return nil }
    let i = interp
    switch bop {
    case .add: return Compiler.assignCode(AddOp.self, k, oa, ob, i)
    case .sub: return Compiler.assignCode(SubOp.self, k, oa, ob, i)
    case .mul: return Compiler.assignCode(MulOp.self, k, oa, ob, i)
    case .div: return Compiler.assignCode(DivOp.self, k, oa, ob, i)
    case .mod: return Compiler.assignCode(RemOp.self, k, oa, ob, i)
    default: return nil
    }
  }

  func assignOperands(_ rhs: Node, _ cr: @escaping Code) -> (BinOp, Operand, Operand)? {
    guard case .binary(let op, let a, let b, false) = rhs.kind, let bop = BinOp.parse(op) else { return nil }
    let oa = operand(a, cr), ob = operand(b, cr)
    if case .code = oa { return nil }
    if case .code = ob { return nil }
    return (bop, oa, ob)
  }

  static func assignCode<O: ScalarOp>(_ o: O.Type, _ k: Int, _ a: Operand, _ b: Operand, _ i: Interpreter) -> Code? {
    switch (a, b) {
    case (.slot(let x), .slot(let y)):
      return { f in
        let v = try scalarArith(o, f.slots[x], f.slots[y], i)
        storeSlot(f.slots + k, v)
        return v
      }
    case (.slot(let x), .constant(let c)):
      return { f in
        let v = try scalarArith(o, f.slots[x], c, i)
        storeSlot(f.slots + k, v)
        return v
      }
    case (.constant(let c), .slot(let y)):
      return { f in
        let v = try scalarArith(o, c, f.slots[y], i)
        storeSlot(f.slots + k, v)
        return v
      }
    default: return nil
    }
  }

  /// A comparison used as a condition: the Bool without a `Value` round trip.
  func fastCondition(_ n: Node) throws -> ((Frame) throws -> Bool)? {
    guard case .binary(let op, let a, let b, false) = n.kind, let bop = BinOp.parse(op) else { return nil }
    switch bop {
    case .eq, .ne, .lt, .le, .gt, .ge: break
    default: return nil
    }
    let oa = operand(a, { _ in .nothing }), ob = operand(b, { _ in .nothing })
    // Operands that need code are compiled here, in source order, only when used.
    let ra: Operand, rb: Operand
    if case .code = oa { ra = .code(try expr(a)) } else { ra = oa }
    if case .code = ob { rb = .code(try expr(b)) } else { rb = ob }
    let i = interp
    switch bop {
    case .eq: return Compiler.conditionCode(EqOp.self, ra, rb, i)
    case .ne: return Compiler.conditionCode(NeOp.self, ra, rb, i)
    case .lt: return Compiler.conditionCode(LtOp.self, ra, rb, i)
    case .le: return Compiler.conditionCode(LeOp.self, ra, rb, i)
    case .gt: return Compiler.conditionCode(GtOp.self, ra, rb, i)
    case .ge: return Compiler.conditionCode(GeOp.self, ra, rb, i)
    default: return nil
    }
  }

  @inline(__always)
  static func truth(_ v: Value, _ i: Interpreter) throws -> Bool {
    if case .bool(let b) = v { return b }
    throw JuliaError.type("non-boolean (\(i.typeOf(v))) used in boolean context")
  }

  static func conditionCode<O: ScalarOp>(_ o: O.Type, _ a: Operand, _ b: Operand, _ i: Interpreter)
    -> (Frame) throws -> Bool
  {
    switch (a, b) {
    case (.slot(let x), .slot(let y)):
      return { f in try truth(try scalarArith(o, f.slots[x], f.slots[y], i), i) }
    case (.slot(let x), .constant(let c)):
      return { f in try truth(try scalarArith(o, f.slots[x], c, i), i) }
    case (.constant(let c), .slot(let y)):
      return { f in try truth(try scalarArith(o, c, f.slots[y], i), i) }
    case (.constant(let c), .constant(let d)):
      return { _ in try truth(try scalarArith(o, c, d, i), i) }
    case (.code(let ca), .slot(let y)):
      return { f in
        let x = try ca(f)
        return try truth(try scalarArith(o, x, f.slots[y], i), i)
      }
    case (.code(let ca), .constant(let d)):
      return { f in try truth(try scalarArith(o, try ca(f), d, i), i) }
    case (.slot(let x), .code(let cb)):
      return { f in
        let y = try cb(f)
        return try truth(try scalarArith(o, f.slots[x], y, i), i)
      }
    case (.constant(let c), .code(let cb)):
      return { f in try truth(try scalarArith(o, c, try cb(f), i), i) }
    case (.code(let ca), .code(let cb)):
      return { f in
        let x = try ca(f)
        return try truth(try scalarArith(o, x, try cb(f), i), i)
      }
    }
  }

  /// `s op= rhs` for a local slot `k`; `rhs` fused when it is `a op2 b` on slots and constants.
  func fastOpAssign(_ op: BinOp, _ k: Int, _ rhs: Node, _ cr: @escaping Code) -> Code? {
    switch op {
    case .add, .sub, .mul, .div: break
    default: return nil
    }
    let i = interp
    if case .binary(let op2, let a2, let b2, false) = rhs.kind, let bop2 = BinOp.parse(op2) {
      let oa = operand(a2, cr), ob = operand(b2, cr)
      let c: Code?
      switch op {
      case .add: c = Compiler.opAssignFused1(AddOp.self, bop2, k, oa, ob, i)
      case .sub: c = Compiler.opAssignFused1(SubOp.self, bop2, k, oa, ob, i)
      case .mul: c = Compiler.opAssignFused1(MulOp.self, bop2, k, oa, ob, i)
      default: c = Compiler.opAssignFused1(DivOp.self, bop2, k, oa, ob, i)
      }
      if let c { return c }
    }
    let r = operand(rhs, cr)
    switch op {
    case .add: return Compiler.opAssignCode(AddOp.self, k, r, i)
    case .sub: return Compiler.opAssignCode(SubOp.self, k, r, i)
    case .mul: return Compiler.opAssignCode(MulOp.self, k, r, i)
    default: return Compiler.opAssignCode(DivOp.self, k, r, i)
    }
  }

  static func opAssignFused1<O1: ScalarOp>(
    _ o1: O1.Type, _ op2: BinOp, _ k: Int, _ a: Operand, _ b: Operand, _ i: Interpreter
  ) -> Code? {
    switch op2 {
    case .add: return opAssignFused(o1, AddOp.self, k, a, b, i)
    case .sub: return opAssignFused(o1, SubOp.self, k, a, b, i)
    case .mul: return opAssignFused(o1, MulOp.self, k, a, b, i)
    case .div: return opAssignFused(o1, DivOp.self, k, a, b, i)
    default: return nil
    }
  }

  static func opAssignCode<O: ScalarOp>(_ o: O.Type, _ k: Int, _ r: Operand, _ i: Interpreter) -> Code {
    switch r {
    case .slot(let x):
      return { f in
        let p = f.slots + k
        let v = try scalarArith(o, p.pointee, f.slots[x], i)
        storeSlot(p, v)
        return v
      }
    case .constant(let c):
      return { f in
        let p = f.slots + k
        let v = try scalarArith(o, p.pointee, c, i)
        storeSlot(p, v)
        return v
      }
    case .code(let cr):
      return { f in
        let y = try cr(f)
        let p = f.slots + k
        let v = try scalarArith(o, p.pointee, y, i)
        storeSlot(p, v)
        return v
      }
    }
  }

  static func opAssignFused<O1: ScalarOp, O2: ScalarOp>(
    _ o1: O1.Type, _ o2: O2.Type, _ k: Int, _ a: Operand, _ b: Operand, _ i: Interpreter
  ) -> Code? {
    switch (a, b) {
    case (.slot(let x), .constant(let c)):
      return { f in
        let r = try scalarArith(o2, f.slots[x], c, i)
        let p = f.slots + k
        let v = try scalarArith(o1, p.pointee, r, i)
        storeSlot(p, v)
        return v
      }
    case (.constant(let c), .slot(let y)):
      return { f in
        let r = try scalarArith(o2, c, f.slots[y], i)
        let p = f.slots + k
        let v = try scalarArith(o1, p.pointee, r, i)
        storeSlot(p, v)
        return v
      }
    case (.slot(let x), .slot(let y)):
      return { f in
        let r = try scalarArith(o2, f.slots[x], f.slots[y], i)
        let p = f.slots + k
        let v = try scalarArith(o1, p.pointee, r, i)
        storeSlot(p, v)
        return v
      }
    default: return nil
    }
  }
}

