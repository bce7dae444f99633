# v' * w of two vectors is a scalar (dot product); v * w' is an outer product.
v = [1, 2]
w = [3, 4]
println(v' * w)
println(v * w')
println(size(v'))
# expect: 11
# expect: [3 4; 6 8]
# expect: (1, 2)
