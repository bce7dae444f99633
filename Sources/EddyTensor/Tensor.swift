// Tensor, its element types and its storage: the column-major N-d array every other layer builds on.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The element types of Eddy arrays, ordered by Julia's promotion lattice.
public enum DType: Int, Sendable {
  case bool = 0, int64 = 1, float32 = 2, float64 = 3

  /// The Julia type name: `Bool`, `Int64`, `Float32`, `Float64`.
  public var name: String {
    switch self {
    case .bool: return "Bool"
    case .int64: return "Int64"
    case .float32: return "Float32"
    case .float64: return "Float64"
    }
  }

  /// Whether elements are floating point (`Float32` or `Float64`).
  @inlinable public var isFloat: Bool { rawValue >= DType.float32.rawValue }

  /// Julia's `promote_type` on this lattice: `Bool < Int64 < Float32 < Float64`.
  ///
  /// `Bool + Bool` arithmetic producing `Int64` is an operator rule, not promotion, so it is
  /// left to the kernels and callers.
  @inlinable public static func promote(_ a: DType, _ b: DType) -> DType {
    a.rawValue >= b.rawValue ? a : b
  }

  /// Bytes per element in storage (`Float32` is packed; everything else is a `Double`).
  @inlinable public var storageBytes: Int { self == .float32 ? 4 : 8 }
}

// Shared zero-capacity stand-ins for the unused buffer of a Storage; never written or freed.
nonisolated(unsafe) private let dummyFloats = UnsafeMutablePointer<Float>.allocate(capacity: 1)
nonisolated(unsafe) private let dummyDoubles = UnsafeMutablePointer<Double>.allocate(capacity: 1)

/// A flat element buffer, shared by a tensor and its reshapes.
///
/// ```
///  Float32 tensor:   f ──► [x0 x1 x2 … x(count-1)]   (Float, owned)     d ──► dummy
///  other dtypes:     d ──► [x0 x1 x2 … x(count-1)]   (Double, owned)    f ──► dummy
/// ```
/// Int64 and Bool elements are stored as exact integral Doubles. `version` is bumped by every
/// in-place write so the autodiff layer can detect mutation of saved values.
public final class Storage {
  /// Float32 elements (a dummy pointer unless the owner is Float32).
  public var f: UnsafeMutablePointer<Float>
  /// Float64, Int64 and Bool elements (a dummy pointer for Float32 storage).
  public var d: UnsafeMutablePointer<Double>
  /// Number of elements.
  public private(set) var count: Int
  /// Elements allocated; grows geometrically when a vector is resized (`push!`).
  public private(set) var capacity: Int
  /// Incremented by every in-place mutation.
  public var version: Int = 0
  @usableFromInline let isFloat: Bool

  /// Allocates `count` elements, zero-filled when `zeroed` is true.
  init(count: Int, float: Bool, zeroed: Bool) {
    self.count = count
    self.capacity = Swift.max(count, 1)
    self.isFloat = float
    if float {
      f = Storage.allocate(Swift.max(count, 1))
      d = dummyDoubles
      if zeroed { f.initialize(repeating: 0, count: count) }
    } else {
      f = dummyFloats
      d = Storage.allocate(Swift.max(count, 1))
      if zeroed { d.initialize(repeating: 0, count: count) }
    }
  }

  deinit {
    if isFloat { f.deallocate() } else { d.deallocate() }
  }

