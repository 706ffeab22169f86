import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilNode
import CouncilServer
import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing

/// A councild on a free loopback port with the in-memory store and the demo keys, for one test.
struct TestDaemon: Sendable {
    let daemon: CouncilDaemon
    let host: String
    let port: Int
    /// The daemon's clock.
    let clock: any SleepingClock

    /// A client with one of the demo keys (`hall-staff`, `petition-office`, `grid-platform`).
    func client(_ system: String) -> CouncilClient {
        let key = CouncilDaemon.demoKeys.first { $0.entry.system == system }!.key
        return CouncilClient(configuration: .init(host: host, port: port, system: system, key: key))
    }

    /// A client with a key of ``TestDaemon/with(limits:keys:database:_:)``'s `keys`, by its system and key.
    func client(_ system: String, key: String) -> CouncilClient {
        CouncilClient(configuration: .init(host: host, port: port, system: system, key: key))
    }

    /// Runs `body` against a fresh server, then stops it.
    /// - Parameters:
    ///   - database: The store: in memory by default, or a SQLite file a later server can open again.
    ///   - store: A store the test opened, used instead of `database`; the daemon closes it.
    ///   - metrics: Where the daemon records its metrics; open `store` with the same factory to see the store's too.
    ///   - logger: Where the daemon logs; nowhere by default.
    ///   - configure: Changes to the rest of the configuration.
    static func with(
        limits: (inout ServerConfiguration.Limits) -> Void = { _ in }, keys: [KeyRing.Entry] = [], database: String = ":memory:",
        store: (any CaseStore)? = nil, clock: any SleepingClock = SystemClock(), metrics: PrometheusMetrics = PrometheusMetrics(),
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
        configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: (TestDaemon) async throws -> Void
    ) async throws {
        var configuration = ServerConfiguration()
        configuration.listen = "127.0.0.1:0"
        configuration.database = database
        configuration.serverID = "test-councild"
        configuration.keys = keys
        configuration.shutdownGracePeriodMilliseconds = 2000
        limits(&configuration.limits)
        configure(&configuration)
        let daemon =
            if let store {
                try await CouncilDaemon(configuration: configuration, store: store, demo: true, clock: clock, metrics: metrics, logger: logger)
            } else {
                try await CouncilDaemon(configuration: configuration, demo: true, clock: clock, metrics: metrics, logger: logger)
            }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await daemon.run() }
            let address = try await daemon.server.listeningAddress()
            let running = TestDaemon(daemon: daemon, host: "127.0.0.1", port: address.port!, clock: clock)
            do {
                try await body(running)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }
}

/// The client error `body` failed with; `nil` when it succeeded. Any other error is recorded as an issue.
func refusal(_ body: () async throws -> Void) async -> CouncilClientError? {
    do {
        try await body()
        return nil
    } catch let error as CouncilClientError {
        return error
    } catch {
        Issue.record("not a CouncilClientError: \(error)")
        return nil
    }
}
