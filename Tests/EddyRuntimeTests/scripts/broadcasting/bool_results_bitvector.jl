# Broadcasting a function that returns Bool gives a BitVector, as comparisons do; map does not.
display(iseven.([1, 2, 3]))
display(.![true, false])
display(map(iseven, [1, 2]))
# expect: 3-element BitVector:
# expect:  0
# expect:  1
# expect:  0
# expect: 2-element BitVector:
# expect:  0
# expect:  1
# expect: 2-element Vector{Bool}:
# expect:  0
# expect:  1
