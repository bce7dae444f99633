# IOBuffer, write, print to IO, take! and String.
io = IOBuffer()
write(io, "abc")
print(io, 1, 2)
println(io, "!")
s = String(take!(io))
show(s); println()
io2 = IOBuffer()
show(io2, 1.5f0)
println(String(take!(io2)))
println(sprint(show, [1.0, 2.0]))
# expect: "abc12!\n"
# expect: 1.5f0
# expect: [1.0, 2.0]
