// getindex / setindex! semantics and BoundsError texts.

import Testing

@testable import EddyTensor

@Suite struct IndexingTests {
  let a = f64([2, 3], [1, 4, 2, 5, 3, 6])  // [1 2 3; 4 5 6]

  @Test func scalarsAndLinear() throws {
    let x = try a.index([.scalar(2), .scalar(3)])
    #expect(x.ndims == 0 && x.toDoubles() == [6])
    #expect(try a.index([.scalar(3)]).toDoubles() == [2])
    #expect(try a.element(at: [2, 1]) == 4)
    #expect(try a.element(at: [5]) == 3)
    #expect(try a.index([.scalar(1), .scalar(2), .scalar(1)]).toDoubles() == [2])
  }

  @Test func slicesDropDimensions() throws {
    let col = try a.index([.all, .scalar(2)])
    #expect(col.shape == [2] && col.toDoubles() == [2, 5])
    let row = try a.index([.scalar(2), .all])
    #expect(row.shape == [3] && row.showText() == "[4.0, 5.0, 6.0]")
    let keep = try a.index([.range(start: 1, step: 1, count: 1), .all])
    #expect(keep.shape == [1, 3])
    #expect(try a.index([.all]).shape == [6])
    let v = i64([5], [10, 20, 30, 40, 50])
    #expect(try v.index([.range(start: 2, step: 2, count: 2)]).toDoubles() == [20, 40])
    #expect(try v.index([.list([5, 1])]).toDoubles() == [50, 10])
    #expect(try v.index([.mask([true, false, true, false, true])]).toDoubles() == [10, 30, 50])
    #expect(try v.index([.range(start: 3, step: 1, count: 0)]).shape == [0])
    let cube = ramp([2, 3, 4], .int64)
    let merged = try cube.index([.scalar(2), .scalar(7)])  // trailing dims merge: 3×4 → 12
    #expect(merged.toDoubles() == [cube[linear: 1 + 2 * 6]])
    let slab = try cube.index([.all, .all, .scalar(3)])
    #expect(slab.shape == [2, 3] && slab.toDoubles() == Array(cube.toDoubles()[12..<18]))
  }

  @Test func boundsErrors() {
    let v = i64([3], [1, 2, 3])
    #expect(
      caught { _ = try v.index([.scalar(5)]) }?.description
        == "BoundsError: attempt to access 3-element Vector{Int64} at index [5]")
    #expect(
      caught { _ = try a.index([.scalar(3), .scalar(1)]) }?.description
        == "BoundsError: attempt to access 2×3 Matrix{Float64} at index [3, 1]")
    #expect(
      caught { _ = try v.index([.range(start: 2, step: 1, count: 4)]) }?.message
        == "attempt to access 3-element Vector{Int64} at index [2:5]")
    #expect(
      caught { _ = try a.index([.all, .scalar(4)]) }?.message
        == "attempt to access 2×3 Matrix{Float64} at index [1:2, 4]")
    #expect(caught { _ = try v.index([.scalar(0)]) }?.kind == .bounds)
    #expect(caught { _ = try v.index([.list([1, 4])]) }?.message.hasSuffix("at index [[1, 4]]") == true)
    #expect(caught { _ = try v.index([.mask([true])]) }?.kind == .bounds)
    #expect(caught { _ = try v.index([.range(start: 1, step: 1, count: Int.max)]) }?.kind == .bounds)
    #expect(caught { _ = try a.index([.scalar(1), .scalar(1), .scalar(2)]) }?.kind == .bounds)
  }

  @Test func assignment() throws {
    let m = Tensor.zeros([2, 3], .float64)
    try m.setIndex([.scalar(1), .scalar(1)], f64([], [-1]))
    try m.setIndex([.all, .scalar(2)], f64([2], [7, 8]))
    try m.setIndex([.scalar(2), .range(start: 2, step: 1, count: 2)], i64([], [5]))
    #expect(m.toDoubles() == [-1, 0, 7, 5, 0, 5])
    #expect(m.storage.version == 3)
    let e = caught { try m.setIndex([.all, .scalar(1)], f64([3], [1, 2, 3])) }
    #expect(e?.description == "DimensionMismatch: tried to assign 3 elements to 2 destinations")
    let ints = Tensor.zeros([2], .int64)
    #expect(caught { try ints.setIndex([.scalar(1)], f64([], [1.5])) }?.description == "InexactError: Int64(1.5)")
    let f = Tensor.zeros([3], .float32)
    try f.setIndex([.mask([true, false, true])], f64([2], [0.5, 2]))
    #expect(f.toFloats() == [0.5, 0, 2])
    // Aliasing: writing an array into a permutation of itself.
    let v = i64([3], [1, 2, 3])
    try v.setIndex([.list([3, 2, 1])], v)
    #expect(v.toDoubles() == [3, 2, 1])
  }
}
