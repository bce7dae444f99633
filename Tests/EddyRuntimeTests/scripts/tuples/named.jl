# Named tuples: construction, field access, keys, show.
nt = (a = 1, b = 2.0)
println(nt)
println(nt.a, " ", nt[:b], " ", nt[2])
println(keys(nt))
println(values(nt))
x = 5
nt2 = (; x, y = 3)
println(nt2)
# expect: (a = 1, b = 2.0)
# expect: 1 2.0 2.0
# expect: (:a, :b)
# expect: (1, 2.0)
# expect: (x = 5, y = 3)
