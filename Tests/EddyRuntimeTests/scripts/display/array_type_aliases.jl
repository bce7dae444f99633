# Array types print as Julia names them, with every alias written out in the `(alias for …)`.
display(typeof([rand(Float32, 2) for i = 1:3]))
display(Array{Float32, 3})
display(Array{Int64, 1})
display(Array{Float32})
display(Array)
println(Array{Float32, 3} == typeof(zeros(Float32, 1, 1, 1)), " ", (1:3) isa Array)
# expect: Vector{Vector{Float32}} (alias for Array{Array{Float32, 1}, 1})
# expect: Array{Float32, 3}
# expect: Vector{Int64} (alias for Array{Int64, 1})
# expect: Array{Float32}
# expect: Array
# expect: true false