  /// Room for `n` elements; from 4 KiB on, on a 64-byte cache line: the vector kernels and
  /// OpenBLAS read whole 64-byte vectors, and one that straddles two lines costs two reads
  /// (2048×512 matrix-vector product: 24 → 21 µs). Smaller buffers keep malloc's own
  /// alignment, which is cheaper to allocate.
  static func allocate<T>(_ n: Int) -> UnsafeMutablePointer<T> {
    let bytes = n * MemoryLayout<T>.stride
    let alignment = bytes >= 4096 ? 64 : MemoryLayout<T>.alignment
    return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: alignment)
      .bindMemory(to: T.self, capacity: n)
  }

  /// Changes the element count to `n`, keeping the first `min(count, n)` elements and
  /// zero-filling new ones; reallocates (doubling) only when `n` exceeds the capacity.
  func resize(to n: Int) {
    if n > capacity {
      let cap = Swift.max(n, capacity * 2)
      if isFloat {
        let p: UnsafeMutablePointer<Float> = Storage.allocate(cap)
        p.update(from: f, count: count)
        f.deallocate()
        f = p
      } else {
        let p: UnsafeMutablePointer<Double> = Storage.allocate(cap)
        p.update(from: d, count: count)
        d.deallocate()
        d = p
      }
      capacity = cap
    }
    if n > count {
      if isFloat { (f + count).initialize(repeating: 0, count: n - count) } else { (d + count).initialize(repeating: 0, count: n - count) }
    }
    count = n
    version &+= 1
  }
}

/// A column-major N-d array with reference identity.
///
/// Element `(i₁, i₂, …)` (1-based) lives at linear offset `(i₁-1) + n₁·((i₂-1) + n₂·(…))`.
/// Tensors are always dense: reshapes share storage, every other operation returns a new tensor.
public final class Tensor {
  /// Element type.
  public let dtype: DType
  /// Dimension sizes; `[]` for a 0-dimensional array.
  public private(set) var shape: [Int]
  /// Element buffer, shared with reshapes of this tensor.
  public private(set) var storage: Storage
  /// Number of elements: the product of `shape` (1 for 0-d).
  public private(set) var count: Int
  /// Reserved for the autodiff layer; EddyTensor never reads it.
  public var adNode: Int32 = -1
  /// Reserved for the autodiff layer; EddyTensor never reads it.
  public var adTape: UInt32 = 0
  /// Whether this Bool array came from a broadcast comparison, so it displays as Julia's
  /// `BitVector`/`BitMatrix`. Cosmetic only.
  public var isBitArray = false
  /// Whether this 1×n matrix is the adjoint of a vector (`v'`), so `v' * w` is a number.
  public var isAdjointVector = false
  /// The vector this row is the adjoint of (`(v')' === v`).
  public var adjointParent: Tensor?
  /// The lazy wrapper Julia returns where Eddy returns a dense array, as its summary names it:
  /// `adjoint(::Vector{Int64})`, `transpose(::Matrix{Float64})`, `reshape(::UnitRange{Int64}, 2, 3)`.
  /// Cosmetic only.
  public var wrapper: String?

  /// Number of dimensions.
  @inlinable public var ndims: Int { shape.count }

  /// Creates a zero-filled array.
  ///
  /// - Throws: `ArgumentError` for negative dimensions and `OutOfMemoryError` for sizes that
  ///   cannot be allocated, both before any allocation.
  public init(shape: [Int], dtype: DType) throws {
    let n = try Tensor.checkedCount(shape, dtype)
    self.dtype = dtype
    self.shape = shape
    self.count = n
    self.storage = Storage(count: n, float: dtype == .float32, zeroed: true)
  }

  /// Creates a Float32 array from column-major data (missing elements are zero).
  public init(shape: [Int], floats: [Float]) {
    let n = shape.reduce(1, *)
    self.dtype = .float32
    self.shape = shape
    self.count = n
    self.storage = Storage(count: n, float: true, zeroed: floats.count < n)
    floats.withUnsafeBufferPointer { src in
      if let base = src.baseAddress { storage.f.update(from: base, count: Swift.min(n, src.count)) }
    }
  }

