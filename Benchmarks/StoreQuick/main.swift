// Quick figures for the stores: durable submits one by one through CaseService (one transaction each), then find
// by community + status and Chinese text search among them, then submits from 8 concurrent writers.
//
//     swift run -c release --package-path Benchmarks council-store-bench [CASES] [--postgres URL]      (default 10000 cases)
//
// SQLiteCaseStore (synchronous=FULL) always runs; with --postgres, PostgresCaseStore runs the same work on a fresh
// schema of that database (dropped afterwards), followed by the cost of its sequencing scheme: concurrent
// transactions with and without the one counter row that numbers events.

import CouncilKit
import CouncilPostgres
import CouncilSQLite
import Foundation
import Logging
import NIOSSL
import PostgresNIO

@main
struct StoreQuickBench {
    static let communities = (1...44).map { String(format: "QX%02d", $0) }
    static let titles = ["小区垃圾清运不及时", "楼下停车难", "夜间施工噪音扰民", "物业费收费标准不透明", "暖气不热", "路灯不亮"]
    static let categories = ["environment", "parking", "noise", "property", "heating", "infrastructure"]
    static let concurrentWriters = 8

    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var postgresURL: String?
        if let flag = arguments.firstIndex(of: "--postgres") {
            guard flag + 1 < arguments.count else {
                print("usage: council-store-bench [CASES] [--postgres postgres://user:pass@host:port/db]")
                exit(2)
            }
            postgresURL = arguments[flag + 1]
            arguments.removeSubrange(flag...(flag + 1))
        }
        let count = arguments.first.flatMap(Int.init) ?? 10_000

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("council-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("council.sqlite").path

        let sqlite = try await run(count: count, on: try SQLiteCaseStore(path: path))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)  // after close: WAL checkpointed
        let sqliteSize = (attributes[.size] as? NSNumber)?.intValue ?? 0
        print("SQLiteCaseStore, synchronous=FULL, one transaction per operation, \(count) cases")
        sqlite.print(count: count, size: sqliteSize)

