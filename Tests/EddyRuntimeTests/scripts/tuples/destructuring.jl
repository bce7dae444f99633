# Destructuring assignment from tuples, arrays, swaps and nested tuples.
a, b = 1, 2
println(a, " ", b)
a, b = b, a
println(a, " ", b)
x, y, z = [10, 20, 30]
println(x + y + z)
(h, c), y2 = ((1, 2), 3)
println(h, c, y2)
first_only, = (7, 8)
println(first_only)
function minmax2(v)
    return minimum(v), maximum(v)
end
lo, hi = minmax2([3, 1, 4])
println(lo, " ", hi)
# expect: 1 2
# expect: 2 1
# expect: 60
# expect: 123
# expect: 7
# expect: 1 4
