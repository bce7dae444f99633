// Collections: push!, map, filter, reduce, sort, zip, enumerate, Dict functions, Iterators.
import EddyAutodiff
import EddyTensor

extension Interpreter {
  func mutableArray(_ v: Value, _ fname: String, _ args: [Value]? = nil) throws -> ArrayValue {
    guard case .array(let a) = v else {
      if case .tensor = v {
        throw JuliaError(
          "MethodError", "\(fname) on a dense numeric array is not supported: build it as Any[] or Float64[] and push! into that")
      }
      throw methodError(fname, args ?? [v])
    }
    return a
  }

  func registerCollections() {
    def("push!") { [unowned self] args, _ in
      guard let first = args.first else { throw self.methodError("push!", args) }
      if case .native(let n) = first, let p = n as? ParamsValue {
        for v in args.dropFirst() { try p.add(v, self) }
        return first
      }
      let a = try self.mutableArray(first, "push!", args)
      a.items.append(contentsOf: args.dropFirst())
      a.shape = [a.items.count]
      return first
    }
    def("pushfirst!") { [unowned self] args, _ in
      let a = try self.mutableArray(args.first ?? .nothing, "pushfirst!")
      a.items.insert(contentsOf: args.dropFirst(), at: 0)
      a.shape = [a.items.count]
      return args[0]
    }
    def("append!") { [unowned self] args, _ in
      let a = try self.mutableArray(args.first ?? .nothing, "append!")
      for v in args.dropFirst() { a.items.append(contentsOf: try self.iterate(v)) }
      a.shape = [a.items.count]
      return args[0]
    }
    def("pop!") { [unowned self] args, _ in
      if args.count == 2, case .native(let n) = args[0], let d = n as? DictValue {
        guard let v = d.remove(args[1]) else { throw JuliaError.key("key \(self.showString(args[1])) not found") }
        return v
      }
      let a = try self.mutableArray(args.first ?? .nothing, "pop!")
      guard let v = a.items.popLast() else { throw JuliaError.argument("array must be non-empty") }
      a.shape = [a.items.count]
      return v
    }
    def("popfirst!") { [unowned self] args, _ in
      let a = try self.mutableArray(args.first ?? .nothing, "popfirst!")
      guard !a.items.isEmpty else { throw JuliaError.argument("array must be non-empty") }
      a.shape = [a.items.count - 1]
      return a.items.removeFirst()
    }
    def("empty!") { [unowned self] args, _ in
      if case .native(let n)? = args.first, let d = n as? DictValue {
        d.keys = []
        d.values = []
        d.index = [:]
        return args[0]
      }
      let a = try self.mutableArray(args.first ?? .nothing, "empty!")
      a.items = []
      a.shape = [0]
      return args[0]
    }
    def("isempty") { [unowned self] args, _ in .bool(try self.lengthOf(args.first ?? .nothing) == 0) }
    def("map") { [unowned self] args, _ in
      guard args.count >= 2 else { throw self.methodError("map", args) }
      let f = args[0]
      if args.count == 2 {
        if let n = self.knownLength(args[1]) { try self.checkCollectionSize(n) }
        var out: [Value] = []
        try self.forEach(args[1]) { x in
          out.append(try self.call(f, [x]))
          return true
        }
        if case .tuple = args[1] { return .tuple(out) }
        return try self.collectArray(out, shape: self.iterShape(args[1]) ?? [out.count], eltype: nil)
      }
      let seqs = try args.dropFirst().map { try self.iterate($0) }
      let n = seqs.map { $0.count }.min() ?? 0
      let out = try (0..<n).map { i in try self.call(f, seqs.map { $0[i] }) }
      return try self.collectArray(out, shape: [n], eltype: nil)
    }
    def("foreach") { [unowned self] args, _ in
      guard args.count >= 2 else { throw self.methodError("foreach", args) }
      if args.count == 2 {
        try self.forEach(args[1]) { x in
          _ = try self.call(args[0], [x])
          return true
        }
        return .nothing
      }
      let seqs = try args.dropFirst().map { try self.iterate($0) }
      let n = seqs.map { $0.count }.min() ?? 0
      for i in 0..<n { _ = try self.call(args[0], seqs.map { $0[i] }) }
      return .nothing
    }
    def("filter") { [unowned self] args, _ in
      guard args.count == 2 else { throw self.methodError("filter", args) }
      var out: [Value] = []
      try self.forEach(args[1]) { x in
        if case .bool(true) = try self.call(args[0], [x]) { out.append(x) }
        return true
      }
      if case .array(let a) = args[1] { return .array(ArrayValue(out, eltype: a.eltype)) }
      return try self.collectArray(out, shape: [out.count], eltype: nil)
    }
    for name in ["reduce", "foldl"] {
      def(name) { [unowned self] args, kw in
        guard args.count == 2 else { throw self.methodError(name, args) }
        var acc: Value? = kw.first { $0.0 == "init" }?.1
        try self.forEach(args[1]) { x in
          acc = try acc.map { try self.call(args[0], [$0, x]) } ?? x
          return true
        }
        guard let r = acc else { throw JuliaError.argument("reducing over an empty collection is not allowed; consider supplying `init` to the reducer") }
        return r
      }
    }
    def("foldr") { [unowned self] args, kw in
      guard args.count == 2 else { throw self.methodError("foldr", args) }
      var acc: Value? = kw.first { $0.0 == "init" }?.1
      for x in try self.iterate(args[1]).reversed() { acc = try acc.map { try self.call(args[0], [x, $0]) } ?? x }
      guard let r = acc else { throw JuliaError.argument("reducing over an empty collection is not allowed") }
      return r
    }
    def("mapreduce") { [unowned self] args, kw in
      guard args.count == 3 else { throw self.methodError("mapreduce", args) }
      var acc: Value? = kw.first { $0.0 == "init" }?.1
      try self.forEach(args[2]) { x in
        let y = try self.call(args[0], [x])
        acc = try acc.map { try self.call(args[1], [$0, y]) } ?? y
        return true
      }
      return acc ?? .nothing
    }
    def("sort") { [unowned self] args, kw in
      // A range is sorted already, or sorted backwards: Julia returns it (or its reverse).
      if args.count == 1, case .range(let r) = args[0], kw.allSatisfy({ $0.0 == "rev" }) {
        let rev = kw.contains { self.identical($0.1, .bool(true)) }
        return (r.step < 0) != rev && r.count > 1 ? self.reversedRange(r) : args[0]
      }
      return try self.sorted(args, kw)
    }
    def("sort!") { [unowned self] args, kw in
      let r = try self.sorted(args, kw)
      if case .array(let a) = args.first ?? .nothing, case .array(let s) = r { a.items = s.items }
      if case .tensor(let t) = args.first ?? .nothing, case .tensor(let s) = r { try tensorOp { try Kernels.assign(t, s) } }
      return args.first ?? .nothing
    }
    def("sortperm") { [unowned self] args, kw in
      let items = try self.iterate(args.first ?? .nothing)
      let rev = kw.contains { $0.0 == "rev" && self.identical($0.1, .bool(true)) }
      var idx = Array(0..<items.count)
      try self.mergeSort(&idx) { a, b in
        guard case .bool(let lt) = try self.binary(.lt, rev ? items[b] : items[a], rev ? items[a] : items[b]) else { return false }
        return lt
      }
      return try self.collectArray(idx.map { .int($0 + 1) }, shape: [idx.count], eltype: nil)
    }
    def("unique") { [unowned self] args, _ in
      if args.count == 1, case .range(let r) = args[0], r.step != 0 || r.count <= 1 { return args[0] }
      var out: [Value] = []
      try self.forEach(args.first ?? .nothing) { x in
        if !(try out.contains { try self.equal($0, x) }) { out.append(x) }
        return true
      }
      return try self.collectArray(out, shape: [out.count], eltype: nil)
    }
    def("reverse") { [unowned self] args, _ in
      guard let v = args.first else { throw self.methodError("reverse", args) }
      if case .str(let s) = v { return .str(String(s.reversed())) }
      if case .tuple(let xs) = v { return .tuple(xs.reversed()) }
      if case .range(let r) = v { return self.reversedRange(r) }
      let items = Array(try self.iterate(v).reversed())
      if case .array(let a) = v { return .array(ArrayValue(items, eltype: a.eltype)) }
      return try self.collectArray(items, shape: [items.count], eltype: nil)
    }
    def("first") { [unowned self] args, _ in
      guard let v = args.first else { throw self.methodError("first", args) }
      if args.count == 2 {
        let n = try self.toInt(args[1])
        if n < 0 { throw JuliaError.argument("Number of elements must be non-negative") }
        if case .range(let r) = v {
          return .range(RangeValue(start: r.start, step: r.step, count: min(n, r.count), isInt: r.isInt, explicitStep: r.explicitStep))
        }
        var items: [Value] = []
        if n > 0 {
          try self.forEach(v) { x in
            items.append(x)
            return items.count < n
          }
        }
        if case .str = v { return .str(items.map { self.printString($0) }.joined()) }
        return try self.collectArray(items, shape: [items.count], eltype: nil)
      }
      var out: Value? = nil
      try self.forEach(v) { x in
        out = x
        return false
      }
      guard let r = out else { throw JuliaError.bounds("attempt to access empty collection at index [1]") }
      return r
    }
    def("last") { [unowned self] args, _ in
      guard let v = args.first else { throw self.methodError("last", args) }
      if case .range(let r) = v {
        if args.count == 2 {
          let n = min(max(try self.toInt(args[1]), 0), r.count)
          return .range(RangeValue(start: r.start + Double(r.count - n) * r.step, step: r.step, count: n, isInt: r.isInt, explicitStep: r.explicitStep))
        }
        // Julia's last(r) is the range's stop, also for an empty range (`last(1:0) == 0`).
        if r.count == 0 { return r.isInt ? .int(r.intStop) : .float(r.stop) }
        return r.element(r.count - 1)
      }
      let items = try self.iterate(v)
      if args.count == 2 {
        let n = try self.toInt(args[1])
        if n < 0 { throw JuliaError.argument("Number of elements must be non-negative") }
        let tail = Array(items.suffix(n))
        return try self.collectArray(tail, shape: [tail.count], eltype: nil)
      }
      guard let r = items.last else { throw JuliaError.bounds("attempt to access empty collection at index [0]") }
      return r
    }
    def("zip") { [unowned self] args, _ in
      let seqs = try args.map { try self.iterate($0) }
      let n = seqs.map { $0.count }.min() ?? 0
      return .native(
        IteratorValue(
          (0..<n).map { i in .tuple(seqs.map { $0[i] }) },
          label: "zip(" + args.map { self.showString($0) }.joined(separator: ", ") + ")",
          type: "Base.Iterators.Zip", live: LiveSources.make(args, enumerated: false)))
    }
    def("enumerate") { [unowned self] args, _ in
      guard let v = args.first else { throw self.methodError("enumerate", args) }
      let items = try self.iterate(v)
      return .native(
        IteratorValue(
          items.enumerated().map { .tuple([.int($0.offset + 1), $0.element]) },
          label: "enumerate(\(self.showString(v)))", type: "Base.Iterators.Enumerate",
          live: LiveSources.make([v], enumerated: true)))
    }
    def("keys") { [unowned self] args, _ in
      switch args.first {
      case .native(let n)? where n is DictValue:
        let d = n as! DictValue
        return .array(ArrayValue(d.keys, eltype: self.commonType(d.keys)))
      case .named(let nt)?: return .tuple(nt.keys.map { .sym($0) })
      case let v?: return .range(RangeValue.unit(1, try self.lengthOf(v)))
      default: throw self.methodError("keys", args)
      }
    }
    def("values") { [unowned self] args, _ in
      switch args.first {
      case .native(let n)? where n is DictValue:
        let d = n as! DictValue
        return .array(ArrayValue(d.values, eltype: self.commonType(d.values)))
      case .named(let nt)?: return .tuple(nt.values)
      case let v?: return v
      default: throw self.methodError("values", args)
      }
    }
    def("pairs") { [unowned self] args, _ in
      guard let v = args.first else { throw self.methodError("pairs", args) }
      if case .named(let nt) = v { return .native(IteratorValue(zip(nt.keys, nt.values).map { self.makePair(.sym($0), $1) }, label: "pairs")) }
      return .native(IteratorValue(try self.iterate(v).enumerated().map { self.makePair(.int($0.offset + 1), $0.element) }, label: "pairs"))
    }
    def("haskey") { [unowned self] args, _ in
      guard args.count == 2 else { throw self.methodError("haskey", args) }
      switch args[0] {
      case .native(let n):
        if let d = n as? DictValue { return .bool(d.get(args[1]) != nil) }
        if let g = n as? GradsValue { return .bool(g.has(args[1])) }
      case .named(let nt):
        if case .sym(let s) = args[1] { return .bool(nt.keys.contains(s)) }
      default: break
      }
      return .bool(false)
    }
    def("get") { [unowned self] args, _ in
      guard args.count == 3 else { throw self.methodError("get", args) }
      if case .native(let n) = args[0], let d = n as? DictValue { return d.get(args[1]) ?? args[2] }
      if case .named(let nt) = args[0], case .sym(let s) = args[1] { return nt.get(s) ?? args[2] }
      if let i = try? self.toInt(args[1]), let v = try? self.getIndex(args[0], [.int(i)]) { return v }
      return args[2]
    }
    def("get!") { [unowned self] args, _ in
      guard args.count == 3, case .native(let n) = args[0], let d = n as? DictValue else { throw self.methodError("get!", args) }
      if let v = d.get(args[1]) { return v }
      d.set(args[1], args[2])
      return args[2]
    }
    def("delete!") { [unowned self] args, _ in
      guard args.count == 2, case .native(let n) = args[0], let d = n as? DictValue else { throw self.methodError("delete!", args) }
      _ = d.remove(args[1])
      return args[0]
    }
    def("findfirst") { [unowned self] args, _ in
      // `findfirst(A)`: the first `true` of a Bool collection.
      if args.count == 1 {
        for (k, x) in try self.iterate(args[0]).enumerated() {
          guard case .bool(let b) = x else { throw JuliaError("TypeError", "non-boolean (\(self.typeOf(x))) used in boolean context") }
          if b { return .int(k + 1) }
        }
        return .nothing
      }
      guard args.count == 2 else { throw self.methodError("findfirst", args) }
      // A substring or character in a string: `findfirst("lo", "hello") == 4:5`.
      if case .str(let hay) = args[1] {
        let h = Array(hay.unicodeScalars)
        let needle: [Unicode.Scalar]
        switch args[0] {
        case .str(let p):
          if p.isEmpty { return .range(RangeValue.unit(1, 0)) }
          needle = Array(p.unicodeScalars)
        case .char(let c): needle = [c]
        default: needle = []
        }
        if !needle.isEmpty {
          guard needle.count <= h.count else { return .nothing }
          for start in 0...(h.count - needle.count) where Array(h[start..<(start + needle.count)]) == needle {
            if case .char = args[0] { return .int(start + 1) }
            return .range(RangeValue.unit(start + 1, start + needle.count))
          }
          return .nothing
        }
      }
      for (k, x) in try self.iterate(args[1]).enumerated() {
        let hit = try self.call(args[0], [x])
        if case .bool(true) = hit { return .int(k + 1) }
      }
      return .nothing
    }
    def("findall") { [unowned self] args, _ in
      var out: [Value] = []
      let f = args.count == 2 ? args[0] : nil
      for (k, x) in try self.iterate(args.last ?? .nothing).enumerated() {
        let hit = try f.map { try self.call($0, [x]) } ?? x
        if case .bool(true) = hit { out.append(.int(k + 1)) }
      }
      return try self.collectArray(out, shape: [out.count], eltype: Types.int64)
    }
    def("ntuple") { [unowned self] args, _ in
      guard args.count == 2 else { throw self.methodError("ntuple", args) }
      let n = try self.toInt(args[1])
      if n < 0 { throw JuliaError.argument("tuple length should be ≥ 0, got \(n)") }
      try self.checkCollectionSize(n)
      return .tuple(try (0..<n).map { try self.call(args[0], [.int($0 + 1)]) })
    }
    def("tuple") { args, _ in .tuple(args) }
    def("partition") { [unowned self] args, _ in
      guard args.count == 2 else { throw self.methodError("partition", args) }
      let n = try self.toInt(args[1])
      guard n >= 1 else { throw JuliaError.argument("cannot create partitions of length \(n)") }
      var parts: [Value] = []
      // A range splits into ranges (`collect(partition(1:7, 3))` is `UnitRange{Int64}[1:3, 4:6, 7:7]`).
      if case .range(let r) = args[0], r.isInt, r.step == 1 {
        var i = 0
        while i < r.count {
          let a = r.intStart &+ i
          parts.append(.range(RangeValue.unit(a, Swift.min(a &+ (n - 1), r.intLast))))
          i += n
        }
        return .native(IteratorValue(parts, label: "Base.Iterators.PartitionIterator"))
      }
      let items = try self.iterate(args[0])
      var i = 0
      while i < items.count {
        let chunk = Array(items[i..<Swift.min(i + n, items.count)])
        parts.append(try self.collectArray(chunk, shape: [chunk.count], eltype: nil))
        i += n
      }
      return .native(IteratorValue(parts, label: "Base.Iterators.PartitionIterator"))
    }
    def("shuffle") { [unowned self] args, _ in
      let items = try self.iterate(args.last ?? .nothing)
      let perm = self.rng.shuffle(items.count)
      return try self.collectArray(perm.map { items[$0 - 1] }, shape: [items.count], eltype: nil)
    }
    def("randperm") { [unowned self] args, _ in
      let n = try self.toInt(args.last ?? .int(0))
      guard n >= 0 else { throw JuliaError.argument("invalid Array dimensions: negative size \(n) in (\(n),)") }
      try self.checkCollectionSize(n)
      return try self.collectArray(self.rng.shuffle(n).map { .int($0) }, shape: [n], eltype: nil)
    }
  }

