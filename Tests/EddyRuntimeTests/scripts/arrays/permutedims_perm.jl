# permutedims with an explicit permutation, as a tuple or a vector.
A = reshape(1:6, 1, 2, 3)
println(size(permutedims(A, (3, 1, 2))), " ", permutedims([1 2; 3 4], (2, 1)), " ", permutedims([1 2; 3 4], [1, 2]))
println(permutedims(A, (3, 2, 1))[:, :, 1])
try
  permutedims([1 2; 3 4], (1, 1))
catch e
  println(e)
end
# expect: (3, 1, 2) [1 3; 2 4] [1 2; 3 4]
# expect: [1 2; 3 4; 5 6]
# expect: ArgumentError("no valid permutation of dimensions")
