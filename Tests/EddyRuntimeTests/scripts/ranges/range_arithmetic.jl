# Integer ranges shifted, scaled or indexed by ranges stay ranges, as in Julia.
println((1:5) .+ 1, " ", (1:5) .- 1, " ", 10 .- (1:3), " ", (1:5) .* 2, " ", 2 * (1:3))
println((1:5)[2:3], " ", (1:10)[2:2:6], " ", (2:2:10)[2:3], " ", Base.OneTo(3) .+ 1)
println(typeof((1:5)[2:3]), " ", sum((1:3) .* 2), " ", (1:3) .* 0)
# expect: 2:6 0:4 9:-1:7 2:2:10 2:2:6
# expect: 2:3 2:2:6 4:2:6 2:4
# expect: UnitRange{Int64} 12 [0, 0, 0]
