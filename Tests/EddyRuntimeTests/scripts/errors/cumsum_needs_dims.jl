# cumsum of a matrix needs dims, as in Julia.
try
  cumsum([1 2; 3 4])
catch e
  println(typeof(e))
end
println(cumsum([1 2; 3 4]; dims=2), " ", cumsum([1, 2, 3]))
# expect: UndefKeywordError
# expect: [1 3; 3 7] [1, 3, 6]
