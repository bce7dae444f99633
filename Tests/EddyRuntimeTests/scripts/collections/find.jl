# findfirst/findall/findlast with predicates, including the ==(x) partial form.
println(findfirst(x -> x > 1, [1, 3, 3]), " ", findall(iseven, [1, 2, 4]))
println(findlast(isodd, [1, 3, 4]), " ", findfirst(isodd, [2, 4]) === nothing)
println(findfirst(==(3), [1, 3, 3]))
# expect: 2 [2, 3]
# expect: 2 true
# expect: 2
