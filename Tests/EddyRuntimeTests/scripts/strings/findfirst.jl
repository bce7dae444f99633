# findfirst on strings gives the matching range (or index for a Char); on Bools, the first true.
println(findfirst("lo", "hello"), " ", findfirst('l', "hello"), " ", findfirst("z", "hello") === nothing)
println(findfirst([false, true, true]), " ", findfirst(isodd, [2, 3]))
# expect: 4:5 3 true
# expect: 2 2
