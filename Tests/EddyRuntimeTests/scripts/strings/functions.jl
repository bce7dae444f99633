# Common string functions.
println(join(["a", "b", "c"], ", "))
println(join([1, 2, 3]))
println(split("a,b,,c", ","))
println(uppercase("hello"), " ", lowercase("WORLD"))
println(occursin("ell", "hello"), " ", occursin("xyz", "hello"))
println(replace("hello world", "o" => "0"))
println(repr("hi"), " ", repr(1.5f0), " ", repr([1, 2]))
println(string(1, "a", 2.5, :s))
println(startswith("hello", "he"), " ", endswith("hello", "lo"))
println(strip("  pad  "), "|")
println(length("abc"), " ", "abc"[2], " ", "hello"[2:4])
# expect: a, b, c
# expect: 123
# expect: SubString{String}["a", "b", "", "c"]
# expect: HELLO world
# expect: true false
# expect: hell0 w0rld
# expect: "hi" 1.5f0 [1, 2]
# expect: 1a2.5s
# expect: true true
# expect: pad|
# expect: 3 b ell
