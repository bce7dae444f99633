# Integer extremes and absurd sizes are Julia errors or wrapped values, never a crash.
x = [typemax(Int)]
println(x[1], " ", mod(typemin(Int), -1), " ", abs(typemin(Int)), " ", (fld(-7, 2), cld(-7, 2)))
println(round(Inf, sigdigits=2), " ", lpad("abc", typemin(Int)), " ", size(zeros(0, 2^40)[:, 1:2^40]))
for f in (() -> fill("a", -1), () -> fill("a", 2^62), () -> repeat(["a", "b"], typemax(Int)),
          () -> "ab"^(10^18), () -> axes(zeros(2, 3), 0), () -> last([1, 2, 3], -1),
          () -> ntuple(identity, -1), () -> resize!(["a"], 2^62), () -> sum(zeros(0, 2^40), dims=1))
  try
    f()
  catch e
    println(typeof(e))
  end
end
# expect: 9223372036854775807 0 -9223372036854775808 (-4, -3)
# expect: Inf abc (0, 1099511627776)
# expect: ArgumentError
# expect: OutOfMemoryError
# expect: OutOfMemoryError
# expect: OutOfMemoryError
# expect: BoundsError
# expect: ArgumentError
# expect: ArgumentError
# expect: OutOfMemoryError
# expect: OutOfMemoryError
