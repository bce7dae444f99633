# try/catch/finally, rethrowing, catching typed exceptions, error().
function safe_div(a, b)
    try
        a ÷ b
    catch e
        println("caught ", typeof(e))
        -1
    finally
        println("finally")
    end
end
println(safe_div(6, 3))
println(safe_div(1, 0))
try
    error("boom")
catch e
    println(typeof(e), ": ", e.msg)
end
try
    throw(ArgumentError("bad arg"))
catch e
    println(e isa ArgumentError, " ", e.msg)
end
try
    sqrt(-1.0)
catch e
    println(typeof(e))
end
r = try
    1
catch
    2
end
println(r)
# expect: finally
# expect: 2
# expect: caught DivideError
# expect: finally
# expect: -1
# expect: ErrorException: boom
# expect: true bad arg
# expect: DomainError
# expect: 1
