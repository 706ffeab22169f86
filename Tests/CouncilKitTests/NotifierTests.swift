import CouncilKit
import CouncilTestKit
import Foundation
import Logging
import Testing

/// Counts what a notifier's own log says it did with each id, while passing every line on to the suite's logger.
final class ActionLog: @unchecked Sendable {
    let capture = LogCapture()

    func logger(forwardingTo other: Logger) -> Logger {
        let mine = capture.logger()
        return Logger(label: "fixture") { _ in MultiplexLogHandler([mine.handler, other.handler]) }
    }

    func count(_ marker: String, id: String) -> Int {
        capture.lines.filter { $0.contains(marker) && $0.contains("notification=\(id)") }.count
    }
}

struct LogNotifierFixture: NotifierFixture {
    func makeNotifier(logger: Logger) async throws -> any Notifier { LogNotifier(logger: logger) }
    func timesActedOn(_ id: String) async throws -> Int? { nil }
    func undeliverable(from deliverable: CaseNotification) -> CaseNotification? { nil }
}

struct TextMessageFixture: NotifierFixture {
    let log = ActionLog()
    var multiplexed = false
    var recipientKind: Recipient.Kind { .submitter }

    func makeNotifier(logger: Logger) async throws -> any Notifier {
        let sms = ExampleTextMessageNotifier(logger: log.logger(forwardingTo: logger))
        return multiplexed ? MultiplexNotifier([LogNotifier(logger: logger), sms]) : sms
    }

    func timesActedOn(_ id: String) async throws -> Int? { log.count("text message to", id: id) }

    func undeliverable(from deliverable: CaseNotification) -> CaseNotification? {
        var bad = deliverable
        bad.recipient.phone = nil
        return bad
    }
}

@Suite("Notifiers shipped in CouncilKit meet the Notifier contract")
struct NotifierConformanceTests {
    @Test("LogNotifier", arguments: NotifierConformance.checks)
    func log(_ check: NotifierConformance.Check) async throws {
        try await check.run(LogNotifierFixture())
    }

    @Test("ExampleTextMessageNotifier", arguments: NotifierConformance.checks)
    func textMessage(_ check: NotifierConformance.Check) async throws {
        try await check.run(TextMessageFixture())
    }

    @Test("MultiplexNotifier over a log and text messages", arguments: NotifierConformance.checks)
    func multiplex(_ check: NotifierConformance.Check) async throws {
        try await check.run(TextMessageFixture(multiplexed: true))
    }
}

@Suite("LogNotifier, MultiplexNotifier and the text-message example")
struct NotifierBehaviourTests {
    @Test("the text-message example logs the masked number and the log-safe text")
    func textMessageLogLine() async throws {
        let capture = LogCapture()
        let sms = ExampleTextMessageNotifier(logger: capture.logger())
        try await sms.deliver(NotifierConformance.sample(.submitter))
        #expect(capture.lines.count == 1)
        #expect(capture.contains("139****5678"))
        #expect(capture.contains("居民您好"))
        #expect(!capture.contains(NotifierConformance.submitterName))
    }

    @Test("a multiplex fails as retryable when any part may succeed later, permanent when none can")
    func multiplexErrors() async throws {
        let retryable = RecordingNotifier { _, _ in throw NotificationError.retryable("timeout") }
        let permanent = RecordingNotifier { _, _ in throw NotificationError.permanent("HTTP 410") }
        let fine = RecordingNotifier()
        let mixed = await #expect(throws: NotificationError.self) {
            try await MultiplexNotifier([fine, retryable, permanent]).deliver(NotifierConformance.sample())
        }
        #expect(mixed?.code == .retryable)
        #expect(fine.deliveries.count == 1, "the parts before a failure still deliver")
        let allPermanent = await #expect(throws: NotificationError.self) {
            try await MultiplexNotifier([permanent, permanent]).deliver(NotifierConformance.sample())
        }
        #expect(allPermanent?.code == .permanent)
        try await MultiplexNotifier([fine, fine]).deliver(NotifierConformance.sample())
        #expect(fine.deliveries.count == 3)
    }

    @Test("a recipient prints masked, so interpolating it into a log line leaks nothing")
    func recipientDescription() {
        let submitter = NotifierConformance.sample(.submitter).recipient
        #expect("\(submitter)" == "submitter(张**, 139****5678)")
        #expect("\(NotifierConformance.sample(.submitter))".contains("张**"))
        #expect(!"\(NotifierConformance.sample(.submitter))".contains("张三丰"))
        #expect("\(NotifierConformance.sample(.unit).recipient)" == "unit:UM")
    }
}
