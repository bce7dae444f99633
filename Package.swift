// swift-tools-version:6.0
import PackageDescription

// MARK: - Build settings
// Exclusivity checks on class-held buffers double the interpreter's per-op cost
// (reference/swift-toolchain.md §6); every access path is already single-threaded.
// Haswell (AVX2 + FMA, every x86-64 server since 2013) lets SIMD16<Float> kernels use 256-bit
// FMA instead of 128-bit SSE2 pairs: 2-3x on exp/tanh/σ and the fused cell kernels.
#if arch(x86_64)
  let cpu = ["-target-cpu", "haswell"]
#else
  let cpu: [String] = []
#endif
let fast: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"] + cpu), .swiftLanguageMode(.v5)]

let package = Package(
  name: "Eddy",
  platforms: [.macOS(.v13)],
  products: [.executable(name: "eddy", targets: ["eddy"])],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // MARK: System libraries
    .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),

    // MARK: Layers, in dependency order (DESIGN.md §Architecture)
    .target(name: "CEddyMath"),
    .target(name: "EddyTensor", dependencies: ["COpenBLAS", "CEddyMath"], swiftSettings: fast),
    .target(name: "EddyAutodiff", dependencies: ["EddyTensor", "COpenBLAS"], swiftSettings: fast),
    .target(
      name: "EddyNN", dependencies: ["EddyTensor", "EddyAutodiff", "COpenBLAS", "CEddyMath"],
      swiftSettings: fast),
    .target(name: "EddySyntax", swiftSettings: fast),
    .target(
      name: "EddyRuntime",
      dependencies: ["EddyTensor", "EddyAutodiff", "EddyNN", "EddySyntax"],
      swiftSettings: fast),
    .target(
      name: "EddyREPL", dependencies: ["EddyRuntime", "EddySyntax", "CEditLine"],
      swiftSettings: fast),
    .executableTarget(
      name: "eddy",
      dependencies: [
        "EddyREPL", "EddyRuntime",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ], swiftSettings: fast),

    // MARK: Tests
    .testTarget(name: "EddyTensorTests", dependencies: ["EddyTensor", "CEddyMath"]),
    .testTarget(name: "EddyAutodiffTests", dependencies: ["EddyAutodiff", "EddyTensor"]),
    .testTarget(
      name: "EddyNNTests", dependencies: ["EddyNN", "EddyAutodiff", "EddyTensor"],
      exclude: ["make_reference.py", "reference.json"]),
    .testTarget(name: "EddySyntaxTests", dependencies: ["EddySyntax"]),
    .testTarget(
      name: "EddyRuntimeTests", dependencies: ["EddyRuntime", "EddySyntax"], exclude: ["scripts"]),
    .testTarget(name: "EddyREPLTests", dependencies: ["EddyREPL", "EddyRuntime", "EddySyntax", "eddy"]),
  ]
)
