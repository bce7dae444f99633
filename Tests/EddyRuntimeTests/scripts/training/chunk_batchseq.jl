# Flux.chunk and Flux.batchseq for sequence batching.
using Flux
println(Flux.chunk(1:10, 3) == [1:4, 5:8, 9:10])
println(collect.(Flux.chunk(collect(1:6), 2)))
println(Flux.batchseq([[1, 2, 3], [4, 5]], 0))
seqs = [collect("abc"), collect("de")]
println(Flux.batchseq(seqs, '_'))
# expect: true
# expect: [[1, 2, 3], [4, 5, 6]]
# expect: [[1, 4], [2, 5], [3, 0]]
# expect: [['a', 'd'], ['b', 'e'], ['c', '_']]
