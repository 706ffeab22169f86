import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilNode
import CouncilServer
import CouncilSQLite
import CouncilTestKit
import Foundation
import Logging
import Testing

/// A store that fills up, seen over the wire: what callers are answered, what health says, what the log says.
@Suite("storage faults")
struct StorageFaultTests {
    static let plainMessage = "the server's disk is full; nothing was written; try again later"

    /// A SQLite store in a fresh folder.
    static func sqliteStore() throws -> SQLiteCaseStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("council-full-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try SQLiteCaseStore(path: folder.appendingPathComponent("council.sqlite").path)
    }

    /// A submission whose description takes several pages, so registering it must grow the file.
    static func large(_ title: String) -> Submission {
        CouncilFixtures.walkIn(title, description: String(repeating: "楼道灯不亮，夜里看不清台阶。", count: 300))
    }

    static func lines(_ log: LogCapture, _ text: String) -> [String] {
        log.lines.filter { $0.contains(text) }
    }

    @Test("a full disk: submit is RESOURCE_EXHAUSTED storageFull in plain words and writes nothing; health is NOT_SERVING until space returns; one error line per interval")
    func fullDisk() async throws {
        let store = try Self.sqliteStore()
        let clock = ManualClock(CouncilFixtures.monday)
        let log = LogCapture()
        try await TestDaemon.with(store: store, clock: clock, logger: log.logger()) { daemon in
            let client = daemon.client("hall-staff")
            defer { Task { await client.close() } }
            #expect(try await client.checkHealth() == .serving)
            let kept = try await client.submit(submission: Self.large("有空间时登记"))
            let before = try await store.latestSequence()
            // The notification courier writes its cursor after each event: let it, so no write but the calls' comes later.
            await daemon.daemon.notifications.waitUntilHandled(through: before)

            try await store.setMaximumPageCount(1)  // SQLite keeps the pages the file has: it may grow no further
            let full = await refusal { _ = try await client.submit(submission: Self.large("磁盘已满时登记")) }
            #expect(full?.code == .resourceExhausted)
            #expect(full?.reason == "storageFull")
            #expect(full?.message == Self.plainMessage)
            #expect(try await store.latestSequence() == before, "no event was written")
            #expect(try await store.find(CaseQuery(text: "磁盘已满时登记")).cases.isEmpty, "no case was written")
            #expect(try await client.getCase(key: .id(kept.case.state.id)).state.version == 1, "what was written before is still read")
            #expect(try await client.checkHealth() == .notServing, "the last write failed for want of room")

            for n in 0..<5 {
                let again = await refusal { _ = try await client.submit(submission: Self.large("再次登记 \(n)")) }
                #expect(again?.reason == "storageFull")
            }
            let refusals = Self.lines(log, "the store refused a call")
            #expect(refusals.count == 1, "one line for six refusals within the interval: \(refusals)")
            #expect(refusals.first.map { $0.hasPrefix("error") && $0.contains("class=storageFull") && $0.contains("method=submit") } == true)
            #expect(!log.contains("SQLite error"), "the log says what happened in plain words")
            #expect(Self.lines(log, "more calls were refused").isEmpty, "nothing more until the interval passes")

            clock.advance(seconds: 60)
            let summary = Self.lines(log, "more calls were refused for the same cause")
            #expect(summary.count == 1)
            #expect(summary.first.map { $0.hasPrefix("error") && $0.contains("class=storageFull") && $0.contains("refused=5") } == true)

            // Space returns. Nothing has been written since health last looked, so it probes the store.
            try await store.setMaximumPageCount(1_000_000)
            #expect(try await client.checkHealth() == .notServing, "the calls' last write failed, and health has not looked since")
            #expect(try await client.checkHealth() == .serving, "a probe write finds room again")
            let registered = try await client.submit(submission: Self.large("空间恢复后登记"))
            #expect(registered.created)
            await daemon.daemon.notifications.waitUntilHandled(through: try await store.latestSequence())

            clock.advance(seconds: 60)
            #expect(Self.lines(log, "more calls were refused").count == 1, "an interval without refusals logs nothing")
            try await store.setMaximumPageCount(1)
            _ = await refusal { _ = try await client.submit(submission: Self.large("又满了")) }
            #expect(Self.lines(log, "the store refused a call").count == 2, "after a quiet interval the next refusal is logged at once")
        }
    }

    @Test("health probes an idle store at most once per interval, and not at all while calls write")
    func probeCadence() async throws {
        let store = try Self.sqliteStore()
        let clock = ManualClock(CouncilFixtures.monday)
        try await TestDaemon.with(store: store, clock: clock) { daemon in
            let client = daemon.client("hall-staff")
            defer { Task { await client.close() } }
            await daemon.daemon.notifications.waitUntilHandled(through: 0)  // the courier has stored its cursor
            #expect(try await client.checkHealth() == .serving)
            let probed = store.lastWrite.count
            for _ in 0..<5 { #expect(try await client.checkHealth() == .serving) }
            #expect(store.lastWrite.count == probed, "no probe within the interval")

            _ = try await client.submit(submission: Self.large("写入中"))
            await daemon.daemon.notifications.waitUntilHandled(through: try await store.latestSequence())
            clock.advance(seconds: 11)
            let written = store.lastWrite.count
            #expect(try await client.checkHealth() == .serving)
            #expect(store.lastWrite.count == written, "the call's write answered: no probe")

            clock.advance(seconds: 11)
            #expect(try await client.checkHealth() == .serving)
            #expect(store.lastWrite.count == written + 1, "nothing written since the last look, the interval passed: one probe")
        }
    }
}

@Suite("the refusal log")
struct RefusalLogTests {
    @Test("a class of refusals is one error line, then a count once per interval; each class apart")
    func refusalLog() {
        let clock = ManualClock(CouncilFixtures.monday)
        let log = LogCapture()
        let refusals = RefusalLog(interval: .seconds(60), clock: clock, logger: log.logger())
        let call = log.logger(label: "call")
        for _ in 0..<10 { refusals.refused("storageFull", "the store refused a call", logger: call, metadata: ["method": "submit"]) }
        refusals.refused("storageUnavailable", "the store refused a call", logger: call)
        #expect(log.lines.count == 2)
        #expect(log.lines.allSatisfy { $0.hasPrefix("error the store refused a call") })
        #expect(refusals.pending("storageFull") == 9)

        clock.advance(seconds: 59)
        #expect(log.lines.count == 2, "nothing before the interval passes")
        clock.advance(seconds: 1)
        #expect(log.lines.count == 3, "the class without more refusals says nothing")
        #expect(log.lines[2].contains("class=storageFull") && log.lines[2].contains("refused=9") && log.lines[2].contains("seconds=60"))
        #expect(refusals.pending("storageUnavailable") == nil, "a quiet interval closes its class")

        refusals.refused("storageFull", "the store refused a call", logger: call)
        #expect(log.lines.count == 3, "still counted: the class's interval started again")
        clock.advance(seconds: 60)
        #expect(log.lines.last?.contains("refused=1") == true)
        clock.advance(seconds: 60)
        #expect(refusals.pending("storageFull") == nil)
        refusals.refused("storageFull", "the store refused a call", logger: call)
        #expect(log.lines.count == 5 && log.lines[4].hasPrefix("error the store refused a call"), "logged at once again")
    }
}
