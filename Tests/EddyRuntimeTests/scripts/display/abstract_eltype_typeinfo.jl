# Elements keep their own decoration unless the element type is concrete: Bool prints as
# 1/0 and Float32 without f0 only in Bool and Float32 arrays.
println(Real[1, true], " ", Number[2.5f0], " ", Any[1.5f0], " ", Bool[1, 0], " ", Float32[1.5])
display(Real[1, 2.5, true])
# expect: Real[1, true] Number[2.5f0] Any[1.5f0] Bool[1, 0] Float32[1.5]
# expect: 3-element Vector{Real}:
# expect:     1
# expect:     2.5
# expect:  true
