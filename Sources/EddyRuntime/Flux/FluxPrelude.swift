// The Flux module: its Eddy source, and the few natives it needs from the runtime.
import EddyAutodiff
import EddyTensor

/// Flux is written in Eddy itself, so its layers are ordinary structs: `m.cell.Wi`,
/// `m.state = ...`, `params` and `reset!` all work on them exactly as on user layers.
enum FluxPrelude {
  static var source: String { layers + "\n" + training }
}

/// `Ref(x)`: a mutable box read and written with `r[]`.
final class RefValue: NativeObject, NativeIndexable, NativeShow {
  var value: Value
  init(_ v: Value) { value = v }
  override var typeName: String { "Base.RefValue{Any}" }
  func getIndex(_ interp: Interpreter, _ idx: [Value]) throws -> Value { value }
  func setIndex(_ interp: Interpreter, _ idx: [Value], _ v: Value) throws { value = v }
  func length(_ interp: Interpreter) -> Int { 1 }
  func show(_ interp: Interpreter) -> String { "Base.RefValue{Any}(\(interp.showString(value)))" }
}

extension Interpreter {
  func registerFluxNatives(_ flux: ModuleValue) {
    registerNNNatives(flux)
    registerFunctors(flux)
    def("_children", in: flux) { args, _ in
      switch args.first {
      case .obj(let s)? where s.type.isFunctor: return .tuple(s.fields)
      case .tuple(let xs)?: return .tuple(xs)
      case .named(let nt)?: return .tuple(nt.values)
      default: return .tuple([])
      }
    }
    def("_warn_f64", in: flux) { [unowned self] args, _ in
      if !self.warnedFloat64 {
        self.warnedFloat64 = true
        self.out.flush()
        let layer = args.first.map { self.printString($0) } ?? "layer"
        let summary = args.count > 1 ? self.describe(args[1]) : ""
        writeStderr(
          "┌ Warning: Layer with Float32 parameters got Float64 input.\n│   The input will be converted, but any earlier layers may be very slow.\n│   layer = \(layer)\n│   summary(x) = \"\(summary)\"\n└ @ Flux\n")
      }
      return .nothing
    }
  }

  func registerExtras() {
    def("summary") { [unowned self] args, _ in .str(self.describe(args.first ?? .nothing)) }
    let refType = JType(name: "Ref", kind: .concrete, supertype: Types.any)
    setConstructor(refType) { args, _ in .native(RefValue(args.first ?? .nothing)) }
    base.define("Ref", .type(refType))
    base.define("Base", .module(base), export: false)
    base.define("undef", .native(UndefMarker()))
    base.define("Colon", .type(JType(name: "Colon", kind: .concrete, supertype: Types.any)))
    let paramsType = ParamsValue.type
    setConstructor(paramsType) { [unowned self] args, _ in
      let ps = ParamsValue()
      for a in args { try self.collectParams(a, into: ps, depth: 0) }
      return .native(ps)
    }
    base.define("Params", .type(paramsType))
    def("fill!") { [unowned self] args, _ in
      guard args.count == 2, case .tensor(let t) = args[0], let v = self.toDouble(args[1]) else {
        throw self.methodError("fill!", args)
      }
      Kernels.fill(t, v)
      t.storage.version &+= 1
      return args[0]
    }
    for name in ["floor", "ceil", "trunc"] {
      guard let m = Interpreter.unaryMath[name] else { continue }
      def(name) { [unowned self] args, _ in
        if args.count == 2, case .type(let t) = args[0] {
          let r = try self.applyUnary(name, m, args[1])
          return try self.convert(r, to: t)
        }
        guard args.count == 1 else { throw self.methodError(name, args) }
        return try self.applyUnary(name, m, args[0])
      }
    }
  }
}

/// `undef` in `Vector{Float32}(undef, n)`.
final class UndefMarker: NativeObject {
  override var typeName: String { "UndefInitializer" }
}
