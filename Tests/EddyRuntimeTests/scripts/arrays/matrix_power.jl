# A^p for a square matrix and an integer p is a matrix power (repeated squaring).
println([1 2; 3 4]^2, " ", [1 2; 3 4]^3, " ", [1 1; 1 0]^10)
println([1 2; 3 4]^0, " ", Float32[1 2; 3 4]^2)
try
  [1 2 3; 4 5 6]^2
catch e
  println(typeof(e))
end
# expect: [7 10; 15 22] [37 54; 81 118] [89 55; 55 34]
# expect: [1 0; 0 1] Float32[7.0 10.0; 15.0 22.0]
# expect: DimensionMismatch
