// One line per backward rule, checked against central differences (see GradCheck.swift).
// Tests may run in parallel: `Tape.active` is per thread.

import EddyAutodiff
import EddyTensor
import Testing

@Suite struct ElementwiseRules {
  @Test func add() throws { try checkBinary(.add) }
  @Test func sub() throws { try checkBinary(.sub) }
  @Test func mul() throws { try checkBinary(.mul) }
  @Test func div() throws { try checkBinary(.div) }
  @Test func pow() throws { try checkBinary(.pow, .positive) }
  @Test func max() throws { try checkBinary(.max) }
  @Test func min() throws { try checkBinary(.min) }
  @Test func mod() throws { try checkBinary(.mod, .positive) }
  @Test func rem() throws { try checkBinary(.rem, .positive) }
  @Test func atan2() throws { try checkBinary(.atan2) }

  @Test func neg() throws { try checkUnary(.neg) }
  @Test func exp() throws { try checkUnary(.exp) }
  @Test func expm1() throws { try checkUnary(.expm1) }
  @Test func log() throws { try checkUnary(.log, .positive) }
  @Test func log1p() throws { try checkUnary(.log1p, .positive) }
  @Test func log2() throws { try checkUnary(.log2, .positive) }
  @Test func log10() throws { try checkUnary(.log10, .positive) }
  @Test func sqrt() throws { try checkUnary(.sqrt, .positive) }
  @Test func abs() throws { try checkUnary(.abs) }
  @Test func square() throws { try checkUnary(.square) }
  @Test func tanh() throws { try checkUnary(.tanh) }
  @Test func sigmoid() throws { try checkUnary(.sigmoid) }
  @Test func relu() throws { try checkUnary(.relu) }
  @Test func leakyrelu() throws { try checkUnary(.leakyrelu) }
  @Test func elu() throws { try checkUnary(.elu) }
  @Test func softplus() throws { try checkUnary(.softplus) }
  @Test func swish() throws { try checkUnary(.swish) }
  @Test func sin() throws { try checkUnary(.sin) }
  @Test func cos() throws { try checkUnary(.cos) }
  @Test func tan() throws { try checkUnary(.tan) }
  @Test func clamp() throws { try check([[3, 4]]) { try Diff.clamp($0[0], lo: -0.5, hi: 0.7) } }
  @Test func powIntExponent() throws {
    try check([[3, 4]]) { try Diff.broadcast(.pow, $0[0], Tensor.scalar(3, .int64)) }
  }
  @Test func mulIntArray() throws {
    try check([[3, 4]]) {
      try Diff.broadcast(.mul, $0[0], Tensor(shape: [3, 1], doubles: [1, -2, 3], dtype: .int64))
    }
  }
}

@Suite struct LinearAlgebraRules {
  @Test func matmulMatrixMatrix() throws { try check([[3, 4], [4, 5]]) { try Diff.matmul($0[0], $0[1]) } }
  @Test func matmulMatrixVector() throws { try check([[3, 4], [4]]) { try Diff.matmul($0[0], $0[1]) } }
  @Test func matmulVectorRow() throws { try check([[3], [1, 5]]) { try Diff.matmul($0[0], $0[1]) } }
  @Test func matmulScalar() throws { try check([[], [3, 4]]) { try Diff.matmul($0[0], $0[1]) } }
  @Test func solveMatrix() throws { try check([[3, 3], [3, 2]]) { try Diff.solve($0[0], $0[1]) } }
  @Test func solveVector() throws { try check([[4, 4], [4]]) { try Diff.solve($0[0], $0[1]) } }
  @Test func transposeMatrix() throws { try check([[3, 4]]) { try Diff.transpose($0[0]) } }
  @Test func transposeVector() throws { try check([[4]]) { try Diff.transpose($0[0]) } }
  @Test func permutedims3() throws { try check([[2, 3, 4]]) { try Diff.permutedims($0[0], [3, 1, 2]) } }
  @Test func permutedims2() throws { try check([[3, 4]]) { try Diff.permutedims($0[0], [2, 1]) } }
  @Test func matmulChain() throws {
    try check([[3, 4], [4], [3]]) {
      try Diff.broadcast(.add, Diff.matmul($0[0], $0[1]), $0[2])
    }
  }
}

