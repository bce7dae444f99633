# Missing Dict key is a KeyError.
d = Dict(1 => 2)
d[3]
# expect-error: KeyError: key 3 not found
