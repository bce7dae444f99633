# Runaway recursion is a StackOverflowError, not a crash.
f(n) = f(n + 1) + 1
f(1)
# expect-error: StackOverflowError
