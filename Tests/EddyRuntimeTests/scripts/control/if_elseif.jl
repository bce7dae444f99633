# if/elseif/else, value of if, non-Bool condition error.
function classify(x)
    if x < 0
        "negative"
    elseif x == 0
        "zero"
    else
        "positive"
    end
end
println(classify(-2), " ", classify(0), " ", classify(5))
v = if false 1 end
println(v === nothing)
if 1
    println("no")
end
# expect: negative zero positive
# expect: true
# expect-error: TypeError: non-boolean (Int64) used in boolean context
