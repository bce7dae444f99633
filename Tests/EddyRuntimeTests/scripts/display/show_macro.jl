# @show prints the expression and the repr of its value.
x = 3
@show x
@show x + 1
@show [1.0, 2.0]
@show Float32[1, 2]
@show "s"
y = @show x * 2
println(y)
# expect: x = 3
# expect: x + 1 = 4
# expect: [1.0, 2.0] = [1.0, 2.0]
# expect: Float32[1, 2] = Float32[1.0, 2.0]
# expect: "s" = "s"
# expect: x * 2 = 6
# expect: 6
