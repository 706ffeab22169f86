import AsyncHTTPClient
import CouncilKit
import CouncilTestKit
import CouncilWebhook
import Crypto
import Foundation
import Logging
import Testing

/// The webhook notifier against a receiver on loopback, delivering through `*`.
struct WebhookFixture: NotifierFixture {
    let receiver: WebhookReceiver
    let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)

    init() async throws {
        receiver = WebhookReceiver(secret: "conformance-secret-0123456789abcdef", now: { SystemClock().now() }) { request, _ in
            request.id.hasPrefix("gone.") ? 410 : 200
        }
        try await receiver.start()
    }

    func makeNotifier(logger: Logger) async throws -> any Notifier {
        try WebhookNotifier(
            configuration: .init(endpoints: ["*": .init(url: receiver.url, secret: receiver.secret)]), httpClient: client,
            logger: logger)
    }

    func timesActedOn(_ id: String) async throws -> Int? { receiver.timesActedOn(id) }

    func undeliverable(from deliverable: CaseNotification) -> CaseNotification? {
        var gone = deliverable
        gone.id = "gone." + deliverable.id
        return gone
    }

    func tearDown() async throws {
        try await client.shutdown()
        try await receiver.stop()
    }
}

@Suite("WebhookNotifier", .timeLimit(.minutes(1)))
struct WebhookTests {
    static let secret = "s3cr3t-for-the-petition-office-endpoint"

    @Test("meets the Notifier contract", arguments: NotifierConformance.checks)
    func conformance(_ check: NotifierConformance.Check) async throws {
        try await check.run(try await WebhookFixture())
    }

    /// A harness: in-memory store, manual clock, a receiver and a courier whose one channel is the webhook.
    struct Rig {
        let store = InMemoryCaseStore()
        let clock = ManualClock(CouncilFixtures.monday)
        let service: CaseService
        let receiver: WebhookReceiver
        let webhook: WebhookNotifier
        let courier: NotificationCourier

        init(routing: NotificationRouting? = nil, maximumAttempts: Int = 8, script: @escaping WebhookReceiver.Script = { _, _ in 200 }) async throws {
            service = try CouncilFixtures.service(on: store, clock: clock)
            let clock = self.clock
            receiver = WebhookReceiver(secret: WebhookTests.secret, now: { clock.now() }, script: script)
            try await receiver.start()
            webhook = try WebhookNotifier(
                configuration: .init(endpoints: ["*": .init(url: receiver.url, secret: WebhookTests.secret)]), clock: clock,
                logger: LogCapture().logger())
            var configuration = NotificationCourier.Configuration()
            configuration.jitter = 0
            configuration.maximumAttempts = maximumAttempts
            var linked = routing ?? NotificationRouting.standard(channel: "webhook")
            if routing == nil { linked.linkedLeaders = ["QX01": "L01"] }
            courier = try NotificationCourier(
                store: store,
                router: NotificationRouter(routing: linked, directory: service.directory, calendar: service.configuration.calendar),
                notifiers: ["webhook": webhook], configuration: configuration, clock: clock, logger: LogCapture().logger())
        }

        /// Runs the courier while `body` runs, then stops it, the webhook client and the receiver, whatever `body`
        /// did: a client left running is a crash when it is released.
        func running(_ body: () async throws -> Void) async throws {
            let task = Task { try await courier.run() }
            let outcome: Result<Void, any Error>
            do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
            task.cancel()
            let stopped = await task.result
            try await webhook.shutdown()
            try await receiver.stop()
            try outcome.get()
            try stopped.get()
        }
    }

    /// Routes registrations to the petition office's system, so one petition gives one webhook.
    static let toPetitionOffice = NotificationRouting(rules: [
        .init(topics: ["submitted"], recipients: [.system("petition-office")], channel: "webhook")
    ])

    @Test("the signature verifies with the documented procedure, and tampering or staleness fails it")
    func signature() async throws {
        let rig = try await Rig(routing: Self.toPetitionOffice)
        _ = try await rig.service.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff)
        try await rig.running {
            await rig.courier.waitUntilHandled(through: 1)
        }
        let request = try #require(rig.receiver.all.first)
        #expect(request.signatureValid, "verified by the receiver's own HMAC, written from the docs")
        #expect(request.status == 200)
        let timestamp = try #require(request.headers[WebhookHeader.timestamp])
        let signature = try #require(request.headers[WebhookHeader.signature])
        #expect(timestamp == String(CouncilFixtures.monday.millisecondsSince1970 / 1000))
        #expect(signature.hasPrefix("v1=") && signature.count == 67)
        #expect(request.headers["content-type"] == "application/json; charset=utf-8")
        #expect(request.headers[WebhookHeader.event] == "submitted")
        #expect(request.id == "webhook.1.system.petition-office")

