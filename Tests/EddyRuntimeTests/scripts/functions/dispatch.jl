# Multiple dispatch: Int vs Float64 vs AbstractArray vs fallback; most specific wins.
describe(x) = "something"
describe(x::Number) = "number"
describe(x::Int) = "int"
describe(x::Float64) = "float64"
describe(x::AbstractArray) = "array"
describe(x::AbstractString) = "string"
println(describe(1), " ", describe(1.0), " ", describe(1f0), " ", describe([1]), " ", describe("s"), " ", describe(:s))
combine(a::Int, b::Int) = "int-int"
combine(a::Int, b) = "int-any"
combine(a, b::Int) = "any-int"
println(combine(1, 2), " ", combine(1, 2.0), " ", combine(2.0, 1))
f(x) = 1
f(x, y) = 2
println(f(0), f(0, 0))
g(x::Vector{Float32}) = "vf32"
g(x::Vector) = "vector"
println(g(Float32[1]), " ", g([1]))
# expect: int float64 number array string something
# expect: int-int int-any any-int
# expect: 12
# expect: vf32 vector
