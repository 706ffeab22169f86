import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilNode
import CouncilPostgres
import CouncilServer
import CouncilWire
import Foundation
import Logging
import NIOCore
import Testing

/// Two councild nodes on one PostgreSQL database, as a city-wide deployment runs them.
@Suite(
    "two councild nodes on one PostgreSQL database",
    .enabled(if: ProcessInfo.processInfo.environment["COUNCIL_POSTGRES_URL"].map { !$0.isEmpty } ?? false,
             "COUNCIL_POSTGRES_URL is not set: run `make test`, or point it at a throwaway PostgreSQL database"))
struct TwoNodeTests {
    @Test("a case submitted through one node is read, changed and watched through the other")
    func twoNodes() async throws {
        var storeConfiguration = try PostgresCaseStore.Configuration(url: ProcessInfo.processInfo.environment["COUNCIL_POSTGRES_URL"]!)
        storeConfiguration.schema = "council_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

        func node(_ name: String) async throws -> CouncilDaemon {
            var configuration = ServerConfiguration()
            configuration.listen = "127.0.0.1:0"
            configuration.serverID = name
            let store = try await PostgresCaseStore(configuration: storeConfiguration, logger: logger)
            return try await CouncilDaemon(configuration: configuration, store: store, demo: true, logger: logger)
        }
        let first = try await node("node-1"), second = try await node("node-2")

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await first.run() }
            group.addTask { try await second.run() }
            func client(_ daemon: CouncilDaemon, _ system: String) async throws -> CouncilClient {
                let port = try await daemon.server.listeningAddress().port!
                let key = CouncilDaemon.demoKeys.first { $0.entry.system == system }!.key
                return CouncilClient(configuration: .init(host: "127.0.0.1", port: port, system: system, key: key))
            }
            let office = try await client(first, "petition-office")
            let staffOnSecond = try await client(second, "hall-staff")
            let staffOnFirst = try await client(first, "hall-staff")

            // A watcher on the second node waits for the first event the first node commits.
            let watcher = Task { () -> (CaseEvent, ContinuousClock.Instant)? in
                for try await batch in staffOnSecond.watchEvents(after: 0) {
                    if let event = batch.events.first { return (event, ContinuousClock.now) }
                }
                return nil
            }
            let submittedAt = ContinuousClock.now
            let submitted = try await office.submit(submission: 
                Submission(
                    title: "路灯不亮", description: "小区南门路灯连续三晚不亮", source: .petitionOffice, community: "QX03",
                    category: "infrastructure", externalReference: ExternalReference(system: "petition-office", reference: "XF-NODE-1")))
            let id = submitted.case.state.id

            let seen = try #require(try await watcher.value)
            #expect(seen.0.caseID == id)
            print("two-node watch lag: \(seen.1 - submittedAt) (submit on node-1 → event in node-2's watch)")

            let read = try await staffOnSecond.getCase(key: .id(id))
            #expect(read.state.number == submitted.case.state.number)
            let accepted = try await staffOnSecond.accept(caseID: id, expectedVersion: 1)
            #expect(accepted.state.status == .accepted)
            #expect(try await staffOnFirst.getCase(key: .id(id)).state.version == 2, "the first node sees the second node's change")
            let stale = await #expect(throws: CouncilClientError.self) { try await staffOnFirst.decline(caseID: id, expectedVersion: 1, reason: "过期的判断") }
            #expect(stale?.code == .aborted)
            // Both nodes serve one gap-free feed.
            #expect(try await staffOnFirst.listChanges(after: 0).events.map(\.sequence) == [1, 2])
            #expect(try await staffOnSecond.listChanges(after: 0).events.map(\.sequence) == [1, 2])
            for c in [office, staffOnFirst, staffOnSecond] { await c.close() }
            group.cancelAll()
        }
    }
}
