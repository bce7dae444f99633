# collect with an element type, range from start/step/length, rand from a collection.
println(collect(Float32, 1:3), " ", collect(Float64, [1, 2]))
println(range(start=1, length=3), " ", range(1, step=2, length=3), " ", range(0.0, step=0.1, length=4))
println(size(rand(1:10, 2, 3)), " ", all(x -> 1 <= x <= 10, rand(1:10, 100)), " ", eltype(rand([1.5, 2.5], 4)))
# expect: Float32[1.0, 2.0, 3.0] [1.0, 2.0]
# expect: 1:3 1:2:5 0.0:0.1:0.3
# expect: (2, 3) true Float64
