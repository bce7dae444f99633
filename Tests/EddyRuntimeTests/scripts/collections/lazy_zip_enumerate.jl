# `zip` and `enumerate` are lazy, as in Julia: a loop sees an element replaced (or a number
# changed in place) after the iterator was made but before the loop reached it.
xs = [1, 2, 3]
for (i, x) in enumerate(xs)
  i == 1 && (xs[3] = 30)
  println(i, " ", x)
end
ys = [10, 20, 30]
for (a, b) in zip(xs, ys)
  a == 1 && (ys[2] = 200)
  println(a, " ", b)
end
v = [1.0, 2.0, 3.0]
for (i, x) in enumerate(v)
  i == 1 && (v[2] = 5.0)
  println(x)
end
println(collect(zip([1, 2], ["a", "b", "c"])))
println(sum(a * b for (a, b) in zip([1, 2, 3], [4, 5, 6])))
# expect: 1 1
# expect: 2 2
# expect: 3 30
# expect: 1 10
# expect: 2 200
# expect: 30 30
# expect: 1.0
# expect: 5.0
# expect: 3.0
# expect: [(1, "a"), (2, "b")]
# expect: 32
