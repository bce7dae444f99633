# `x .+= y` writes into x's array: it is not an assignment to x, so a top-level loop or a
# function uses the global x without making it local (and without the soft-scope warning).
x = zeros(3)
for i in 1:3
  x .+= i
end
println(x)
function f!(v)
  v .*= 2
  v
end
println(f!([1.0, 2.0]))
g() = (x .-= 1; x)
println(g())
println(x)
# expect: [6.0, 6.0, 6.0]
# expect: [2.0, 4.0]
# expect: [5.0, 5.0, 5.0]
# expect: [5.0, 5.0, 5.0]
