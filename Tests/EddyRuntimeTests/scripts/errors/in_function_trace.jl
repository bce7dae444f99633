# An error inside a function reports the stack trace with the function frame.
function inner(x)
    x[5]
end
outer(x) = inner(x)
outer([1, 2])
# expect-error: BoundsError: attempt to access 2-element Vector{Int64} at index [5]
# expect-error: Stacktrace:
# expect-error: inner
