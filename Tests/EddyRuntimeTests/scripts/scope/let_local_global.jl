# let blocks, local in loops, global updates from functions, const.
x = 1
let x = 10
    println(x)
end
println(x)
counter = 0
function bump!()
    global counter += 1
end
bump!(); bump!()
println(counter)
const LIMIT = 3
println(LIMIT * 2)
function inner()
    local y = 5
    for i in 1:2
        y += i
    end
    y
end
println(inner())
z = begin
    a = 2
    a * 3
end
println(z)
# expect: 10
# expect: 1
# expect: 2
# expect: 6
# expect: 8
# expect: 6
