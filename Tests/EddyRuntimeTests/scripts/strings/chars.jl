# Iterating strings gives Chars; collect and Char arithmetic.
for c in "ab"
    println(c)
end
println(collect("xyz"))
println(string('a', 'b'))
println(uppercase('q'))
# expect: a
# expect: b
# expect: ['x', 'y', 'z']
# expect: ab
# expect: Q
