// Flux's internal cell natives: the fused steps of EddyNN, called by the cell methods of
// FluxPrelude+Layers.swift.
//
//   _rnn_step(σ, Wi, Wh, b, h, x)        -> h′
//   _lstm_step(Wi, Wh, b, h, c, x)       -> (h′, c′)
//   _gru_step(Wi, Wh, b, h, x)           -> h′
//   _gruv3_step(Wi, Wh, b, Wh_h̃, h, x)  -> h′
//
// Each returns `nothing` when its arguments are not plain dense Float32/Float64 vectors and
// matrices that fit together (a user-defined weight type, an activation without a fused form, a
// hand-modified cell with odd shapes): the Eddy method then runs the cell's `_generic` method,
// so everything that worked as interpreted code keeps working, with the same results and errors.
import EddyAutodiff
import EddyNN
import EddyTensor

extension Interpreter {
  func registerNNNatives(_ flux: ModuleValue) {
    def("_rnn_step", in: flux) { [unowned self] args, _ in
      guard args.count == 6, let act = self.fusedActivation(args[0]),
        let t = self.cellOperands(args, from: 1)
      else { return .nothing }
      let h = try tensorOp {
        try Cells.rnnStepIfFits(act, Wi: t[0], Wh: t[1], b: t[2], h: t[3], x: t[4])
      }
      return h.map { .tensor($0) } ?? .nothing
    }
    def("_lstm_step", in: flux) { [unowned self] args, _ in
      guard args.count == 6, let t = self.cellOperands(args, from: 0) else { return .nothing }
      let hc = try tensorOp {
        try Cells.lstmStepIfFits(Wi: t[0], Wh: t[1], b: t[2], h: t[3], c: t[4], x: t[5])
      }
      guard let (h, c) = hc else { return .nothing }
      return .tuple([.tensor(h), .tensor(c)])
    }
    def("_gru_step", in: flux) { [unowned self] args, _ in
      guard args.count == 5, let t = self.cellOperands(args, from: 0) else { return .nothing }
      let h = try tensorOp {
        try Cells.gruStepIfFits(Wi: t[0], Wh: t[1], b: t[2], h: t[3], x: t[4])
      }
      return h.map { .tensor($0) } ?? .nothing
    }
    def("_gruv3_step", in: flux) { [unowned self] args, _ in
      guard args.count == 6, let t = self.cellOperands(args, from: 0) else { return .nothing }
      let h = try tensorOp {
        try Cells.gruv3StepIfFits(Wi: t[0], Wh: t[1], b: t[2], Whh: t[3], h: t[4], x: t[5])
      }
      return h.map { .tensor($0) } ?? .nothing
    }
  }

  /// The fused form of a built-in activation (`tanh`, `σ`/`sigmoid`, `relu`, `identity`): the
  /// functions whose broadcast over an array is one tensor kernel (see `kernelBroadcast`).
  private func fusedActivation(_ v: Value) -> CellActivation? {
    guard case .fn(let f) = v, f.isBuiltin else { return nil }
    return CellActivation(name: f.name)
  }

  /// `args[from...]` as dense Float32/Float64 arrays, or nil if any is something else.
  private func cellOperands(_ args: [Value], from: Int) -> [Tensor]? {
    var ts: [Tensor] = []
    ts.reserveCapacity(args.count - from)
    for a in args[from...] {
      guard case .tensor(let t) = a, t.dtype.isFloat else { return nil }
      ts.append(t)
    }
    return ts
  }
}
