# Gradients flow through closures, loops, control flow and helper functions.
using Flux
W = [2.0]
scale = 3.0
f = x -> sum(W .* x) * scale
println(gradient(f, [1.0]))
function repeated(x)
    y = x
    for i in 1:3
        y = y * x
    end
    y
end
println(gradient(repeated, 2.0))
relu_like(x) = x > 0 ? x : 0.0
println(gradient(relu_like, 3.0), " ", gradient(relu_like, -3.0))
println(gradient(x -> sum(x[i] * i for i in 1:3), [1.0, 1.0, 1.0]))
# expect: ([6.0],)
# expect: (32.0,)
# expect: (1.0,) (nothing,)
# expect: ([1.0, 2.0, 3.0],)
