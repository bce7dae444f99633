// Entry points for the three ways of running Eddy: script, piped stdin and the interactive prompt.
import EddyRuntime
import EddySyntax

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a closure on a thread with a large stack, so deep user recursion reaches the
/// interpreter's depth limit (a StackOverflowError) long before the real stack ends.
public func runOnLargeStack(_ body: @escaping () -> Int32) -> Int32 {
  final class Box: @unchecked Sendable {
    var body: () -> Int32
    var result: Int32 = 0
    init(_ b: @escaping () -> Int32) { body = b }
  }
  let box = Box(body)
  var attr = pthread_attr_t()
  pthread_attr_init(&attr)
  pthread_attr_setstacksize(&attr, 1 << 30)
  var tid = pthread_t()
  let ptr = Unmanaged.passRetained(box).toOpaque()
  let rc = pthread_create(&tid, &attr, { p in
    guard let p else { return nil }
    let b = Unmanaged<Box>.fromOpaque(p).takeRetainedValue()
    b.result = b.body()
    return nil
  }, ptr)
  pthread_attr_destroy(&attr)
  if rc != 0 {
    Unmanaged<Box>.fromOpaque(ptr).release()
    return body()
  }
  pthread_join(tid, nil)
  return box.result
}

/// Reads one line from standard input without Foundation (nil at end of input).
public func readStdinLine() -> String? {
  readLine(strippingNewline: true)
}

/// The plain prompt loop used when no line editor is available.
public func runPlainREPL(_ interp: Interpreter, quiet: Bool) -> Int32 {
  if !quiet { print("Eddy — Flux-style recurrent networks. Type ?name for help, Ctrl-D to exit.\n") }
  var counter = 0
  var buffer = ""
  while true {
    print(buffer.isEmpty ? "eddy> " : "       ", terminator: "")
    fflush(stdout)
    guard let line = readLine() else { break }
    buffer += buffer.isEmpty ? line : "\n" + line
    switch Parser.parse(buffer, file: "REPL[\(counter + 1)]") {
    case .incomplete: continue
    case .failure(let d):
      writeStderr("ERROR: " + DiagnosticRenderer.render(d) + "\n")
      buffer = ""
    case .success(let p):
      counter += 1
      buffer = ""
      do {
        if let v = try interp.evalChunk(p, file: "REPL[\(counter)]") {
          interp.main.define("ans", v, export: false)
          interp.out.write(interp.displayString(v) + "\n")
        }
        interp.out.flush()
      } catch {
        interp.out.flush()
        writeStderr(interp.report(error))
      }
      print("")
    }
  }
  return 0
}
