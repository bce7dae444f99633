// Padded copies of matrices whose columns are a whole number of pages apart (BLAS+Pages.swift),
// kept while the array is unchanged: a weight multiplied at every step of a sequence is
// copied once per version instead of once per product.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A copy of one matrix with leading dimension `ld`.
final class PaddedCopy {
  weak var storage: Storage?
  /// The address copied from: storage that grows (`push!`) moves.
  let base: UnsafeRawPointer
  let rows: Int, cols: Int, lda: Int, size: Int
  let ld: Int
  let buffer: UnsafeMutableRawPointer
  /// The storage version the buffer holds, when `ready`.
  var version: Int
  var ready = false
  /// Products using the buffer now; it is refilled only when none is.
  var users = 0

  init?(_ storage: Storage, _ base: UnsafeRawPointer, rows: Int, cols: Int, lda: Int, size: Int) {
    let ld = BLAS.paddedLeading(rows, size)
    guard let buffer = malloc(ld * cols * size) else { return nil }
    self.storage = storage
    self.base = base
    self.rows = rows
    self.cols = cols
    self.lda = lda
    self.size = size
    self.ld = ld
    self.buffer = buffer
    version = storage.version
  }

  var bytes: Int { ld * cols * size }

  deinit { free(buffer) }
}

/// The kept copies, most recently used last: at most `capacity` of them and `byteLimit` bytes.
enum PaddedCopies {
  static let capacity = 16
  static let byteLimit = 256 << 20
  nonisolated(unsafe) static var entries: [PaddedCopy] = []
  nonisolated(unsafe) static var lock = pthread_mutex_t()
  nonisolated(unsafe) static var lockReady: Bool = {
    pthread_mutex_init(&lock, nil)
    return true
  }()

  /// The copy of the matrix at `base` in `storage`, marked in use, and whether it already holds
  /// the storage's current version (else the product fills it); nil when none can be used now
  /// (another product is filling it, or memory is short).
  static func acquire(
    _ storage: Storage, _ base: UnsafeRawPointer, rows: Int, cols: Int, lda: Int, size: Int
  ) -> (PaddedCopy, Bool)? {
    _ = lockReady
    pthread_mutex_lock(&lock)
    defer { pthread_mutex_unlock(&lock) }
    if let i = entries.firstIndex(where: {
      $0.storage === storage && $0.base == base && $0.rows == rows && $0.cols == cols
        && $0.lda == lda && $0.size == size
    }) {
      let e = entries.remove(at: i)
      entries.append(e)
      let current = e.ready && e.version == storage.version
      if !current && e.users > 0 { return nil }
      if !current {
        e.ready = false
        e.version = storage.version
      }
      e.users += 1
      return (e, current)
    }
    entries.removeAll { $0.storage == nil }
    guard let e = PaddedCopy(storage, base, rows: rows, cols: cols, lda: lda, size: size) else {
      return nil
    }
    var bytes = entries.reduce(e.bytes) { $0 + $1.bytes }
    while let k = entries.firstIndex(where: { $0.users == 0 }),
      entries.count >= capacity || bytes > byteLimit
    {
      bytes -= entries.remove(at: k).bytes
    }
    entries.append(e)
    e.users = 1
    return (e, false)
  }

  /// Ends a product's use of `copy`; `filled` when the product wrote the current version.
  static func release(_ copy: PaddedCopy, filled: Bool) {
    pthread_mutex_lock(&lock)
    copy.users -= 1
    if filled { copy.ready = true }
    pthread_mutex_unlock(&lock)
  }
}
