# Gradients w.r.t. a user struct come back as a named tuple of field gradients.
using Flux
struct Lin
    w
    b
end
(l::Lin)(x) = l.w * x + l.b
m = Lin(2.0, 1.0)
g = gradient(m -> m(3.0), m)[1]
println(g.w, " ", g.b)
# expect: 3.0 1.0
