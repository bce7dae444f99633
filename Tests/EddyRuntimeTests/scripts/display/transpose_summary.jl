# transpose and ' of a matrix name the wrapper and the parent in the summary line.
display(transpose([1.0 2.0; 3.0 4.0]))
display([1 2; 3 4]')
display(transpose([1, 2]))
# expect: 2×2 transpose(::Matrix{Float64}) with eltype Float64:
# expect:  1.0  3.0
# expect:  2.0  4.0
# expect: 2×2 adjoint(::Matrix{Int64}) with eltype Int64:
# expect:  1  3
# expect:  2  4
# expect: 1×2 transpose(::Vector{Int64}) with eltype Int64:
# expect:  1  2