  func sorted(_ args: [Value], _ kw: [(String, Value)]) throws -> Value {
    guard let v = args.first else { throw methodError("sort", args) }
    var items = try iterate(v)
    let rev = kw.contains { $0.0 == "rev" && identical($0.1, .bool(true)) }
    let by = kw.first { $0.0 == "by" }?.1
    let keys = try by.map { f in try items.map { try call(f, [$0]) } } ?? items
    var idx = Array(0..<items.count)
    try mergeSort(&idx) { a, b in
      guard case .bool(let lt) = try binary(.lt, rev ? keys[b] : keys[a], rev ? keys[a] : keys[b]) else { return false }
      return lt
    }
    items = idx.map { items[$0] }
    if case .array(let a) = v { return .array(ArrayValue(items, eltype: a.eltype)) }
    return try collectArray(items, shape: [items.count], eltype: nil)
  }

  /// A stable sort with a throwing comparison.
  func mergeSort(_ a: inout [Int], _ less: (Int, Int) throws -> Bool) throws {
    if a.count < 2 { return }
    let mid = a.count / 2
    var l = Array(a[..<mid]), r = Array(a[mid...])
    try mergeSort(&l, less)
    try mergeSort(&r, less)
    var i = 0, j = 0, k = 0
    while i < l.count && j < r.count {
      if try less(r[j], l[i]) {
        a[k] = r[j]
        j += 1
      } else {
        a[k] = l[i]
        i += 1
      }
      k += 1
    }
    while i < l.count {
      a[k] = l[i]
      i += 1
      k += 1
    }
    while j < r.count {
      a[k] = r[j]
      j += 1
      k += 1
    }
  }
}
