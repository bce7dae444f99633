// Weight matrices packed for CEddyMath's product kernel (Gemm.c). A recurrent layer
// multiplies by the same Wh at every step of a sequence, forward (Wh·h) and backward
// (Whᵀ·dG); OpenBLAS repacks Wh on every call, which for the narrow batch columns of a step
// costs about as much as the arithmetic. Packed once per weight version, the products run at
// two to three times OpenBLAS's speed on these shapes.
import CEddyMath
import EddyTensor

#if canImport(Glibc)
  import Glibc
#endif

/// op(W) packed for `eddy_packed_gemm`, for one weight array while it is unchanged.
final class PackedWeight {
  weak var storage: Storage?
  var version: Int
  let transposed: Bool
  let rows: Int
  let inner: Int
  let values: UnsafeMutablePointer<Float>

  init(_ w: Tensor, transposed: Bool, rows: Int, inner: Int) {
    storage = w.storage
    version = w.storage.version
    self.transposed = transposed
    self.rows = rows
    self.inner = inner
    values = .allocate(capacity: eddy_packed_count(rows, inner))
    pack(w)
  }

  func pack(_ w: Tensor) {
    version = w.storage.version
    eddy_pack(w.storage.f, w.shape[0], rows, inner, transposed ? 1 : 0, values)
  }

  var bytes: Int { eddy_packed_count(rows, inner) * MemoryLayout<Float>.stride }

  deinit { values.deallocate() }
}

/// The packed weights in use, most recently used last: at most `capacity` of them and
/// `byteLimit` bytes (a deep model's every Wh in both orientations fits).
enum PackedWeights {
  /// Smallest product (multiply-adds) sent to the packed kernel. Below it OpenBLAS's own
  /// small-matrix path is as fast, and the result stays bit-identical to `*` (the Flux fast
  /// paths must not change the numbers of small models; FastPathTests).
  static let minimumWork = 1 << 20
  static let capacity = 32
  static let byteLimit = 512 << 20
  nonisolated(unsafe) static var entries: [PackedWeight] = []
  nonisolated(unsafe) static var lock = pthread_mutex_t()
  nonisolated(unsafe) static var lockReady: Bool = {
    pthread_mutex_init(&lock, nil)
    return true
  }()

  /// `c (m×n) = op(W)·b` for a Float32 matrix `W` (op(W) = W, or Wᵀ when `transposed`),
  /// `b` column-major `k×n` with leading dimension `ldb`, through the packed kernel; false
  /// (nothing written) when the product is too small, too narrow or the CPU lacks AVX-512.
  static func multiply(
    _ w: Tensor, transposed: Bool, rows m: Int, inner k: Int, _ b: UnsafePointer<Float>,
    ldb: Int, cols n: Int, into c: UnsafeMutablePointer<Float>
  ) -> Bool {
    guard n >= 2, m * k * n >= minimumWork, w.dtype == .float32, w.ndims == 2,
      w.shape == (transposed ? [k, m] : [m, k]), eddy_packed_available() != 0
    else { return false }
    _ = lockReady
    pthread_mutex_lock(&lock)
    let p = packed(w, transposed: transposed, rows: m, inner: k)
    pthread_mutex_unlock(&lock)
    let rc = eddy_packed_gemm(p.values, m, k, b, ldb, n, c, m)
    withExtendedLifetime(p) {}
    return rc == 0
  }

  /// The packed form of `w`, repacked when `w` changed since; the caller holds the lock.
  private static func packed(_ w: Tensor, transposed: Bool, rows: Int, inner: Int) -> PackedWeight {
    // The shape is part of the key: `reshape` shares storage between arrays of other shapes.
    if let k = entries.firstIndex(where: {
      $0.storage === w.storage && $0.transposed == transposed && $0.rows == rows && $0.inner == inner
    }) {
      let e = entries.remove(at: k)
      if e.version != w.storage.version { e.pack(w) }
      entries.append(e)
      return e
    }
    entries.removeAll { $0.storage == nil }
    let e = PackedWeight(w, transposed: transposed, rows: rows, inner: inner)
    var bytes = entries.reduce(e.bytes) { $0 + $1.bytes }
    while !entries.isEmpty && (entries.count >= capacity || bytes > byteLimit) {
      bytes -= entries.removeFirst().bytes
    }
    entries.append(e)
    return e
  }
}
