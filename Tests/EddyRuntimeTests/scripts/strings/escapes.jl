# Escape sequences in literals and show of strings.
println("a\tb")
println("line1\nline2")
println("quote: \" dollar: \$ backslash: \\")
show("a\nb\t\"c\""); println()
println(length("héllo"))
s = """
    indented
      more
    """
print(s)
# expect: a	b
# expect: line1
# expect: line2
# expect: quote: " dollar: $ backslash: \
# expect: "a\nb\t\"c\""
# expect: 5
# expect: indented
# expect:   more
