// The command line: `eddy [FILE [args...]]`, `-e`, `-E`, `-i`, `-q`.
import ArgumentParser
import EddyREPL
import EddyRuntime

#if canImport(Glibc)
  import Glibc
#endif

struct Eddy: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eddy",
    abstract: "Build and train recurrent networks the way Flux.jl does.",
    version: "eddy 0.1.0")

  @Option(name: .customShort("e"), help: "Evaluate CODE.")
  var evaluate: String?

  @Option(name: .customShort("E"), help: "Evaluate CODE and print its value.")
  var evaluatePrint: String?

  @Flag(name: .customShort("i"), help: "Interactive display, even when stdin is not a terminal.")
  var interactive = false

  @Flag(name: .customShort("q"), help: "Quiet start-up: no banner.")
  var quiet = false

  @Option(name: .long, help: "Use colour: yes, no or auto.")
  var color: String = "auto"

  @Option(name: .long, help: "History file, or 'no' to disable history.")
  var historyFile: String?

  // Everything after the script name belongs to the script (`eddy train.jl --epochs 3`).
  @Argument(parsing: .captureForPassthrough, help: "A script to run, and the arguments it sees in ARGS.")
  var script: [String] = []

  mutating func run() throws {
    // The script arguments are captured verbatim, so flags of our own that come first are
    // handled here: `eddy --help`, `eddy --version`, and an unknown `-x`.
    if let first = script.first, first.hasPrefix("-"), first != "-" {
      switch first {
      case "-h", "--help":
        print(Eddy.helpMessage())
        throw ExitCode.success
      case "--version":
        print(Eddy.configuration.version)
        throw ExitCode.success
      default:
        throw ValidationError("Unknown option '\(first)'")
      }
    }
    let opts = self
    let status = runOnLargeStack { opts.execute() }
    throw ExitCode(status)
  }

  func execute() -> Int32 {
    let interp = Interpreter()
    if let code = evaluate ?? evaluatePrint {
      let status = interp.runSource(code, file: "none", printValue: evaluatePrint != nil)
      return status
    }
    if let path = script.first {
      interp.setARGS(Array(script.dropFirst()))
      guard let source = readFile(path) else {
        writeStderr("ERROR: SystemError: opening file \"\(path)\": No such file or directory\n")
        return 1
      }
      let status = interp.runScript(source: source, file: path)
      if interactive && status == 0 { return interactiveSession(interp, quiet: true) }
      return status
    }
    return interactiveSession(interp, quiet: quiet)
  }

  /// The REPL: line editing on a terminal, the plain loop on a dumb terminal or with `-i`,
  /// and statement-by-statement display when stdin is not a terminal.
  func interactiveSession(_ interp: Interpreter, quiet: Bool) -> Int32 {
    guard isatty(0) != 0 else {
      if interactive { return runPlainREPL(interp, quiet: quiet, color: REPLOptions.colorEnabled(color)) }
      return interp.runPiped(readLine: { readLine(strippingNewline: true) })
    }
    if let t = getenv("TERM"), String(cString: t) == "dumb" {
      return runPlainREPL(interp, quiet: quiet, color: false)
    }
    var history = HistoryStore.defaultPath()
    if let h = historyFile { history = (h == "no" || h.isEmpty) ? nil : h }
    let options = REPLOptions(quiet: quiet, color: REPLOptions.colorEnabled(color), historyPath: history)
    return runTerminalREPL(interp, options: options)
  }
}

func readFile(_ path: String) -> String? {
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

// Training loops free and reallocate the same large buffers every step. glibc's defaults return
// freed pages to the kernel and fault them in again on the next step (the evaluator thread's
// heap is trimmed eagerly); keep up to 256 MiB of freed memory and serve big blocks from the heap.
#if canImport(Glibc)
  // <malloc.h> is not in Swift's Glibc module: M_TRIM_THRESHOLD = -1, M_TOP_PAD = -2,
  // M_MMAP_THRESHOLD = -3.
  @_silgen_name("mallopt") func mallopt(_ param: Int32, _ value: Int32) -> Int32
  _ = mallopt(-1, 256 << 20)
  _ = mallopt(-2, 16 << 20)
  _ = mallopt(-3, 32 << 20)
#endif
Eddy.main()
