# Reducing an empty collection without init is an ArgumentError.
println(sum(Int[]))
maximum(Int[])
# expect: 0
# expect-error: ArgumentError: reducing over an empty collection is not allowed
