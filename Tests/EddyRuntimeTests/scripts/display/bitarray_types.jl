# Comparison and Bool-valued broadcasts are BitArrays: their type, isa and dispatch say so.
b = [1, 2] .> 1
display(typeof(b))
println(typeof(zeros(2, 2) .> 0), " ", typeof(zeros(2, 2, 2) .> 0), " ", typeof(iseven.([1, 2])))
println(b isa BitVector, " ", b isa AbstractVector{Bool}, " ", b isa Vector{Bool}, " ", Bool[1, 0] isa BitVector)
f(x::AbstractVector{Bool}) = sum(x)
println(f(b), " ", typeof(b[1:2]), " ", typeof(map(iseven, [1, 2])))
# expect: BitVector (alias for BitArray{1})
# expect: BitMatrix BitArray{3} BitVector
# expect: true true false false
# expect: 1 BitVector Vector{Bool}
