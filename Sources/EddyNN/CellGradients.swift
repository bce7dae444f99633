// The matrix half of every cell pullback: from the pre-activation gradients of the input and
// hidden products to the gradients of the weights, the bias, the input and the state.
//
//   dG_x (Gx·out × B)  →  dWi = dG_x·xᵀ    dx = Wiᵀ·dG_x    db = Σ_batch dG_x
//   dG_h (Gh·out × B)  →  dWh = dG_h·hᵀ    dh = Whᵀ·dG_h (+ the direct terms, if any)
//
// An operand with one column that broadcast over a batch of B sees the gradient summed over the
// batch first (then the product has one column), which undoes the broadcast exactly.

import EddyAutodiff
import EddyTensor

/// The gradients `gateProducts` computes (nil where not asked for).
struct GateGrads {
  var dWi: Tensor?, dWh: Tensor?, db: Tensor?, dh: Tensor?, dx: Tensor?
}

/// Which operands of a step want a gradient.
struct GateNeeds {
  var Wi: Bool, Wh: Bool, b: Bool, h: Bool, x: Bool
}

extension Cells {
  /// Products and sums from the gate gradients to the operands.
  ///
  /// - Parameters:
  ///   - dGx: `xRows × batch` gradient of `Wi*x` (and of `b`, whose rows it shares).
  ///   - dGh: `hRows × batch` gradient of `Wh*h` (may be the same memory as `dGx`).
  ///   - dhDirect: `out × batch` gradient reaching `h` other than through `Wh` (GRU's `z ⊙ h`).
  /// - Throws: the saved-value check's `ArgumentError` when an operand it needs was modified
  ///   in place since the forward pass.
  static func gateProducts<T: CellFloat>(
    _: T.Type, _ s: StepShape, _ need: GateNeeds,
    dGx: UnsafePointer<T>, xRows: Int, dGh: UnsafePointer<T>, hRows: Int,
    dhDirect: UnsafePointer<T>?,
    Wi: SavedTensor, Wh: SavedTensor, h: SavedTensor, x: SavedTensor
  ) throws -> GateGrads {
    let B = s.batch
    let o = s.hidden
    let n = s.input
    var out = GateGrads()
    // Row sums over the batch: of dG_x (the bias gradient, and the gradient of a broadcast x),
    // of dG_h (for a broadcast h) and of the direct state terms.
    let sums: UnsafeMutablePointer<T> = try scratch(xRows + hRows + o)
    defer { sums.deallocate() }
    let sumX = sums
    let sumH = sums + xRows
    let sumD = sumH + hRows
    let xBroadcast = s.xCols != B
    let hBroadcast = s.hCols != B
    let haveSumX = need.b || (xBroadcast && (need.Wi || need.x))
    if haveSumX { rowSums(dGx, rows: xRows, cols: B, ld: xRows, into: sumX) }
    if need.b {
      let db = try Tensor.uninitialized(shape: [xRows], dtype: T.dtype)
      T.buffer(db).update(from: sumX, count: xRows)
      out.db = db
    }
    if need.Wi || need.x {
      let px = xBroadcast ? UnsafePointer(sumX) : dGx
      let kx = xBroadcast ? 1 : B
      if need.Wi {
        let xv = try x.value()
        let g = try Tensor.uninitialized(shape: [xRows, n], dtype: T.dtype)
        product(false, true, xRows, n, kx, px, xRows, T.buffer(xv), n, T.buffer(g))
        out.dWi = g
      }
      if need.x {
        let wv = try Wi.value()
        let g = try Tensor.uninitialized(shape: x.tensor.shape, dtype: T.dtype)
        product(true, false, n, kx, xRows, T.buffer(wv), xRows, px, xRows, T.buffer(g))
        out.dx = g
      }
    }
    if need.Wh || need.h {
      var ph = dGh
      if hBroadcast {
        if dGh == dGx && hRows == xRows && haveSumX {
          ph = UnsafePointer(sumX)
        } else {
          rowSums(dGh, rows: hRows, cols: B, ld: hRows, into: sumH)
          ph = UnsafePointer(sumH)
        }
      }
      let kh = hBroadcast ? 1 : B
      if need.Wh {
        let hv = try h.value()
        let g = try Tensor.uninitialized(shape: [hRows, o], dtype: T.dtype)
        product(false, true, hRows, o, kh, ph, hRows, T.buffer(hv), o, T.buffer(g))
        out.dWh = g
      }
      if need.h {
        let wv = try Wh.value()
        let g = try Tensor.uninitialized(shape: h.tensor.shape, dtype: T.dtype)
        let pg = T.buffer(g)
        product(true, false, o, kh, hRows, T.buffer(wv), hRows, ph, hRows, pg)
        if let dhDirect {
          if hBroadcast {
            rowSums(dhDirect, rows: o, cols: B, ld: o, into: sumD)
            for r in 0..<o { pg[r] += sumD[r] }
          } else {
            for k in 0..<(o * B) { pg[k] += dhDirect[k] }
          }
        }
        out.dh = g
      }
    }
    return out
  }
}
