# Reductions of ranges are closed-form and reverse/sort/unique/first/last return ranges, so
# ranges far too long to materialise answer at once, as in Julia.
r = 1:10^12
println(length(r), " ", sum(r), " ", maximum(r), " ", minimum(r), " ", mean(r))
println(sum(1:10^9), " ", sum(3:2:11), " ", sum(1:0), " ", extrema(10:-3:1))
println(reverse(1:3), " ", reverse(r), " ", sort(5:-1:1), " ", sort(1:3; rev=true))
println(unique(r), " ", first(r, 3), " ", last(r, 2), " ", last(r), " ", last(1:0))
# expect: 1000000000000 1001882602603448320 1000000000000 1 5.000000000005e11
# expect: 500000000500000000 35 0 (1, 10)
# expect: 3:-1:1 1000000000000:-1:1 1:5 3:-1:1
# expect: 1:1000000000000 1:3 999999999999:1000000000000 1000000000000 0
