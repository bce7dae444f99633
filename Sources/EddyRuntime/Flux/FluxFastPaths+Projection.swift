// Whole-sequence input projections: when a loop walks a vector of input matrices
// (`[m(x) for x in xs]`, `sum(loss(m(x), y) for (x, y) in zip(xs, ys))`, `for x in xs`), the
// first recurrent step computes `Wi * x` for every element in one GEMM, and each step
// reads its block in place instead of multiplying. Each block is checked on use: the same input array,
// unmodified, and the same, unmodified Wi; anything else switches the layer back to per-step
// products for the rest of that loop.
import EddyAutodiff
import EddyNN
import EddyTensor

/// `Wi * [x₁ x₂ … x_T]` for the inputs at one place (the element, or one tuple component)
/// of a walked collection.
struct SequenceProjection {
  let product: Tensor
  let weight: Tensor
  let weightVersion: Int
  /// The tuple component the inputs were taken from (-1: the elements themselves).
  let component: Int
  let inputs: [Tensor]
  let versions: [Int]
  /// Elements of `product` per step.
  let block: Int
}

extension FluxFast {
  /// Smallest per-step product (multiply-adds) worth projecting ahead: below it, copying
  /// the inputs together costs about what the saved calls do.
  static let projectionMinimumWork = 32_768

  /// The block of a whole-sequence `Wi * x` for input `x`, when the innermost walked
  /// collection is at `x`; nil to multiply per step.
  func projection(_ Wi: Tensor, _ x: Tensor) throws -> Projected? {
    guard x.ndims == 2, x.dtype == .float32, Wi.dtype == .float32, Wi.ndims == 2,
      x.shape[1] >= 2, Wi.shape[0] * Wi.shape[1] * x.shape[1] >= Self.projectionMinimumWork,
      let frame = interp.sequences.last, let item = frame.element(frame.index)
    else { return nil }
    // Where `x` sits in the current element.
    var component = -2
    switch item {
    case .tensor(let t) where t === x: component = -1
    case .tuple(let xs):
      component = xs.firstIndex(where: { if case .tensor(let t) = $0 { return t === x } else { return false } }) ?? -2
    default: break
    }
    if component == -2 { return nil }
    let key = ObjectIdentifier(Wi)
    if frame.stale.contains(key) { return nil }
    let k = frame.index
    if let p = frame.projections[key] {
      if p.component == component, p.weight === Wi, Wi.storage.version == p.weightVersion,
        k < p.inputs.count, p.inputs[k] === x, x.storage.version == p.versions[k]
      {
        projectedSteps += 1
        return Projected(product: p.product, offset: k * p.block)
      }
      frame.projections[key] = nil
      frame.stale.insert(key)
      return nil
    }
    guard let p = try project(Wi, frame, component, like: x) else {
      frame.stale.insert(key)
      return nil
    }
    frame.projections[key] = p
    projectedSteps += 1
    return Projected(product: p.product, offset: k * p.block)
  }

  /// `Wi * hcat(inputs...)` over every element of `frame` (all Float32 matrices of `x`'s
  /// shape), or nil when some element is not.
  private func project(_ Wi: Tensor, _ frame: SequenceFrame, _ component: Int, like x: Tensor)
    throws -> SequenceProjection?
  {
    var inputs: [Tensor] = []
    inputs.reserveCapacity(frame.count)
    for k in 0..<frame.count {
      var v = frame.element(k)
      if component >= 0, case .tuple(let xs)? = v { v = component < xs.count ? xs[component] : nil }
      guard case .tensor(let t)? = v, t.dtype == .float32, t.shape == x.shape else { return nil }
      inputs.append(t)
    }
    let step = x.count
    let all = try Tensor.uninitialized(shape: [x.shape[0], x.shape[1] * inputs.count], dtype: .float32)
    for (k, t) in inputs.enumerated() { (all.storage.f + k * step).update(from: t.storage.f, count: step) }
    let product = try Kernels.matmul(Wi, all)
    return SequenceProjection(
      product: product, weight: Wi, weightVersion: Wi.storage.version, component: component,
      inputs: inputs, versions: inputs.map { $0.storage.version }, block: Wi.shape[0] * x.shape[1])
  }
}
