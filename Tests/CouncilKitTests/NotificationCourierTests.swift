import CouncilKit
import CouncilTestKit
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing

@Suite("NotificationCourier", .timeLimit(.minutes(1)))
struct NotificationCourierTests {
    /// A courier over the harness's store with one channel, `all`, routed by `routing`.
    static func courier(
        _ h: Harness, _ notifier: any Notifier, routing: NotificationRouting = .standard(channel: "all"),
        configure: (inout NotificationCourier.Configuration) -> Void = { _ in }, logs: LogCapture = LogCapture()
    ) throws -> NotificationCourier {
        var configuration = NotificationCourier.Configuration()
        configuration.jitter = 0
        configure(&configuration)
        return try NotificationCourier(
            store: h.store,
            router: NotificationRouter(routing: routing, directory: h.service.directory, calendar: h.service.configuration.calendar),
            notifiers: ["all": notifier], configuration: configuration, clock: h.clock, logger: logs.logger())
    }

    @Test("delivers the loop's notifications in order and moves the cursor after them")
    func deliversInOrder() async throws {
        let h = try Harness()
        let recorder = RecordingNotifier()
        let courier = try Self.courier(h, recorder)
        let running = Task { try await courier.run() }
        let c = try await h.driver.case(in: .closed)
        let latest = try await h.store.latestSequence()
        await courier.waitUntilHandled(through: latest)
        running.cancel()
        try await running.value
        #expect(recorder.deliveries.map(\.topic) == ["submitted", "accepted", "dispatched", "feedbackRecorded", "closed"])
        #expect(recorder.deliveries.map(\.event.sequence) == recorder.deliveries.map(\.event.sequence).sorted())
        #expect(recorder.deliveries.allSatisfy { $0.caseNumber == c.number && $0.attempt == 1 })
        #expect(try await courier.cursor(of: "all") == latest)
    }

    @Test("retries with exponential backoff on the injected clock, then delivers")
    func retriesWithBackoff() async throws {
        let h = try Harness()
        _ = try await h.service.submit(CouncilFixtures.walkIn(), by: staff)
        let recorder = RecordingNotifier { notification, _ in
            if notification.attempt < 4 { throw NotificationError.retryable("HTTP 503") }
        }
        let logs = LogCapture()
        let courier = try Self.courier(h, recorder, logs: logs)
        let running = Task { try await courier.run() }
        let start = h.clock.now()
        var waits: [Int64] = []
        _ = await recorder.nextAttempts(1)
        for _ in 0..<3 {
            await h.clock.waitForSleepers(1)  // waiting out the backoff
            let wake = try #require(h.clock.nextWakeUp)
            waits.append((wake.millisecondsSince1970 - h.clock.now().millisecondsSince1970) / 1000)
            h.clock.set(wake)
            _ = await recorder.nextAttempts(1)
        }
        await courier.waitUntilHandled(through: 1)
        running.cancel()
        try await running.value
        #expect(waits == [1, 2, 4], "1 s, then 2 s, then 4 s")
        #expect(recorder.attempts.map(\.notification.attempt) == [1, 2, 3, 4])
        #expect(recorder.deliveries.count == 1)
        #expect(h.clock.now().millisecondsSince1970 - start.millisecondsSince1970 == 7000)
        #expect(try await courier.deadLetters().isEmpty)
        #expect(logs.lines.filter { $0.contains("will retry") }.count == 3)
        #expect(!logs.contains("张三") && !logs.contains("13812345678"))
    }

    @Test("backoff doubles up to the maximum and jitter only shortens it")
    func backoffSchedule() {
        var configuration = NotificationCourier.Configuration()
        configuration.initialBackoff = .seconds(2)
        configuration.maximumBackoff = .seconds(60)
        #expect((1...7).map { configuration.backoff(before: $0) } == [2, 4, 8, 16, 32, 60, 60].map { Duration.seconds($0) })
        #expect(configuration.backoff(before: 1000) == .seconds(60))
    }

