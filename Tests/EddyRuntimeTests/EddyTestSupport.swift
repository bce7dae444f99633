// Helpers shared by the in-process script tests: locating test files, running Eddy source
// with captured output, and running on a large stack like the `eddy` binary does.

@testable import EddyRuntime
import EddySyntax

#if canImport(Glibc)
  import Glibc
#endif

/// Directory of this test target (…/Tests/EddyRuntimeTests), from #filePath.
func testsDirectory(_ file: String = #filePath) -> String {
  var parts = file.split(separator: "/", omittingEmptySubsequences: false)
  parts.removeLast()
  return parts.joined(separator: "/")
}

/// The package root (…/main).
func packageRoot() -> String {
  var parts = testsDirectory().split(separator: "/", omittingEmptySubsequences: false)
  parts.removeLast(2)
  return parts.joined(separator: "/")
}

func readTextFile(_ path: String) -> String? {
  guard let f = fopen(path, "rb") else { return nil }
  defer { fclose(f) }
  var bytes: [UInt8] = []
  var buf = [UInt8](repeating: 0, count: 65536)
  while true {
    let n = fread(&buf, 1, buf.count, f)
    if n <= 0 { break }
    bytes.append(contentsOf: buf[0..<n])
  }
  return String(decoding: bytes, as: UTF8.self)
}

/// Entries of a directory (names only, no "." or ".."), sorted.
func listDirectory(_ path: String) -> [String] {
  guard let d = opendir(path) else { return [] }
  defer { closedir(d) }
  var names: [String] = []
  while let e = readdir(d) {
    let name = withUnsafePointer(to: e.pointee.d_name) {
      $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
    }
    if name != "." && name != ".." { names.append(name) }
  }
  return names.sorted()
}

func isDirectory(_ path: String) -> Bool {
  var st = stat()
  return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
}

/// Runs `body` on a thread with a 1 GiB stack, so deep user recursion reaches the
/// interpreter's depth limit (a StackOverflowError) instead of crashing the test process.
private final class StackBox: @unchecked Sendable {
  let body: () -> Any
  var result: Any?
  init(_ b: @escaping () -> Any) { body = b }
}

func onLargeStack<T>(_ body: @escaping () -> T) -> T {
  let box = StackBox { body() }
  var attr = pthread_attr_t()
  pthread_attr_init(&attr)
  pthread_attr_setstacksize(&attr, 1 << 30)
  var tid = pthread_t()
  let ptr = Unmanaged.passRetained(box).toOpaque()
  let rc = pthread_create(
    &tid, &attr,
    { p in
      guard let p else { return nil }
      let b = Unmanaged<StackBox>.fromOpaque(p).takeRetainedValue()
      b.result = b.body()
      return nil
    }, ptr)
  pthread_attr_destroy(&attr)
  if rc != 0 {
    Unmanaged<StackBox>.fromOpaque(ptr).release()
    return body()
  }
  pthread_join(tid, nil)
  return box.result as! T
}

/// What one in-process run of a script produced.
struct ScriptRun {
  var stdout: String
  /// The rendered error report (`ERROR: …` with the stack trace), or nil if the script finished.
  var error: String?
  /// Recurrent steps that took their input product from a whole-sequence projection.
  var projectedSteps = 0
}

/// Parses and runs `source` in a fresh interpreter, capturing standard output; `fastPaths`
/// false runs every Flux method through its Eddy definition.
func runEddy(source: String, file: String, args: [String] = [], fastPaths: Bool = true) -> ScriptRun {
  onLargeStack {
    let interp = Interpreter()
    interp.fluxFastPaths = fastPaths
    interp.out.capture = []
    interp.softScopeAssignsGlobals = false  // a script file, as `eddy file.jl` runs it
    interp.setARGS(args)
    var err: String?
    switch Parser.parse(source, file: file) {
    case .failure(let d), .incomplete(let d):
      err = "ERROR: " + DiagnosticRenderer.render(d) + "\n"
    case .success(let program):
      do {
        _ = try interp.run(program, file: file)
      } catch {
        err = interp.report(error)
      }
    }
    let out = String(decoding: interp.out.capture ?? [], as: UTF8.self)
    return ScriptRun(stdout: out, error: err, projectedSteps: interp.fluxFast?.projectedSteps ?? 0)
  }
}

/// Lines of `s` with trailing spaces removed and trailing empty lines dropped.
func normalisedLines(_ s: String) -> [String] {
  var lines = s.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
    var l = Substring(line)
    while let c = l.last, c == " " || c == "\t" || c == "\r" { l.removeLast() }
    return String(l)
  }
  while let last = lines.last, last.isEmpty { lines.removeLast() }
  return lines
}
