// Strings: join, split, case, search and replace, parse, printf-style formatting.
import EddyTensor

#if canImport(Glibc)
  import Glibc
#endif

extension Interpreter {
  func str(_ v: Value, _ fname: String) throws -> String {
    switch v {
    case .str(let s): return s
    case .char(let c): return String(c)
    case .sym(let s): return s
    default: throw methodError(fname, [v])
    }
  }

  func registerStrings() {
    def("join") { [unowned self] args, _ in
      guard let v = args.first else { throw self.methodError("join", args) }
      let sep = args.count > 1 ? try self.str(args[1], "join") : ""
      let parts = try self.iterate(v).map { self.printString($0) }
      if args.count > 2, parts.count > 1 {
        let lastSep = try self.str(args[2], "join")
        return .str(parts.dropLast().joined(separator: sep) + lastSep + (parts.last ?? ""))
      }
      return .str(parts.joined(separator: sep))
    }
    def("split") { [unowned self] args, _ in
      guard let v = args.first else { throw self.methodError("split", args) }
      let s = try self.str(v, "split")
      let parts: [String]
      if args.count > 1 {
        let sep = try self.str(args[1], "split")
        parts = s.components(separatedBy: sep)
      } else {
        parts = s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
      }
      return .array(ArrayValue(parts.map { .str($0) }, eltype: Types.subString))
    }
    def("uppercase") { [unowned self] args, _ in .str(try self.str(args.first ?? .nothing, "uppercase").uppercased()) }
    def("lowercase") { [unowned self] args, _ in .str(try self.str(args.first ?? .nothing, "lowercase").lowercased()) }
    def("occursin") { [unowned self] args, _ in
      guard args.count == 2 else { throw self.methodError("occursin", args) }
      return .bool(try self.str(args[1], "occursin").contains(try self.str(args[0], "occursin")))
    }
    def("startswith") { [unowned self] args, _ in
      .bool(try self.str(args.first ?? .nothing, "startswith").hasPrefix(try self.str(args.last ?? .nothing, "startswith")))
    }
    def("endswith") { [unowned self] args, _ in
      .bool(try self.str(args.first ?? .nothing, "endswith").hasSuffix(try self.str(args.last ?? .nothing, "endswith")))
    }
    def("replace") { [unowned self] args, _ in
      guard args.count == 2, case .obj(let p) = args[1], p.type === BuiltinTypes.pair else {
        throw self.methodError("replace", args)
      }
      let s = try self.str(args[0], "replace")
      return .str(s.components(separatedBy: try self.str(p.fields[0], "replace")).joined(separator: try self.str(p.fields[1], "replace")))
    }
    def("strip") { [unowned self] args, _ in .str(try self.str(args.first ?? .nothing, "strip").trimmingCharacters(in: .whitespaces)) }
    def("chomp") { [unowned self] args, _ in
      var s = try self.str(args.first ?? .nothing, "chomp")
      if s.hasSuffix("\n") { s.removeLast() }
      return .str(s)
    }
    def("parse") { [unowned self] args, _ in
      guard args.count == 2, case .type(let t) = args[0] else { throw self.methodError("parse", args) }
      let s = try self.str(args[1], "parse").trimmingCharacters(in: .whitespaces)
      if t === Types.int64, let i = Int(s) { return .int(i) }
      if t === Types.float64, let d = Double(s) { return .float(d) }
      if t === Types.float32, let d = Float(s) { return .f32(d) }
      throw JuliaError.argument("cannot parse \(self.quoteString(s)) as \(t)")
    }
    def("ncodeunits") { [unowned self] args, _ in .int(try self.str(args.first ?? .nothing, "ncodeunits").utf8.count) }
    def("lpad") { [unowned self] args, _ in
      let s = self.printString(args.first ?? .nothing)
      let n = try self.toInt(args.count > 1 ? args[1] : .int(0))
      let pad = args.count > 2 ? try self.str(args[2], "lpad") : " "
      let (d, o) = n.subtractingReportingOverflow(s.count)
      let k = o ? 0 : Swift.max(0, d)
      try self.checkRepeatedString(pad, k)
      return .str(String(repeating: pad, count: k) + s)
    }
    def("rpad") { [unowned self] args, _ in
      let s = self.printString(args.first ?? .nothing)
      let n = try self.toInt(args.count > 1 ? args[1] : .int(0))
      let pad = args.count > 2 ? try self.str(args[2], "rpad") : " "
      let (d, o) = n.subtractingReportingOverflow(s.count)
      let k = o ? 0 : Swift.max(0, d)
      try self.checkRepeatedString(pad, k)
      return .str(s + String(repeating: pad, count: k))
    }
    def("Char") { [unowned self] args, _ in
      let i = try self.toInt(args.first ?? .nothing)
      guard let u = Unicode.Scalar(UInt32(truncatingIfNeeded: i)) else { throw JuliaError.argument("invalid character") }
      return .char(u)
    }
  }

