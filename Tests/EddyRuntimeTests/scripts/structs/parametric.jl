# Parametric struct and keyword-free struct show with typed fields.
struct Pair2{T}
    a::T
    b::T
end
p = Pair2(1, 2)
println(p, " ", typeof(p))
q = Pair2(1.5f0, 2f0)
println(q.a + q.b)
# expect: Pair2{Int64}(1, 2) Pair2{Int64}
# expect: 3.5
