// Leading dimensions of a whole number of 4 KiB pages. A Float32 matrix with 1,024 rows has
// its columns exactly 4 KiB apart: OpenBLAS's packing reads of A and its kernel's writes of
// C then fall on the same cache sets and alias each other modulo 4 KiB, and a product such
// as 1024×256·256×64 takes 120 µs where the same call with 1,040-row strides takes 85 µs.
// Such operands reach OpenBLAS through copies with a padded leading dimension: a C that fits
// in cache is computed in a padded scratch block and copied back; A is read from a padded
// copy, kept for the next product of the unchanged array, when the caller names its storage
// (`*` does). The call is the same with other strides, so every bit of C is the same
// (BLASPageTests).
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How the parts of one product avoid page-multiple strides.
struct PagePlan {
  /// C is computed in a padded scratch block and copied back.
  var padC = false
  /// When set, A is read through this kept padded copy (leading dimension `copyLd`).
  var copy: UnsafeMutableRawPointer?
  var copyLd = 0
  /// The parts first fill their blocks of `copy` (a new or changed A).
  var fillCopy = false
  var any: Bool { padC || copy != nil }
}

extension BLAS {
  /// Off only to measure what the padding saves (and in the tests that compare the bits).
  nonisolated(unsafe) static var padsPageStrides = true

  /// A stride of a whole number of pages (elements of `size` bytes).
  static func onPageStride(_ ld: Int, _ size: Int) -> Bool { ld > 0 && ld * size % 4096 == 0 }

  /// A leading dimension for `rows` rows that is no multiple of half a page.
  static func paddedLeading(_ rows: Int, _ size: Int) -> Int {
    var ld = (rows + 15) / 16 * 16 + 16
    if ld * size % 2048 == 0 { ld += 16 }
    return ld
  }

  /// Sets `call.pages`; returns the kept copy of A the call uses, to be released after it.
  static func planPages(_ call: inout Call, source: Storage?) -> PaddedCopy? {
    guard padsPageStrides, call.m * call.n * call.k >= splitWork else { return nil }
    let size = call.double ? 8 : 4
    // C goes through scratch only while the scratch stays in cache: copying a large C out
    // and back is memory traffic that a compute-bound product does not otherwise have (a
    // whole sequence's input projection, 1024×6400, lost 30%).
    call.pages.padC = onPageStride(call.ldc, size) && call.m * call.n * size <= 2 << 20
    // Each part reads its own block of A only when the parts are blocks of rows of C.
    guard onPageStride(call.lda, size), call.splitRows || call.parts == 1 else {
      return nil
    }
    // A copy made for one product only costs more than it saves when k is long (a weight
    // gradient dG·hᵀ over a whole sequence), so A is padded only through a kept copy.
    let (rows, cols) = call.ta ? (call.k, call.m) : (call.m, call.k)
    guard let source,
      let (copy, current) = PaddedCopies.acquire(
        source, call.a, rows: rows, cols: cols, lda: call.lda, size: size)
    else { return nil }
    call.pages.copy = copy.buffer
    call.pages.copyLd = copy.ld
    call.pages.fillCopy = !current
    return copy
  }

  /// Part `part` of a gemm with padded strides; `a`, `b`, `c` already point at the part.
  static func gemmPaged(
    _ call: Call, part: Int, m: Int, n: Int, a: UnsafeRawPointer, b: UnsafeRawPointer,
    c: UnsafeMutableRawPointer
  ) {
    let size = call.double ? 8 : 4
    let lo = call.parts > 1 && call.splitRows ? range(part, of: call.parts, call.m).0 : 0
    var a = a, lda = call.lda
    if let copy = call.pages.copy {
      // This part's block of A as stored: its rows of A, or its columns of a transposed A.
      let (rows, cols) = call.ta ? (call.k, m) : (m, call.k)
      let block = copy + (call.ta ? lo * call.pages.copyLd : lo) * size
      if call.pages.fillCopy {
        copyBlock(a, call.lda, block, call.pages.copyLd, rows, cols, size)
      }
      a = UnsafeRawPointer(block)
      lda = call.pages.copyLd
    }
    let ld = paddedLeading(m, size)
    guard call.pages.padC, let scratchC = malloc(ld * n * size) else {
      gemmCall(call, m: m, n: n, a: a, lda: lda, b: b, c: c, ldc: call.ldc)
      return
    }
    defer { free(scratchC) }
    if call.beta != 0 { copyBlock(UnsafeRawPointer(c), call.ldc, scratchC, ld, m, n, size) }
    gemmCall(call, m: m, n: n, a: a, lda: lda, b: b, c: scratchC, ldc: ld)
    copyBlock(UnsafeRawPointer(scratchC), ld, c, call.ldc, m, n, size)
  }

  /// Copies a `rows×cols` block between leading dimensions (elements of `size` bytes).
  static func copyBlock(
    _ src: UnsafeRawPointer, _ lds: Int, _ dst: UnsafeMutableRawPointer, _ ldd: Int,
    _ rows: Int, _ cols: Int, _ size: Int
  ) {
    for j in 0..<cols {
      memcpy(dst + j * ldd * size, src + j * lds * size, rows * size)
    }
  }
}
