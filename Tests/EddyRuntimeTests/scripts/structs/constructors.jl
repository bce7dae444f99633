# Outer constructors and inner constructors with new and validation.
struct Interval
    lo::Float64
    hi::Float64
    function Interval(lo, hi)
        lo <= hi || throw(ArgumentError("lo > hi"))
        new(lo, hi)
    end
end
Interval(x) = Interval(x, x)
println(Interval(1, 2))
println(Interval(3))
try
    Interval(2, 1)
catch e
    println("caught: ", e.msg)
end
struct Wrapper
    v
end
println(Wrapper([1, 2]))
println(Wrapper("s"))
# expect: Interval(1.0, 2.0)
# expect: Interval(3.0, 3.0)
# expect: caught: lo > hi
# expect: Wrapper([1, 2])
# expect: Wrapper("s")
