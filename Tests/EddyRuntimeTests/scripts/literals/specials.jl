# Special values, Bool, nothing, Symbol, Char.
println(1 / 0, " ", -1 / 0)
show(0 / 0); println()
show(Inf32); println()
show(NaN32); println()
println(true, " ", false)
println(true + true)
show(nothing); println()
show(:foo); println()
show('a'); println()
println('a')
println(typeof('a'), " ", typeof(:x), " ", typeof(nothing))
# expect: Inf -Inf
# expect: NaN
# expect: Inf32
# expect: NaN32
# expect: true false
# expect: 2
# expect: nothing
# expect: :foo
# expect: 'a'
# expect: a
# expect: Char Symbol Nothing
