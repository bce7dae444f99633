# Float32 values: f0 in show, plain in print, f exponent in show only.
show(0.5f0); println()
show(1f0); println()
show(-1.5f0); println()
show(1f-5); println()
show(1f10); println()
show(Float32(pi)); println()
show(sqrt(2f0)); println()
show(eps(Float32)); println()
println(0.5f0)
println(1f-7)
println("v = $(2.5f0)")
println(typeof(1f0 + 1), " ", typeof(1f0 + 0.5), " ", typeof(1f0 * 2f0))
# expect: 0.5f0
# expect: 1.0f0
# expect: -1.5f0
# expect: 1.0f-5
# expect: 1.0f10
# expect: 3.1415927f0
# expect: 1.4142135f0
# expect: 1.1920929f-7
# expect: 0.5
# expect: 1.0e-7
# expect: v = 2.5
# expect: Float32 Float64 Float32
