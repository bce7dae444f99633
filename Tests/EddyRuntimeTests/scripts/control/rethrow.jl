# rethrow() inside a catch body rethrows the error being handled, also from nested handlers.
try
    try
        sqrt(-1.0)
    catch
        println("inner")
        rethrow()
    end
catch e
    println(typeof(e))
end
println(String(['o', 'k']))
try
    error("boom")
catch
    rethrow()
end
# expect: inner
# expect: DomainError
# expect: ok
# expect-error: ERROR: boom