        let now = rig.clock.now()
        #expect(WebhookSignature.verify(body: request.body, timestampHeader: timestamp, signatureHeader: signature, secret: Self.secret, now: now))
        var tampered = request.body
        tampered[tampered.count / 2] ^= 0x01
        #expect(!WebhookSignature.verify(body: tampered, timestampHeader: timestamp, signatureHeader: signature, secret: Self.secret, now: now))
        #expect(!WebhookSignature.verify(body: request.body, timestampHeader: timestamp, signatureHeader: signature, secret: "another", now: now))
        #expect(!WebhookSignature.verify(body: request.body, timestampHeader: String(Int64(timestamp)! + 1), signatureHeader: signature, secret: Self.secret, now: now))
        #expect(!WebhookSignature.verify(body: request.body, timestampHeader: timestamp, signatureHeader: signature, secret: Self.secret, now: now.adding(seconds: 301)))
        #expect(WebhookSignature.verify(body: request.body, timestampHeader: timestamp, signatureHeader: signature, secret: Self.secret, now: now.adding(seconds: 299)))
        for hostile in ["", "-9223372036854775808", "9223372036854775807", "+\(timestamp)", " \(timestamp)", "１２３"] {
            #expect(!WebhookSignature.verify(body: request.body, timestampHeader: hostile, signatureHeader: signature, secret: Self.secret, now: now))
        }
        #expect(!WebhookSignature.verify(body: request.body, timestampHeader: timestamp, signatureHeader: "v1=zz", secret: Self.secret, now: now))
        #expect(!rig.receiver.verify(request.headers.merging([WebhookHeader.signature: "v1=" + String(repeating: "0", count: 64)]) { $1 }, request.body))

