# Referencing an undefined name is an UndefVarError naming the variable.
println("ok")
y = undefined_thing + 1
# expect: ok
# expect-error: UndefVarError: `undefined_thing` not defined
