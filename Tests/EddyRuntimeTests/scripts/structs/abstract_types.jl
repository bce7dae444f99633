# Abstract types, subtyping and dispatch on an abstract supertype.
abstract type Shape end
struct Sq <: Shape
    s
end
struct Circ <: Shape
    r
end
area(s::Sq) = s.s^2
area(c::Circ) = 3 * c.r^2
describe(s::Shape) = "shape with area $(area(s))"
println(describe(Sq(2)), "; ", describe(Circ(1)))
println(Sq(1) isa Shape, " ", typeof(Sq(1)))
# expect: shape with area 4; shape with area 3
# expect: true Sq
