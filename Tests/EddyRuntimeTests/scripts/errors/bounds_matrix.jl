# Matrix BoundsError prints both indices.
A = zeros(2, 3)
A[3, 1]
# expect-error: BoundsError: attempt to access 2×3 Matrix{Float64} at index [3, 1]