    @Test("after the configured attempts a dead letter is written and the channel moves on")
    func deadLetterAfterAttempts() async throws {
        let h = try Harness()
        let c = try await h.service.submit(CouncilFixtures.walkIn(), by: staff).case
        _ = try await h.service.accept(c.id, by: staff)
        let recorder = RecordingNotifier { notification, _ in
            if notification.topic == "submitted" { throw NotificationError.retryable("connection refused") }
        }
        let courier = try Self.courier(h, recorder) { $0.maximumAttempts = 3 }
        let running = Task { try await courier.run() }
        for _ in 0..<2 {
            await h.clock.waitForSleepers(1)
            h.clock.advance(hours: 1)
        }
        await courier.waitUntilHandled(through: 2)
        running.cancel()
        try await running.value
        let letters = try await courier.deadLetters()
        #expect(letters.count == 1)
        let letter = try #require(letters.first)
        #expect(letter.topic == "submitted" && letter.attempts == 3 && !letter.permanent)
        #expect(letter.lastError == "retryable: connection refused")
        #expect(letter.recipientKind == .submitter && letter.recipientID == c.id.rawValue, "the recipient by id, not by name")
        #expect(recorder.deliveries.map(\.topic) == ["accepted"], "the next event is delivered after the dead letter")
    }

    @Test("a permanent failure is dead-lettered at once, and a replay delivers it with the same id")
    func permanentAndReplay() async throws {
        let h = try Harness()
        _ = try await h.service.submit(CouncilFixtures.walkIn(), by: staff)
        let recorder = RecordingNotifier { _, _ in throw NotificationError.permanent("HTTP 410") }
        let courier = try Self.courier(h, recorder)
        let running = Task { try await courier.run() }
        await courier.waitUntilHandled(through: 1)
        running.cancel()
        try await running.value
        #expect(recorder.attempts.count == 1, "no retry for a permanent failure")
        let letter = try #require(try await courier.deadLetters().first)
        #expect(letter.permanent)

        let failed = await #expect(throws: NotificationError.self) { try await courier.replay(letter.id) }
        #expect(failed?.isPermanent == true)
        #expect(try await courier.deadLetters().first?.attempts == 2, "a failed replay counts and keeps the letter")
        recorder.behave { _, _ in }
        let replayed = try await courier.replay(letter.id)
        #expect(replayed.state == .replayed && replayed.attempts == 3)
        let delivered = try #require(recorder.deliveries.first)
        #expect(delivered.id == letter.id && delivered.attempt == 3)
        #expect(delivered.message.hasPrefix("张三您好"), "rendered again from the event, for the submitter")
        let unknown = await #expect(throws: CouncilError.self) { try await courier.replay("all.99.unit.UM") }
        #expect(unknown?.code == .notFound)
    }

    @Test("hears a commit at once, without waiting for the poll interval")
    func hearsCommitsPromptly() async throws {
        let h = try Harness()
        let recorder = RecordingNotifier()
        let courier = try Self.courier(h, recorder) { $0.pollInterval = .seconds(86_400) }
        let running = Task { try await courier.run() }
        await h.clock.waitForTimers(dueBy: Local.mondayNine.adding(hours: 24))  // idle until the next poll
        _ = try await h.service.submit(CouncilFixtures.walkIn(), by: staff)
        await courier.waitUntilHandled(through: 1)
        _ = try await h.service.submit(CouncilFixtures.walkIn("又一个问题"), by: staff)
        await courier.waitUntilHandled(through: 2)
        #expect(recorder.deliveries.map(\.event.sequence) == [1, 2])
        #expect(h.clock.now() == Local.mondayNine, "no time had to pass")
        running.cancel()
        try await running.value
    }

