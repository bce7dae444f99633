// The tape: a flat array of nodes, one per recorded op, indexed by `Tensor.adNode`.
//
//   watch(W)            node 0: leaf (no pullback)
//   y = Diff.matmul(W,x) node 1: pullback captures (W, x, versions, node ids 0/-1)
//   l = Diff.sum(y)      node 2: pullback captures node id 1
//   backward(from: l)    seeds grads[2] = 1, then runs pullbacks 2, 1 (reverse order is a
//                        topological order: every input was recorded before its output)
//
// A tensor belongs to a tape when `adTape == tape.id`; ids are never reused, so tensors left
// over from a finished tape are constants for every later tape without any clean-up.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import EddyTensor

/// The thread-specific slot behind `Tape.active`; holds a retained reference, released when
/// replaced or when the thread exits.
private let activeTapeKey: pthread_key_t = {
  var key = pthread_key_t()
  pthread_key_create(&key) { p in
    #if canImport(Darwin)
      Unmanaged<Tape>.fromOpaque(p).release()
    #else
      if let p { Unmanaged<Tape>.fromOpaque(p).release() }
    #endif
  }
  return key
}()

/// Maps the gradient of a node's output to its inputs, adding into `tape` with
/// `Tape.accumulate`. One closure per recorded op.
typealias Pullback = (_ g: Tensor, _ tape: Tape) throws -> Void

/// One recorded value: a leaf (`pullback == nil`) or the output of an op.
struct Node {
  var pullback: Pullback?
  /// Shape and dtype of the tensor the node stands for; gradients are coerced to them.
  let shape: [Int]
  let dtype: DType
}

/// A gradient tape. Only one is active at a time (`Tape.active`); every `Diff` op records onto
/// it when one of its inputs is tracked there.
public final class Tape {
  /// The tape ops record onto; nil when no gradient is being taken.
  ///
  /// Per thread, so tests (and any other threads) taking gradients at the same time do not
  /// see each other's tapes; the getter costs one `pthread_getspecific`.
  public static var active: Tape? {
    @inline(__always) get {
      guard let p = pthread_getspecific(activeTapeKey) else { return nil }
      return Unmanaged<Tape>.fromOpaque(p).takeUnretainedValue()
    }
    set {
      let old = pthread_getspecific(activeTapeKey)
      if let t = newValue {
        pthread_setspecific(activeTapeKey, Unmanaged.passRetained(t).toOpaque())
      } else {
        pthread_setspecific(activeTapeKey, nil)
      }
      if let old { Unmanaged<Tape>.fromOpaque(old).release() }
    }
  }
  nonisolated(unsafe) private static var nextID: UInt32 = 1
  nonisolated(unsafe) private static let idLock: UnsafeMutablePointer<pthread_mutex_t> = {
    let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    pthread_mutex_init(m, nil)
    return m
  }()

  /// Unique per tape, never reused.
  public let id: UInt32
  var nodes: [Node] = []
  /// Gradient per node after `backward`; indexed like `nodes`.
  var grads: [Tensor?] = []
  private var finished = false
  /// Deferred outer products of the running backward pass (Tape+Deferred.swift): the
  /// accumulations by their targets, the pending ones by node, and the highest such node.
  var outerGroups: [[Int]: OuterAccumulation] = [:]
  var outerByNode: [Int: [(OuterAccumulation, Int)]] = [:]
  var outerTop = -1

  /// Whether custom pullbacks may defer their weight products to one GEMM per weight
  /// (`PullbackContext.deferOuterProducts`); when false they run every product at once. The
  /// gradients agree up to floating-point reassociation. True by default.
  public var defersProducts = true
  /// Columns handed to deferred products during the last backward pass (summed over their
  /// groups), and the GEMMs that ran them; for tests and profiling.
  public internal(set) var deferredColumns = 0
  public internal(set) var deferredGEMMs = 0

