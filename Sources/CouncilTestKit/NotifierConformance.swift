import CouncilKit
import Logging
import Testing

/// Makes the notifier the ``NotifierConformance`` suite checks, and shows what its recipient saw.
public protocol NotifierFixture: Sendable {
    /// A new notifier that logs to `logger`, delivering to a recipient the fixture can observe.
    func makeNotifier(logger: Logger) async throws -> any Notifier
    /// How many times the recipient acted on the notification with `id`, after the idempotency handling its
    /// documentation asks of receivers; `nil` when the fixture cannot observe the recipient.
    func timesActedOn(_ id: String) async throws -> Int?
    /// A notification this notifier can never deliver, made from `deliverable`, or `nil` when it has none (a log
    /// never refuses).
    func undeliverable(from deliverable: CaseNotification) -> CaseNotification?
    /// The kind of recipient the notifier delivers to in the checks: a text-message notifier needs the submitter,
    /// who has a phone number. The personal-data check always uses the submitter.
    var recipientKind: Recipient.Kind { get }
    /// Releases what the notifier holds.
    func tearDown() async throws
}

extension NotifierFixture {
    public var recipientKind: Recipient.Kind { .unit }
    public func tearDown() async throws {}
}

/// The contract every ``Notifier`` must meet, as checks to run against a fixture.
///
/// ```swift
/// @Test(arguments: NotifierConformance.checks)
/// func conformance(_ check: NotifierConformance.Check) async throws {
///     try await check.run(MyNotifierFixture())
/// }
/// ```
public enum NotifierConformance {
    /// One guarantee, checked.
    public struct Check: Sendable, CustomTestStringConvertible, CustomStringConvertible {
        /// What it checks.
        public let name: String
        let body: @Sendable (any NotifierFixture) async throws -> Void

        /// Runs the check against a fresh notifier from `fixture`.
        public func run(_ fixture: any NotifierFixture) async throws {
            do { try await body(fixture) } catch {
                try? await fixture.tearDown()
                throw error
            }
            try await fixture.tearDown()
        }

        public var testDescription: String { name }
        public var description: String { name }
    }

    /// Every check.
    public static let checks: [Check] = [
        Check(name: "delivers a notification and the recipient acts on it", body: delivers),
        Check(name: "accepts the same id again and the recipient acts on it once", body: idempotent),
        Check(name: "refuses what it can never deliver as permanent", body: permanent),
        Check(name: "keeps the submitter's name and phone out of logs and errors", body: personalData),
        Check(name: "returns when its task is cancelled", body: cancellation),
    ]

    /// The submitter's name in ``sample(_:sequence:)``, which must never be logged.
    public static let submitterName = "张三丰"
    /// The submitter's phone number in ``sample(_:sequence:)``, which must never be logged.
    public static let submitterPhone = "13912345678"

    /// A notification for the check, to a unit or the submitter.
    public static func sample(_ kind: Recipient.Kind = .unit, sequence: Int64 = 42) -> CaseNotification {
        let recipient: Recipient
        switch kind {
        case .submitter:
            recipient = Recipient(kind: .submitter, id: "00000000-0000-4000-8000-000000000042", name: submitterName, phone: submitterPhone)
        case .unit: recipient = Recipient(kind: .unit, id: "UM", name: "桥西区城市管理综合行政执法局")
        case .leader: recipient = Recipient(kind: .leader, id: "L01", name: "区级领导01")
        case .person: recipient = Recipient(kind: .person, id: "HS01", name: "议事厅工作人员01")
        case .system: recipient = Recipient(kind: .system, id: "petition-office", name: "petition-office")
        }
        let caseID = CaseID("00000000-0000-4000-8000-000000000042")!
        let event = CaseEvent(
            sequence: sequence, caseID: caseID, caseNumber: CaseNumber(prefix: "QX01-20261130", serial: 7), version: 3,
            occurredAt: CouncilFixtures.monday, principal: CouncilFixtures.staff,
            change: .resolved(HandlingResult(summary: "已清运并增加清运频次")))
        let id = CaseNotification.identifier(channel: "conformance", sequence: sequence, recipient: recipient)
        let personal = kind == .submitter ? submitterName : "居民"
        return CaseNotification(
            id: id, channel: "conformance", recipient: recipient, event: event, community: "QX01", topic: "resolved",
            template: "resolved.\(kind.rawValue)",
            message: "\(personal)您好，案件QX01-20261130-0007“小区垃圾清运不及时”已办结。",
            logSafeMessage: "居民您好，案件QX01-20261130-0007“小区垃圾清运不及时”已办结。")
    }

    static func delivers(_ fixture: any NotifierFixture) async throws {
        let notifier = try await fixture.makeNotifier(logger: LogCapture().logger())
        let notification = sample(fixture.recipientKind, sequence: 1)
        try await notifier.deliver(notification)
        if let times = try await fixture.timesActedOn(notification.id) { #expect(times == 1) }
    }

    static func idempotent(_ fixture: any NotifierFixture) async throws {
        let notifier = try await fixture.makeNotifier(logger: LogCapture().logger())
        var notification = sample(fixture.recipientKind, sequence: 2)
        try await notifier.deliver(notification)
        notification.attempt = 2
        try await notifier.deliver(notification)
        try await notifier.deliver(notification)
        if let times = try await fixture.timesActedOn(notification.id) { #expect(times == 1, "a repeat of an id is acted on once") }
        let other = sample(fixture.recipientKind, sequence: 3)
        try await notifier.deliver(other)
        if let times = try await fixture.timesActedOn(other.id) { #expect(times == 1, "another id is another notification") }
    }

    static func permanent(_ fixture: any NotifierFixture) async throws {
        let notifier = try await fixture.makeNotifier(logger: LogCapture().logger())
        guard let bad = fixture.undeliverable(from: sample(fixture.recipientKind, sequence: 4)) else { return }
        let error = await #expect(throws: NotificationError.self) { try await notifier.deliver(bad) }
        #expect(error?.isPermanent == true, "\(String(describing: error))")
    }

    static func personalData(_ fixture: any NotifierFixture) async throws {
        let capture = LogCapture()
        let notifier = try await fixture.makeNotifier(logger: capture.logger())
        let notification = sample(.submitter, sequence: 5)
        var errors: [String] = []
        do { try await notifier.deliver(notification) } catch { errors.append("\(error)") }
        if let bad = fixture.undeliverable(from: notification) {
            do { try await notifier.deliver(bad) } catch { errors.append("\(error)") }
        }
        for secret in [submitterName, submitterPhone] {
            #expect(!capture.contains(secret), "the log holds personal data: \(capture.lines)")
            #expect(!errors.contains { $0.contains(secret) }, "an error holds personal data: \(errors)")
        }
    }

    static func cancellation(_ fixture: any NotifierFixture) async throws {
        let notifier = try await fixture.makeNotifier(logger: LogCapture().logger())
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await notifier.deliver(sample(fixture.recipientKind, sequence: 6))
        }
        _ = await task.result  // returning or throwing both meet the contract; hanging does not
    }
}