  /// `@printf`-style formatting for `%d`, `%i`, `%s`, `%f`, `%.Nf`, `%e`, `%g`, `%%`.
  func sprintf(_ vals: [Value]) throws -> String {
    guard case .str(let fmt)? = vals.first else { throw JuliaError.argument("@printf needs a format string") }
    var args = vals.dropFirst().makeIterator()
    var out = ""
    var chars = Array(fmt)[...]
    while let c = chars.first {
      chars = chars.dropFirst()
      guard c == "%" else {
        out.append(c)
        continue
      }
      var spec = ""
      while let d = chars.first, !"dfsegix%".contains(d) {
        spec.append(d)
        chars = chars.dropFirst()
      }
      guard let conv = chars.first else { break }
      chars = chars.dropFirst()
      if conv == "%" {
        out += "%"
        continue
      }
      let v = args.next() ?? .nothing
      let parts = spec.split(separator: ".", omittingEmptySubsequences: false)
      let width = Int(parts.first.map { $0.filter { $0.isNumber } } ?? "") ?? 0
      let prec = parts.count > 1 ? Int(parts[1]) : nil
      var text: String
      switch conv {
      case "d", "i": text = String(try toInt(v))
      case "f": text = fixed(toDouble(v) ?? 0, prec ?? 6)
      case "e": text = sci(toDouble(v) ?? 0, prec ?? 6)
      case "g": text = NumberFormat.show(toDouble(v) ?? 0)
      case "x": text = String(try toInt(v), radix: 16)
      default: text = printString(v)
      }
      try checkRepeatedString(" ", width)
      if text.count < width {
        text = spec.hasPrefix("-") ? text + String(repeating: " ", count: width - text.count)
          : String(repeating: spec.hasPrefix("0") ? "0" : " ", count: width - text.count) + text
      }
      out += text
    }
    return out
  }

  /// `%.<p>f`: C's printf, which rounds the decimal expansion correctly as Julia's Printf.
  func fixed(_ x: Double, _ p: Int) -> String { cFormat("f", x, p) }

  /// `%.<p>e`.
  func sci(_ x: Double, _ p: Int) -> String { cFormat("e", x, p) }

  /// One double through C's `snprintf` with precision `p` (clamped to 0...1000), Julia's
  /// spellings for the non-finite values.
  func cFormat(_ conv: String, _ x: Double, _ p: Int) -> String {
    if !x.isFinite { return x.isNaN ? "NaN" : (x > 0 ? "Inf" : "-Inf") }
    let prec = Swift.min(Swift.max(p, 0), 1000)
    var buf = [CChar](repeating: 0, count: 1400)
    let n = buf.withUnsafeMutableBufferPointer { b in
      withVaList([Int32(prec), x]) { vsnprintf(b.baseAddress, b.count, "%.*" + conv, $0) }
    }
    guard n >= 0, Int(n) < buf.count else { return "" }
    return String(decoding: buf.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

extension String {
  func components(separatedBy sep: String) -> [String] {
    guard !sep.isEmpty else { return [self] }
    var out: [String] = []
    var rest = Substring(self)
    while let r = rest.firstRange(of: sep) {
      out.append(String(rest[..<r.lowerBound]))
      rest = rest[r.upperBound...]
    }
    out.append(String(rest))
    return out
  }
}

extension Types {
  /// The element type of `split`'s result; its values are plain strings here.
  public static let subString = JType(name: "SubString{String}", kind: .concrete, supertype: abstractString)
}
