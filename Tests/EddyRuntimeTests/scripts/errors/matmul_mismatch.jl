# Matrix multiply with incompatible sizes is a DimensionMismatch.
A = rand(2, 3)
B = rand(2, 3)
A * B
# expect-error: DimensionMismatch
