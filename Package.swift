// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "CouncilHall",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CouncilKit", targets: ["CouncilKit"]),
        .library(name: "CouncilSQLite", targets: ["CouncilSQLite"]),
        .library(name: "CouncilWebhook", targets: ["CouncilWebhook"]),
        .library(name: "CouncilTestKit", targets: ["CouncilTestKit"]),
        .executable(name: "council-loop-demo", targets: ["CouncilLoopDemo"]),
        .executable(name: "council-store-bench", targets: ["CouncilStoreBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // The domain: cases and their five-step loop, the directory, time limits, the store protocol.
        // No I/O library and no database driver may be imported here: swift-log and service-lifecycle only,
        // which bring neither NIO nor a driver.
        .target(
            name: "CouncilKit",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
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
        .executableTarget(
            name: "CouncilStoreBench",
            dependencies: ["CouncilKit", "CouncilSQLite"],
            path: "Benchmarks/StoreQuick"
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
        .testTarget(name: "CouncilSQLiteTests", dependencies: ["CouncilSQLite", "CouncilTestKit"]),
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
    ]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
