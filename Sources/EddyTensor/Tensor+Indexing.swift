// Julia getindex/setindex!: scalars, ranges, index lists, colons and logical masks.

/// One index in `A[i, j, …]` (all positions are 1-based, as in Julia).
public enum IndexSpec: Sendable {
  /// `A[i]`: selects one position and drops the dimension.
  case scalar(Int)
  /// `A[a:s:b]`: `count` positions from `start` in steps of `step`.
  case range(start: Int, step: Int, count: Int)
  /// `A[[i, j, k]]`.
  case list([Int])
  /// `A[:]`.
  case all
  /// `A[mask]`: positions where the mask is true (mask length must equal the dimension).
  case mask([Bool])
}

/// Indices resolved against a shape: 0-based element offsets per indexed dimension.
struct ResolvedIndex {
  /// Offsets (already multiplied by the dimension's stride) for each spec.
  var offsets: [[Int]]
  /// Result shape (dimensions of non-scalar specs).
  var shape: [Int]
  var count: Int
}

extension Tensor {
  /// `A[specs...]` (Julia `getindex`), returning a new array.
  ///
  /// One spec indexes linearly (column-major) into any array; N specs index N dimensions,
  /// where extra trailing specs must select position 1 and fewer specs merge the trailing
  /// dimensions. Scalar specs drop their dimension, so all-scalar indexing gives a 0-d array
  /// (which callers turn into a number).
  ///
  /// - Throws: `BoundsError` in Julia's words, e.g.
  ///   `attempt to access 3-element Vector{Int64} at index [5]`.
  public func index(_ specs: [IndexSpec]) throws -> Tensor {
    if let block = contiguousBlock(specs) {
      let out = Tensor(uncheckedShape: block.shape, dtype: dtype)
      out.isBitArray = isBitArray
      if dtype == .float32 {
        out.storage.f.update(from: storage.f + block.offset, count: block.count)
      } else {
        out.storage.d.update(from: storage.d + block.offset, count: block.count)
      }
      return out
    }
    let r = try resolve(specs)
    let out = Tensor(uncheckedShape: r.shape, dtype: dtype)
    out.isBitArray = isBitArray
    if dtype == .float32 {
      Tensor.gather(storage.f, r, out.storage.f)
    } else {
      Tensor.gather(storage.d, r, out.storage.d)
    }
    return out
  }

  /// The element at 1-based `indices` (one per dimension, or one linear index), bounds-checked.
  public func element(at indices: [Int]) throws -> Double {
    if indices.count == 1 {
      let i = indices[0]
      guard i >= 1 && i <= count else { throw boundsError(indices.map { .scalar($0) }) }
      return self[linear: i - 1]
    }
    let r = try resolve(indices.map { .scalar($0) })
    var o = 0
    for list in r.offsets { o += list[0] }
    return self[linear: o]
  }

  /// `A[specs...] = value` (Julia `setindex!`).
  ///
  /// A 0-d `value` is written to every selected position; otherwise `value` must have as many
  /// elements as the selection and is written in column-major order. Values are converted
  /// to this array's element type. Bumps the storage version.
  ///
  /// - Throws: `BoundsError`, `DimensionMismatch` for a wrong number of values,
  ///   `InexactError` for values the element type cannot hold.
  public func setIndex(_ specs: [IndexSpec], _ value: Tensor) throws {
    if value.dtype == dtype && value.storage !== storage, let block = contiguousBlock(specs),
      value.count == block.count || value.ndims == 0
    {
      storage.version += 1
      if value.ndims == 0 {
        Tensor.scatterScalarRun(value, into: self, block.offset, block.count)
      } else if dtype == .float32 {
        (storage.f + block.offset).update(from: value.storage.f, count: block.count)
      } else {
        (storage.d + block.offset).update(from: value.storage.d, count: block.count)
      }
      return
    }
    let r = try resolve(specs)
    if value.ndims != 0 && value.count != r.count {
      let text =
        r.shape.count <= 1 && value.ndims <= 1
        ? "tried to assign \(value.count) elements to \(r.count) destinations"
        : "tried to assign \(dimsText(value.shape)) array to \(dimsText(r.shape)) destination"
      throw TensorError(.dimensionMismatch, text)
    }
    var src = try value.promoted(to: dtype)
    if src === value && value.storage === storage { src = value.copy() }
    storage.version += 1
    if value.ndims == 0 {
      let v = src[linear: 0]
      if dtype == .float32 {
        Tensor.scatterScalar(Float(v), r, storage.f)
      } else {
        Tensor.scatterScalar(v, r, storage.d)
      }
    } else if dtype == .float32 {
      Tensor.scatter(src.storage.f, r, storage.f)
    } else {
      Tensor.scatter(src.storage.d, r, storage.d)
    }
  }