    @Test("progress shows each channel's backlog while it is behind, and none once it has caught up")
    func progress() async throws {
        let h = try Harness()
        let recorder = RecordingNotifier()
        let courier = try Self.courier(h, recorder)
        _ = try await h.driver.case(in: .dispatched)
        let latest = try await h.store.latestSequence()
        #expect(try await courier.progress() == NotificationProgress(
            latestSequence: latest, channels: [ChannelProgress(channel: "all", handledThrough: 0, backlog: latest, pendingDeadLetters: 0)]))
        let running = Task { try await courier.run() }
        await courier.waitUntilHandled(through: latest)
        running.cancel()
        try await running.value
        #expect(try await courier.progress().channels == [ChannelProgress(channel: "all", handledThrough: latest, backlog: 0, pendingDeadLetters: 0)])
    }

    @Test("ends on graceful shutdown, and a new courier continues where it stopped")
    func gracefulShutdown() async throws {
        let h = try Harness()
        _ = try await h.service.submit(CouncilFixtures.walkIn(), by: staff)
        let recorder = RecordingNotifier()
        let courier = try Self.courier(h, recorder)
        try await testGracefulShutdown { trigger in
            let group = ServiceGroup(services: [courier], logger: Logger(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                await courier.waitUntilHandled(through: 1)
                trigger.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
        _ = try await h.service.submit(CouncilFixtures.walkIn("第二个问题"), by: staff)
        let next = try Self.courier(h, recorder)
        let running = Task { try await next.run() }
        await next.waitUntilHandled(through: 2)
        running.cancel()
        try await running.value
        #expect(recorder.deliveries.map(\.event.sequence) == [1, 2])
    }

    @Test("a backlog is told as it happened: each message names the result of its own moment")
    func backlogAsOfEachEvent() async throws {
        let h = try Harness()
        let s = h.service
        var c = try await h.driver.case(in: .inProgress)
        c = try await s.resolve(c.id, HandlingResult(summary: "第一次清运"), by: unitUser)
        c = try await s.recordFeedback(c.id, Feedback(channel: .phone, message: "已告知"), by: staff)
        c = try await s.evaluate(c.id, Evaluation(rating: .dissatisfied, solved: false), by: staff)
        c = try await s.rework(c.id, reason: "仍有异味", by: staff)
        c = try await s.resolve(c.id, HandlingResult(summary: "第二次清运并消毒"), by: unitUser)
        c = try await s.recordFeedback(c.id, Feedback(channel: .phone, message: "再次告知"), by: staff)
        let recorder = RecordingNotifier()
        let courier = try Self.courier(h, recorder)
        let running = Task { try await courier.run() }
        await courier.waitUntilHandled(through: try await h.store.latestSequence())
        running.cancel()
        try await running.value
        let feedback = recorder.deliveries.filter { $0.topic == "feedbackRecorded" }.map(\.message)
        #expect(feedback.count == 2)
        #expect(feedback.first?.contains("已办结：第一次清运。") == true)
        #expect(feedback.last?.contains("已办结：第二次清运并消毒。") == true)
    }

    @Test("a routing that names an unknown notifier is refused at start")
    func refusesBadRouting() throws {
        let h = try Harness()
        let routing = NotificationRouting(rules: [.init(recipients: [.submitter], channel: "sms")])
        let error = #expect(throws: CouncilError.self) { try Self.courier(h, RecordingNotifier(), routing: routing) }
        #expect(error?.field == "routing.rules[0].channel")
    }

    @Test("deadline alerts travel through the courier like every other change")
    func alertsAreNotified() async throws {
        let h = try Harness(calendar: WorkCalendar())
        let c = try await h.driver.case(in: .dispatched)
        var routing = NotificationRouting.standard(channel: "all")
        routing.linkedLeaders = ["QX01": "L01"]
        let recorder = RecordingNotifier()
        let courier = try Self.courier(h, recorder, routing: routing)
        let monitor = DeadlineMonitor(service: h.service, clock: h.clock, logger: LogCapture().logger())
        h.clock.set(try #require(c.handlingDue).adding(hours: 50))
        #expect(try await monitor.scan().map(\.alert.level) == [.supervision])
        let running = Task { try await courier.run() }
        await courier.waitUntilHandled(through: try await h.store.latestSequence())
        running.cancel()
        try await running.value
        let supervision = recorder.deliveries.filter { $0.topic == "deadlineAlert.supervision" }
        #expect(supervision.map(\.recipient.key) == ["unit:UM", "leader:L01"])
    }
    @Test("a supervision alert reaches the leader a recorded link (包联) ties to the community, before the configured one")
    func supervisionFollowsRecordedLinks() async throws {
        let h = try Harness(calendar: WorkCalendar())
        var routing = NotificationRouting.standard(channel: "all")
        routing.linkedLeaders = ["QX01": "L01"]
        let linkage = LinkageService(cases: h.service)
        let today = h.service.configuration.calendar.localDate(of: h.clock.now())
        let link = try await linkage.establish(.leaderCommunity, holder: "L02", target: "QX01", start: today)
        let recorder = RecordingNotifier()
        let courier = try Self.courier(h, recorder, routing: routing)
        let monitor = DeadlineMonitor(service: h.service, clock: h.clock, logger: LogCapture().logger())
        let first = try await h.driver.case(in: .dispatched)
        h.clock.set(try #require(first.handlingDue).adding(hours: 50))
        #expect(try await monitor.scan().map(\.alert.level) == [.supervision])
        let running = Task { try await courier.run() }
        await courier.waitUntilHandled(through: try await h.store.latestSequence())
        // The link ends; a later supervision alert falls back to the configured leader.
        _ = try await linkage.end(link.id, on: h.service.configuration.calendar.localDate(of: h.clock.now()).adding(days: -1))
        let second = try await h.driver.case(in: .dispatched)
        h.clock.set(try #require(second.handlingDue).adding(hours: 50))
        #expect(try await monitor.scan().map(\.alert.level) == [.supervision])
        await courier.waitUntilHandled(through: try await h.store.latestSequence())
        running.cancel()
        try await running.value
        let supervisions = recorder.deliveries.filter { $0.topic == "deadlineAlert.supervision" }
        #expect(supervisions.map { "\($0.caseNumber) \($0.recipient.key)" } == [
            "\(first.number) unit:UM", "\(first.number) leader:L02", "\(second.number) unit:UM", "\(second.number) leader:L01",
        ])
    }

    @Test("a directory replaced while the courier runs names the recipients of every later event")
    func followsTheRouterInForce() async throws {
        let h = try Harness()
        var seed = try DirectorySeed.qiaoxiDemo()
        let old = try #require(seed.units.first { $0.code == "UM" }).name
        let index = try #require(seed.units.firstIndex { $0.code == "UM" })
        seed.units[index].name = "桥西区城市管理和综合执法局"
        let renamed = try seed.directory()
        let routers = Mutex(NotificationRouter(routing: .standard(channel: "all"), directory: h.service.directory))
        let recorder = RecordingNotifier()
        let courier = try NotificationCourier(
            store: h.store, currentRouter: { routers.withLock { $0 } }, notifiers: ["all": recorder], clock: h.clock,
            logger: LogCapture().logger())
        let running = Task { try await courier.run() }
        _ = try await h.driver.case(in: .dispatched)
        await courier.waitUntilHandled(through: try await h.store.latestSequence())
        routers.withLock { $0 = NotificationRouter(routing: .standard(channel: "all"), directory: renamed) }
        _ = try await h.driver.case(in: .dispatched)
        await courier.waitUntilHandled(through: try await h.store.latestSequence())
        running.cancel()
        try await running.value
        let toUnit = recorder.deliveries.filter { $0.topic == "dispatched" && $0.recipient.key == "unit:UM" }.map(\.message)
        #expect(toUnit.count == 2)
        #expect(toUnit.first?.hasPrefix(old + "：") == true)
        #expect(toUnit.last?.hasPrefix("桥西区城市管理和综合执法局：") == true)
    }
}