@Suite struct ReductionRules {
  @Test func sumAll() throws { try check([[3, 4]]) { try Diff.reduce(.sum, $0[0], dims: nil) } }
  @Test func sumDims1() throws { try check([[3, 4]]) { try Diff.reduce(.sum, $0[0], dims: [1]) } }
  @Test func sumDims2() throws { try check([[3, 4]]) { try Diff.reduce(.sum, $0[0], dims: [2]) } }
  @Test func sumDims12() throws { try check([[3, 4]]) { try Diff.reduce(.sum, $0[0], dims: [1, 2]) } }
  @Test func sumDims2of3() throws { try check([[2, 3, 4]]) { try Diff.reduce(.sum, $0[0], dims: [2]) } }
  @Test func meanAll() throws { try check([[3, 4]]) { try Diff.reduce(.mean, $0[0], dims: nil) } }
  @Test func meanDims1() throws { try check([[3, 4]]) { try Diff.reduce(.mean, $0[0], dims: [1]) } }
  @Test func meanDims2() throws { try check([[3, 4]]) { try Diff.reduce(.mean, $0[0], dims: [2]) } }
  @Test func prodAll() throws { try check([[3, 4]]) { try Diff.reduce(.prod, $0[0], dims: nil) } }
  @Test func prodDims1() throws { try check([[3, 4]]) { try Diff.reduce(.prod, $0[0], dims: [1]) } }
  @Test func prodDims2() throws { try check([[3, 4]]) { try Diff.reduce(.prod, $0[0], dims: [2]) } }
  @Test func maximumAll() throws { try check([[3, 4]]) { try Diff.reduce(.maximum, $0[0], dims: nil) } }
  @Test func maximumDims1() throws { try check([[3, 4]]) { try Diff.reduce(.maximum, $0[0], dims: [1]) } }
  @Test func maximumDims2() throws { try check([[3, 4]]) { try Diff.reduce(.maximum, $0[0], dims: [2]) } }
  @Test func minimumAll() throws { try check([[3, 4]]) { try Diff.reduce(.minimum, $0[0], dims: nil) } }
  @Test func minimumDims1() throws { try check([[3, 4]]) { try Diff.reduce(.minimum, $0[0], dims: [1]) } }
  @Test func minimumDims2() throws { try check([[3, 4]]) { try Diff.reduce(.minimum, $0[0], dims: [2]) } }
  @Test func sumHelper() throws { try check([[3, 4]]) { try Diff.sum($0[0]) } }
  @Test func softmaxDims1() throws { try check([[3, 4]]) { try Diff.softmax($0[0], dims: 1) } }
  @Test func softmaxDims2() throws { try check([[3, 4]]) { try Diff.softmax($0[0], dims: 2) } }
  @Test func logsoftmaxDims1() throws { try check([[3, 4]]) { try Diff.logsoftmax($0[0], dims: 1) } }
  @Test func logsoftmaxDims2() throws { try check([[3, 4]]) { try Diff.logsoftmax($0[0], dims: 2) } }
}

@Suite struct ShapeRules {
  @Test func indexRangeColon() throws { try check([[3, 4]]) { try Diff.index($0[0], [.range(start: 1, step: 1, count: 2), .all]) } }
  @Test func indexScalarColon() throws { try check([[3, 4]]) { try Diff.index($0[0], [.scalar(2), .all]) } }
  @Test func indexColonScalar() throws { try check([[3, 4]]) { try Diff.index($0[0], [.all, .scalar(3)]) } }
  @Test func indexScalars() throws { try check([[3, 4]]) { try Diff.index($0[0], [.scalar(3), .scalar(2)]) } }
  @Test func indexListRepeated() throws { try check([[3, 4]]) { try Diff.index($0[0], [.list([1, 3, 1]), .range(start: 2, step: 2, count: 2)]) } }
  @Test func indexLinearRange() throws { try check([[3, 4]]) { try Diff.index($0[0], [.range(start: 2, step: 1, count: 5)]) } }
  @Test func indexLinearScalar() throws { try check([[3, 4]]) { try Diff.index($0[0], [.scalar(5)]) } }
  @Test func indexColon() throws { try check([[3, 4]]) { try Diff.index($0[0], [.all]) } }
  @Test func indexMask() throws { try check([[3, 4]]) { try Diff.index($0[0], [.mask([true, false, true]), .all]) } }
  @Test func index3dFewerSpecs() throws { try check([[2, 3, 2]]) { try Diff.index($0[0], [.all, .range(start: 2, step: 1, count: 4)]) } }
  @Test func reshaped() throws { try check([[3, 4]]) { try Diff.reshaped($0[0], [2, 6]) } }
  @Test func reshapedVector() throws { try check([[3, 4]]) { try Diff.reshaped($0[0], [12]) } }
  @Test func concatenateDims1() throws { try check([[3, 4], [2, 4]]) { try Diff.concatenate($0, dim: 1) } }
  @Test func concatenateDims2() throws { try check([[3, 4], [3, 2]]) { try Diff.concatenate($0, dim: 2) } }
  @Test func concatenateVectorsDims1() throws { try check([[3], [2], []]) { try Diff.concatenate($0, dim: 1) } }
  @Test func concatenateVectorsDims2() throws { try check([[3], [3, 2]]) { try Diff.concatenate($0, dim: 2) } }
  @Test func concatenateDims3() throws { try check([[2, 3], [2, 3]]) { try Diff.concatenate($0, dim: 3) } }
  @Test func stackLast() throws { try check([[3, 4], [3, 4], [3, 4]]) { try Diff.stack($0, dim: 3) } }
  @Test func stackFirst() throws { try check([[3, 4], [3, 4]]) { try Diff.stack($0, dim: 1) } }
  @Test func stackMiddle() throws { try check([[3, 4], [3, 4]]) { try Diff.stack($0, dim: 2) } }
  @Test func stackVectors() throws { try check([[3], [3]]) { try Diff.stack($0, dim: 2) } }
  @Test func stackScalars() throws {
    try check([[3, 4], []]) { x in
      let parts = try [5, 1, 12, 5].map { try Diff.index(x[0], [.scalar($0)]) } + [x[1], Tensor.scalar(2, .float64)]
      return try Diff.stack(scalars: parts, shape: [3, 2], dtype: .float64)
    }
  }
  @Test func convertedSameType() throws { try check([[3, 4]]) { try Diff.converted($0[0], to: .float64) } }
  @Test func customRecord() throws {
    try check([[3, 4], [3, 4]]) { x in
      let out = try Kernels.broadcast(.mul, x[0], x[1])
      Diff.record(output: out, inputs: x) { g in
        [try Kernels.broadcast(.mul, g, x[1]), try Kernels.broadcast(.mul, g, x[0])]
      }
      return out
    }
  }
}
