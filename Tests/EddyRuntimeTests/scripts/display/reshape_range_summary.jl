# reshape of a range keeps the range as the parent in the summary line.
display(reshape(1:6, 2, 3))
display(reshape(1:2:11, :, 2))
# expect: 2×3 reshape(::UnitRange{Int64}, 2, 3) with eltype Int64:
# expect:  1  3  5
# expect:  2  4  6
# expect: 3×2 reshape(::StepRange{Int64, Int64}, 3, 2) with eltype Int64:
# expect:  1   7
# expect:  3   9
# expect:  5  11
