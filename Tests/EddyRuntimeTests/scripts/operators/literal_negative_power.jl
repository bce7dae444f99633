# An integer to a negative literal power is a Float64 (Julia's literal_pow); to a negative
# power held in a variable it is a DomainError, except for 1 and -1.
println(2^-1, " ", 2^-2, " ", 1^-5, " ", (-1)^-3, " ", [1, 2, 3] .^ -1, " ", [1, 2] .^ -2)
p = -1
println(1^p, " ", (-1)^p, " ", 2.0^p)
try
  2^p
catch e
  println(typeof(e))
end
# expect: 0.5 0.25 1.0 -1.0 [1.0, 0.5, 0.3333333333333333] [1.0, 0.25]
# expect: 1 -1 0.5
# expect: DomainError
