# String interpolation uses print; $(expr) forms; * concatenation.
x = 3
v = Float32[1, 2]
println("x = $x, x+1 = $(x + 1)")
println("v = $v")
println("t = $((1, 2.0f0))")
println("a" * "b" * string(1))
println("$x.y")
name = "Eddy"
println("Hello, $(name)!")
println("nothing: $(nothing)")
# expect: x = 3, x+1 = 4
# expect: v = Float32[1.0, 2.0]
# expect: t = (1, 2.0f0)
# expect: ab1
# expect: 3.y
# expect: Hello, Eddy!
# expect: nothing: nothing
