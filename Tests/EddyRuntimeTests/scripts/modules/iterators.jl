# Base.Iterators: partition, take, repeated; Iterators.* qualified.
println(collect(Iterators.partition(1:7, 3)))
println(collect(Iterators.take(1:10, 3)))
println(first(Iterators.repeated(5, 2)))
println(collect(Iterators.flatten([[1, 2], [3]])))
for p in Iterators.partition([1, 2, 3, 4], 2)
    println(p)
end
# expect: UnitRange{Int64}[1:3, 4:6, 7:7]
# expect: [1, 2, 3]
# expect: 5
# expect: [1, 2, 3]
# expect: [1, 2]
# expect: [3, 4]
