# error("...") produces an ErrorException whose report is the message.
function check(x)
    x > 0 || error("x must be positive, got $x")
    x
end
println(check(1))
check(-3)
# expect: 1
# expect-error: ERROR: x must be positive, got -3
