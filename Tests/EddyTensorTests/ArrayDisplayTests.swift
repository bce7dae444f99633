// REPL display and one-line show forms of arrays (julia-spec §3.4–3.5, §6.2).

import Testing

@testable import EddyTensor

func f32(_ shape: [Int], _ xs: [Float]) -> Tensor { Tensor(shape: shape, floats: xs) }
func f64(_ shape: [Int], _ xs: [Double]) -> Tensor { Tensor(shape: shape, doubles: xs, dtype: .float64) }
func i64(_ shape: [Int], _ xs: [Double]) -> Tensor { Tensor(shape: shape, doubles: xs, dtype: .int64) }
func bools(_ shape: [Int], _ xs: [Bool]) -> Tensor {
  Tensor(shape: shape, doubles: xs.map { $0 ? 1 : 0 }, dtype: .bool)
}

@Suite struct ArrayDisplayTests {
  @Test func vectors() {
    #expect(
      f32([3], [0.009802654, -1.5, 10.25]).displayText(limit: nil)
        == "3-element Vector{Float32}:\n  0.009802654\n -1.5\n 10.25")
    #expect(i64([3], [1, -10, 100]).displayText(limit: nil) == "3-element Vector{Int64}:\n   1\n -10\n 100")
    #expect(bools([2], [true, false]).displayText(limit: nil) == "2-element Vector{Bool}:\n 1\n 0")
    #expect(f32([1], [1e10]).displayText(limit: nil) == "1-element Vector{Float32}:\n 1.0f10")
    let pi2 = f64([2], [.pi, .pi])
    #expect(pi2.displayText(limit: (24, 80)) == "2-element Vector{Float64}:\n 3.141592653589793\n 3.141592653589793")
  }

  @Test func matrices() {
    #expect(f64([2, 2], [1, 30, -2.5, 4]).displayText(limit: nil) == "2×2 Matrix{Float64}:\n  1.0  -2.5\n 30.0   4.0")
    #expect(
      Tensor.zeros([2, 3], .float32).displayText(limit: nil)
        == "2×3 Matrix{Float32}:\n 0.0  0.0  0.0\n 0.0  0.0  0.0")
    #expect(
      f32([2, 2], [1.5, 1e-5, -2.25, 100]).displayText(limit: nil)
        == "2×2 Matrix{Float32}:\n 1.5      -2.25\n 1.0f-5  100.0")
    #expect(f64([2, 2], [.pi, .pi, .pi, .pi]).displayText(limit: nil) == "2×2 Matrix{Float64}:\n 3.14159  3.14159\n 3.14159  3.14159")
    #expect(
      i64([3, 3], [-1, -2, 3, -4, -5, 6, 7, 8, -9]).displayText(limit: nil)
        == "3×3 Matrix{Int64}:\n -1  -4   7\n -2  -5   8\n  3   6  -9")
    // One column: not compact.
    #expect(f64([2, 1], [1 / 3, 2]).displayText(limit: nil) == "2×1 Matrix{Float64}:\n 0.3333333333333333\n 2.0")
    #expect(f64([1, 2], [4, 6]).displayText(limit: nil) == "1×2 Matrix{Float64}:\n 4.0  6.0")
  }

  @Test func emptyAndZeroDimensional() {
    #expect(Tensor.zeros([0], .float32).displayText(limit: nil) == "Float32[]")
    #expect(Tensor.zeros([0, 3], .float64).displayText(limit: nil) == "0×3 Matrix{Float64}")
    #expect(Tensor.scalar(1.5, .float64).displayText(limit: nil) == "0-dimensional Array{Float64, 0}:\n1.5")
  }

  @Test func threeDimensional() {
    #expect(
      i64([2, 1, 2], [1, 2, 3, 4]).displayText(limit: nil)
        == "2×1×2 Array{Int64, 3}:\n[:, :, 1] =\n 1\n 2\n\n[:, :, 2] =\n 3\n 4")
    #expect(
      f32([1, 2, 2], [1, 2, 3, 4]).displayText(limit: nil)
        == "1×2×2 Array{Float32, 3}:\n[:, :, 1] =\n 1.0  2.0\n\n[:, :, 2] =\n 3.0  4.0")
  }

  @Test func truncatedVector() {
    let v = i64([100], (1...100).map(Double.init))
    func line(_ k: Int) -> String { String(repeating: " ", count: 4 - String(k).count) + String(k) }
    var lines: [String] = ["100-element Vector{Int64}:"]
    lines += (1...10).map(line)
    lines.append("   ⋮")
    lines += (92...100).map(line)
    #expect(v.displayText(limit: (24, 80)) == lines.joined(separator: "\n"))
    #expect(v.displayText(limit: nil).split(separator: "\n").count == 101)
  }

  @Test func tinyTerminals() {
    #expect(i64([1], [1]).displayText(limit: (5, 80)) == "1-element Vector{Int64}:\n 1")
    #expect(i64([2], [1, 2]).displayText(limit: (5, 80)) == "2-element Vector{Int64}:\n ⋮")
    #expect(i64([3], [1, 2, 3]).displayText(limit: (6, 80)) == "3-element Vector{Int64}:\n 1\n ⋮")
    #expect(Tensor.zeros([4, 3], .float64).displayText(limit: (6, 80)) == "4×3 Matrix{Float64}:\n 0.0  0.0  0.0\n ⋮         ")
    #expect(i64([1], [1]).displayText(limit: (4, 80)) == "1-element Vector{Int64}: …")
  }

  @Test func wideMatrix() {
    let z = Tensor.zeros([4, 30], .float64)
    let expected =
      "4×30 Matrix{Float64}:\n 0.0  0.0  0.0  0.0  0.0  0.0  0.0  0.0  …  0.0  0.0  0.0  0.0  0.0  0.0  0.0\n ⋮                        ⋮              ⋱            ⋮                   "
    #expect(z.displayText(limit: (6, 80)) == expected)
    // Columns only: every row keeps the … gap, one row in five shows it.
    let w = Tensor.zeros([2, 30], .float64)
    #expect(
      w.displayText(limit: (24, 80))
        == "2×30 Matrix{Float64}:\n 0.0  0.0  0.0  0.0  0.0  0.0  0.0  0.0  …  0.0  0.0  0.0  0.0  0.0  0.0  0.0\n 0.0  0.0  0.0  0.0  0.0  0.0  0.0  0.0     0.0  0.0  0.0  0.0  0.0  0.0  0.0")
  }

  @Test func genericElements() {
    let rows = ["[0.1, 0.2]", "[-0.3, 0.4]"]
    let text = ArrayDisplay.display(
      shape: [2], summary: "2-element Vector{Vector{Float32}}", element: { rows[$0] }, isNumeric: false,
      limit: nil)
    #expect(text == "2-element Vector{Vector{Float32}}:\n [0.1, 0.2]\n [-0.3, 0.4]")
    let tuples = ["(0.5, 1)", "(0.333333, 2)", "(0.333333, 3)", "(0.25, 4)"]
    let m = ArrayDisplay.display(
      shape: [2, 2], summary: "2×2 Matrix{Tuple{Float64, Int64}}", element: { tuples[$0] },
      isNumeric: false, limit: nil)
    #expect(m == "2×2 Matrix{Tuple{Float64, Int64}}:\n (0.5, 1)       (0.333333, 3)\n (0.333333, 2)  (0.25, 4)")
  }

  @Test func showForms() {
    #expect(f32([2], [1, 2.5]).showText() == "Float32[1.0, 2.5]")
    #expect(i64([3], [1, 2, 3]).showText() == "[1, 2, 3]")
    #expect(bools([2], [true, false]).showText() == "Bool[1, 0]")
    #expect(f64([2, 2], [2, 6, 4, 8]).showText() == "[2.0 4.0; 6.0 8.0]")
    #expect(f64([2, 2], [-1, 9, 4, 16]).showText() == "[-1.0 4.0; 9.0 16.0]")
    #expect(f64([1, 2], [4, 6]).showText() == "[4.0 6.0]")
    #expect(f64([2], [3, 7]).showText() == "[3.0, 7.0]")
    #expect(f32([1, 1], [11]).showText() == "Float32[11.0;;]")
    #expect(i64([2, 1], [1, 2]).showText() == "[1; 2;;]")
    #expect(f32([1], [1e-5]).showText() == "Float32[1.0f-5]")
    #expect(f64([2, 2], [.pi, .pi, .pi, .pi]).showText() == "[3.141592653589793 3.141592653589793; 3.141592653589793 3.141592653589793]")
    #expect(Tensor.zeros([0], .float64).showText() == "Float64[]")
    #expect(Tensor.zeros([0], .int64).showText() == "Int64[]")
    #expect(Tensor.zeros([0, 3], .float64).showText() == "Matrix{Float64}(undef, 0, 3)")
    #expect(i64([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]).showText() == "[1 3; 2 4;;; 5 7; 6 8]")
    #expect(Tensor.scalar(2, .float32).showText() == "fill(2.0f0)")
  }

  @Test func limitedShowForms() {
    let v = i64([25], (1...25).map(Double.init))
    #expect(
      v.showText(limit: true)
        == "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10  …  16, 17, 18, 19, 20, 21, 22, 23, 24, 25]")
    let m = i64([5, 5], (1...25).map(Double.init))
    #expect(m.showText(limit: true) == "[1 6 … 16 21; 2 7 … 17 22; … ; 4 9 … 19 24; 5 10 … 20 25]")
  }

  @Test func typeNamesAndSummaries() {
    #expect(Tensor.zeros([3], .float32).summary == "3-element Vector{Float32}")
    #expect(Tensor.zeros([2, 3], .float64).typeName == "Matrix{Float64}")
    #expect(Tensor.zeros([2, 3, 4], .int64).typeName == "Array{Int64, 3}")
    let cmp = try? Kernels.broadcast(.gt, f64([2], [1, 2]), Tensor.scalar(1, .int64))
    #expect(cmp?.typeName == "BitVector")
    #expect(cmp?.displayText(limit: nil) == "2-element BitVector:\n 0\n 1")
    #expect(cmp?.showText() == "Bool[0, 1]")
  }
}

extension Tensor {
  static func zeros(_ shape: [Int], _ dtype: DType) -> Tensor {
    Tensor(uncheckedShape: shape, dtype: dtype, zeroed: true)
  }
}
