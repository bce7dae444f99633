# Functions cannot assign globals without `global`; they make locals.
g = 1
function f()
    g = 2
    g
end
println(f(), " ", g)
function loopvar()
    for k in 1:3
    end
    @isdefined(k)
end
println(loopvar())
# expect: 2 1
# expect: false