  /// Creates a Float64, Int64 or Bool array (or Float32, converting) from column-major data.
  public init(shape: [Int], doubles: [Double], dtype: DType) {
    let n = shape.reduce(1, *)
    self.dtype = dtype
    self.shape = shape
    self.count = n
    self.storage = Storage(count: n, float: dtype == .float32, zeroed: doubles.count < n)
    let m = Swift.min(n, doubles.count)
    if dtype == .float32 {
      for i in 0..<m { storage.f[i] = Float(doubles[i]) }
    } else if dtype == .bool {
      for i in 0..<m { storage.d[i] = doubles[i] != 0 ? 1 : 0 }
    } else {
      doubles.withUnsafeBufferPointer { src in
        if let base = src.baseAddress { storage.d.update(from: base, count: m) }
      }
    }
  }

  /// Wraps existing storage (used by reshape).
  init(shape: [Int], dtype: DType, storage: Storage) {
    self.dtype = dtype
    self.shape = shape
    self.count = storage.count
    self.storage = storage
  }

  /// Allocates without size checks; for shapes derived from existing tensors.
  init(uncheckedShape shape: [Int], dtype: DType, zeroed: Bool = false) {
    var n = 1
    for s in shape { n &*= s }
    self.dtype = dtype
    self.shape = shape
    self.count = n
    self.storage = Storage(count: n, float: dtype == .float32, zeroed: zeroed)
  }

  /// Allocates with size checks, uninitialised unless `zeroed`.
  static func make(_ shape: [Int], _ dtype: DType, zeroed: Bool = false) throws -> Tensor {
    _ = try checkedCount(shape, dtype)
    return Tensor(uncheckedShape: shape, dtype: dtype, zeroed: zeroed)
  }

  /// Allocates an array whose elements are left uninitialised, for kernels (such as the fused
  /// cells of EddyNN) that write every element before anyone reads it.
  ///
  /// - Throws: `ArgumentError` for negative dimensions and `OutOfMemoryError` for sizes that
  ///   cannot be allocated, both before any allocation.
  public static func uninitialized(shape: [Int], dtype: DType) throws -> Tensor {
    try make(shape, dtype)
  }

  /// Checks that `count` elements of `dtype` may be allocated under the limit every tensor
  /// obeys, for kernels that allocate raw scratch memory of their own.
  ///
  /// - Throws: `ArgumentError` for a negative count, `OutOfMemoryError` above the limit.
  public static func checkAllocation(count: Int, dtype: DType) throws {
    _ = try checkedCount([count], dtype)
  }

  /// A 0-dimensional array holding `v`.
  public static func scalar(_ v: Double, _ dtype: DType) -> Tensor {
    let t = Tensor(uncheckedShape: [], dtype: dtype)
    t[linear: 0] = v
    return t
  }

  /// Element `i` (0-based, column-major) as a Double. Unchecked: callers validate `i`.
  @inlinable public subscript(linear i: Int) -> Double {
    get { dtype == .float32 ? Double(storage.f[i]) : storage.d[i] }
    set {
      switch dtype {
      case .float32: storage.f[i] = Float(newValue)
      case .bool: storage.d[i] = newValue != 0 ? 1 : 0
      default: storage.d[i] = newValue
      }
    }
  }

  /// Resizes a vector in place to `n` elements (`push!`, `append!`, `deleteat!`, `resize!`):
  /// the first `min(count, n)` elements are kept, new ones are zero. Amortised O(1) growth.
  ///
  /// - Throws: `ArgumentError` when the array is not a vector, when `n` is negative, or when
  ///   its data is shared with a `reshape` (Julia's "cannot resize array with shared data").
  public func resizeVector(to n: Int) throws {
    guard shape.count == 1 else {
      throw TensorError(.argument, "only a vector can be resized; this array has \(shape.count) dimensions")
    }
    guard n >= 0 else { throw TensorError(.argument, "new length must be ≥ 0") }
    guard isKnownUniquelyReferenced(&storage) else {
      throw TensorError(.argument, "cannot resize array with shared data")
    }
    _ = try Tensor.checkedCount([n], dtype)
    storage.resize(to: n)
    count = n
    shape = [n]
  }