  /// The fast path for selections that are one contiguous run in memory: leading colons,
  /// then one scalar or unit-step range, then scalars (`A[:, j]`, `A[i]`, `v[2:4]`, `A[:, :, k]`).
  /// Returns nil (use the general path) for anything else, including out-of-bounds indices.
  private func contiguousBlock(_ specs: [IndexSpec]) -> (offset: Int, count: Int, shape: [Int])? {
    let k = specs.count
    guard k == ndims || k == 1, k > 0 else { return nil }
    var offset = 0, stride = 1, run = 1
    var shape: [Int] = []
    var phase = 0  // 0: leading colons, 1: after the run's start
    for d in 0..<k {
      let size = k == 1 ? count : self.shape[d]
      switch specs[d] {
      case .all where phase == 0:
        run *= size
        shape.append(size)
      case .scalar(let i) where i >= 1 && i <= size:
        offset += (i - 1) * stride
        phase = 1
      case .range(let start, 1, let n) where phase == 0 && n >= 0:
        if n > 0 {
          if start < 1 || n > size || start > size - n + 1 { return nil }
          offset += (start - 1) * stride
        }
        run *= n
        shape.append(n)
        phase = 1
      default:
        return nil
      }
      stride *= size
    }
    return (offset, run, shape)
  }

  /// Resolves specs to per-dimension offsets, checking bounds.
  func resolve(_ specs: [IndexSpec]) throws -> ResolvedIndex {
    let k = specs.count
    var eff: [Int]
    if k == 0 {
      guard count == 1 else { throw boundsError(specs) }
      return ResolvedIndex(offsets: [], shape: [], count: 1)
    } else if k == 1 {
      eff = [count]
    } else if k >= ndims {
      eff = shape + [Int](repeating: 1, count: k - ndims)
    } else {
      eff = Array(shape[0..<(k - 1)]) + [shape[(k - 1)...].reduce(1, *)]
    }
    var offsets: [[Int]] = []
    offsets.reserveCapacity(k)
    var outShape: [Int] = []
    var total = 1, stride = 1
    // When another axis selects nothing, ranges and colons are not listed out (the result is
    // empty however long they are: `zeros(0, 2^40)[1:0, :]`).
    let selectsNothing = specs.enumerated().contains { d, spec in
      switch spec {
      case .range(_, _, let n): return n == 0
      case .list(let xs): return xs.isEmpty
      case .all: return eff[d] == 0
      case .mask(let m): return !m.contains(true)
      case .scalar: return false
      }
    }
    for (d, spec) in specs.enumerated() {
      let size = eff[d]
      var list: [Int]
      var length: Int? = nil
      switch spec {
      case .scalar(let i):
        guard i >= 1 && i <= size else { throw boundsError(specs) }
        list = [(i - 1) * stride]
      case .range(let start, let step, let n):
        // A range inside 1...size never has more than `size` positions; this also keeps
        // the arithmetic below from overflowing.
        if n > size { throw boundsError(specs) }
        if n > 0 {
          let (span, o1) = step.multipliedReportingOverflow(by: n - 1)
          let (last, o2) = start.addingReportingOverflow(span)
          guard !o1 && !o2 && start >= 1 && start <= size && last >= 1 && last <= size else {
            throw boundsError(specs)
          }
        }
        if selectsNothing {
          list = []
          length = Swift.max(n, 0)
        } else {
          list = (0..<Swift.max(n, 0)).map { (start - 1 + $0 * step) * stride }
        }
      case .list(let xs):
        for i in xs where i < 1 || i > size { throw boundsError(specs) }
        list = xs.map { ($0 - 1) * stride }
      case .all:
        if selectsNothing {
          list = []
          length = size
        } else {
          list = (0..<size).map { $0 * stride }
        }
      case .mask(let m):
        guard m.count == size else { throw boundsError(specs) }
        list = m.indices.filter { m[$0] }.map { $0 * stride }
      }
      if case .scalar = spec {} else { outShape.append(length ?? list.count) }
      total = selectsNothing ? 0 : total * list.count
      offsets.append(list)
      stride = stride.multipliedReportingOverflow(by: size).partialValue
    }
    return ResolvedIndex(offsets: offsets, shape: outShape, count: total)
  }

