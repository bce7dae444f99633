# sort, sort! with rev and by, unique, reverse, zip, enumerate, findfirst, in.
v = [3, 1, 2, 3]
println(sort(v), " ", v)
println(sort(v; rev = true))
println(sort(["bb", "a", "ccc"]; by = length))
sort!(v)
println(v)
println(unique([1, 2, 1, 3, 2]))
println(reverse([1, 2, 3]))
println(collect(zip([1, 2, 3], ["a", "b"])))
println(collect(enumerate(["x", "y"])))
println(3 in [1, 2, 3], " ", 5 ∈ [1, 2])
println(argmin([4, 2, 8]))
println(cumsum([1, 2, 3]))
# expect: [1, 2, 3, 3] [3, 1, 2, 3]
# expect: [3, 3, 2, 1]
# expect: ["a", "bb", "ccc"]
# expect: [1, 2, 3, 3]
# expect: [1, 2, 3]
# expect: [3, 2, 1]
# expect: [(1, "a"), (2, "b")]
# expect: [(1, "x"), (2, "y")]
# expect: true false
# expect: 2
# expect: [1, 3, 6]
