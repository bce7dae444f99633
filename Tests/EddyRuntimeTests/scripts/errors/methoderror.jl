# A MethodError lists the argument types of the failed call.
f(x::Int) = x
f(2.5)
# expect-error: MethodError: no method matching f(::Float64)
