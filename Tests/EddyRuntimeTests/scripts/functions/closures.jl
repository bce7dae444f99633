# Closures capture variables by reference: a counter and shared state.
function make_counter()
    n = 0
    () -> (n += 1)
end
c = make_counter()
c(); c()
println(c())
c2 = make_counter()
println(c2())
function adders()
    fs = []
    for i in 1:3
        push!(fs, x -> x + i)
    end
    fs
end
println([f(10) for f in adders()])
function shared()
    x = 1
    get() = x
    set(v) = (x = v)
    set(5)
    get()
end
println(shared())
y = 10
addy(a) = a + y
y = 20
println(addy(1))
# expect: 3
# expect: 1
# expect: [11, 12, 13]
# expect: 5
# expect: 21
