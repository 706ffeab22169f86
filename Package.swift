// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "CouncilHall",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CouncilKit", targets: ["CouncilKit"]),
        .library(name: "CouncilSQLite", targets: ["CouncilSQLite"]),
        .library(name: "CouncilPostgres", targets: ["CouncilPostgres"]),
        .library(name: "CouncilWebhook", targets: ["CouncilWebhook"]),
        .library(name: "CouncilAPI", targets: ["CouncilAPI"]),
        .library(name: "CouncilWire", targets: ["CouncilWire"]),
        .library(name: "CouncilTestKit", targets: ["CouncilTestKit"]),
        .executable(name: "council-loop-demo", targets: ["CouncilLoopDemo"]),
        .library(name: "CouncilServer", targets: ["CouncilServer"]),
        .library(name: "CouncilNode", targets: ["CouncilNode"]),
        .library(name: "CouncilClient", targets: ["CouncilClient"]),
        .library(name: "CouncilTerminal", targets: ["CouncilTerminal"]),
        .executable(name: "councild", targets: ["councild"]),
        .executable(name: "councilctl", targets: ["councilctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // The domain: cases and their five-step loop, the directory, time limits, the store protocol.
        // No I/O library and no database driver may be imported here: swift-log, swift-metrics and
        // service-lifecycle only, which bring neither NIO nor a driver.
        .target(
            name: "CouncilKit",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/qiaoxi-demo.json")]
        ),
        // The embedded default store.
        .target(
            name: "CouncilSQLite",
            dependencies: [
                "CouncilKit",
                .product(name: "GRDB", package: "GRDB.swift"),
                // For sqlite3_system_errno: an I/O error caused by a full disk is told apart by its errno.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The store for many nodes on one PostgreSQL database.
        .target(
            name: "CouncilPostgres",
            dependencies: [
                "CouncilKit",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The notifier that POSTs signed JSON to other systems.
        .target(
            name: "CouncilWebhook",
            dependencies: [
                "CouncilKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The protocol's methods and the types clients program against, generated from Schemas/council.proto with
        // hand-written companions; no transport and no codec.
        .target(name: "CouncilAPI", dependencies: ["CouncilKit"]),
        // libprotobuf-c from Debian (`libprotobuf-c-dev`), found through pkg-config.
        .systemLibrary(
            name: "CProtobufC",
            pkgConfig: "libprotobuf-c",
            providers: [.apt(["libprotobuf-c-dev"])]
        ),
        // protoc-c output for Schemas/council.proto. Generated by Schemas/generate.sh; never edit by hand.
        .target(name: "CouncilWireC", dependencies: ["CProtobufC"]),
        // The C half of defensive decoding: a budgeted arena allocator and a validating pre-scan of frames.
        .target(name: "CCouncilWireSupport", dependencies: ["CProtobufC", "CouncilWireC"]),
        // Framing and the mapping between wire messages and CouncilKit values; the only Swift that touches
        // protobuf-c pointers.
        .target(
            name: "CouncilWire",
            dependencies: [
                "CouncilAPI", "CouncilKit", "CouncilWireC", "CCouncilWireSupport", "CProtobufC",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The server as a library: connections, handshake, the interceptor chain, handlers, limits, lifecycle. It is
        // given a store and notifiers; it opens none.
        .target(
            name: "CouncilServer",
            dependencies: [
                "CouncilAPI", "CouncilKit", "CouncilWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The Swift client over the wire.
        .target(
            name: "CouncilClient",
            dependencies: [
                "CouncilAPI", "CouncilKit", "CouncilWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // One councild node as a library, the composition root: picks the store and the notification channels the
        // configuration names and runs the server beside the feed, the deadline monitor and the notifications.
        .target(
            name: "CouncilNode",
            dependencies: [
                "CouncilAPI", "CouncilKit", "CouncilServer", "CouncilSQLite", "CouncilPostgres", "CouncilWebhook",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // What the command-line tools draw on a terminal: the display width of Chinese text, and the progress line of
        // long work. CouncilKit's clock and nothing else; a product so councilbench, in its own package, draws the
        // same line.
        .target(name: "CouncilTerminal", dependencies: ["CouncilKit"]),
        .executableTarget(
            name: "councild",
            dependencies: [
                "CouncilAPI", "CouncilNode", "CouncilServer", "CouncilSQLite", "CouncilTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "councilctl",
            dependencies: [
                "CouncilAPI", "CouncilClient", "CouncilKit", "CouncilTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Contract suites every store and notifier must pass.
        .target(
            name: "CouncilTestKit",
            dependencies: ["CouncilKit", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "CouncilLoopDemo",
            dependencies: ["CouncilKit", "CouncilSQLite"],
            path: "Examples/LoopDemo"
        ),
        .testTarget(
            name: "CouncilKitTests",
            dependencies: [
                "CouncilKit", "CouncilTestKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "CouncilSQLiteTests",
            dependencies: ["CouncilSQLite", "CouncilTestKit", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "CouncilPostgresTests",
            dependencies: [
                "CouncilPostgres", "CouncilTestKit",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CouncilWebhookTests",
            dependencies: [
                "CouncilWebhook", "CouncilTestKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CouncilWireTests",
            dependencies: [
                "CouncilAPI", "CouncilWire", "CouncilKit", "CouncilTestKit",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            exclude: ["Regressions"]
        ),
        .testTarget(
            name: "CouncilServerTests",
            dependencies: [
                "CouncilAPI", "CouncilNode", "CouncilServer", "CouncilClient", "CouncilWire", "CouncilKit", "CouncilTestKit",
                "CouncilPostgres", "CouncilTerminal",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .system && !["CouncilWireC", "CCouncilWireSupport"].contains(target.name) {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
