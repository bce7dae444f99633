# Matrix display is compact (6 significant digits) and column-aligned.
display([1 2; 30 4])
display([1.0 2.5; -3.0 4.0])
display(Float32[1/3 2/3; 1 2])
display(zeros(0, 3))
display(reshape([1.0, 2.0], 2, 1))
# expect: 2×2 Matrix{Int64}:
# expect:   1  2
# expect:  30  4
# expect: 2×2 Matrix{Float64}:
# expect:   1.0  2.5
# expect:  -3.0  4.0
# expect: 2×2 Matrix{Float32}:
# expect:  0.333333  0.666667
# expect:  1.0       2.0
# expect: 0×3 Matrix{Float64}
# expect: 2×1 Matrix{Float64}:
# expect:  1.0
# expect:  2.0
