// OpenBLAS's products, split in two halves between the caller and CEddyMath's helper thread.
// OpenBLAS itself runs single-threaded: its own worker threads spin for milliseconds after
// each call, and on a two-core machine they competed with the helper that runs the
// recurrent layers' packed products (medium LSTM training varied from 54 to 75 ms from run
// to run). With one pool the second core does one thing at a time.
//
// A half of a gemm is a block of rows or columns of C, so every element is computed by one
// OpenBLAS call exactly as in the unsplit product. A large A·x is split into two halves of
// A's columns, added after; the halves depend on the shape only, so the result does not
// depend on the thread count.
import CEddyMath
import COpenBLAS

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The BLAS products Eddy uses, through one place.
public enum BLAS {
  /// Below this many multiply-adds a product runs in one call (splitting costs more).
  static let splitWork = 1 << 20

  private static let setUp: Void = { openblas_set_num_threads(1) }()

  /// Sets the threads for every product: OpenBLAS stays single-threaded; `n` ≥ 2 lets the
  /// helper thread take half of each large product.
  public static func setThreads(_ n: Int) {
    _ = setUp
    eddy_parallel_set_threads(Int32(Swift.max(1, Swift.min(n, 2))))
  }

  /// One `gemm` or `gemv` call's arguments, as the helper thread's chunk function reads them.
  struct Call {
    var double: Bool
    var gemv: Bool
    var ta: Bool, tb: Bool
    var m: Int, n: Int, k: Int
    var a: UnsafeRawPointer, lda: Int
    var b: UnsafeRawPointer, ldb: Int
    var beta: Double
    var c: UnsafeMutableRawPointer, ldc: Int
    /// The parts: rows of C when `splitRows`, else columns, in `parts` blocks (1: unsplit).
    var splitRows: Bool
    var parts: Int
    /// How the parts avoid page-multiple strides (BLAS+Pages.swift).
    var pages = PagePlan()
    /// gemv, op N: the partial sums of parts 1, 2, … (`m` elements each).
    var partials: UnsafeMutableRawPointer?
  }

  /// `C (m×n, ldc) = op(A)·op(B) + beta·C`, column-major, Float32 or Float64 by `T`.
  /// `source`, when given, is the storage `a` points into, unchanged while its version is:
  /// a padded copy of A (BLAS+Pages.swift) may then be kept for the next product.
  public static func gemm<T: BinaryFloatingPoint>(
    _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<T>, _ lda: Int,
    _ b: UnsafePointer<T>, _ ldb: Int, beta: T = 0, _ c: UnsafeMutablePointer<T>, _ ldc: Int,
    source: Storage? = nil
  ) {
    _ = setUp
    let rows = m >= n
    let dim = rows ? m : n
    var call = Call(
      double: T.self == Double.self, gemv: false, ta: ta, tb: tb, m: m, n: n, k: k,
      a: UnsafeRawPointer(a), lda: lda, b: UnsafeRawPointer(b), ldb: ldb, beta: Double(beta),
      c: UnsafeMutableRawPointer(c), ldc: ldc, splitRows: rows,
      parts: dim >= 32 && m * n * k >= splitWork ? 2 : 1)
    let copy = planPages(&call, source: source)
    run(&call)
    if let copy { PaddedCopies.release(copy, filled: call.pages.fillCopy) }
  }

  /// `y = op(A)·x` for an `rows×cols` matrix `A` (leading dimension `lda`), unit strides.
  public static func gemv<T: BinaryFloatingPoint>(
    _ ta: Bool, _ rows: Int, _ cols: Int, _ a: UnsafePointer<T>, _ lda: Int,
    _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>
  ) {
    _ = setUp
    // Parts are blocks of A's columns: of y for op T; for op N, partial sums added after
    // (below). An op N product with few columns is split by rows instead.
    let byRows = !ta && cols < 64
    var call = Call(
      double: T.self == Double.self, gemv: true, ta: ta, tb: false, m: rows, n: cols, k: 0,
      a: UnsafeRawPointer(a), lda: lda, b: UnsafeRawPointer(x), ldb: 1, beta: 0,
      c: UnsafeMutableRawPointer(y), ldc: 1, splitRows: byRows,
      parts: (byRows ? rows : cols) >= 64 && rows * cols >= splitWork ? gemvParts : 1)
    if call.ta || byRows || call.parts == 1 {
      run(&call)
      return
    }
    guard let partials = malloc((call.parts - 1) * rows * MemoryLayout<T>.stride) else {
      call.parts = 1
      run(&call)
      return
    }
    defer { free(partials) }
    call.partials = partials
    run(&call)
    let sums = partials.bindMemory(to: T.self, capacity: (call.parts - 1) * rows)
    for p in 0..<(call.parts - 1) {
      let s = sums + p * rows
      for i in 0..<rows { y[i] += s[i] }
    }
  }

