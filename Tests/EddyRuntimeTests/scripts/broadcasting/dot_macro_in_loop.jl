# `@. y = ...` inside a top-level loop of a script updates y in place (no new local).
y = zeros(3)
x = [1.0, 2.0, 3.0]
for i in 1:2
    @. y = y + x * i
end
println(y)
# expect: [3.0, 6.0, 9.0]
