# In a script, a name first assigned inside a top-level loop is local to the loop body.
for i in 1:2
    t = i * 10
    println(t)
end
println(@isdefined(t))
total = 0
for i in 1:3
    global total += i
end
println(total)
# expect: 10
# expect: 20
# expect: false
# expect: 6
