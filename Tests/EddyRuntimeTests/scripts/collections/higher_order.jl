# map, filter, reduce, foldl, mapreduce, any/all, count, sum with function.
println(map(x -> 2x, [1, 2, 3]))
println(map(+, [1, 2], [10, 20]))
println(filter(iseven, 1:10))
println(filter(x -> x > 1, [3, 1, 2]))
println(reduce(+, [1, 2, 3, 4]))
println(reduce(*, [1, 2, 3]; init = 10))
println(foldl(-, [10, 2, 3]))
println(foldr(-, [10, 2, 3]))
println(mapreduce(x -> x^2, +, [1, 2, 3]))
println(any(x -> x > 2, [1, 3]), " ", all(x -> x > 2, [1, 3]))
println(count(iseven, [1, 2, 4]))
println(sum(abs, [-1, 2, -3]))
foreach(x -> print(x, ";"), [1, 2])
println()
# expect: [2, 4, 6]
# expect: [11, 22]
# expect: [2, 4, 6, 8, 10]
# expect: [3, 2]
# expect: 10
# expect: 60
# expect: 5
# expect: 11
# expect: 14
# expect: true false
# expect: 2
# expect: 6
# expect: 1;2;
