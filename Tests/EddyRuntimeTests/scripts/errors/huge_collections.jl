# Collections too large to allocate are an OutOfMemoryError before anything is allocated,
# never a crash: materialised ranges, comprehensions, map, zip.
for f in (() -> collect(1:10^12), () -> Float32.(1:10^12), () -> [i for i in 1:10^12],
          () -> map(x -> x, 1:10^12), () -> [(i, j) for i in 1:10^7, j in 1:10^7],
          () -> collect(zip(1:10^12, 1:10^12)), () -> vcat(1:10^12), () -> cumsum(1:10^12))
  try
    f()
  catch e
    println(typeof(e))
  end
end
# expect: OutOfMemoryError
# expect: OutOfMemoryError
# expect: OutOfMemoryError
# expect: OutOfMemoryError
# expect: OutOfMemoryError
# expect: OutOfMemoryError
# expect: OutOfMemoryError
# expect: OutOfMemoryError
