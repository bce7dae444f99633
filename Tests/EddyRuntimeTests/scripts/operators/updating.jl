# Updating operators on numbers and arrays.
a = 1
a += 2
a *= 3
a -= 1
println(a)
b = 10.0
b /= 4
println(b)
s = "ab"
s *= "cd"
println(s)
v = [1, 2]
v .+= 1
println(v)
v .*= [2, 3]
println(v)
# expect: 8
# expect: 2.5
# expect: abcd
# expect: [2, 3]
# expect: [4, 9]