  /// A deep copy with fresh storage.
  public func copy() -> Tensor {
    let t = Tensor(uncheckedShape: shape, dtype: dtype)
    if dtype == .float32 {
      t.storage.f.update(from: storage.f, count: count)
    } else {
      t.storage.d.update(from: storage.d, count: count)
    }
    t.isBitArray = isBitArray
    return t
  }

  /// The same elements viewed with another shape; shares storage (Julia `reshape`).
  ///
  /// - Throws: `DimensionMismatch` when the element counts differ, `ArgumentError` for
  ///   negative sizes.
  public func reshaped(_ newShape: [Int]) throws -> Tensor {
    var n = 1
    for s in newShape {
      if s < 0 { throw TensorError(.argument, "invalid Array dimensions") }
      let (p, o) = n.multipliedReportingOverflow(by: s)
      if o { throw TensorError(.dimensionMismatch, reshapeMessage(newShape)) }
      n = p
    }
    guard n == count else { throw TensorError(.dimensionMismatch, reshapeMessage(newShape)) }
    let t = Tensor(shape: newShape, dtype: dtype, storage: storage)
    t.isBitArray = isBitArray
    return t
  }

  private func reshapeMessage(_ newShape: [Int]) -> String {
    "new dimensions \(juliaTuple(newShape)) must be consistent with array size \(count)"
  }

  /// All elements in column-major order, as Doubles.
  public func toDoubles() -> [Double] {
    if dtype == .float32 {
      return [Double](unsafeUninitializedCapacity: count) { buf, n in
        for i in 0..<count { buf[i] = Double(storage.f[i]) }
        n = count
      }
    }
    return Array(UnsafeBufferPointer(start: storage.d, count: count))
  }

  /// All elements as Floats (converting when the dtype is not Float32).
  public func toFloats() -> [Float] {
    if dtype == .float32 { return Array(UnsafeBufferPointer(start: storage.f, count: count)) }
    return [Float](unsafeUninitializedCapacity: count) { buf, n in
      for i in 0..<count { buf[i] = Float(storage.d[i]) }
      n = count
    }
  }

  /// Size of dimension `d` (1-based); 1 beyond `ndims`, like Julia's `size(A, d)`.
  public func size(_ d: Int) -> Int { d >= 1 && d <= shape.count ? shape[d - 1] : 1 }

  /// Throws `OutOfMemoryError` (or `ArgumentError` for a negative size) when an array of
  /// `shape` could not be allocated, before anything is.
  public static func checkAllocation(_ shape: [Int], _ dtype: DType) throws {
    _ = try checkedCount(shape, dtype)
  }

  /// Throws `OutOfMemoryError` when `count` elements of `stride` bytes exceed what one
  /// allocation may take (collections of values other than numbers).
  public static func checkAllocation(count: Int, stride: Int) throws {
    let (bytes, o) = count.multipliedReportingOverflow(by: stride)
    if o || bytes > maxAllocationBytes { throw TensorError(.outOfMemory, "") }
  }

  /// Validates a shape and returns its element count.
  static func checkedCount(_ shape: [Int], _ dtype: DType) throws -> Int {
    var n = 1
    var overflow = false
    for s in shape {
      if s < 0 { throw TensorError(.argument, "invalid Array dimensions") }
      let (p, o) = n.multipliedReportingOverflow(by: s)
      if o { overflow = true } else { n = p }
    }
    // Zero-size arrays never allocate, even when another dimension is huge.
    if shape.contains(0) { return 0 }
    let (bytes, o) = n.multipliedReportingOverflow(by: dtype.storageBytes)
    if overflow || o || bytes > maxAllocationBytes { throw TensorError(.outOfMemory, "") }
    return n
  }
}

/// The largest single allocation attempted: 16 GiB or three quarters of physical memory.
let maxAllocationBytes: Int = {
  let limit = 1 << 34
  #if os(Linux)
    let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
    if pages > 0 && size > 0 { return Swift.min(limit, pages / 4 * 3 * size) }
  #endif
  return limit
}()
