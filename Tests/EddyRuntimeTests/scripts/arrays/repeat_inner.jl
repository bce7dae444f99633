# repeat with inner= repeats each element; outer= and positional counts repeat the whole.
println(repeat([1, 2], inner=2), " ", repeat([1, 2], 2, inner=2))
println(repeat([1 2], inner=(2, 1)))
println(repeat([1 2; 3 4], inner=(1, 2), outer=(2, 1)))
println(repeat(Float32[1.5], inner=3))
# expect: [1, 1, 2, 2] [1, 1, 2, 2, 1, 1, 2, 2]
# expect: [1 2; 1 2]
# expect: [1 1 2 2; 3 3 4 4; 1 1 2 2; 3 3 4 4]
# expect: Float32[1.5, 1.5, 1.5]
