# The axes of an array are Base.OneTo ranges, shown as Julia shows them.
A = [1 2 3; 4 5 6]
println(axes(A), " ", axes(A, 2), " ", eachindex([5, 6]))
println(typeof(axes(A, 1)), " ", axes(A, 1) == 1:2, " ", collect(Base.OneTo(2)))
for i in axes(A, 2)
  print(A[1, i])
end
println()
# expect: (Base.OneTo(2), Base.OneTo(3)) Base.OneTo(3) Base.OneTo(2)
# expect: Base.OneTo{Int64} true [1, 2]
# expect: 123
