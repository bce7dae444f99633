# @assert with and without a message.
x = 1
@assert x == 1
try
    @assert x > 5
catch e
    println(e)
end
@assert x > 5 "x too small"
# expect: AssertionError("x > 5")
# expect-error: AssertionError: x too small
