# extrema, and reductions with an init keyword over empty collections.
println(extrema([4, 2, 8]))
println(minimum(Int[]; init = 0), " ", sum(Int[]; init = 5))
# expect: (2, 8)
# expect: 0 5
