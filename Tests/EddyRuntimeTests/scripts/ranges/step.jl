# step of a range.
println(step(1:2:9), " ", step(1:5), " ", step(0.0:0.5:1.0))
# expect: 2 1 0.5
