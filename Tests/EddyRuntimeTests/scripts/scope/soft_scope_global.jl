# At top level a loop must declare `global` to update a global in a script.
s = 0
for i in 1:3
    global s += i
end
println(s)
t = 0
i = 1
while i <= 3
    global t += i
    global i += 1
end
println(t)
# expect: 6
# expect: 6
