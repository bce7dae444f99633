# Dict: construction, get/set, haskey, get with default, keys, delete!, iteration order by sorting.
d = Dict("a" => 1, "b" => 2)
d["c"] = 3
println(d["a"], " ", length(d), " ", haskey(d, "b"), " ", haskey(d, "z"))
println(get(d, "z", 0))
println(sort(collect(keys(d))))
println(sort(collect(values(d))))
delete!(d, "a")
println(length(d))
counts = Dict{Char, Int}()
for c in "hello"
    counts[c] = get(counts, c, 0) + 1
end
println(counts['l'], " ", counts['h'])
for k in sort(collect(keys(counts)))
    print(k, counts[k])
end
println()
println(Dict(1 => 2))
println(1 => 2)
# expect: 1 3 true false
# expect: 0
# expect: ["a", "b", "c"]
# expect: [1, 2, 3]
# expect: 2
# expect: 2 1
# expect: e1h1l2o1
# expect: Dict(1 => 2)
# expect: 1 => 2
