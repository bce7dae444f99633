# Out-of-range indexing is a BoundsError with Julia's wording.
v = [1, 2, 3]
try
    v[4]
catch e
    println(typeof(e))
end
v[0]
# expect: BoundsError
# expect-error: BoundsError: attempt to access 3-element Vector{Int64} at index [0]
