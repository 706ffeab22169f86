// swift-tools-version: 6.1
// The libFuzzer target for frame and envelope decoding. Built apart from the main package because it needs
// `--sanitize=fuzzer`; run it with `make fuzz SECONDS=600` from the repository root (Fuzz/run.sh).
import Foundation
import PackageDescription

// A path dependency is known by its folder's name, which depends on where the repository was cloned.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "CouncilWireFuzz",
    dependencies: [
        .package(path: root.path),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    ],
    targets: [
        .executableTarget(
            name: "CouncilWireFuzz",
            dependencies: [
                .product(name: "CouncilWire", package: root.lastPathComponent),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        )
    ]
)