        guard let postgresURL else { return }
        var configuration = try PostgresCaseStore.Configuration(url: postgresURL)
        configuration.schema = "council_bench_" + UUID().uuidString.prefix(8).lowercased()
        let quiet = Logger(label: "council-store-bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let postgres = try await run(
            count: count, on: try await PostgresCaseStore(configuration: configuration, logger: quiet))
        let raw = try RawPostgres(configuration)
        let schema = configuration.schema
        try await raw.run { client in
            let size = try await raw.single(
                client,
                """
                SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '\(schema)' AND c.relkind = 'r'
                """)
            let commit = try await raw.single(client, "SELECT setting FROM pg_settings WHERE name = 'synchronous_commit'", as: String.self)
            print("")
            print("PostgresCaseStore, synchronous_commit=\(commit), one transaction per operation, \(count) cases (same machine, same run)")
            postgres.print(count: count, size: Int(size))
            try await sequencingCost(raw, client)
            _ = try await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \"\(schema)\" CASCADE"))
        }
    }

    struct Figures {
        var submit: Duration
        var accept: Duration
        var concurrentSubmit: Duration
        var concurrentCount: Int
        var byCommunity: (p50: Double, p99: Double, found: Int)
        var byText: (p50: Double, p99: Double, found: Int)

        func print(count: Int, size: Int) {
            Swift.print("  submit \(count):            \(rate(count, submit))")
            Swift.print("  accept \(count / 2):             \(rate(count / 2, accept))")
            Swift.print(String(format: "  find community+status:   p50 %.2f ms, p99 %.2f ms (%d rows a page)", byCommunity.p50, byCommunity.p99, byCommunity.found))
            Swift.print(String(format: "  text search 垃圾:          p50 %.2f ms, p99 %.2f ms (%d rows a page)", byText.p50, byText.p99, byText.found))
            Swift.print("  submit \(concurrentCount), \(concurrentWriters) writers:  \(rate(concurrentCount, concurrentSubmit))")
            Swift.print("  size:                    \(size / 1024) KiB, \(size / max(count + concurrentCount, 1)) bytes per case")
        }
    }

    static func run(count: Int, on store: any CaseStore) async throws -> Figures {
        let seed = try DirectorySeed.qiaoxiDemo()
        let service = CaseService(store: store, directory: try seed.directory())
        let staff = Principal(system: "hall-staff")
        func submission(_ i: Int) -> Submission {
            let k = i % titles.count
            return Submission(
                title: titles[k], description: "第\(i)号反映：\(titles[k])，请尽快处理。", source: .walkIn,
                community: communities[i % communities.count], category: categories[k])
        }

        let clock = ContinuousClock()
        var ids: [CaseID] = []
        ids.reserveCapacity(count)
        let submitTime = try await clock.measure {
            for i in 0..<count { ids.append(try await service.submit(submission(i), by: staff).case.id) }
        }
        let acceptTime = try await clock.measure {
            for id in ids.prefix(count / 2) { _ = try await service.accept(id, by: staff) }
        }

        func latencies(_ runs: Int, _ query: @escaping () -> CaseQuery) async throws -> (p50: Double, p99: Double, found: Int) {
            var samples: [Double] = []
            var found = 0
            for _ in 0..<runs {
                let q = query()
                let t = try await clock.measure { found = try await service.find(q).cases.count }
                samples.append(Double(t.components.attoseconds) / 1e15 + Double(t.components.seconds) * 1e3)
            }
            samples.sort()
            return (samples[runs / 2], samples[min(runs - 1, runs * 99 / 100)], found)
        }
        var n = 0
        let byCommunity = try await latencies(200) {
            n += 1
            return CaseQuery(community: communities[n % communities.count], statuses: [.submitted], limit: 50)
        }
        let byText = try await latencies(200) { CaseQuery(text: "垃圾", limit: 50) }

        // Writers on different cases contend only where the store serialises them.
        let concurrentCount = max(count / 5, concurrentWriters)
        let perWriter = concurrentCount / concurrentWriters
        let concurrentTime = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for w in 0..<concurrentWriters {
                    group.addTask {
                        for j in 0..<perWriter { _ = try await service.submit(submission(count + w + j * concurrentWriters), by: staff) }
                    }
                }
                try await group.waitForAll()
            }
        }
        try await store.close()
        return Figures(
            submit: submitTime, accept: acceptTime, concurrentSubmit: concurrentTime,
            concurrentCount: perWriter * concurrentWriters, byCommunity: byCommunity, byText: byText)
    }

    /// What numbering events on one counter row costs: the same small transactions from 1 and from 8 connections,
    /// once inserting a row only and once also taking the next number from a counter row, as the store does.
    static func sequencingCost(_ raw: RawPostgres, _ client: PostgresClient) async throws {
        let schema = raw.configuration.schema
        for statement in [
            "CREATE TABLE \"\(schema)\".bench_rows (id bigserial PRIMARY KEY, payload text NOT NULL)",
            "CREATE TABLE \"\(schema)\".bench_counter (only_row boolean PRIMARY KEY, last bigint NOT NULL)",
            "INSERT INTO \"\(schema)\".bench_counter VALUES (true, 0)",
        ] { _ = try await client.query(PostgresQuery(unsafeSQL: statement)) }
        let transactions = 2000
        print("  sequencing cost, \(transactions) transactions of one insert each (durable commits):")
        for writers in [1, concurrentWriters] {
            var line = String(format: "    %d writer%@:", writers, writers == 1 ? " " : "s")
            for withCounter in [false, true] {
                let insert = withCounter
                    ? "WITH s AS (UPDATE \"\(schema)\".bench_counter SET last = last + 1 RETURNING last) "
                        + "INSERT INTO \"\(schema)\".bench_rows (payload) SELECT 'event ' || s.last FROM s"
                    : "INSERT INTO \"\(schema)\".bench_rows (payload) VALUES ('event')"
                let time = try await ContinuousClock().measure {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for _ in 0..<writers {
                            group.addTask {
                                for _ in 0..<(transactions / writers) {
                                    try await client.withConnection { connection in
                                        let logger = raw.logger
                                        try await connection.query("BEGIN", logger: logger)
                                        try await connection.query(PostgresQuery(unsafeSQL: insert), logger: logger)
                                        try await connection.query("COMMIT", logger: logger)
                                    }
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                }
                line += "  \(withCounter ? "with counter row" : "without counter"): \(rate(transactions, time))"
                if !withCounter { line += ";" }
            }
            print(line)
        }
    }

    static func rate(_ n: Int, _ d: Duration) -> String {
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return String(format: "%.2f s, %.0f/s, %.2f ms each", s, Double(n) / s, s * 1000 / Double(n))
    }
}

/// A plain postgres-nio client beside the store, for what the store does not offer: sizes and raw transactions.
struct RawPostgres: Sendable {
    let configuration: PostgresCaseStore.Configuration
    let logger = Logger(label: "council-store-bench", factory: { _ in SwiftLogNoOpLogHandler() })
    private let clientConfiguration: PostgresClient.Configuration

    init(_ configuration: PostgresCaseStore.Configuration) throws {
        self.configuration = configuration
        var client = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database,
            tls: configuration.tls == .disable ? .disable : .prefer(.makeClientConfiguration()))
        client.options.maximumConnections = StoreQuickBench.concurrentWriters
        self.clientConfiguration = client
    }

    func run(_ body: @Sendable (PostgresClient) async throws -> Void) async throws {
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body(client)
        }
    }

    func single<T: PostgresDecodable & Sendable>(_ client: PostgresClient, _ sql: String, as: T.Type = Int64.self) async throws -> T {
        for try await value in try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(T.self) {
            return value
        }
        throw CouncilError(.storageUnavailable, "no row")
    }
}
