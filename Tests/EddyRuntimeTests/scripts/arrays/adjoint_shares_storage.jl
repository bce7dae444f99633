# A vector's adjoint shares the vector's elements both ways, and its adjoint is the vector.
x = [1, 2, 3]
y = x'
x[1] = 10
y[1, 3] = 30
println(y)
println(x)
println(y' === x)
println(size(y), " ", y * x)
# expect: [10 2 30]
# expect: [10, 2, 30]
# expect: true
# expect: (1, 3) 1004
