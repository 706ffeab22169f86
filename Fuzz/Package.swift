// swift-tools-version: 6.1
// The libFuzzer targets, built apart from the main package because they need `--sanitize=fuzzer`:
//   fuzz-frames     frame splitting and envelope decoding (any bytes as a stream of frames, and as one frame);
//   fuzz-requests   each method's request decoder, the method picked by the input's first byte;
//   fuzz-responses  each method's response decoder, likewise.
// Run them with `make fuzz SECONDS=600` from the repository root (Fuzz/run.sh), which also passes the sanitizer
// flags: see there why `--sanitize` alone does not do.
import Foundation
import PackageDescription

// A path dependency is known by its folder's name, which depends on where the repository was cloned.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let wire = Target.Dependency.product(name: "CouncilWire", package: root.lastPathComponent)

let package = Package(
    name: "CouncilWireFuzz",
    dependencies: [
        .package(path: root.path),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    ],
    targets: [
        .target(
            name: "FuzzChecks",
            dependencies: [wire, .product(name: "CouncilAPI", package: root.lastPathComponent)]
        ),
        .executableTarget(
            name: "fuzz-frames",
            dependencies: ["FuzzChecks", wire, .product(name: "NIOCore", package: "swift-nio")]
        ),
        .executableTarget(name: "fuzz-requests", dependencies: ["FuzzChecks", wire]),
        .executableTarget(name: "fuzz-responses", dependencies: ["FuzzChecks", wire]),
    ]
)
