# isequal compares arrays and tuples elementwise with isequal: NaN equals NaN, -0.0 is not 0.0.
println(isequal([NaN], [NaN]), " ", [NaN] == [NaN], " ", isequal([1, 2], [1.0, 2.0]))
println(isequal([0.0], [-0.0]), " ", isequal((1, NaN), (1, NaN)), " ", isequal([1 2], [1, 2]))
# expect: true false true
# expect: false true false
