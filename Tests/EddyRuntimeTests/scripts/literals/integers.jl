# Integer literals, underscores, types and overflow.
println(42)
println(-7)
println(1_000_000)
println(typeof(1))
println(typemax(Int64))
println(typemax(Int64) + 1)
println(7 ÷ 2, " ", 7 % 3, " ", -7 % 3, " ", mod(-7, 3))
println(2^10)
# expect: 42
# expect: -7
# expect: 1000000
# expect: Int64
# expect: 9223372036854775807
# expect: -9223372036854775808
# expect: 3 1 -1 2
# expect: 1024
