# Integer ranges at the ends of Int64 wrap as Julia's arithmetic does and never trap.
for i in typemax(Int)-1:typemax(Int)
  print(i, " ")
end
println()
println((1:typemax(Int)) .+ 1, " ", length(typemin(Int):typemax(Int)) > 0, " ", typemin(Int):2:typemin(Int)+4)
# expect: 9223372036854775806 9223372036854775807
# expect: 2:-9223372036854775808 true -9223372036854775808:2:-9223372036854775804
