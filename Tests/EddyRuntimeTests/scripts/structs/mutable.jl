# Mutable struct: field updates are visible through every reference.
mutable struct Acc
    total::Int
    items::Vector{Int}
end
a = Acc(0, Int[])
b = a
function add!(acc::Acc, x)
    acc.total += x
    push!(acc.items, x)
    acc
end
add!(a, 3)
add!(b, 4)
println(a.total, " ", a.items)
println(a)
println(a === b)
# expect: 7 [3, 4]
# expect: Acc(7, [3, 4])
# expect: true
