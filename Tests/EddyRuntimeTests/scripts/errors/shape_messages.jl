# Julia's wording for shape errors: hcat of unequal vectors, reshape with a colon that does
# not divide, and products on the generic (non-BLAS) path.
for f in (() -> hcat([1, 2], [3, 4, 5]), () -> reshape(collect(1:6), 4, :),
          () -> [1 2 3; 4 5 6] * [1 2 3; 4 5 6], () -> [1 2 3; 4 5 6] * [1, 2],
          () -> rand(2, 3) * rand(2, 3))
  try
    f()
  catch e
    println(e)
  end
end
# expect: DimensionMismatch("vectors must have same lengths")
# expect: DimensionMismatch("array size 6 must be divisible by the product of the new dimensions (4, Colon())")
# expect: DimensionMismatch("matrix A has dimensions (2,3), matrix B has dimensions (2,3)")
# expect: DimensionMismatch("matrix A has dimensions (2,3), vector B has length 2")
# expect: DimensionMismatch("A has dimensions (2,3) but B has dimensions (2,3)")
