# An error inside a Chain's layer reports the layer, then the Chain, in its backtrace.
using Flux
bad(x) = error("bad layer got $(length(x)) values")
m = Chain(Dense(2, 3), bad)
m(Float32[1, 2])
# expect-error: bad layer got 3 values
# expect-error: (Chain)
