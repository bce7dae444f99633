# Int(c) gives the code point of a Char; Char(n) the reverse.
println(Int('a'), " ", Char(98), " ", Int('€'))
println('a' + 1, " ", 'c' - 'a')
# expect: 97 b 8364
# expect: b 2
