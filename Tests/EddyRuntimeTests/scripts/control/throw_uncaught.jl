# An uncaught ArgumentError stops the script with its message.
println("start")
throw(ArgumentError("invalid size"))
println("never")
# expect: start
# expect-error: ArgumentError: invalid size
