# Ranges: show forms, collect, length, step, reverse ranges.
r = 1:5
println(r)
println(collect(r))
println(length(1:2:9), " ", collect(1:2:9))
println(collect(10:-3:1))
println(1:0, " ", isempty(1:0))
println(sum(1:100))
println(first(r), " ", last(r))
show(0.0:0.5:1.0); println()
println(collect(range(0, 1, length=3)))
println(3 in r, " ", 7 in r)
# expect: 1:5
# expect: [1, 2, 3, 4, 5]
# expect: 5 [1, 3, 5, 7, 9]
# expect: [10, 7, 4, 1]
# expect: 1:0 true
# expect: 5050
# expect: 1 5
# expect: 0.0:0.5:1.0
# expect: [0.0, 0.5, 1.0]
# expect: true false
