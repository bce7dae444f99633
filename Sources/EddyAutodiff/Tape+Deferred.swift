// Deferred outer-product gradients: a pullback that would add `L·Rᵀ` (a gate gradient times an
// input, `dG_t · x_tᵀ`) to a weight's gradient on every step of a sequence instead writes `L`
// and `R` into columns the tape reserved, and the tape runs one GEMM over all of them when the
// reverse sweep reaches the weight's node.
//
//   pullback step T     ┐   left  (rows × Σcols):  [ dG_T | dG_T-1 | … | dG_1 ]   shared by
//   pullback step T-1   ├─► right (n × Σcols):     [ x_T  | x_T-1  | … | x_1  ]   the targets
//   …                   ┘   right (o × Σcols):     [ h_T-1| h_T-2  | … | h_0  ]
//   sweep reaches Wi    →   grads[Wi] += left · rightᵀ   (one sgemm/dgemm per chunk, k = Σcols)
//
// Every consumer of a node has a larger index, so when the sweep reaches node i every deferred
// contribution to it is in; the node is flushed before its own pullback reads `grads[i]`, and
// leaves (no pullback) are flushed the same way before `backward` returns. The sum changes only
// by floating-point reassociation (Σ over the batch and the steps in one product).

import COpenBLAS
import EddyTensor

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One input that receives part of a deferred product: `grad(inputs[input]) += L[leftRows, :] · Rᵀ`
/// with its own right-hand factor `R` of `rows` rows.
public struct DeferredTarget: Sendable {
  /// Index of the input in the recorded op's `inputs`.
  public var input: Int
  /// Rows of the right-hand factor (columns of the gradient).
  public var rows: Int
  /// The rows of the shared left-hand factor the product uses; nil for all of them.
  public var leftRows: Range<Int>?

  public init(input: Int, rows: Int, leftRows: Range<Int>? = nil) {
    self.input = input
    self.rows = rows
    self.leftRows = leftRows
  }
}

/// Columns reserved in a deferred product for one pullback to fill, column-major: the shared
/// left-hand factor (`leftRows × columns`, leading dimension `leftRows`) and one right-hand
/// factor per target (`rows × columns`, leading dimension `rows`), nil for a target whose input
/// is not tracked. The memory belongs to the tape until the products run; elements have the
/// dtype passed to `deferOuterProducts` and are uninitialised: the pullback writes all of them.
public struct DeferredColumns {
  public let left: UnsafeMutableRawPointer
  public let right: [UnsafeMutableRawPointer?]
}

/// What a custom pullback may use besides returning its gradients.
public struct PullbackContext {
  let tape: Tape
  let ids: [Int32]

  /// Whether input `k` of the op is tracked on the tape (so its gradient is wanted).
  public func isTracked(input k: Int) -> Bool { k < ids.count && ids[k] >= 0 }

  /// Reserves `columns` columns of a deferred `L·Rᵀ` accumulation into the gradients of the
  /// tracked `targets`. Successive calls with the same targets (the steps of one layer) append
  /// to the same matrices, so their products run as one GEMM with inner dimension Σcolumns.
  ///
  /// Returns nil when no target is tracked, when the sizes are degenerate (no rows or no
  /// columns), or when the tape does not defer products (`Tape.defersProducts`): then the
  /// pullback computes and returns the products itself. A target's returned gradient must then
  /// be nil (the deferred product is its contribution).
  ///
  /// - Throws: `OutOfMemoryError` above the allocation limit of tensors.
  public func deferOuterProducts(
    dtype: DType, leftRows: Int, columns: Int, targets: [DeferredTarget]
  ) throws -> DeferredColumns? {
    guard tape.defersProducts, dtype.isFloat, leftRows > 0, columns > 0 else { return nil }
    var key: [Int] = [leftRows, dtype == .float32 ? 0 : 1]
    var tracked: [(node: Int32, rows: Int, lo: Int, hi: Int)] = []
    for t in targets where isTracked(input: t.input) {
      let r = t.leftRows ?? 0..<leftRows
      guard r.lowerBound >= 0, r.upperBound <= leftRows, t.rows >= 0 else {
        throw TensorError(.argument, "deferred product: target rows out of range")
      }
      let node = ids[t.input]
      tracked.append((node, t.rows, r.lowerBound, r.upperBound))
      key += [Int(node), t.rows, r.lowerBound, r.upperBound]
    }
    if tracked.isEmpty { return nil }
    let acc = try tape.outerAccumulation(key, dtype: dtype, rows: leftRows, targets: tracked)
    let (left, rights) = try acc.reserve(columns)
    tape.deferredColumns += columns
    var out: [UnsafeMutableRawPointer?] = []
    out.reserveCapacity(targets.count)
    var k = 0
    for t in targets {
      if isTracked(input: t.input) {
        out.append(rights[k])
        k += 1
      } else {
        out.append(nil)
      }
    }
    return DeferredColumns(left: left, right: out)
  }
}

