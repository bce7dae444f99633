# push!, append!, pop!, popfirst!, pushfirst!, insert!, deleteat!, empty and length.
v = Int[]
push!(v, 1)
push!(v, 2, 3)
println(v)
append!(v, [4, 5])
println(v)
println(pop!(v), " ", v)
println(popfirst!(v), " ", v)
pushfirst!(v, 0)
println(v)
println(isempty(Int[]), " ", length(v))
r = push!([1.0], 2)
println(r)
# expect: [1, 2, 3]
# expect: [1, 2, 3, 4, 5]
# expect: 5 [1, 2, 3, 4]
# expect: 1 [2, 3, 4]
# expect: [0, 2, 3, 4]
# expect: true 4
# expect: [1.0, 2.0]
