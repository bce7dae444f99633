// Running source: top-level statements, scripts, piped sessions, and error reports.
import EddySyntax
import EddyTensor

extension Interpreter {
  /// Compiles and runs one top-level statement.
  public func runTopLevel(_ n: Node, file: String) throws -> Value {
    let scope = FuncScope(parent: nil, isTopLevel: true, functionName: "top-level scope")
    scope.boxed = ScopeFacts.scan(n).usedInNested
    let saved = currentFile
    currentFile = file
    defer { currentFile = saved }
    let c = Compiler(interp: self, file: file, scope: scope)
    let code: Code
    do {
      code = try c.statement(n)
    } catch var e as JuliaError {
      if !e.located {
        e.located = true
        e.trace.append(TraceEntry(function: "top-level scope", file: file, line: n.loc.line))
      }
      throw e
    }
    let frame = Frame(slotCount: scope.slotCount, cellCount: scope.cellCount, captures: [])
    do {
      return try code(frame)
    } catch let cf as ControlFlow {
      switch cf {
      case .returnValue(let v): return v
      case .breakLoop, .continueLoop:
        throw JuliaError("ErrorException", "syntax: break or continue outside a loop")
      }
    }
  }

  /// Runs every statement of a parsed program; returns the last value.
  public func run(_ p: Program, file: String) throws -> Value {
    var last: Value = .nothing
    for s in p.statements { last = try runTopLevel(s, file: file) }
    return last
  }

  /// The full error report: `ERROR: Kind: message`, then the stack trace.
  public func errorReport(_ e: JuliaError) -> String {
    var s = "ERROR: " + e.headline
    guard !e.trace.isEmpty else { return s + "\n" }
    s += "\nStacktrace:"
    var entries: [(TraceEntry, Int)] = []
    for t in e.trace {
      if let last = entries.last, last.0.function == t.function, last.0.line == t.line, last.0.file == t.file {
        entries[entries.count - 1].1 += 1
      } else {
        entries.append((t, 1))
      }
    }
    let w = String(entries.count).count + 2
    for (k, (t, reps)) in entries.enumerated() {
      let label = "[\(k + 1)]"
      s += "\n" + String(repeating: " ", count: max(0, w - label.count) + 1) + label + " " + t.function
      s += "\n" + String(repeating: " ", count: w) + "@ " + (t.function == "top-level scope" ? "" : t.file == "Flux.jl" ? "Flux " : "Main ")
        + "\(t.file):\(t.line)"
      if reps > 1 { s += "\n" + String(repeating: " ", count: w) + "--- the above frame repeats \(reps - 1) more times ---" }
    }
    return s + "\n"
  }

  /// Renders any error thrown while running code.
  public func report(_ error: Error) -> String {
    if let e = error as? JuliaError { return errorReport(e) }
    if let d = error as? Diagnostic { return "ERROR: " + DiagnosticRenderer.render(d) + "\n" }
    if let t = error as? TensorError { return errorReport(JuliaError(t)) }
    return "ERROR: \(error)\n"
  }

  /// Runs a script: the whole file is parsed first; the first error stops it. Returns the exit status.
  public func runScript(source: String, file: String) -> Int32 {
    switch Parser.parse(source, file: file) {
    case .failure(let d), .incomplete(let d):
      writeStderr("ERROR: " + DiagnosticRenderer.render(d) + "\n")
      return 1
    case .success(let p):
      softScopeAssignsGlobals = false
      do {
        _ = try run(p, file: file)
        out.flush()
        return 0
      } catch {
        out.flush()
        writeStderr(report(error))
        return 1
      }
    }
  }

  /// Evaluates a chunk the way the REPL does: returns the value to display, or nil if hidden.
  public func evalChunk(_ p: Program, file: String) throws -> Value? {
    let v = try run(p, file: file)
    if p.endsWithSemicolon { return nil }
    if case .nothing = v { return nil }
    return v
  }

  /// Piped mode: reads whole statements, evaluates each chunk, displays values as the REPL
  /// does with a blank line after each. Returns 1 if any statement failed.
  public func runPiped(readLine: () -> String?, display: Bool = true) -> Int32 {
    var status: Int32 = 0
    var buffer = ""
    var firstLine = 1
    var lineNo = 0
    while let line = readLine() {
      lineNo += 1
      if buffer.isEmpty { firstLine = lineNo }
      buffer += buffer.isEmpty ? line : "\n" + line
      if buffer.trimmingCharacters(in: .whitespaces).isEmpty {
        buffer = ""
        continue
      }
      switch Parser.parse(buffer, file: "none") {
      case .incomplete: continue
      case .failure(let d):
        out.flush()
        writeStderr("ERROR: " + DiagnosticRenderer.render(d) + "\n")
        status = 1
        buffer = ""
      case .success(let p):
        buffer = ""
        let shifted = p
        _ = firstLine
        do {
          if let v = try evalChunk(shifted, file: "none"), display {
            out.write(displayString(v) + "\n\n")
          }
          out.flush()
        } catch {
          out.flush()
          writeStderr(report(error))
          status = 1
        }
      }
    }
    if !buffer.isEmpty, case .incomplete(let d) = Parser.parse(buffer, file: "none") {
      out.flush()
      writeStderr("ERROR: " + DiagnosticRenderer.render(d) + "\n")
      status = 1
    }
    out.flush()
    return status
  }
}

extension String {
  func trimmingCharacters(in set: CharacterSetLite) -> String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
    return String(s)
  }
}

/// Only whitespace trimming is needed; this avoids importing Foundation.
public enum CharacterSetLite { case whitespaces }

extension Interpreter {
  /// `-e`/`-E`: runs code; with `printValue`, shows the value (2-arg show).
  public func runSource(_ code: String, file: String, printValue: Bool) -> Int32 {
    switch Parser.parse(code, file: file) {
    case .failure(let d), .incomplete(let d):
      writeStderr("ERROR: " + DiagnosticRenderer.render(d) + "\n")
      return 1
    case .success(let p):
      do {
        let v = try run(p, file: file)
        if printValue { out.write(showString(v) + "\n") }
        out.flush()
        return 0
      } catch {
        out.flush()
        writeStderr(report(error))
        return 1
      }
    }
  }

  public func setARGS(_ args: [String]) {
    main.define("ARGS", .array(ArrayValue(args.map { .str($0) }, eltype: Types.string)), export: false)
  }
}
