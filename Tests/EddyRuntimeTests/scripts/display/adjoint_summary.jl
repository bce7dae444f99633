# A vector's adjoint displays as Julia's lazy wrapper: its summary names the parent type.
display([1, 2, 3]')
display(adjoint(Float32[1.5, -2]))
# expect: 1×3 adjoint(::Vector{Int64}) with eltype Int64:
# expect:  1  2  3
# expect: 1×2 adjoint(::Vector{Float32}) with eltype Float32:
# expect:  1.5  -2.0
