# Math functions and conversions.
println(abs(-3), " ", abs2(3), " ", sqrt(16), " ", exp(0), " ", log(1))
println(max(1, 5, 3), " ", min(2.0, 1.0))
println(round(2.5), " ", round(3.5), " ", floor(2.7), " ", ceil(2.1))
println(round(Int, 2.7), " ", Int(3.0), " ", Float32(0.1))
println(tanh(0.0), " ", typeof(tanh(0.5f0)))
println(zero(1.5), " ", one(Int), " ", sign(-2.0))
println(div(7, 2), " ", rem(7, 2), " ", 7 / 2)
println(isnan(NaN), " ", isinf(Inf), " ", iseven(4), " ", isodd(4))
# expect: 3 9 4.0 1.0 0.0
# expect: 5 1.0
# expect: 2.0 4.0 2.0 3.0
# expect: 3 3 0.1
# expect: 0.0 Float32
# expect: 0.0 1 -1.0
# expect: 3 1 3.5
# expect: true true true false
