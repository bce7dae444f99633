# Methods may dispatch on a type with an unnamed argument: f(::T).
struct Dog end
speak(::Dog) = "woof"
speak(::Int) = "int"
println(speak(Dog()), " ", speak(1))
# expect: woof int