  public init() {
    pthread_mutex_lock(Tape.idLock)
    id = Tape.nextID
    Tape.nextID &+= 1
    if Tape.nextID == 0 { Tape.nextID = 1 }
    pthread_mutex_unlock(Tape.idLock)
    nodes.reserveCapacity(64)
  }

  // MARK: Tracking

  /// Makes `t` a leaf of this tape. Watching a tracked tensor again is a no-op; Int64 and Bool
  /// arrays never get gradients, so they are not watched.
  public func watch(_ t: Tensor) {
    if finished || isTracked(t) || !t.dtype.isFloat { return }
    push(t, nil)
  }

  /// Whether `t` is a leaf or intermediate value of this tape.
  @inline(__always) public func isTracked(_ t: Tensor) -> Bool {
    t.adTape == id && t.adNode >= 0
  }

  /// The node of `t` on this tape, or -1 when `t` is a constant here.
  @inline(__always) func node(_ t: Tensor) -> Int32 {
    t.adTape == id ? t.adNode : -1
  }

  /// Records `out` as a new node. Only floating-point outputs are recorded.
  @inline(__always) func push(_ out: Tensor, _ pullback: Pullback?) {
    if finished || !out.dtype.isFloat { return }
    out.adNode = Int32(truncatingIfNeeded: nodes.count)
    out.adTape = id
    nodes.append(Node(pullback: pullback, shape: out.shape, dtype: out.dtype))
  }

  /// Records an op with several outputs: a hidden joint node first, then one node per output.
  ///
  /// ```
  ///   node J     joint: pullback reads grads[o₁…oₙ] (nil for outputs nobody used), runs once
  ///   node o₁    output 1: its pullback only marks J as reached
  ///   node oₙ    output n
  /// ```
  /// The output nodes come after J, so in the reverse sweep every consumer of every output has
  /// already added its gradient when J runs, and J runs before the inputs (recorded earlier).
  /// Outputs must be fresh tensors; non-float outputs are not recorded (their gradient is nil).
  func pushJoint(outputs: [Tensor], _ pullback: @escaping ([Tensor?], Tape) throws -> Void) {
    if finished { return }
    let joint = Int32(truncatingIfNeeded: nodes.count)
    nodes.append(Node(pullback: nil, shape: [], dtype: .float64))
    var ids: [Int32] = []
    ids.reserveCapacity(outputs.count)
    for out in outputs {
      if out.dtype.isFloat {
        push(out) { _, t in t.reach(joint) }
        ids.append(out.adNode)
      } else {
        ids.append(-1)
      }
    }
    nodes[Int(joint)].pullback = { _, t in
      let gs = ids.map { $0 >= 0 && Int($0) < t.grads.count ? t.grads[Int($0)] : nil }
      try pullback(gs, t)
    }
  }

  /// Marks a joint node as reached by some output gradient, so that its pullback runs.
  @inline(__always) private func reach(_ joint: Int32) {
    let i = Int(joint)
    if i < grads.count && grads[i] == nil { grads[i] = Tape.reachedMarker }
  }

  /// The placeholder "gradient" of a reached joint node (never read, never mutated).
  nonisolated(unsafe) private static let reachedMarker = Tensor.scalar(0, .float64)

  // MARK: Backward

