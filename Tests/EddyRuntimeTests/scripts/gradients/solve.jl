# Gradients flow through A \ b: ∂b = A' \ 1, ∂A = -∂b x'.
using Flux
A = [2.0 1.0; 1.0 3.0]
b = [3.0, 5.0]
gA, gb = gradient((A, b) -> sum(A \ b), A, b)
println(round.(gb; digits = 10))
println(round.(gA; digits = 10))
# expect: [0.4, 0.2]
# expect: [-0.32 -0.56; -0.16 -0.28]
