# 0-dimensional arrays of any element type have the 0-dimensional summary.
display(fill([1, 2]))
display(fill("a"))
display(typeof(fill(1.0)))
# expect: 0-dimensional Array{Vector{Int64}, 0}:
# expect: [1, 2]
# expect: 0-dimensional Array{String, 0}:
# expect: "a"
# expect: Array{Float64, 0}