  /// Parts of a large gemv: two (one per core) measured best; four and eight each lose
  /// 3 µs on 2048×512 to the extra calls. A·x is split into two halves of A's columns, not
  /// of its rows: each core then streams one contiguous half of A, 2048×512 in 26 µs instead
  /// of 30 (row halves read every column in two pieces). Each y[i] is the first half's sum
  /// plus the second's whatever the thread count, since the parts are fixed by the shape.
  static let gemvParts = 2

  /// Part `part` of `total` rows or columns: about `total / parts`, in whole 16-element
  /// (64-byte) blocks.
  static func range(_ part: Int, of parts: Int, _ total: Int) -> (Int, Int) {
    func edge(_ p: Int) -> Int { p >= parts ? total : Swift.min(total, (total * p / parts + 15) / 16 * 16) }
    return (edge(part), edge(part + 1))
  }

  private static func run(_ call: inout Call) {
    if call.parts <= 1 {
      execute(call, part: 0)
      return
    }
    let parts = call.parts
    withUnsafeMutablePointer(to: &call) { p in
      eddy_parallel_for(parts, blasHalf, p)
    }
  }

  /// Runs part `part` of `call` (all of it when `call.parts` is 1).
  static func execute(_ call: Call, part: Int) {
    let size = call.double ? 8 : 4
    if call.gemv {
      // Rows lo..<hi of A and y, or columns lo..<hi of A: a block of y (op T) or a partial
      // sum of all of y (op N: the first part's into y, the others' into `partials`).
      let (lo, hi) = range(part, of: call.parts, call.splitRows ? call.m : call.n)
      var a = call.a, x = call.b, y = call.c
      var rows = call.m, cols = call.n
      if call.splitRows {
        a += lo * size
        y += lo * size
        rows = hi - lo
      } else {
        a += lo * call.lda * size
        cols = hi - lo
        if call.ta {
          y += lo * size
        } else {
          x += lo * size
          if part > 0, let partials = call.partials { y = partials + (part - 1) * call.m * size }
        }
      }
      let op = call.ta ? CblasTrans : CblasNoTrans
      if call.double {
        cblas_dgemv(
          CblasColMajor, op, Int32(rows), Int32(cols), 1, a.assumingMemoryBound(to: Double.self),
          Int32(call.lda), x.assumingMemoryBound(to: Double.self), 1, 0,
          y.assumingMemoryBound(to: Double.self), 1)
      } else {
        cblas_sgemv(
          CblasColMajor, op, Int32(rows), Int32(cols), 1, a.assumingMemoryBound(to: Float.self),
          Int32(call.lda), x.assumingMemoryBound(to: Float.self), 1, 0,
          y.assumingMemoryBound(to: Float.self), 1)
      }
      return
    }
    var m = call.m, n = call.n
    var a = call.a, b = call.b, c = call.c
    if call.parts > 1 {
      let (lo, hi) = range(part, of: call.parts, call.splitRows ? call.m : call.n)
      if call.splitRows {
        // Rows lo..<hi of C: rows of op(A).
        m = hi - lo
        a += (call.ta ? lo * call.lda : lo) * size
        c += lo * size
      } else {
        // Columns lo..<hi of C: columns of op(B).
        n = hi - lo
        b += (call.tb ? lo : lo * call.ldb) * size
        c += lo * call.ldc * size
      }
    }
    if call.pages.any {
      gemmPaged(call, part: part, m: m, n: n, a: a, b: b, c: c)
    } else {
      gemmCall(call, m: m, n: n, a: a, lda: call.lda, b: b, c: c, ldc: call.ldc)
    }
  }

  /// One OpenBLAS gemm of `call`'s kind on the given block and strides.
  static func gemmCall(
    _ call: Call, m: Int, n: Int, a: UnsafeRawPointer, lda: Int, b: UnsafeRawPointer,
    c: UnsafeMutableRawPointer, ldc: Int
  ) {
    let opA = call.ta ? CblasTrans : CblasNoTrans, opB = call.tb ? CblasTrans : CblasNoTrans
    if call.double {
      cblas_dgemm(
        CblasColMajor, opA, opB, Int32(m), Int32(n), Int32(call.k), 1,
        a.assumingMemoryBound(to: Double.self), Int32(lda),
        b.assumingMemoryBound(to: Double.self), Int32(call.ldb), call.beta,
        c.assumingMemoryBound(to: Double.self), Int32(ldc))
    } else {
      cblas_sgemm(
        CblasColMajor, opA, opB, Int32(m), Int32(n), Int32(call.k), 1,
        a.assumingMemoryBound(to: Float.self), Int32(lda),
        b.assumingMemoryBound(to: Float.self), Int32(call.ldb), Float(call.beta),
        c.assumingMemoryBound(to: Float.self), Int32(ldc))
    }
  }
}

/// The helper thread's chunk function: half `part` of the `BLAS.Call` at `ctx`.
private func blasHalf(_ ctx: UnsafeMutableRawPointer?, _ part: Int) {
  guard let ctx else { return }
  BLAS.execute(ctx.load(as: BLAS.Call.self), part: part)
}
