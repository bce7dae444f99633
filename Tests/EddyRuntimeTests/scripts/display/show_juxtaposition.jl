# @show prints a juxtaposed literal product as it was written.
x = 3
@show 2x
# expect: 2x = 6