        let json = request.json
        #expect(json["topic"] as? String == "submitted")
        #expect((json["recipient"] as? [String: Any])?["id"] as? String == "petition-office")
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(!body.contains("张三") && !body.contains("13812345678"), "no personal data in a system's webhook")
    }

    @Test("500 then 200: delivered on the retry, once")
    func retryAfterServerError() async throws {
        let rig = try await Rig(routing: Self.toPetitionOffice) { _, seen in seen == 0 ? 500 : 200 }
        _ = try await rig.service.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff)
        try await rig.running {
            var requests = rig.receiver.requests.makeAsyncIterator()
            #expect(await requests.next()?.status == 500)
            await rig.clock.waitForSleepers(1)  // backing off
            rig.clock.advance(seconds: 1)
            #expect(await requests.next()?.status == 200)
            await rig.courier.waitUntilHandled(through: 1)
        }
        #expect(rig.receiver.all.map(\.status) == [500, 200])
        #expect(rig.receiver.all.map(\.attempt) == [1, 2])
        #expect(Set(rig.receiver.all.map(\.id)).count == 1, "the same id on the retry")
        #expect(rig.receiver.timesActedOn("webhook.1.system.petition-office") == 1)
        #expect(try await rig.courier.deadLetters().isEmpty)
        #expect(try await rig.courier.cursor(of: "webhook") == 1)
    }

    @Test("410: dead-lettered at once, replayed once the receiver takes it")
    func goneIsDeadLettered() async throws {
        let rig = try await Rig(routing: Self.toPetitionOffice) { _, _ in 410 }
        _ = try await rig.service.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff)
        try await rig.running {
            await rig.courier.waitUntilHandled(through: 1)
            #expect(rig.receiver.all.map(\.status) == [410], "no retry after a 4xx")
            let letter = try #require(try await rig.courier.deadLetters().first)
            #expect(letter.permanent && letter.attempts == 1)
            #expect(letter.lastError == "permanent: the receiver refused the notification with HTTP 410")
            #expect(try await rig.courier.cursor(of: "webhook") == 1)

            rig.receiver.answer { _, _ in 200 }
            let replayed = try await rig.courier.replay(letter.id)
            #expect(replayed.state == .replayed)
            #expect(rig.receiver.all.map(\.status) == [410, 200])
            #expect(rig.receiver.all.last?.attempt == 2)
            #expect(rig.receiver.timesActedOn(letter.id) == 1)
        }
    }

    @Test("408 and 429 are retried; other 4xx are permanent; 5xx and 3xx are retried")
    func statusClassification() {
        for status in [200, 201, 204, 299] { #expect(WebhookNotifier.failure(forStatus: status) == nil) }
        for status in [408, 429, 500, 502, 503, 504, 301, 302, 100] {
            #expect(WebhookNotifier.failure(forStatus: status)?.code == .retryable, "\(status)")
        }
        for status in [400, 401, 403, 404, 409, 410, 413, 422] {
            #expect(WebhookNotifier.failure(forStatus: status)?.code == .permanent, "\(status)")
        }
    }

    @Test("receiver down for a while: retried with backoff, delivered once it is back")
    func receiverDown() async throws {
        let rig = try await Rig(routing: Self.toPetitionOffice)
        let port = rig.receiver.port
        try await rig.receiver.stop()
        _ = try await rig.service.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff)
        try await rig.running {
            for _ in 0..<3 {  // three refused connections, each followed by a backoff
                await rig.clock.waitForSleepers(1)
                rig.clock.advance(seconds: 60)
            }
            await rig.clock.waitForSleepers(1)
            try await rig.receiver.start(port: port)
            rig.clock.advance(seconds: 60)
            await rig.courier.waitUntilHandled(through: 1)
        }
        #expect(rig.receiver.all.map(\.status) == [200])
        #expect(rig.receiver.all.first?.attempt == 5, "four attempts found nobody listening")
        #expect(try await rig.courier.deadLetters().isEmpty)
    }

    @Test("a request that outlives its timeout is retried")
    func timeout() async throws {
        // A listener that accepts and never answers: a receiver that hangs.
        let hanging = try await HangingListener.start()
        var configuration = WebhookNotifier.Configuration(endpoints: ["*": .init(url: "http://127.0.0.1:\(hanging.port)/", secret: Self.secret)])
        configuration.requestTimeout = .milliseconds(200)
        let webhook = try WebhookNotifier(configuration: configuration, logger: LogCapture().logger())
        let error = await #expect(throws: NotificationError.self) {
            try await webhook.deliver(NotifierConformance.sample())
        }
        #expect(error?.code == .retryable)
        try await webhook.shutdown()
        try await hanging.stop()
    }

    @Test("endpoints are checked: a bad URL or an empty secret is refused, a recipient without one is permanent")
    func endpoints() async throws {
        let bad = #expect(throws: CouncilError.self) {
            try WebhookNotifier(configuration: .init(endpoints: ["unit:UM": .init(url: "ftp://example.invalid", secret: "x")]))
        }
        #expect(bad?.field == "webhook.endpoints.unit:UM.url")
        let empty = #expect(throws: CouncilError.self) {
            try WebhookNotifier(configuration: .init(endpoints: ["unit:UM": .init(url: "https://127.0.0.1/", secret: "")]))
        }
        #expect(empty?.field == "webhook.endpoints.unit:UM.secret")
        let webhook = try WebhookNotifier(configuration: .init(endpoints: ["unit:HC": .init(url: "https://127.0.0.1/", secret: "x")]))
        let missing = await #expect(throws: NotificationError.self) { try await webhook.deliver(NotifierConformance.sample(.unit)) }
        #expect(missing?.isPermanent == true)
        try await webhook.shutdown()
    }

    @Test("one case around the loop: what the receiver sees")
    func caseAroundTheLoop() async throws {
        let rig = try await Rig()
        let staff = CouncilFixtures.staff, unit = CouncilFixtures.unitUser, grid = CouncilFixtures.gridPlatform
        try await rig.running {
            let s = rig.service
            var c = try await s.submit(CouncilFixtures.gridReport("GR-2026-1130-017"), by: grid).case
            c = try await s.accept(c.id, by: staff)
            c = try await s.dispatch(c.id, to: "UM", instructions: "请三日内补装井盖", by: staff)
            _ = try await DeadlineMonitor(service: s, clock: rig.clock, logger: LogCapture().logger()).scan()
            rig.clock.set(try #require(c.handlingDue).adding(hours: -2))
            _ = try await DeadlineMonitor(service: s, clock: rig.clock, logger: LogCapture().logger()).scan()
            rig.clock.set(try #require(c.handlingDue).adding(hours: 49))
            _ = try await DeadlineMonitor(service: s, clock: rig.clock, logger: LogCapture().logger()).scan()
            c = try await s.addProgress(c.id, note: "井盖已定制", by: unit)
            c = try await s.resolve(c.id, HandlingResult(summary: "已补装井盖", completionReport: "12月23日补装球墨铸铁井盖一处。"), by: unit)
            c = try await s.verify(c.id, Verification(passed: true, note: "现场核查合格"), by: grid)
            c = try await s.recordFeedback(c.id, Feedback(channel: .sourceSystem, message: "已回复网格平台"), by: staff)
            c = try await s.evaluate(c.id, Evaluation(rating: .satisfied, solved: true), by: staff)
            c = try await s.close(c.id, note: "核查合格，结案", by: staff)
            await rig.courier.waitUntilHandled(through: try await rig.store.latestSequence())
        }
        let log = rig.receiver.log
        if let path = ProcessInfo.processInfo.environment["COUNCIL_RECEIVER_LOG"] {
            try (log.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(rig.receiver.all.allSatisfy { $0.signatureValid && $0.status == 200 })
        #expect(rig.receiver.all.map { "\($0.headers[WebhookHeader.event] ?? "")→\(($0.json["recipient"] as? [String: Any])?["id"] as? String ?? "")" } == [
            "accepted→grid-platform", "dispatched→UM", "deadlineAlert.dueSoon→UM", "deadlineAlert.supervision→UM",
            "deadlineAlert.supervision→L01", "resolved→grid-platform", "closed→grid-platform",
        ])
    }
}
