import CouncilKit
import CouncilNode
import CouncilServer
import CouncilTestKit
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// The store closes last: no follower of it may still be reading when it does.
@Suite("shutdown order")
struct ShutdownOrderTests {
    @Test("the daemon closes the store only after the feed and every other follower stopped, also when it is cancelled")
    func storeClosesLast() async throws {
        for graceful in [false, true] {
            let store = CloseOrderStore()
            var configuration = ServerConfiguration()
            configuration.listen = "127.0.0.1:0"
            configuration.serverID = "close-order"
            let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            let daemon = try await CouncilDaemon(configuration: configuration, store: store, demo: true, clock: ManualClock(CouncilFixtures.monday), logger: logger)
            let group = ServiceGroup(configuration: .init(services: [.init(service: daemon)], logger: logger))
            let run = Task { try await group.run() }
            _ = try await daemon.server.listeningAddress()
            await store.followersSubscribed()
            if graceful { await group.triggerGracefulShutdown() } else { run.cancel() }
            _ = await run.result
            #expect(store.followersAtClose == 0, "graceful: \(graceful); followers still reading when the store closed")
        }
    }
}

/// The in-memory store, recording how many followers (the event feed, the notification channels) still listened to
/// its commits when it was closed.
final class CloseOrderStore: CaseStore, Sendable {
    let base = InMemoryCaseStore()
    private let closedWith = Mutex<Int?>(nil)

    /// The followers subscribed at ``close()``; `nil` before it.
    var followersAtClose: Int? { closedWith.withLock { $0 } }

    /// Returns once the event feed and the courier's channel have subscribed.
    func followersSubscribed() async {
        while base.commits.subscriberCount < 2 { await Task.yield() }
    }

    func close() async throws {
        let open = base.commits.subscriberCount
        closedWith.withLock { $0 = $0 ?? open }
        await base.close()
    }

    func create(_ newCase: NewCase) async throws -> CaseCreation { try await base.create(newCase) }
    func append(_ update: CaseUpdate) async throws -> [CaseEvent] { try await base.append(update) }
    func fetch(_ id: CaseID) async throws -> CouncilCase? { try await base.fetch(id) }
    func fetch(number: CaseNumber) async throws -> CouncilCase? { try await base.fetch(number: number) }
    func fetch(externalReference: ExternalReference) async throws -> CouncilCase? { try await base.fetch(externalReference: externalReference) }
    func history(of id: CaseID) async throws -> [CaseEvent] { try await base.history(of: id) }
    func find(_ query: CaseQuery) async throws -> CasePage { try await base.find(query) }
    func events(after sequence: Int64, limit: Int) async throws -> [CaseEvent] { try await base.events(after: sequence, limit: limit) }
    func latestSequence() async throws -> Int64 { try await base.latestSequence() }
    var commits: CommitSignal { base.commits }
    var lastWrite: WriteOutcome { base.lastWrite }
    func probeWrite() async throws { try await base.probeWrite() }
    func saveRecord(_ record: StoredRecord, expectedVersion: Int) async throws -> StoredRecord {
        try await base.saveRecord(record, expectedVersion: expectedVersion)
    }
    func fetchRecord(kind: String, id: String) async throws -> StoredRecord? { try await base.fetchRecord(kind: kind, id: id) }
    func listRecords(_ query: RecordQuery) async throws -> [StoredRecord] { try await base.listRecords(query) }
}
