# Chained comparisons, ternary, short-circuit with side effects.
x = 5
println(1 < x < 10)
println(1 < x > 10)
println(1 == 1.0, " ", 1 === 1.0, " ", 1 != 2, " ", 3 ≤ 3, " ", 4 ≥ 5)
println(x > 3 ? "big" : "small")
println(x > 9 ? "big" : x > 4 ? "medium" : "small")
x > 0 && println("positive")
x < 0 || println("not negative")
println(isequal(NaN, NaN), " ", NaN == NaN)
# expect: true
# expect: false
# expect: true false true true false
# expect: big
# expect: medium
# expect: positive
# expect: not negative
# expect: true false
