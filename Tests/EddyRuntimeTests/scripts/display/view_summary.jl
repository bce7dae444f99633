# A view displays as an array whose summary names the parent and the indices.
A = [1.0 2.0; 3.0 4.0]
display(view(A, :, 1))
display(view(A, 1:2, 2:2))
println(view(A, 2, :))
# expect: 2-element view(::Matrix{Float64}, :, 1) with eltype Float64:
# expect:  1.0
# expect:  3.0
# expect: 2×1 view(::Matrix{Float64}, 1:2, 2:2) with eltype Float64:
# expect:  2.0
# expect:  4.0
# expect: [3.0, 4.0]
