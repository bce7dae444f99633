// The fused forward steps against a plain-loop reference, and against the same step composed
// of the generic ops (bit for bit: a fused Flux cell prints exactly what the interpreted one did).

import EddyAutodiff
import EddyNN
import EddyTensor
import Testing

let allKinds: [Kind] = [
  .rnn(.tanh), .rnn(.sigmoid), .rnn(.relu), .rnn(.identity), .lstm, .gru, .gruv3,
]

/// Vector and matrix operands, the (out, 1) state broadcast over a batch, and a full batch.
func cases(_ kind: Kind) -> [Case] {
  var cs = [
    Case(kind, x: nil, h: nil),  // vector in, vector state: vector out
    Case(kind, x: nil, h: 1),  // vector in, (out, 1) state0
    Case(kind, x: 1, h: 1),
    Case(kind, x: 3, h: 1),  // state0 broadcast over a batch of 3
    Case(kind, x: 3, h: 3),
    Case(kind, x: 1, h: 3),  // input broadcast over the state's batch
    Case(kind, x: nil, h: 3),
    Case(kind, in: 5, out: 21, x: 4, h: 4),  // more than one 16-lane block, with a tail
    Case(kind, in: 2, out: 16, x: 2, h: 1),
    Case(kind, in: 3, out: 40, x: 17, h: 17),  // two full blocks and a tail, a batch above 16
  ]
  if case .lstm = kind {
    cs += [
      Case(kind, x: 3, h: 3, c: 1), Case(kind, x: 3, h: 1, c: 3), Case(kind, x: nil, h: nil, c: 1),
    ]
  }
  return cs
}

/// `true` when every element agrees to `rtol` relative (absolute below 1).
func agree(_ a: [Double], _ b: [Double], rtol: Double) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= rtol * max(1, abs($1)) }
}

