# The smallest Eddy program: `make run ARGS=examples/hello.jl`.
name = isempty(ARGS) || startswith(ARGS[1], "-") ? "world" : ARGS[1]
println("Hello, $(name)! This is Eddy, a small Julia/Flux-like language.")
x = Float32[1, 2, 3]
println("sum of $x is $(sum(x))")
