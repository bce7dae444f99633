# REPL-style display of vectors: alignment on the decimal point, Float32, Int, Bool.
display([1.5, -2.25, 10.0])
display(Float32[0.1, 1.0f-5, 100])
display([1, -20, 300])
display([true, false])
display(Float32[])
display(Int[])
display(["a", "bc"])
# expect: 3-element Vector{Float64}:
# expect:   1.5
# expect:  -2.25
# expect:  10.0
# expect: 3-element Vector{Float32}:
# expect:    0.1
# expect:    1.0f-5
# expect:  100.0
# expect: 3-element Vector{Int64}:
# expect:    1
# expect:  -20
# expect:  300
# expect: 2-element Vector{Bool}:
# expect:  1
# expect:  0
# expect: Float32[]
# expect: Int64[]
# expect: 2-element Vector{String}:
# expect:  "a"
# expect:  "bc"
