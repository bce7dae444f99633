# Display of Vector{Vector{Float32}}, tuples in vectors, scalars and ranges.
display([Float32[1, 2], Float32[3.5, 4]])
display([(1, 2), (3, 4)])
display(1.5f0)
display(1:3)
display((a = 1, b = "x"))
display("str")
display(:sym)
# expect: 2-element Vector{Vector{Float32}}:
# expect:  [1.0, 2.0]
# expect:  [3.5, 4.0]
# expect: 2-element Vector{Tuple{Int64, Int64}}:
# expect:  (1, 2)
# expect:  (3, 4)
# expect: 1.5f0
# expect: 1:3
# expect: (a = 1, b = "x")
# expect: "str"
# expect: :sym
