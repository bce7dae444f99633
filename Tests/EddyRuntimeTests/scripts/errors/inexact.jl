# Int(2.5) is an InexactError.
println(Int(2.0))
Int(2.5)
# expect: 2
# expect-error: InexactError: Int64(2.5)