  /// Runs the backward pass from a scalar (0-d or 1-element) output, seeding it with 1 in the
  /// output's dtype. Earlier gradients of this tape are discarded; an output that is not
  /// tracked (a constant) leaves every gradient nil.
  ///
  /// - Throws: `ArgumentError` when the output is not a single number, or when an array saved
  ///   for the backward pass was modified in place after it was used.
  public func backward(from output: Tensor) throws {
    guard output.count == 1 else {
      throw TensorError(
        .argument,
        "Output should be scalar; gradients are not defined for an output with \(output.count) elements"
      )
    }
    grads = [Tensor?](repeating: nil, count: nodes.count)
    dropDeferred()
    deferredColumns = 0
    deferredGEMMs = 0
    // An output that does not depend on anything watched has no gradients at all.
    guard !finished, isTracked(output), Int(output.adNode) < nodes.count else { return }
    let top = Int(output.adNode)
    let seed = try Tensor(shape: nodes[top].shape, dtype: nodes[top].dtype)
    seed[linear: 0] = 1
    grads[top] = seed
    // Deferred products are dropped with the pass, also when a pullback throws; their memory
    // stays cached for the next pass (Tape+Deferred.swift, `BlockCache`).
    defer {
      dropDeferred()
      if deferredColumns > 0 { BlockCache.trim() }
    }
    var i = top
    while i >= 0 {
      // Every consumer of node i has a larger index: its deferred products are all in, and
      // are added before anything reads grads[i] (leaves included).
      try flushDeferred(i)
      if let g = grads[i], let pb = nodes[i].pullback { try pb(g, self) }
      i -= 1
    }
  }

  /// Adds `g` into the gradient of node `n` (ignored when `n < 0`), converting it to the node's
  /// dtype and shape. Gradients are never mutated in place: a pullback may pass its incoming
  /// gradient straight through, so the same tensor can be shared by several nodes.
  @inline(__always) func accumulate(_ g: Tensor, into n: Int32) throws {
    if n < 0 { return }
    let i = Int(n)
    guard i < grads.count else { return }
    let g = try coerce(g, i)
    if let old = grads[i] {
      grads[i] = try Ops.add(old, g)
    } else {
      grads[i] = g
    }
  }

  /// `g` with node `i`'s dtype and shape.
  private func coerce(_ g: Tensor, _ i: Int) throws -> Tensor {
    var g = g
    let node = nodes[i]
    if g.dtype != node.dtype { g = try g.converted(to: node.dtype) }
    if g.shape != node.shape {
      guard g.count == node.shape.reduce(1, *) else {
        throw TensorError(
          .dimensionMismatch,
          "gradient of shape \(g.shape) does not match its value of shape \(node.shape)")
      }
      g = try g.reshaped(node.shape)
    }
    return g
  }

  /// The accumulated gradient of `t` after `backward`, with `t`'s dtype; nil when no gradient
  /// flowed to it. After `finish()` only the gradients of watched leaves remain.
  public func grad(_ t: Tensor) -> Tensor? {
    guard isTracked(t) else { return nil }
    let i = Int(t.adNode)
    guard i < grads.count, let g = grads[i] else { return nil }
    if g.shape != t.shape, g.count == t.count, let r = try? g.reshaped(t.shape) { return r }
    return g
  }

  /// Ends the tape: drops every pullback (and with it every saved tensor) and the gradients of
  /// intermediate values. Tensors still carrying this id are constants from then on.
  public func finish() {
    if finished { return }
    finished = true
    dropDeferred()
    for i in 0..<grads.count where i < nodes.count && nodes[i].pullback != nil { grads[i] = nil }
    nodes = []
    if Tape.active === self { Tape.active = nil }
  }

  /// Number of recorded nodes (leaves included).
  public var count: Int { nodes.count }

  /// Frees the memory this thread kept from its latest backward pass's deferred products
  /// (which the next pass of the same size would reuse), and returns how many bytes that was.
  @discardableResult public static func releaseCachedMemory() -> Int { BlockCache.release() }

  /// How many blocks of deferred-product memory this thread has allocated rather than reused
  /// from an earlier pass (for tests).
  public static var deferredBlockAllocations: Int { BlockCache.allocated }
}

/// Thrown when a value saved for the backward pass changed before the pass ran.
let modifiedInPlace = TensorError(
  .argument,
  "an array needed to compute the gradient was modified in place (x .= ... or x[i] = ...) after it was used; copy it first"
)

/// Fails when `t` was written in place since its version was saved.
@inline(__always) func checkSaved(_ t: Tensor, _ version: Int) throws {
  if t.storage.version != version { throw modifiedInPlace }
}
