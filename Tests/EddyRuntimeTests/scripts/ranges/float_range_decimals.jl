# Float ranges are built as Julia builds them: decimal endpoints and steps are exact
# fractions, so each element is the decimal rounded once.
println(collect(0.1:0.1:0.3), " ", 0.1:0.1:0.3, " ", length(0:0.1:1))
println(collect(range(0, 1, length=11)))
println(collect(range(0, 1, length=4)), " ", sum(0.1:0.1:1.0))
println(collect(1.0:-0.25:0), " ", 1.5:3, " ", collect(range(-1, 1, length=5)))
println(collect(range(0, 2pi, length=5)))
# expect: [0.1, 0.2, 0.3] 0.1:0.1:0.3 11
# expect: [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
# expect: [0.0, 0.3333333333333333, 0.6666666666666666, 1.0] 5.5
# expect: [1.0, 0.75, 0.5, 0.25, 0.0] 1.5:1.0:2.5 [-1.0, -0.5, 0.0, 0.5, 1.0]
# expect: [0.0, 1.5707963267948966, 3.141592653589793, 4.71238898038469, 6.283185307179586]
