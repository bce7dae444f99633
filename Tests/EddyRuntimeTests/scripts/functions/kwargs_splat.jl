# Keyword arguments can be splatted from a named tuple.
scale(x; factor = 2, offset = 0) = x * factor + offset
opts = (factor = 3,)
println(scale(2; opts...))
# expect: 6
