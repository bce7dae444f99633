# Typed empty vectors are dense arrays that grow with push!, converting to their element type.
losses = Float32[]
for i in 1:3
    push!(losses, i / 2)
end
println(losses, " ", typeof(losses))
v = Int[]
append!(v, 1:3)
pushfirst!(v, 0)
println(v, " ", sum(v), " ", pop!(v), " ", v)   # v is printed after pop! ran
deleteat!(v, 1:2)
println(v)
push!(v, 2.5)
# expect: Float32[0.5, 1.0, 1.5] Vector{Float32}
# expect: [0, 1, 2] 6 3 [0, 1, 2]
# expect: [2]
# expect-error: InexactError: Int64(2.5)
