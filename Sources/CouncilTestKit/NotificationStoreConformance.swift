import CouncilKit
import Testing

extension CaseStoreConformance {
    static let notificationChecks: [Check] = [
        Check(name: "notifications: a cursor moves by version, and of racing couriers one wins", body: cursorVersions),
        Check(name: "notifications: dead letters are written, listed by community and replayed", body: deadLetters),
        Check(name: "notifications: a courier cancelled mid-run and restarted delivers every event, none skipped", body: courierRestart),
        Check(name: "notifications: two couriers on one store deliver everything and move the cursor once per step", body: twoCouriers),
    ]

    /// Routes every event through `audit` to one fixed system, so event n gives exactly one notification.
    static func auditRouter(_ directory: Directory) -> NotificationRouter {
        NotificationRouter(
            routing: NotificationRouting(rules: [.init(name: "audit", recipients: [.system("audit")], channel: "audit")]),
            directory: directory)
    }

    /// Registers `count` cases and takes each a few steps, interleaved: 4 events per case.
    static func busyCases(_ service: CaseService, count: Int) async throws -> [CouncilCase] {
        var cases: [CouncilCase] = []
        for i in 0..<count {
            cases.append(try await service.submit(CouncilFixtures.walkIn("问题\(i)"), by: CouncilFixtures.staff).case)
        }
        for c in cases { _ = try await service.accept(c.id, by: CouncilFixtures.staff) }
        for c in cases { _ = try await service.dispatch(c.id, to: "UM", by: CouncilFixtures.staff) }
        for c in cases { _ = try await service.addProgress(c.id, note: "已安排", by: CouncilFixtures.unitUser) }
        return cases
    }

    static func cursorVersions(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let t = CouncilFixtures.monday
        #expect(try await store.fetch(NotificationCursor.self, id: "webhook") == nil)
        #expect(try await store.save(NotificationCursor(channel: "webhook", sequence: 0, updatedAt: t), expectedVersion: 0) == 1)
        #expect(try await store.save(NotificationCursor(channel: "webhook", sequence: 5, updatedAt: t), expectedVersion: 1) == 2)
        let stale = await #expect(throws: CouncilError.self) {
            try await store.save(NotificationCursor(channel: "webhook", sequence: 3, updatedAt: t), expectedVersion: 1)
        }
        #expect(stale?.code == .versionConflict)
        let wins = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<10 {
                group.addTask {
                    let cursor = NotificationCursor(channel: "webhook", sequence: 6 + Int64(i), updatedAt: t)
                    return (try? await store.save(cursor, expectedVersion: 2)) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1, "two couriers never both move the cursor from one version")
        let stored = try #require(try await store.fetch(NotificationCursor.self, id: "webhook"))
        #expect(stored.version == 3 && (6...15).contains(stored.record.sequence))
        #expect(try await store.fetch(NotificationCursor.self, id: "sms") == nil, "one cursor per channel")
        try await store.close()
    }

    static func deadLetters(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let clock = ManualClock(CouncilFixtures.monday)
        let service = try CouncilFixtures.service(on: store, clock: clock)
        let first = try await service.submit(CouncilFixtures.walkIn("一", community: "QX01"), by: CouncilFixtures.staff).case
        let second = try await service.submit(CouncilFixtures.walkIn("二", community: "QX02"), by: CouncilFixtures.staff).case
        let refusing = RecordingNotifier { _, _ in throw NotificationError.permanent("HTTP 410") }
        var configuration = NotificationCourier.Configuration()
        configuration.jitter = 0
        let courier = try NotificationCourier(
            store: store, router: auditRouter(try CouncilFixtures.directory()), notifiers: ["audit": refusing],
            configuration: configuration, clock: clock, logger: LogCapture().logger())
        let running = Task { try await courier.run() }
        await courier.waitUntilHandled(through: 2)

        let letters = try await courier.deadLetters()
        #expect(letters.map(\.sequence) == [1, 2])
        #expect(letters.map(\.caseID) == [first.id, second.id])
        #expect(letters.allSatisfy { $0.permanent && $0.attempts == 1 && $0.state == .pending && $0.lastError == "permanent: HTTP 410" })
        #expect(try await courier.deadLetters(community: "QX02").map(\.caseID) == [second.id])
        #expect(try await courier.cursor(of: "audit") == 2, "a dead-lettered notification does not hold the cursor back")

        refusing.behave { _, _ in }
        let replayed = try await courier.replay(letters[0].id)
        #expect(replayed.state == .replayed && replayed.attempts == 2)
        #expect(refusing.deliveries.map(\.id) == [letters[0].id], "the replay carries the same id")
        let discarded = try await courier.discard(letters[1].id, note: "接收方已停用")
        #expect(discarded.state == .discarded)
        #expect(try await courier.deadLetters().isEmpty)
        #expect(try await courier.deadLetters(states: [.replayed, .discarded]).count == 2)
        let again = await #expect(throws: CouncilError.self) { try await courier.replay(letters[0].id) }
        #expect(again?.code == .failedPrecondition)
        running.cancel()
        try await running.value
        try await store.close()
    }

