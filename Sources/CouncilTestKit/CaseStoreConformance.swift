import CouncilKit
import Testing

/// Opens the stores the conformance suite runs against.
public protocol CaseStoreFixture: Sendable {
    /// A new, empty store.
    func makeStore() async throws -> any CaseStore
    /// Closes `store` and opens its data again, as a restarted process would; `nil` for stores that keep nothing
    /// beyond the process.
    func reopen(_ store: any CaseStore) async throws -> (any CaseStore)?
}

/// The contract every ``CaseStore`` must meet, as a list of checks to run against a fixture.
///
/// ```swift
/// @Test(arguments: CaseStoreConformance.checks)
/// func conformance(_ check: CaseStoreConformance.Check) async throws {
///     try await check.run(MyStoreFixture())
/// }
/// ```
public enum CaseStoreConformance {
    /// One guarantee, checked.
    public struct Check: Sendable, CustomTestStringConvertible, CustomStringConvertible {
        /// What it checks.
        public let name: String
        let body: @Sendable (any CaseStoreFixture) async throws -> Void

        /// Runs the check against a fresh store from `fixture`.
        public func run(_ fixture: any CaseStoreFixture) async throws {
            try await body(fixture)
        }

        public var testDescription: String { name }
        public var description: String { name }
    }

    /// Every check.
    public static let checks: [Check] = [
        Check(name: "numbers cases per community and day, and sequences events from 1", body: numbering),
        Check(name: "reads a case back equal by id, number and external reference", body: roundTrip),
        Check(name: "refuses a stale version and writes nothing", body: staleVersion),
        Check(name: "lets exactly one of many racing writers win", body: racingWriters),
        Check(name: "retries racing service operations without losing one", body: racingOperations),
        Check(name: "keeps one case per external reference under concurrent submits", body: concurrentIntake),
        Check(name: "numbers events gap-free in commit order under concurrent writers", body: gapFreeSequences),
        Check(name: "serves the changes feed after any sequence number", body: changesFeed),
        Check(name: "gives every event its case's number, written or read back", body: eventNumbers),
        Check(name: "filters find results exactly as the query defines", body: findFilters),
        Check(name: "pages find results in a stable order without repeats", body: pagination),
        Check(name: "searches Chinese text, two-character words included", body: textSearch),
        Check(name: "lists overdue cases by their running clock", body: overdue),
        Check(name: "takes a case around the whole loop, with rework and a failed verification", body: wholeLoop),
        Check(name: "keeps everything across a reopen", body: reopen),
        Check(name: "fails cleanly once closed", body: closedStore),
        Check(name: "counts its writes, keeps the last one's storage failure, and probes without adding rows", body: writeHealth),
    ] + recordChecks + notificationChecks

    // MARK: Checks

