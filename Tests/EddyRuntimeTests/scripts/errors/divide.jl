# Integer division by zero is a DivideError; float division gives Inf.
println(1 / 0)
1 ÷ 0
# expect: Inf
# expect-error: DivideError: integer division error
