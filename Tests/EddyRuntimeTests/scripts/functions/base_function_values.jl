# Base functions such as getindex and view are first-class values.
println(getindex.(Ref([10, 20, 30]), [3, 1]))
println(getindex([5, 6], 2))
# expect: [30, 10]
# expect: 6
