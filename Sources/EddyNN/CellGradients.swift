// The matrix half of every cell pullback: from the pre-activation gradients of the input and
// hidden products to the gradients of the weights, the bias, the input and the state.
//
//   dG_x (Gx·out × B)  →  dWi = dG_x·xᵀ    dx = Wiᵀ·dG_x    db = Σ_batch dG_x
//   dG_h (Gh·out × B)  →  dWh = dG_h·hᵀ    dh = Whᵀ·dG_h (+ the direct terms, if any)
//
// An operand with one column that broadcast over a batch of B sees the gradient summed over the
// batch first (then the product has one column), which undoes the broadcast exactly.
//
// In a backward pass the weight products are deferred to the tape (`DeferredProducts`): the
// pullback writes dG straight into columns the tape reserved and copies x (and h) next to it,
// and the tape runs dWi = [dG_T … dG_1]·[x_T … x_1]ᵀ as one GEMM over the whole sequence when
// its sweep reaches Wi. A broadcast operand is copied once per batch column (Σⱼ dGⱼ·xᵀ).

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

/// The columns a step's pullback fills for the tape's deferred weight products: the gate
/// gradient `left` (`rows × batch`) and one right-hand block per target (nil when its weight is
/// not tracked), all in `T`.
struct DeferredProducts<T: CellFloat> {
  let left: UnsafeMutablePointer<T>
  let right: [UnsafeMutablePointer<T>?]

  /// Reserves `batch` columns of `rows` gate gradients for `targets`; nil when none of them is
  /// tracked (or the tape does not defer), and then the pullback computes its products itself.
  init?(
    _ ctx: PullbackContext, rows: Int, batch: Int, _ targets: [DeferredTarget]
  ) throws {
    guard
      let cols = try ctx.deferOuterProducts(
        dtype: T.dtype, leftRows: rows, columns: batch, targets: targets)
    else { return nil }
    left = cols.left.assumingMemoryBound(to: T.self)
    right = cols.right.map { $0?.assumingMemoryBound(to: T.self) }
  }
}

/// Copies the `cols` columns (1, broadcast, or `batch`) of the `rows`-row operand `v` into
/// `batch` columns at `dst`, repeating a broadcast column.
@inline(__always)
func packColumns<T: CellFloat>(
  _ v: Tensor, rows: Int, cols: Int, batch: Int, into dst: UnsafeMutablePointer<T>
) {
  let src = UnsafePointer(T.buffer(v))
  if cols == batch {
    dst.update(from: src, count: rows * batch)
  } else {
    for j in 0..<batch { (dst + j * rows).update(from: src, count: rows) }
  }
  withExtendedLifetime(v) {}
}

extension Cells {
  /// Products and sums from the gate gradients to the operands.
  ///
  /// - Parameters:
  ///   - dGx: `xRows × batch` gradient of `Wi*x` (and of `b`, whose rows it shares).
  ///   - dGh: `hRows × batch` gradient of `Wh*h` (may be the same memory as `dGx`).
  ///   - dhDirect: `out × batch` gradient reaching `h` other than through `Wh` (GRU's `z ⊙ h`).
  ///   - deferWi, deferWh: where the tape wants `x` (for `dWi`) and `h` (for `dWh`) packed, when
  ///     it defers that product (then `dWi`/`dWh` stay nil here; `dGx`/`dGh` are its left
  ///     factors, already in the tape's columns).
  /// - Throws: the saved-value check's `ArgumentError` when an operand it needs was modified
  ///   in place since the forward pass.
  static func gateProducts<T: CellFloat>(
    _: T.Type, _ s: StepShape, _ need: GateNeeds,
    dGx: UnsafePointer<T>, xRows: Int, dGh: UnsafePointer<T>, hRows: Int,
    dhDirect: UnsafePointer<T>?,
    Wi: SavedTensor, Wh: SavedTensor, h: SavedTensor, x: SavedTensor,
    deferWi: UnsafeMutablePointer<T>? = nil, deferWh: UnsafeMutablePointer<T>? = nil
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
    if need.Wi, let deferWi {
      packColumns(try x.value(), rows: n, cols: s.xCols, batch: B, into: deferWi)
    }
    if need.Wh, let deferWh {
      packColumns(try h.value(), rows: o, cols: s.hCols, batch: B, into: deferWh)
    }
    let needWi = need.Wi && deferWi == nil
    let needWh = need.Wh && deferWh == nil
    let haveSumX = need.b || (xBroadcast && (needWi || need.x))
    if haveSumX { rowSums(dGx, rows: xRows, cols: B, ld: xRows, into: sumX) }
    if need.b {
      let db = try Tensor.uninitialized(shape: [xRows], dtype: T.dtype)
      T.buffer(db).update(from: sumX, count: xRows)
      out.db = db
    }
    if needWi || need.x {
      let px = xBroadcast ? UnsafePointer(sumX) : dGx
      let kx = xBroadcast ? 1 : B
      if needWi {
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
    if needWh || need.h {
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
      if needWh {
        let hv = try h.value()
        let g = try Tensor.uninitialized(shape: [hRows, o], dtype: T.dtype)
        product(false, true, hRows, o, kh, ph, hRows, T.buffer(hv), o, T.buffer(g))
        out.dWh = g
      }
      if need.h {
        let wv = try Wh.value()
        let g = try Tensor.uninitialized(shape: h.tensor.shape, dtype: T.dtype)
        let pg = T.buffer(g)
        // Whᵀ·dG: the same Wh at every step of the sequence, so through its packed form.
        if T.self != Float.self
          || !PackedWeights.multiply(
            wv, transposed: true, rows: o, inner: hRows,
            UnsafeRawPointer(ph).assumingMemoryBound(to: Float.self), ldb: hRows, cols: kh,
            into: UnsafeMutableRawPointer(pg).assumingMemoryBound(to: Float.self))
        {
          product(true, false, o, kh, hRows, T.buffer(wv), hRows, ph, hRows, pg)
        }
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
