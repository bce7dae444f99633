# Operator precedence: unary minus vs ^, juxtaposition, n-ary ops, right-assoc ^.
x = 3
println(-2^2)
println(2x^2)
println(2^3^2)
println(1 + 2 * 3 - 4 / 2)
println((1 + 2) * 3)
println(2(x + 1))
println(10 - 2 - 3)
println(-x^2)
println(!true || true)
println(1 < 2 && 3 > 4)
# expect: -4
# expect: 18
# expect: 512
# expect: 5.0
# expect: 9
# expect: 8
# expect: 5
# expect: -9
# expect: true
# expect: false
