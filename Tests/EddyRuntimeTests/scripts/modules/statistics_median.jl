# Statistics.median of odd and even length vectors.
using Statistics
println(median([3, 1, 2]), " ", median([4.0, 1.0, 2.0, 3.0]))
# expect: 2.0 2.5
