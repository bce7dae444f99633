# Tuples: show, indexing, length, splatting, 1-tuples.
t = (1, 2.5, "s")
println(t)
println(t[2], " ", length(t), " ", t[end])
println((1,))
println(())
println((1, 2f0))
f(a, b, c) = a + b + c
println(f((1, 2, 3)...))
println(typeof((1, 2.0)))
# expect: (1, 2.5, "s")
# expect: 2.5 3 s
# expect: (1,)
# expect: ()
# expect: (1, 2.0f0)
# expect: 6
# expect: Tuple{Int64, Float64}
