# Indexing returns copies; views alias.
a = [1, 2, 3]
b = a[1:2]
b[1] = 99
println(a)
c = view(a, 1:2)
c[1] = 42
println(a)
d = a
d[3] = 7
println(a)
# expect: [1, 2, 3]
# expect: [42, 2, 3]
# expect: [42, 2, 7]
