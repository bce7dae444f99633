# Short, long, anonymous functions, return, implicit return, do blocks.
add(a, b) = a + b
function mul(a, b)
    return a * b
end
function early(x)
    if x < 0
        return "neg"
    end
    "nonneg"
end
sq = x -> x^2
println(add(1, 2), " ", mul(3, 4), " ", early(-1), " ", early(1), " ", sq(5))
println(map(x -> x + 1, [1, 2]))
r = map([1, 2, 3]) do x
    x * 10
end
println(r)
println((() -> 42)())
h = (a, b) -> a - b
println(h(5, 3))
println(add)
# expect: 3 12 neg nonneg 25
# expect: [2, 3]
# expect: [10, 20, 30]
# expect: 42
# expect: 2
# expect: add