    static func numbering(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let clock = ManualClock(CouncilFixtures.monday)
        let service = try CouncilFixtures.service(on: store, clock: clock)
        var numbers: [String] = []
        for title in ["一", "二", "三"] {
            numbers.append(try await service.submit(CouncilFixtures.walkIn("问题\(title)"), by: CouncilFixtures.staff).case.number.description)
        }
        numbers.append(try await service.submit(CouncilFixtures.walkIn(community: "QX02"), by: CouncilFixtures.staff).case.number.description)
        clock.advance(days: 1)
        numbers.append(try await service.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff).case.number.description)
        #expect(numbers == ["QX01-20261130-0001", "QX01-20261130-0002", "QX01-20261130-0003", "QX02-20261130-0001", "QX01-20261201-0001"])
        let events = try await store.events(after: 0, limit: 100)
        #expect(events.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(try await store.latestSequence() == 5)
        try await store.close()
    }

    static func roundTrip(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let service = try CouncilFixtures.service(on: store)
        var submission = CouncilFixtures.gridReport("GR-RT-1")
        submission.submitter = PersonalData(name: "李四", phone: "13900001111", address: "示例地址", idNumber: "130703199001011234")
        submission.requestedDue = CouncilFixtures.monday.adding(hours: 24 * 20)
        submission.priority = .urgent
        let created = try await service.submit(submission, by: CouncilFixtures.gridPlatform).case
        let accepted = try await service.accept(created.id, category: "safety", note: "受理", by: CouncilFixtures.staff)

        #expect(try await store.fetch(created.id) == accepted)
        #expect(try await store.fetch(number: created.number) == accepted)
        #expect(try await store.fetch(externalReference: submission.externalReference!) == accepted)
        #expect(try await store.fetch(CaseID()) == nil)
        #expect(try await store.fetch(number: CaseNumber(prefix: "QX99-20261130", serial: 1)) == nil)
        #expect(try await store.fetch(externalReference: ExternalReference(system: "grid-platform", reference: "none")) == nil)

        let history = try await store.history(of: created.id)
        #expect(history.map(\.version) == [1, 2])
        #expect(history.map(\.principal) == [CouncilFixtures.gridPlatform, CouncilFixtures.staff])
        #expect(history.map(\.change.operation) == [.submit, .accept])
        #expect(try CouncilCase.replaying(history, number: created.number) == accepted)
        #expect(try await store.history(of: CaseID()).isEmpty)
        try await store.close()
    }

    static func staleVersion(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let service = try CouncilFixtures.service(on: store)
        let c = try await service.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff).case
        _ = try await service.accept(c.id, by: CouncilFixtures.staff)
        let sequenceBefore = try await store.latestSequence()

        // A decision based on version 1, made after the case moved to version 2.
        let stale = c.applying(.declined(reason: "过期的判断"), at: CouncilFixtures.monday)
        let event = PendingEvent(caseID: c.id, version: 2, occurredAt: CouncilFixtures.monday, principal: CouncilFixtures.staff, change: .declined(reason: "过期的判断"))
        let error = await #expect(throws: CouncilError.self) {
            try await store.append(CaseUpdate(caseID: c.id, expectedVersion: 1, events: [event], state: stale))
        }
        #expect(error?.code == .versionConflict)
        #expect(try await store.latestSequence() == sequenceBefore)
        #expect(try await store.fetch(c.id)?.status == .accepted)
        #expect(try await store.history(of: c.id).count == 2)

        let unknown = await #expect(throws: CouncilError.self) {
            try await store.append(CaseUpdate(caseID: CaseID(), expectedVersion: 1, events: [], state: stale))
        }
        #expect(unknown?.code == .notFound)

        let viaService = await #expect(throws: CouncilError.self) {
            try await service.decline(c.id, reason: "过期的判断", by: CouncilFixtures.staff, expectedVersion: 1)
        }
        #expect(viaService?.code == .versionConflict)
        try await store.close()
    }

    static func racingWriters(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let service = try CouncilFixtures.service(on: store)
        let c = try await service.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff).case
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<16 {
                group.addTask {
                    let change = CaseChange.declined(reason: "理由\(i)")
                    let event = PendingEvent(caseID: c.id, version: 2, occurredAt: CouncilFixtures.monday, principal: CouncilFixtures.staff, change: change)
                    do {
                        _ = try await store.append(CaseUpdate(caseID: c.id, expectedVersion: 1, events: [event], state: c.applying(change, at: CouncilFixtures.monday)))
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        let history = try await store.history(of: c.id)
        #expect(history.map(\.version) == [1, 2])
        let stored = try #require(try await store.fetch(c.id))
        #expect(stored.version == 2)
        #expect(stored == (try CouncilCase.replaying(history, number: c.number)))
        try await store.close()
    }

    static func racingOperations(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let clock = ManualClock(CouncilFixtures.monday)
        let service = try CouncilFixtures.service(on: store, clock: clock)
        let c = try await LoopDriver(service: service, clock: clock).case(in: .inProgress)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<12 {
                group.addTask { _ = try await service.addProgress(c.id, note: "进展\(i)", by: CouncilFixtures.unitUser) }
            }
            try await group.waitForAll()
        }
        let history = try await store.history(of: c.id)
        #expect(history.count == c.version + 12)
        #expect(history.map(\.version) == Array(1...(c.version + 12)))
        #expect(try await store.fetch(c.id)?.version == c.version + 12)
        try await store.close()
    }

    static func concurrentIntake(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let service = try CouncilFixtures.service(on: store)
        let submission = CouncilFixtures.gridReport("GR-IDEM-1")
        let results = try await withThrowingTaskGroup(of: CaseService.SubmitResult.self) { group in
            for _ in 0..<12 { group.addTask { try await service.submit(submission, by: CouncilFixtures.gridPlatform) } }
            return try await group.reduce(into: [CaseService.SubmitResult]()) { $0.append($1) }
        }
        #expect(Set(results.map(\.case.id)).count == 1)
        #expect(results.filter(\.created).count == 1)
        #expect(try await store.events(after: 0, limit: 100).count == 1)

        var changed = submission
        changed.description = "另一个内容"
        let conflict = await #expect(throws: CouncilError.self) {
            try await service.submit(changed, by: CouncilFixtures.gridPlatform)
        }
        #expect(conflict?.code == .externalReferenceConflict)
        #expect(conflict?.field == "submission.externalReference")
        #expect(try await store.events(after: 0, limit: 100).count == 1)

        // The same reference from another system is another case.
        var other = submission
        other.externalReference = ExternalReference(system: "petition-office", reference: "GR-IDEM-1")
        #expect(try await service.submit(other, by: CouncilFixtures.petitionOffice).created)
        try await store.close()
    }

    static func gapFreeSequences(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let service = try CouncilFixtures.service(on: store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<8 {
                group.addTask {
                    let c = try await service.submit(CouncilFixtures.walkIn("问题\(i)"), by: CouncilFixtures.staff).case
                    _ = try await service.accept(c.id, by: CouncilFixtures.staff)
                    _ = try await service.dispatch(c.id, to: "UM", by: CouncilFixtures.staff)
                    for j in 0..<3 { _ = try await service.addProgress(c.id, note: "进展\(j)", by: CouncilFixtures.unitUser) }
                }
            }
            try await group.waitForAll()
        }
        let events = try await store.events(after: 0, limit: 1000)
        #expect(events.map(\.sequence) == Array(1...Int64(8 * 6)))
        for (_, perCase) in Dictionary(grouping: events, by: \.caseID) {
            #expect(perCase.map(\.version) == Array(1...6), "each case's events are in version order in the feed")
        }
        try await store.close()
    }

    static func changesFeed(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let service = try CouncilFixtures.service(on: store)
        #expect(try await store.events(after: 0, limit: 10).isEmpty)
        #expect(try await store.latestSequence() == 0)
        for i in 0..<5 { _ = try await service.submit(CouncilFixtures.walkIn("问题\(i)"), by: CouncilFixtures.staff) }
        #expect(try await store.events(after: 0, limit: 2).map(\.sequence) == [1, 2])
        #expect(try await store.events(after: 2, limit: 2).map(\.sequence) == [3, 4])
        #expect(try await store.events(after: 4, limit: 2).map(\.sequence) == [5])
        #expect(try await store.events(after: 5, limit: 2).isEmpty)
        #expect(try await store.events(after: 99, limit: 2).isEmpty)
        #expect(try await store.events(after: 0, limit: 0).isEmpty)
        let feed = try await service.changes(after: 3)
        #expect(feed.map(\.sequence) == [4, 5])
        #expect(feed.allSatisfy { $0.change.operation == .submit })
        try await store.close()
    }

    static func eventNumbers(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let service = try CouncilFixtures.service(on: store)
        let first = try await service.submit(CouncilFixtures.walkIn("楼道灯不亮"), by: CouncilFixtures.staff).case
        let second = try await service.submit(CouncilFixtures.walkIn("路面破损"), by: CouncilFixtures.staff).case
        #expect(first.number != second.number)
        let accepted = try await service.accept(first.id, by: CouncilFixtures.staff)
        let decline = CaseChange.declined(reason: "不属于受理范围")
        let event = PendingEvent(caseID: second.id, version: 2, occurredAt: CouncilFixtures.monday, principal: CouncilFixtures.staff, change: decline)
        let written: [CaseEvent] = try await store.append(CaseUpdate(
            caseID: second.id, expectedVersion: 1, events: [event], state: second.applying(decline, at: CouncilFixtures.monday)))
        #expect(written.map(\.caseNumber) == [second.number], "append returns the events with the case's number")
        let history = try await store.history(of: first.id)
        #expect(history.count == accepted.version && history.allSatisfy { $0.caseNumber == first.number })
        let feed = try await store.events(after: 0, limit: 10)
        #expect(feed.map(\.caseNumber) == [first.number, second.number, first.number, second.number])
        try await store.close()
    }

    static func findFilters(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let clock = ManualClock(CouncilFixtures.monday)
        let service = try CouncilFixtures.service(on: store, clock: clock)
        let staff = CouncilFixtures.staff
        var all: [CaseID] = []
        for (i, community) in ["QX01", "QX01", "QX02", "QX03", "QX01", "QX02"].enumerated() {
            let category = ["environment", "parking", "noise"][i % 3]
            let c = try await service.submit(CouncilFixtures.walkIn("问题\(i)", community: community, category: category), by: staff).case
            all.append(c.id)
            clock.advance(hours: 1)
        }
        let grid = try await service.submit(CouncilFixtures.gridReport("GR-F-1"), by: CouncilFixtures.gridPlatform).case
        all.append(grid.id)
        _ = try await service.accept(all[0], by: staff)
        _ = try await service.dispatch(all[0], to: "UM", by: staff)
        _ = try await service.accept(all[1], by: staff)
        _ = try await service.dispatch(all[1], to: "PC01", by: staff)
        _ = try await service.decline(all[2], reason: "重复反映", by: staff)
        _ = try await service.merge(all[4], into: all[0], by: staff)
        _ = try await service.accept(all[5], by: staff)
        _ = try await service.scheduleDeliberation(all[5], by: staff)

        var everything: [CouncilCase] = []
        for id in all { everything.append(try #require(try await store.fetch(id))) }
        let midpoint = CouncilFixtures.monday.adding(hours: 3)
        let queries: [CaseQuery] = [
            CaseQuery(),
            CaseQuery(community: "QX01"),
            CaseQuery(statuses: [.dispatched]),
            CaseQuery(statuses: [.submitted, .declined]),
            CaseQuery(step: .classifyAndDispose),
            CaseQuery(community: "QX01", statuses: [.dispatched]),
            CaseQuery(category: "parking"),
            CaseQuery(source: .gridPlatform),
            CaseQuery(unit: "PC01"),
            CaseQuery(createdFrom: midpoint),
            CaseQuery(createdBefore: midpoint),
            CaseQuery(master: all[0]),
            CaseQuery(statuses: [.accepted], step: .deliberate),
            CaseQuery(community: "QX99"),
        ]
        for query in queries {
            let expected = everything.filter(query.admits).map(\.id)
            let found = try await store.find(query).cases.map(\.id)
            #expect(Set(found) == Set(expected), "query \(query)")
            #expect(found.count == expected.count)
        }
        try await store.close()
    }

    static func pagination(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let clock = ManualClock(CouncilFixtures.monday)
        let service = try CouncilFixtures.service(on: store, clock: clock)
        var created: [CaseID] = []
        for i in 0..<25 {
            created.append(try await service.submit(CouncilFixtures.walkIn("问题\(i)"), by: CouncilFixtures.staff).case.id)
            if i % 5 != 0 { clock.advance(seconds: 60) }  // some share a registration time: the id breaks ties
        }

        var late: CaseID?
        for order in [CaseQuery.Order.newestFirst, .oldestFirst] {
            var seen: [CouncilCase] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await store.find(CaseQuery(order: order, limit: 10, cursor: cursor))
                seen += page.cases
                cursor = page.nextCursor
                pages += 1
                if pages == 1, order == .newestFirst {
                    // Registering more cases mid-listing never shifts a newest-first listing.
                    clock.advance(seconds: 60)
                    late = try await service.submit(CouncilFixtures.walkIn("新问题"), by: CouncilFixtures.staff).case.id
                }
            } while cursor != nil && pages < 10
            let ids = seen.map(\.id)
            let expected = order == .newestFirst ? created : created + [late].compactMap { $0 }
            #expect(pages == 3, "\(order): 10 + 10 + the rest")
            #expect(Set(ids) == Set(expected), "\(order)")
            #expect(ids.count == expected.count, "\(order): no case twice")
            let keys = seen.map { ($0.createdAt, $0.id) }
            let ordered = zip(keys, keys.dropFirst()).allSatisfy { order == .newestFirst ? $0 > $1 : $0 < $1 }
            #expect(ordered, "\(order): strictly ordered by registration time, then id")
        }

        let exact = try await store.find(CaseQuery(community: "QX01", limit: 26))
        #expect(exact.cases.count == 26)
        #expect(exact.nextCursor == nil, "a page that holds the rest has no next cursor")

        let badCursor = await #expect(throws: CouncilError.self) { try await store.find(CaseQuery(cursor: "not-a-cursor")) }
        #expect(badCursor?.code == .invalidArgument)
        #expect(badCursor?.field == "query.cursor")
        let badLimit = await #expect(throws: CouncilError.self) { try await store.find(CaseQuery(limit: 0)) }
        #expect(badLimit?.field == "query.limit")
        try await store.close()
    }

    static func textSearch(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let service = try CouncilFixtures.service(on: store)
        let staff = CouncilFixtures.staff
        let rubbish = try await service.submit(CouncilFixtures.walkIn("小区垃圾清运不及时", description: "垃圾站满了"), by: staff).case
        let parking = try await service.submit(CouncilFixtures.walkIn("楼下停车难", description: "晚上车位不够，外来车辆占用消防通道。"), by: staff).case
        let noise = try await service.submit(CouncilFixtures.walkIn("夜间施工噪音扰民", description: "工地晚上十点后仍在施工 WiFi 信号也受干扰"), by: staff).case
        let property = try await service.submit(CouncilFixtures.walkIn("物业费收费标准不透明", description: "业主要求公示收费明细"), by: staff).case

        func search(_ text: String) async throws -> Set<CaseID> {
            Set(try await store.find(CaseQuery(text: text)).cases.map(\.id))
        }
        #expect(try await search("垃圾") == [rubbish.id])
        #expect(try await search("停车") == [parking.id])
        #expect(try await search("噪音") == [noise.id])
        #expect(try await search("物业") == [property.id])
        #expect(try await search("垃圾清运") == [rubbish.id])
        #expect(try await search("清运垃圾").isEmpty, "characters out of order do not match")
        #expect(try await search("消防通道") == [parking.id], "the description is searched")
        #expect(try await search("wifi") == [noise.id], "Latin words match case-insensitively")
        #expect(try await search("噪") == [noise.id], "one Chinese character matches as a substring")
        #expect(try await search("晚上") == [parking.id, noise.id])
        #expect(try await search("张三").isEmpty, "personal data is not searchable")
        #expect(try await search("供暖").isEmpty)
        // Normal form: a compatibility ideograph (U+F900) and an accent written separately match their usual forms.
        let compatibility = try await service.submit(CouncilFixtures.walkIn("\u{F900}字路口积水", description: "cafe\u{301}门前"), by: staff).case
        #expect(try await search("\u{8C48}字") == [compatibility.id])
        #expect(try await search("café") == [compatibility.id])
        let combined = try await store.find(CaseQuery(statuses: [.accepted], text: "垃圾"))
        #expect(combined.cases.isEmpty, "text combines with the other filters")
        try await store.close()
    }

    static func overdue(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let clock = ManualClock(CouncilFixtures.monday)
        let service = try CouncilFixtures.service(on: store, clock: clock)
        let waiting = try await service.submit(CouncilFixtures.walkIn("等待受理"), by: CouncilFixtures.staff).case
        let handled = try await service.submit(CouncilFixtures.walkIn("已受理"), by: CouncilFixtures.staff).case
        _ = try await service.accept(handled.id, by: CouncilFixtures.staff)
        let declined = try await service.submit(CouncilFixtures.walkIn("不予受理"), by: CouncilFixtures.staff).case
        _ = try await service.decline(declined.id, reason: "不属于受理范围", by: CouncilFixtures.staff)

        #expect(try await service.overdue().cases.isEmpty)
        clock.advance(days: 2)  // Wednesday: the one-working-day response limit (end of Tuesday) has passed
        #expect(try await service.overdue().cases.map(\.id) == [waiting.id])
        let stored = try #require(try await store.fetch(waiting.id))
        #expect(service.deadlineState(of: stored) == .overdue)
        clock.advance(days: 30)
        #expect(Set(try await service.overdue().cases.map(\.id)) == [waiting.id, handled.id])
        try await store.close()
    }

    static func wholeLoop(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let clock = ManualClock(CouncilFixtures.monday)
        let service = try CouncilFixtures.service(on: store, clock: clock)
        let staff = CouncilFixtures.staff, grid = CouncilFixtures.gridPlatform, unit = CouncilFixtures.unitUser

        var c = try await service.submit(CouncilFixtures.gridReport("GR-LOOP-1"), by: grid).case
        #expect(c.community == "QX01" && c.requiresVerification)
        c = try await service.accept(c.id, by: staff)
        c = try await service.scheduleDeliberation(c.id, meeting: "M-2026-48", by: staff)
        c = try await service.recordDeliberationOutcome(
            c.id,
            DeliberationRecord(
                meeting: "M-2026-48", summary: "居民代表与城管局问答辩",
                outcome: .resolution(MeetingResolution(decision: "城管局三日内补装井盖", responsibleUnit: "UM", deadline: clock.now().adding(hours: 72), vote: Vote(inFavour: 9, against: 0, abstaining: 1)))),
            by: staff)
        #expect(c.status == .inProgress && c.responsibleUnit == "UM" && c.meetings == ["M-2026-48"])
        c = try await service.requestExtension(c.id, ExtensionRequest(length: 1, reason: "井盖需定制"), by: unit)
        c = try await service.approveExtension(c.id, approver: "L01", messageToSubmitter: "井盖定制需一个工作日", by: staff)
        #expect(c.extensionCount == 1)
        c = try await service.resolve(c.id, HandlingResult(summary: "已补装井盖"), by: unit)
        c = try await service.recordFeedback(c.id, Feedback(channel: .sourceSystem, message: "已回复网格平台"), by: staff)
        c = try await service.evaluate(c.id, Evaluation(rating: .dissatisfied, solved: false, comment: "井盖不平"), by: staff)
        c = try await service.rework(c.id, reason: "井盖安装不平", by: staff)
        #expect(c.status == .reopened && c.reworkCount == 1)
        c = try await service.resolve(c.id, HandlingResult(summary: "重新安装"), by: unit)
        let failed = try await service.verify(c.id, Verification(passed: false, note: "仍有松动"), by: grid)
        #expect(failed.status == .reopened && failed.reworkCount == 2)
        c = try await service.addProgress(c.id, note: "更换井座", by: unit)
        c = try await service.resolve(c.id, HandlingResult(summary: "更换井座后安装牢固"), by: unit)
        c = try await service.verify(c.id, Verification(passed: true, note: "现场核查合格"), by: grid)
        c = try await service.recordFeedback(c.id, Feedback(channel: .sourceSystem, message: "核查通过"), by: staff)
        c = try await service.evaluate(c.id, Evaluation(rating: .satisfied, solved: true), by: staff)
        c = try await service.close(c.id, note: "结案", by: staff)
        #expect(c.status == .closed)

        let history = try await store.history(of: c.id)
        #expect(history.map(\.change.operation) == [
            .submit, .accept, .scheduleDeliberation, .recordDeliberationOutcome, .requestExtension, .approveExtension,
            .resolve, .recordFeedback, .evaluate, .rework, .resolve, .verify, .addProgress, .resolve, .verify,
            .recordFeedback, .evaluate, .close,
        ])
        #expect(try await store.fetch(c.id) == c)
        #expect(try CouncilCase.replaying(history, number: c.number) == c, "the stored state is the one the events derive")
        try await store.close()
    }

    static func reopen(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let clock = ManualClock(CouncilFixtures.monday)
        let service = try CouncilFixtures.service(on: store, clock: clock)
        let driver = LoopDriver(service: service, clock: clock)
        let closed = try await driver.case(in: .closed)
        let open = try await service.submit(CouncilFixtures.gridReport("GR-REOPEN"), by: CouncilFixtures.gridPlatform).case
        let latest = try await store.latestSequence()
        let feed = try await store.events(after: 0, limit: 1000)
        let note = ConformanceNote(recordID: "kept", recordCommunity: "QX01", recordDate: CouncilFixtures.monday, text: "重开后仍在")
        try await store.save(note, expectedVersion: 0)

        guard let reopened = try await fixture.reopen(store) else { return }
        let again = try CouncilFixtures.service(on: reopened, clock: clock)
        #expect(try await reopened.fetch(closed.id) == closed)
        #expect(try await reopened.fetch(open.id) == open)
        #expect(try await reopened.events(after: 0, limit: 1000) == feed)
        #expect(try await reopened.latestSequence() == latest)
        #expect(try await reopened.fetch(ConformanceNote.self, id: "kept") == Versioned(record: note, version: 1))
        #expect(try await again.submit(CouncilFixtures.gridReport("GR-REOPEN"), by: CouncilFixtures.gridPlatform).created == false)
        let next = try await again.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff).case
        #expect(next.number.serial == 3, "serials continue after a reopen")
        #expect(try await reopened.latestSequence() == latest + 1)
        #expect(try await reopened.find(CaseQuery(text: "井盖")).cases.map(\.id) == [open.id])
        try await reopened.close()
    }

    static func closedStore(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let service = try CouncilFixtures.service(on: store)
        let c = try await service.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff).case
        try await store.close()
        let error = await #expect(throws: CouncilError.self) { try await store.fetch(c.id) }
        #expect(error?.code == .storageUnavailable)
    }

    static func writeHealth(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let service = try CouncilFixtures.service(on: store)
        #expect(store.lastWrite == WriteOutcome(), "a new store has written nothing")

        try await store.probeWrite()
        #expect(store.lastWrite == WriteOutcome(count: 1), "a probe is a write, and it succeeded")
        try await store.probeWrite()
        #expect(store.lastWrite == WriteOutcome(count: 2))
        #expect(try await store.latestSequence() == 0, "probes add no event")
        #expect(try await store.find(CaseQuery()).cases.isEmpty, "probes add no case")

        let c = try await service.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff).case
        let afterSubmit = store.lastWrite
        #expect(afterSubmit.count > 2 && afterSubmit.failure == nil, "calls' writes count")

        // A refusal of the domain shows the store working: it counts, and it is no storage failure.
        let stale = c.applying(.declined(reason: "过期"), at: CouncilFixtures.monday)
        let event = PendingEvent(caseID: c.id, version: 2, occurredAt: CouncilFixtures.monday, principal: CouncilFixtures.staff, change: .declined(reason: "过期"))
        await #expect(throws: CouncilError.self) {
            try await store.append(CaseUpdate(caseID: c.id, expectedVersion: 7, events: [event], state: stale))
        }
        #expect(store.lastWrite == WriteOutcome(count: afterSubmit.count + 1))

        try await store.close()
        let refused = await #expect(throws: CouncilError.self) { try await store.probeWrite() }
        #expect(refused?.code == .storageUnavailable)
        #expect(store.lastWrite.count == afterSubmit.count + 2)
        #expect(store.lastWrite.failure?.code == .storageUnavailable, "a closed store cannot write, and says so")
    }
}
