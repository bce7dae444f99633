# Array + scalar is a MethodError with the broadcasting hint.
[1, 2] + 1
# expect-error: MethodError: no method matching +(::Vector{Int64}, ::Int64)
