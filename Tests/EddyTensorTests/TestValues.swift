// Deterministic test inputs shared by the kernel tests.

/// `n` Float32 values in [-0.5, 0.5), from a linear congruential sequence started at `seed`.
func testValues(_ n: Int, seed: UInt64) -> [Float] {
  var s = seed
  return (0..<n).map { _ in
    s = s &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Float(Int(s >> 40) - (1 << 23)) / Float(1 << 24)
  }
}