    static func courierRestart(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let clock = ManualClock(CouncilFixtures.monday)
        let service = try CouncilFixtures.service(on: store, clock: clock)
        _ = try await busyCases(service, count: 5)
        let latest = try await store.latestSequence()
        try #require(latest == 20)
        let directory = try CouncilFixtures.directory()
        var configuration = NotificationCourier.Configuration()
        configuration.batchSize = 3

        // The first run delivers six notifications, then hangs in the seventh until it is cancelled.
        let (seventh, started) = AsyncStream.makeStream(of: Void.self)
        let first = RecordingNotifier { _, deliveredBefore in
            guard deliveredBefore == 6 else { return }
            started.yield()
            try await clock.sleep(for: .seconds(86_400 * 365))  // until cancelled: nobody advances the clock
        }
        let courier = try NotificationCourier(
            store: store, router: auditRouter(directory), notifiers: ["audit": first], configuration: configuration,
            clock: clock, logger: LogCapture().logger())
        let running = Task { try await courier.run() }
        for await _ in seventh { break }
        running.cancel()
        try await running.value
        #expect(first.deliveries.map(\.event.sequence) == Array(1...6))
        #expect(try await store.fetch(NotificationCursor.self, id: "audit")?.record.sequence == 6)

        // A restart, on the data as a new process would find it.
        let reopened = try await fixture.reopen(store) ?? store
        let second = RecordingNotifier()
        let restarted = try NotificationCourier(
            store: reopened, router: auditRouter(directory), notifiers: ["audit": second], configuration: configuration,
            clock: clock, logger: LogCapture().logger())
        let resumed = Task { try await restarted.run() }
        await restarted.waitUntilHandled(through: latest)
        resumed.cancel()
        try await resumed.value

        let delivered = first.deliveries.map(\.event.sequence) + second.deliveries.map(\.event.sequence)
        #expect(Set(delivered) == Set(1...latest), "every event delivered, none skipped")
        #expect(second.deliveries.first?.event.sequence == 7, "the restart begins after the last delivered event")
        for (_, perCase) in Dictionary(grouping: second.deliveries.map(\.event), by: \.caseID) {
            #expect(perCase.map(\.version) == perCase.map(\.version).sorted(), "order kept per case")
        }
        #expect(try await reopened.fetch(NotificationCursor.self, id: "audit")?.record.sequence == latest)
        try await reopened.close()
    }

    static func twoCouriers(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let clock = ManualClock(CouncilFixtures.monday)
        let service = try CouncilFixtures.service(on: store, clock: clock)
        _ = try await busyCases(service, count: 6)
        let latest = try await store.latestSequence()
        let directory = try CouncilFixtures.directory()
        var configuration = NotificationCourier.Configuration()
        configuration.batchSize = 4
        let notifiers = [RecordingNotifier(), RecordingNotifier()]
        let couriers = try notifiers.map {
            try NotificationCourier(
                store: store, router: auditRouter(directory), notifiers: ["audit": $0], configuration: configuration,
                clock: clock, logger: LogCapture().logger())
        }
        let tasks = couriers.map { courier in Task { try await courier.run() } }
        for courier in couriers { await courier.waitUntilHandled(through: latest) }
        for task in tasks { task.cancel() }
        for task in tasks { try await task.value }

        let delivered = notifiers.flatMap(\.deliveries).map(\.event.sequence)
        #expect(Set(delivered) == Set(1...latest), "every event delivered at least once")
        let cursor = try #require(try await store.fetch(NotificationCursor.self, id: "audit"))
        #expect(cursor.record.sequence == latest)
        #expect(cursor.version <= Int(latest), "no step moved the cursor twice")
        try await store.close()
    }
}
