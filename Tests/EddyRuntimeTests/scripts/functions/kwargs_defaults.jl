# Default positional arguments, keyword arguments, varargs, splatting.
greet(name, greeting = "Hello") = "$greeting, $name"
println(greet("A"), " / ", greet("B", "Hi"))
scale(x; factor = 2, offset = 0) = x * factor + offset
println(scale(3), " ", scale(3; factor = 10), " ", scale(3, offset = 1, factor = 1))
total(xs...) = sum(xs)
println(total(1, 2, 3), " ", total([4, 5]...))
count_args(args...) = length(args)
println(count_args(), " ", count_args(1, "a"))
function kw(; a, b = a + 1)
    (a, b)
end
println(kw(a = 1), " ", kw(b = 0, a = 5))
# expect: Hello, A / Hi, B
# expect: 6 30 4
# expect: 6 9
# expect: 0 2
# expect: (1, 2) (5, 0)
