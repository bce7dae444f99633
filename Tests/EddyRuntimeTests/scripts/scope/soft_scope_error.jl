# In a script, assigning to a global inside a top-level loop makes a new local: UndefVarError.
s = 0
for i in 1:3
    s += i
end
println(s)
# expect-error: UndefVarError: `s` not defined in local scope
