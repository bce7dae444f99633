// Indexing, concatenation and stacking, with their pullbacks.

import EddyTensor

extension Diff {
  // MARK: Indexing

  /// `a[specs...]`. Pullback: the gradient is scattered (added, so repeated indices
  /// accumulate) into zeros of `a`'s shape.
  public static func index(_ a: Tensor, _ specs: [IndexSpec]) throws -> Tensor {
    let out = try a.index(specs)
    guard let tape = Tape.active else { return out }
    let na = tape.node(a)
    if na < 0 { return out }
    let shape = a.shape, dtype = a.dtype
    tape.push(out) { g, t in
      let ga = try Ops.zeros(shape, dtype)
      let g = try Ops.dtype(g, dtype)
      if dtype == .float32 {
        scatterAdd(Float.self, g, into: ga, specs)
      } else {
        scatterAdd(Double.self, g, into: ga, specs)
      }
      try t.accumulate(ga, into: na)
    }
    return out
  }

  /// `z[selection(specs)] .+= g` for an index already validated by the forward pass.
  private static func scatterAdd<T: ADFloat>(
    _: T.Type, _ g: Tensor, into z: Tensor, _ specs: [IndexSpec]
  ) {
    let lists = selectedOffsets(z.shape, z.count, specs)
    let pg = T.buffer(g), pz = T.buffer(z)
    let k = lists.count
    if k == 0 {
      if z.count >= 1 && g.count >= 1 { pz[0] += pg[0] }
      return
    }
    var total = 1
    for l in lists { total *= l.count }
    if total == 0 || g.count < total { return }
    // Walk the selection in column-major order (first spec fastest), like the gather.
    var idx = [Int](repeating: 0, count: k)
    var base = 0
    for d in 1..<k { base += lists[d][0] }
    var pos = 0
    let first = lists[0]
    while pos < total {
      for o in first {
        pz[base + o] += pg[pos]
        pos += 1
      }
      var d = 1
      while d < k {
        base -= lists[d][idx[d]]
        idx[d] += 1
        if idx[d] < lists[d].count {
          base += lists[d][idx[d]]
          break
        }
        idx[d] = 0
        base += lists[d][0]
        d += 1
      }
    }
  }

  /// Per spec, the 0-based element offsets it selects (already multiplied by the dimension's
  /// stride), following Julia's rules for one linear index and for fewer or more indices
  /// than dimensions. Out-of-range positions (impossible after a successful forward) are
  /// dropped.
  private static func selectedOffsets(_ shape: [Int], _ count: Int, _ specs: [IndexSpec]) -> [[Int]] {
    let k = specs.count
    if k == 0 { return [] }
    var eff: [Int]
    if k == 1 {
      eff = [count]
    } else if k >= shape.count {
      eff = shape + [Int](repeating: 1, count: k - shape.count)
    } else {
      eff = Array(shape[0..<(k - 1)]) + [shape[(k - 1)...].reduce(1, *)]
    }
    var lists: [[Int]] = []
    lists.reserveCapacity(k)
    var stride = 1
    for (d, spec) in specs.enumerated() {
      let size = eff[d]
      var positions: [Int]
      switch spec {
      case .scalar(let i): positions = [i - 1]
      case .range(let start, let step, let n):
        positions = (0..<Swift.max(n, 0)).map { start - 1 + $0 * step }
      case .list(let xs): positions = xs.map { $0 - 1 }
      case .all: positions = Array(0..<size)
      case .mask(let m): positions = m.indices.filter { m[$0] }
      }
      lists.append(positions.filter { $0 >= 0 && $0 < size }.map { $0 * stride })
      stride *= size
    }
    return lists
  }

  // MARK: Concatenation

  /// `cat(parts...; dims = dim)` (`vcat` is dim 1, `hcat` dim 2). Pullback: each part gets its
  /// block of the gradient.
  public static func concatenate(_ parts: [Tensor], dim: Int) throws -> Tensor {
    let out = try Kernels.concatenate(parts, dim: dim)
    guard let tape = Tape.active else { return out }
    var any = false
    let ids = parts.map { p -> Int32 in
      let n = tape.node(p)
      if n >= 0 { any = true }
      return n
    }
    if !any || !out.dtype.isFloat { return out }
    // Each part is a block of `inner × len_p` contiguous elements repeated `outer` times.
    let k = dim - 1
    var inner = 1
    for d in 0..<k { inner *= out.size(d + 1) }
    let lens = parts.map { $0.size(dim) }
    let shapes = parts.map { $0.shape }
    let total = out.size(dim)
    let outer = inner * total == 0 ? 0 : out.count / (inner * total)
    tape.push(out) { g, t in
      var offset = 0
      for (p, len) in lens.enumerated() {
        let chunk = inner * len
        if ids[p] >= 0 {
          let gp = try Tensor(shape: shapes[p], dtype: g.dtype)
          if chunk > 0 && gp.count == chunk * outer {
            for o in 0..<outer {
              let src = o * inner * total + offset
              if g.dtype == .float32 {
                (gp.storage.f + o * chunk).update(from: g.storage.f + src, count: chunk)
              } else {
                (gp.storage.d + o * chunk).update(from: g.storage.d + src, count: chunk)
              }
            }
          }
          try t.accumulate(gp, into: ids[p])
        }
        offset += chunk
      }
    }
    return out
  }

  /// `stack(parts; dims = dim)`: equally-shaped arrays joined along a new dimension `dim`
  /// (1 ≤ dim ≤ ndims + 1; Flux's default is the new last one). Recorded as a reshape of each
  /// part followed by a concatenation, so its pullback is theirs.
  ///
  /// - Throws: `ArgumentError` for no parts or a bad `dim`, `DimensionMismatch` for parts of
  ///   different shapes.
  public static func stack(_ parts: [Tensor], dim: Int) throws -> Tensor {
    guard let first = parts.first else {
      throw TensorError(.argument, "stack requires at least one array")
    }
    let shape = first.shape
    guard dim >= 1 && dim <= shape.count + 1 else {
      throw TensorError(
        .argument, "cannot stack \(shape.count)-dimensional arrays along dimension \(dim)")
    }
    for p in parts where p.shape != shape {
      throw TensorError(
        .dimensionMismatch, "stack expects arrays of equal size, got \(shape) and \(p.shape)")
    }
    var newShape = shape
    newShape.insert(1, at: dim - 1)
    let columns = try parts.map { try reshaped($0, newShape) }
    return try concatenate(columns, dim: dim)
  }
}
