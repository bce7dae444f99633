# Ref(x) protects a value from broadcasting.
println(min.(Ref(2), [3, 1]))
println(in.([1, 5], Ref([1, 2, 3])))
# expect: [2, 1]
# expect: Bool[1, 0]
