# insert! places an element at the given index; deleteat! removes one.
v = [1, 2, 3]
insert!(v, 2, 99)
println(v)
deleteat!(v, 1)
println(v)
# expect: [1, 99, 2, 3]
# expect: [99, 2, 3]
