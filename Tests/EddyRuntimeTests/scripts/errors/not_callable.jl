# Calling a number is a MethodError: objects of type Int64 are not callable.
x = 3
x(2)
# expect-error: MethodError: objects of type Int64 are not callable