/// The deferred products of one group of targets sharing a left-hand factor, stored in chunks
/// of columns (one GEMM each when flushed; chunks grow geometrically, so a sequence of T steps
/// takes O(log T) of them and nothing is copied when one fills).
final class OuterAccumulation {
  struct Target {
    let node: Int32
    let rows: Int
    let lo: Int, hi: Int
    var done = false
  }
  struct Chunk {
    let left: UnsafeMutableRawPointer
    var rights: [UnsafeMutableRawPointer?]
    let capacity: Int
    var used: Int
  }

  let dtype: DType
  let rows: Int
  var targets: [Target]
  var chunks: [Chunk] = []
  /// Columns reserved so far, over all chunks.
  var filled = 0
  var pending: Int
  private var bytes: Int { dtype == .float32 ? 4 : 8 }

  init(dtype: DType, rows: Int, targets: [(node: Int32, rows: Int, lo: Int, hi: Int)]) {
    self.dtype = dtype
    self.rows = rows
    self.targets = targets.map { Target(node: $0.node, rows: $0.rows, lo: $0.lo, hi: $0.hi) }
    pending = targets.count
  }

  deinit {
    for c in chunks {
      BlockCache.give(c.left)
      for r in c.rights { if let r { BlockCache.give(r) } }
    }
  }

  private func allocate(_ count: Int) throws -> UnsafeMutableRawPointer {
    try Tensor.checkAllocation(count: count, dtype: dtype)
    return BlockCache.take(Swift.max(count, 1) * bytes)
  }

  /// `columns` more columns: the left block, and one right block per target.
  func reserve(_ columns: Int) throws -> (UnsafeMutableRawPointer, [UnsafeMutableRawPointer?]) {
    let fits = chunks.last.map { $0.used + columns <= $0.capacity } ?? false
    if !fits {
      // At least 4 steps' worth, then as many columns as are already stored (doubling the
      // total), bounded so one chunk stays below 2^25 elements unless a single step is larger.
      let limit = Swift.max(columns, (1 << 25) / Swift.max(rows, 1))
      let capacity = Swift.min(Swift.max(4 * columns, filled), limit)
      let left = try allocate(rows * capacity)
      var rights: [UnsafeMutableRawPointer?] = []
      rights.reserveCapacity(targets.count)
      do {
        for t in targets { rights.append(try allocate(t.rows * capacity)) }
      } catch {
        BlockCache.give(left)
        for r in rights { if let r { BlockCache.give(r) } }
        throw error
      }
      chunks.append(Chunk(left: left, rights: rights, capacity: capacity, used: 0))
    }
    let c = chunks.count - 1
    let at = chunks[c].used
    chunks[c].used += columns
    filled += columns
    let left = chunks[c].left + at * rows * bytes
    let rights = targets.indices.map { k in
      chunks[c].rights[k].map { $0 + at * targets[k].rows * bytes }
    }
    return (left, rights)
  }

  /// Target `k`'s product `L[lo..<hi, :] · Rₖᵀ` over every chunk, as a fresh tensor; frees its
  /// right-hand blocks (and the left ones once every target is done).
  func product(_ k: Int) throws -> Tensor {
    let t = targets[k]
    let m = t.hi - t.lo
    let n = t.rows
    let out: Tensor
    if m == 0 || n == 0 || filled == 0 {
      out = try Tensor(shape: [m, n], dtype: dtype)
    } else {
      out = try Tensor.uninitialized(shape: [m, n], dtype: dtype)
      var first = true
      for c in chunks where c.used > 0 {
        guard let r = c.rights[k] else { continue }
        if dtype == .float32 {
          BLAS.gemm(
            false, true, m, n, c.used, c.left.assumingMemoryBound(to: Float.self) + t.lo, rows,
            r.assumingMemoryBound(to: Float.self), n, beta: first ? 0 : 1, out.storage.f, m)
        } else {
          BLAS.gemm(
            false, true, m, n, c.used, c.left.assumingMemoryBound(to: Double.self) + t.lo, rows,
            r.assumingMemoryBound(to: Double.self), n, beta: first ? 0 : 1, out.storage.d, m)
        }
        first = false
      }
      // Unreachable (a reserved column has every right block until its target is done).
      if first { throw TensorError(.argument, "deferred product without columns") }
    }
    targets[k].done = true
    pending -= 1
    for c in chunks.indices {
      if let r = chunks[c].rights[k] { BlockCache.give(r) }
      chunks[c].rights[k] = nil
    }
    if pending == 0 {
      for c in chunks { BlockCache.give(c.left) }
      chunks = []
    }
    return out
  }
}

