# Broadcasting incompatible shapes raises DimensionMismatch.
println("before")
[1, 2] .+ [1, 2, 3]
println("not reached")
# expect: before
# expect-error: DimensionMismatch: arrays could not be broadcast to a common size