@Suite("Fused cell forward")
struct ForwardTests {
  @Test("matches a plain loop in Float64 and Float32", arguments: allKinds.map { $0.description })
  func reference(_ name: String) throws {
    let kind = try #require(allKinds.first { $0.description == name })
    for (k, c) in cases(kind).enumerated() {
      for dtype in [DType.float64, .float32] {
        let ops = c.operands(dtype, seed: UInt64(k + 1))
        let got = try fused(kind, ops)
        // The reference sees exactly the (rounded) operands the kernel saw.
        let want = EddyNNTests.reference(c, ops)
        #expect(got.count == want.count)
        let rtol = dtype == .float64 ? 1e-12 : 2e-6
        for (g, w) in zip(got, want) {
          #expect(g.dtype == dtype, "\(c) \(dtype.name)")
          #expect(
            agree(g.toDoubles(), w, rtol: rtol),
            "\(c) \(dtype.name): got \(g.toDoubles()) want \(w)")
        }
      }
    }
  }

  @Test("gives the generic ops' shapes and bits", arguments: allKinds.map { $0.description })
  func composedBits(_ name: String) throws {
    let kind = try #require(allKinds.first { $0.description == name })
    for (k, c) in cases(kind).enumerated() {
      for dtype in [DType.float32, .float64] {
        let ops = c.operands(dtype, seed: UInt64(100 + k))
        let got = try fused(kind, ops)
        let want = try composed(kind, ops)
        for (g, w) in zip(got, want) {
          #expect(g.shape == w.shape, "\(c) \(dtype.name): shape \(g.shape) vs \(w.shape)")
          #expect(g.toDoubles() == w.toDoubles(), "\(c) \(dtype.name): not bit-identical")
        }
      }
    }
  }

  @Test("a Float32 step stays Float32; Float64 weights promote a Float32 input and state")
  func promotion() throws {
    let c = Case(.lstm, x: 2, h: 1)
    let f32 = c.operands(.float32, seed: 7)
    let (h, cn) = try Cells.lstmStep(
      Wi: f32[0], Wh: f32[1], b: f32[2], h: f32[3], c: f32[4], x: f32[5])
    #expect(h.dtype == .float32 && cn.dtype == .float32)
  }

  /// Every Float32/Float64 mix of the operands: the fused step (where `IfFits` takes it) gives
  /// the generic ops' bits, and it declines exactly the mixes it would round differently.
  @Test(
    "mixed Float32/Float64 operands round as the generic ops, or fall back",
    arguments: allKinds.map { $0.description })
  func mixed(_ name: String) throws {
    let kind = try #require(allKinds.first { $0.description == name })
    let c = Case(kind, x: 3, h: 1)
    let f64 = c.operands(.float64, seed: 11)
    let f32 = c.operands(.float32, seed: 11)
    let n = f64.count
    var fused = 0
    for bits in 1..<(1 << n) - 1 {
      let ops = (0..<n).map { bits & (1 << $0) != 0 ? f64[$0] : f32[$0] }
      let want = try composed(kind, ops)
      guard let got = try ifFits(kind, ops) else {
        // Declined: the products are all Float32 while some other operand is Float64.
        let products = kind.productOperands.allSatisfy { ops[$0].dtype == .float32 }
        #expect(products, "\(kind) mix \(bits) declined")
        continue
      }
      fused += 1
      for (g, w) in zip(got, want) {
        #expect(g.dtype == w.dtype && g.shape == w.shape, "\(kind) mix \(bits)")
        #expect(g.toDoubles() == w.toDoubles(), "\(kind) mix \(bits): not bit-identical")
      }
    }
    #expect(fused > 0)
  }

  @Test("rejects operands that do not fit with DimensionMismatch or ArgumentError")
  func shapeErrors() throws {
    let c = Case(.lstm, x: 2, h: 1)
    let ok = c.operands(.float32, seed: 1)
    func fails(_ ops: [Tensor], _ kind: TensorError.Kind, _ needle: String) {
      do {
        _ = try fused(.lstm, ops)
        Issue.record("expected \(kind) containing \(needle)")
      } catch let e as TensorError {
        #expect(e.kind == kind, "\(e)")
        #expect(e.message.contains(needle), "\(e)")
      } catch {
        Issue.record("unexpected \(error)")
      }
    }
    var bad = ok
    bad[5] = Tensor(shape: [4, 2], floats: [])  // x has 4 features, Wi takes 3
    fails(bad, .dimensionMismatch, "Wi is 16×3 Matrix{Float32}")
    bad = ok
    bad[1] = Tensor(shape: [16, 3], floats: [])
    fails(bad, .dimensionMismatch, "Wh is 16×3")
    bad = ok
    bad[2] = Tensor(shape: [15], floats: [])
    fails(bad, .dimensionMismatch, "b is 15-element")
    bad = ok
    bad[3] = Tensor(shape: [4, 3], floats: [])  // h batch 3, x batch 2
    fails(bad, .dimensionMismatch, "columns but the batch has")
    bad = ok
    bad[5] = Tensor(shape: [3, 2, 1], floats: [])
    fails(bad, .dimensionMismatch, "x must be a vector or a matrix")
    bad = ok
    bad[0] = Tensor(shape: [16, 3], doubles: [], dtype: .int64)
    fails(bad, .argument, "Float32 or Float64")
  }

  @Test("zero-sized batches and inputs give empty or bias-only outputs")
  func empty() throws {
    let c0 = Case(.gru, x: 0, h: 1)
    let out = try fused(.gru, c0.operands(.float32, seed: 3))
    #expect(out[0].shape == [4, 0])
    let noInput = Case(.rnn(.identity), in: 0, out: 2, x: 1, h: 1)
    let ops = noInput.operands(.float64, seed: 4)
    let r = try fused(.rnn(.identity), ops)
    let want = try composed(.rnn(.identity), ops)
    #expect(r[0].toDoubles() == want[0].toDoubles())
  }
}
