# String + String is a MethodError.
"a" + "b"
# expect-error: MethodError: no method matching +(::String, ::String)
