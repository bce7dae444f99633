# Arrays of mixed values align as Julia's `alignment`: integers and Bool to the right, other
# reals on the decimal point, anything else to the left.
display(Any[1, 10, 100])
display(Any[1, "a", 2.5, nothing])
display(Any[true, 1.5])
# expect: 3-element Vector{Any}:
# expect:    1
# expect:   10
# expect:  100
# expect: 4-element Vector{Any}:
# expect:  1
# expect:   "a"
# expect:  2.5
# expect:   nothing
# expect: 2-element Vector{Any}:
# expect:  true
# expect:     1.5