  /// `BoundsError: attempt to access <summary> at index [<specs>]`, message part.
  func boundsError(_ specs: [IndexSpec]) -> TensorError {
    let parts = specs.enumerated().map { d, spec -> String in
      switch spec {
      case .scalar(let i): return String(i)
      case .range(let start, let step, let n):
        let (span, o1) = step.multipliedReportingOverflow(by: n - 1)
        let (stop, o2) = start.addingReportingOverflow(span)
        if o1 || o2 { return "\(start):\(step):…" }
        return step == 1 ? "\(start):\(stop)" : "\(start):\(step):\(stop)"
      case .list(let xs): return "[" + xs.map(String.init).joined(separator: ", ") + "]"
      case .all: return "1:\(specs.count == 1 ? count : size(d + 1))"
      case .mask(let m): return "Bool[" + m.map { $0 ? "1" : "0" }.joined(separator: ", ") + "]"
      }
    }
    return TensorError(.bounds, "attempt to access \(summary) at index [\(parts.joined(separator: ", "))]")
  }

  /// Visits selected offsets in column-major order of the selection.
  @inline(__always)
  static func forEachOffset(_ r: ResolvedIndex, _ body: (Int, Int) -> Void) {
    let k = r.offsets.count
    if r.count == 0 { return }
    if k == 0 {
      body(0, 0)
      return
    }
    let first = r.offsets[0]
    var idx = [Int](repeating: 0, count: k)
    var base = 0
    for d in 1..<k { base += r.offsets[d][0] }
    var pos = 0
    while pos < r.count {
      for o in first {
        body(pos, base + o)
        pos += 1
      }
      var d = 1
      while d < k {
        let list = r.offsets[d]
        base -= list[idx[d]]
        idx[d] += 1
        if idx[d] < list.count {
          base += list[idx[d]]
          break
        }
        idx[d] = 0
        base += list[0]
        d += 1
      }
    }
  }

  static func scatterScalarRun(_ value: Tensor, into t: Tensor, _ offset: Int, _ n: Int) {
    if t.dtype == .float32 {
      (t.storage.f + offset).update(repeating: value.storage.f[0], count: n)
    } else {
      (t.storage.d + offset).update(repeating: value.storage.d[0], count: n)
    }
  }

  static func gather<T>(_ x: UnsafeMutablePointer<T>, _ r: ResolvedIndex, _ z: UnsafeMutablePointer<T>) {
    forEachOffset(r) { pos, o in z[pos] = x[o] }
  }

  static func scatter<T>(_ v: UnsafeMutablePointer<T>, _ r: ResolvedIndex, _ z: UnsafeMutablePointer<T>) {
    forEachOffset(r) { pos, o in z[o] = v[pos] }
  }

  static func scatterScalar<T>(_ v: T, _ r: ResolvedIndex, _ z: UnsafeMutablePointer<T>) {
    forEachOffset(r) { _, o in z[o] = v }
  }
}

/// Julia's `dims2string`: `3-element`-free size text used in messages (`2×3`, `3`).
func dimsText(_ shape: [Int]) -> String {
  shape.isEmpty ? "0-dimensional" : shape.map(String.init).joined(separator: "×")
}
