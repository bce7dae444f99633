# Pairs and tuples sort lexicographically.
println(sort([2 => "b", 1 => "a"]))
println(sort([(2, 1), (1, 5), (1, 2)]))
# expect: [1 => "a", 2 => "b"]
# expect: [(1, 2), (1, 5), (2, 1)]
