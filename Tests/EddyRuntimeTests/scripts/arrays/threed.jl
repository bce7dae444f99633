# 3-D arrays: construction, size, slicing, display.
a = reshape(collect(1:8), 2, 2, 2)
println(size(a), " ", ndims(a))
println(a[:, :, 2])
println(a[2, 1, 2])
display(a)
# expect: (2, 2, 2) 3
# expect: [5 7; 6 8]
# expect: 6
# expect: 2×2×2 Array{Int64, 3}:
# expect: [:, :, 1] =
# expect:  1  3
# expect:  2  4
# expect:
# expect: [:, :, 2] =
# expect:  5  7
# expect:  6  8
