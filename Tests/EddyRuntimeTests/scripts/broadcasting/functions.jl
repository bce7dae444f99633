# f.(x), user functions, multiple args, Ref, @., in-place .= and .+=.
sq(x) = x^2
println(sq.([1, 2, 3]))
println(max.([1, 5], [4, 2]))
println(abs.([-1.5, 2]))
println(tanh.(Float32[0]))
println(string.([1, 2], "x"))
x = [1.0, 2.0]
y = similar(x)
y .= x .* 2
println(y)
y .+= 1
println(y)
@. y = x^2 + 1
println(y)
z = @. sqrt(x * 8)
println(z)
println((x -> x + 1).([1, 2]))
# expect: [1, 4, 9]
# expect: [4, 5]
# expect: [1.5, 2.0]
# expect: Float32[0.0]
# expect: ["1x", "2x"]
# expect: [2.0, 4.0]
# expect: [3.0, 5.0]
# expect: [2.0, 5.0]
# expect: [2.8284271247461903, 4.0]
# expect: [2, 3]
