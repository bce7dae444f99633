# while/for with break and continue; nested for; for destructuring.
function loops()
    i = 0
    while true
        i += 1
        i == 2 && continue
        i > 4 && break
        print(i, " ")
    end
    println()
    for i in 1:2, j in 1:2
        print((i, j), " ")
    end
    println()
    for (k, v) in [(1, "a"), (2, "b")]
        print(k, v, " ")
    end
    println()
    for (i, x) in enumerate([10, 20])
        print(i, "=>", x, " ")
    end
    println()
end
loops()
for i = 3:-1:1
    print(i)
end
println()
for x ∈ [1, 2]
    print(x)
end
println()
# expect: 1 3 4
# expect: (1, 1) (1, 2) (2, 1) (2, 2)
# expect: 1a 2b
# expect: 1=>10 2=>20
# expect: 321
# expect: 12
