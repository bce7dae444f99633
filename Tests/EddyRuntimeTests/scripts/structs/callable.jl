# Callable structs act like layers; dispatch on user struct types.
struct Affine
    W
    b
end
(a::Affine)(x) = a.W * x .+ a.b
layer = Affine([1.0 0.0; 0.0 2.0], [0.5, 0.5])
println(layer([1.0, 1.0]))
struct Dog end
struct Cat end
speak(d::Dog) = "woof"
speak(c::Cat) = "meow"
println(speak(Dog()), " ", speak(Cat()))
println(Dog())
# expect: [1.5, 2.5]
# expect: woof meow
# expect: Dog()
