# Float64 shortest round-trip printing and the fixed/exponent thresholds.
println(1.0)
println(0.1 + 0.2)
println(1 / 3)
println(1e-4)
println(1.0e-5)
println(2.5e-4)
println(100000.0)
println(123456.0)
println(1e6)
println(1.234567e6)
println(1e10)
println(-0.0)
println(2^-1)
# expect: 1.0
# expect: 0.30000000000000004
# expect: 0.3333333333333333
# expect: 0.0001
# expect: 1.0e-5
# expect: 0.00025
# expect: 100000.0
# expect: 123456.0
# expect: 1.0e6
# expect: 1.234567e6
# expect: 1.0e10
# expect: -0.0
# expect: 0.5
