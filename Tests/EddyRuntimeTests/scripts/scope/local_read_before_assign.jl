# A local read before it is assigned is an UndefVarError, even when a global of that name exists.
x = 1
function f()
    x = x + 1
end
function g()
    y = 2
    y = y + 1
    y
end
println(g())
f()
# expect: 3
# expect-error: UndefVarError: `x` not defined in local scope
