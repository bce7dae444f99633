# Immutable struct: construction, field access, show, equality, assigning a field fails.
struct Point
    x::Float64
    y::Float64
end
p = Point(1, 2)
println(p)
println(p.x + p.y)
println(fieldnames(Point))
println(p == Point(1.0, 2.0))
p.x = 3.0
# expect: Point(1.0, 2.0)
# expect: 3.0
# expect: (:x, :y)
# expect: true
# expect-error: setfield!: immutable struct of type Point cannot be changed
