# Redefining a method with the same signature replaces it; methods count.
f(x) = x + 1
println(f(1))
f(x) = x + 100
println(f(1))
f(x::Int, y) = 0
println(length(methods(f)))
# expect: 2
# expect: 101
# expect: 2
