# MethodError for a product of two vectors names the function; adding a scalar to an array
# suggests broadcasting, whichever side the scalar is on.
for f in (() -> [1, 2] * [3, 4], () -> 1 + zeros(2), () -> zeros(2) - 1)
  try
    f()
  catch e
    println(typeof(e))
  end
end
# expect: MethodError
# expect: MethodError
# expect: MethodError