extension Tape {
  /// The accumulation for `key`, created (and registered with each target's node) on first use.
  func outerAccumulation(
    _ key: [Int], dtype: DType, rows: Int, targets: [(node: Int32, rows: Int, lo: Int, hi: Int)]
  ) throws -> OuterAccumulation {
    if let acc = outerGroups[key] { return acc }
    let acc = OuterAccumulation(dtype: dtype, rows: rows, targets: targets)
    outerGroups[key] = acc
    for (k, t) in targets.enumerated() {
      let i = Int(t.node)
      outerByNode[i, default: []].append((acc, k))
      outerTop = Swift.max(outerTop, i)
    }
    return acc
  }

  /// Runs the deferred products into node `i`, if it has any, and adds them to its gradient.
  @inline(__always) func flushDeferred(_ i: Int) throws {
    guard i <= outerTop, let list = outerByNode.removeValue(forKey: i) else { return }
    for (acc, k) in list {
      deferredGEMMs += acc.chunks.count { $0.used > 0 }
      let g = try acc.product(k)
      try accumulate(g, into: Int32(i))
    }
  }

  /// Drops every pending deferred product (end of a backward pass, or an error in one).
  func dropDeferred() {
    outerGroups = [:]
    outerByNode = [:]
    outerTop = -1
  }
}

/// The memory of deferred products, kept from one backward pass to the next.
///
/// A training loop runs the same pass every iteration: its chunks (tens of MB for a long
/// sequence) would otherwise be fresh pages to fault in every time. Blocks freed during a pass
/// stay cached; a backward pass that deferred products ends with `trim()`, which frees the
/// cached blocks it did not reuse, so what stays cached is at most the working set of the
/// latest pass. One cache per thread, like the active tape (freed when the thread exits); a
/// block records its size in a 64-byte header, so any thread may give it back.
final class BlockCache {
  private struct Entry {
    let p: UnsafeMutableRawPointer
    let bytes: Int
    let pass: Int
  }
  private var entries: [Entry] = []
  private var pass = 0
  /// Blocks this thread allocated (not taken from the cache), for tests.
  private var allocations = 0

  deinit {
    for e in entries { BlockCache.free(e.p) }
  }

  private static let header = 64

  private static let key: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { p in
      #if canImport(Darwin)
        Unmanaged<BlockCache>.fromOpaque(p).release()
      #else
        if let p { Unmanaged<BlockCache>.fromOpaque(p).release() }
      #endif
    }
    return key
  }()

  /// This thread's cache.
  private static var current: BlockCache {
    if let p = pthread_getspecific(key) {
      return Unmanaged<BlockCache>.fromOpaque(p).takeUnretainedValue()
    }
    let c = BlockCache()
    pthread_setspecific(key, Unmanaged.passRetained(c).toOpaque())
    return c
  }

  /// The usable size of a block.
  private static func size(_ p: UnsafeMutableRawPointer) -> Int {
    (p - header).load(as: Int.self)
  }

  /// A new block of `bytes` usable bytes after the header, 64-byte aligned.
  private static func allocate(_ bytes: Int) -> UnsafeMutableRawPointer {
    let b = UnsafeMutableRawPointer.allocate(byteCount: bytes + header, alignment: 64)
    b.storeBytes(of: bytes, as: Int.self)
    return b + header
  }

  private static func free(_ p: UnsafeMutableRawPointer) { (p - header).deallocate() }

  /// A block of at least `bytes` (64-byte aligned): the smallest cached one that is at most
  /// twice as large, or a new one.
  static func take(_ bytes: Int) -> UnsafeMutableRawPointer {
    let c = current
    var best = -1
    for (k, e) in c.entries.enumerated() where e.bytes >= bytes && e.bytes <= 2 * bytes {
      if best < 0 || e.bytes < c.entries[best].bytes { best = k }
    }
    if best >= 0 { return c.entries.remove(at: best).p }
    c.allocations += 1
    return allocate(bytes)
  }

  /// Returns a block from `take` to this thread's cache.
  static func give(_ p: UnsafeMutableRawPointer) {
    let c = current
    c.entries.append(Entry(p: p, bytes: size(p), pass: c.pass))
  }

  /// Ends a backward pass: frees the blocks cached before it that it did not reuse.
  static func trim() {
    let c = current
    var kept: [Entry] = []
    for e in c.entries {
      if e.pass >= c.pass { kept.append(e) } else { free(e.p) }
    }
    c.entries = kept
    c.pass += 1
  }

  /// Blocks this thread allocated so far rather than reusing a cached one.
  static var allocated: Int { current.allocations }

  /// Frees every cached block of this thread, returning how many bytes that was.
  static func release() -> Int {
    let c = current
    let n = c.entries.reduce(0) { $0 + $1.bytes }
    for e in c.entries { free(e.p) }
    c.entries = []
    return n
  }
}
