// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "CouncilHall",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CouncilKit", targets: ["CouncilKit"]),
        .library(name: "CouncilSQLite", targets: ["CouncilSQLite"]),
        .library(name: "CouncilPostgres", targets: ["CouncilPostgres"]),
        .library(name: "CouncilTestKit", targets: ["CouncilTestKit"]),
        .executable(name: "council-loop-demo", targets: ["CouncilLoopDemo"]),
        .executable(name: "council-store-bench", targets: ["CouncilStoreBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // The domain: cases and their five-step loop, the directory, time limits, the store protocol.
        // No I/O library and no database driver may be imported here.
        .target(
            name: "CouncilKit",
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
        // The store for many nodes on one PostgreSQL database.
        .target(
            name: "CouncilPostgres",
            dependencies: [
                "CouncilKit",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Contract suites every store must pass.
        .target(name: "CouncilTestKit", dependencies: ["CouncilKit"]),
        .executableTarget(
            name: "CouncilLoopDemo",
            dependencies: ["CouncilKit", "CouncilSQLite"],
            path: "Examples/LoopDemo"
        ),
        .executableTarget(
            name: "CouncilStoreBench",
            dependencies: [
                "CouncilKit", "CouncilSQLite", "CouncilPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Benchmarks/StoreQuick"
        ),
        .testTarget(name: "CouncilKitTests", dependencies: ["CouncilKit", "CouncilTestKit"]),
        .testTarget(name: "CouncilSQLiteTests", dependencies: ["CouncilSQLite", "CouncilTestKit"]),
        .testTarget(
            name: "CouncilPostgresTests",
            dependencies: [
                "CouncilPostgres", "CouncilTestKit",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
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
