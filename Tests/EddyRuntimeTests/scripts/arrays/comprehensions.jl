# Comprehensions with filters and multiple for clauses; generators.
println([x^2 for x in 1:4])
println([x for x in 1:10 if iseven(x)])
println([(i, j) for i in 1:2 for j in 1:2])
println([i + 10j for i in 1:2, j in 1:3])
println(sum(x^2 for x in 1:3))
println(collect(x * 2 for x in [1, 2]))
println([i for i in 1:3 for j in 1:i])
println(Float32[x / 2 for x in 1:3])
println(maximum(abs(x) for x in [-5, 3]))
# expect: [1, 4, 9, 16]
# expect: [2, 4, 6, 8, 10]
# expect: [(1, 1), (1, 2), (2, 1), (2, 2)]
# expect: [11 21 31; 12 22 32]
# expect: 14
# expect: [2, 4]
# expect: [1, 2, 2, 3, 3, 3]
# expect: Float32[0.5, 1.0, 1.5]
# expect: 5
