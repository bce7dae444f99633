# A \ b solves a linear system; a singular matrix is a SingularException.
A = [2.0 1.0; 1.0 3.0]
println(A \ [3.0, 5.0])
println(Float32[2 0; 0 4] \ Float32[1 1; 2 2])
x = [1.0 0.0; 0.0 1.0; 1.0 1.0] \ [1.0, 2.0, 3.0]
println(round.(x; digits = 10))
[1.0 2.0; 2.0 4.0] \ [1.0, 2.0]
# expect: [0.8, 1.4]
# expect: Float32[0.5 0.5; 0.5 0.5]
# expect: [1.0, 2.0]
# expect-error: SingularException(2)
