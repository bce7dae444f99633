# Recursive functions and higher-order functions.
fib(n) = n < 2 ? n : fib(n - 1) + fib(n - 2)
println([fib(i) for i in 0:10])
fact(n) = n == 0 ? 1 : n * fact(n - 1)
println(fact(20))
compose2(f, g) = x -> f(g(x))
inc(x) = x + 1
dbl(x) = 2x
println(compose2(inc, dbl)(5), " ", (inc ∘ dbl)(5))
println([1, 2, 3] |> sum)
# expect: [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55]
# expect: 2432902008176640000
# expect: 11 11
# expect: 6
