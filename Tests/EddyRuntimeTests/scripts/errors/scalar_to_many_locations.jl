# Assigning one value to a range of locations needs `.=`; an array into one location fails.
x = [1, 2, 3]
try
  x[1:2] = 1
catch e
  println(e)
end
try
  x[1] = [1, 2]
catch e
  println(typeof(e))
end
x[1:2] .= 7
println(x)
# expect: ArgumentError("indexed assignment with a single value to possibly many locations is not supported; perhaps use broadcasting `.=` instead?")
# expect: MethodError
# expect: [7, 7, 3]
