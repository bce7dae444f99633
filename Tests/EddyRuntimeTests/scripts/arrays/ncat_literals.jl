# Runs of n semicolons join along dimension n: `;;` binds looser than `;`, which binds looser
# than a space, and a trailing run makes the result at least n-dimensional.
x = Float32[11.0;;]
println(size(x), " ", repr(x))
println(repr([1; 2;;]))
println(repr([1; 2;; 3; 4]))
println(repr([1 2;; 3 4]))
println(size([1 2;;; 3 4]))
display([1 2;;; 3 4])
println(typeof([1;;;]))
a = [1, 2]
println(repr([a;; a]))
# expect: (1, 1) Float32[11.0;;]
# expect: [1; 2;;]
# expect: [1 3; 2 4]
# expect: [1 2 3 4]
# expect: (1, 2, 2)
# expect: 1×2×2 Array{Int64, 3}:
# expect: [:, :, 1] =
# expect:  1  2
# expect: 
# expect: [:, :, 2] =
# expect:  3  4
# expect: Array{Int64, 3}
# expect: [1 1; 2 2]
