# typeof and type display for common values.
println(typeof([1.0]))
println(typeof(zeros(Float32, 2, 2)))
println(typeof(zeros(2, 2, 2)))
println(typeof(1:3))
println(typeof("s"))
println(Vector{Float32})
println(eltype([[1.0]]))
println(typeof(x -> x) <: Function)
# expect: Vector{Float64}
# expect: Matrix{Float32}
# expect: Array{Float64, 3}
# expect: UnitRange{Int64}
# expect: String
# expect: Vector{Float32}
# expect: Vector{Float64}
# expect: true
