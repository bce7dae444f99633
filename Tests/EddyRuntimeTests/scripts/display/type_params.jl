# Parametric type names print their parameters.
println(typeof(Dict("a" => 1)))
println(typeof((a = 1,)))
# expect: Dict{String, Int64}
# expect: @NamedTuple{a::Int64}
