// swift-tools-version: 6.1
// The benchmarks of Council Hall: councilbench (the load generator, its peers and the storage figures that
// `make bench` prints as one table) and the quick store and wire benchmarks. A package of its own, so gRPC,
// swift-protobuf and HdrHistogram never slow the main build; it depends on the main package by path.
import PackageDescription

let package = Package(
    name: "CouncilBenchmarks",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "councilbench", targets: ["councilbench"]),
        .executable(name: "sqlite-insert-bound", targets: ["sqlite-insert-bound"]),
        .executable(name: "council-store-bench", targets: ["CouncilStoreBench"]),
        .executable(name: "council-wire-bench", targets: ["CouncilWireBench"]),
    ],
    dependencies: [
        .package(name: "CouncilHall", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/grpc/grpc-swift-2", exact: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", exact: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The load generator, the transport-bound echo server, the storage figures and the one table.
        .executableTarget(
            name: "councilbench",
            dependencies: [
                "CouncilGRPCPeer",
                .product(name: "CouncilKit", package: "CouncilHall"),
                .product(name: "CouncilSQLite", package: "CouncilHall"),
                .product(name: "CouncilAPI", package: "CouncilHall"),
                .product(name: "CouncilWire", package: "CouncilHall"),
                .product(name: "CouncilTerminal", package: "CouncilHall"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            ]
        ),
        // What a Swift team would build instead: grpc-swift-2 serving get-case and submit-case over the same
        // CouncilKit store, with swift-protobuf code generated once from Schemas/council.proto
        // (Protos/generate.sh; the output in Generated/ is committed).
        .target(
            name: "CouncilGRPCPeer",
            dependencies: [
                .product(name: "CouncilKit", package: "CouncilHall"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        // The storage bound: the same rows inserted by plain C through the sqlite3 API, one durable transaction each.
        .executableTarget(name: "sqlite-insert-bound", linkerSettings: [.linkedLibrary("sqlite3")]),
        .executableTarget(
            name: "CouncilStoreBench",
            dependencies: [
                .product(name: "CouncilKit", package: "CouncilHall"),
                .product(name: "CouncilSQLite", package: "CouncilHall"),
                .product(name: "CouncilPostgres", package: "CouncilHall"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "StoreQuick"
        ),
        .executableTarget(
            name: "CouncilWireBench",
            dependencies: [
                .product(name: "CouncilAPI", package: "CouncilHall"),
                .product(name: "CouncilWire", package: "CouncilHall"),
                .product(name: "CouncilKit", package: "CouncilHall"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "WireQuick"
        ),
    ]
)

for target in package.targets where target.name != "sqlite-insert-bound" {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
