import Logging

/// Writes each notification to a `Logger`: for development, audits and as a second channel beside real delivery.
///
/// Logs the id, topic, case, recipient key and ``CaseNotification/logSafeMessage`` — never the submitter's name or
/// phone number. Never fails.
public struct LogNotifier: Notifier {
    /// The logger written to.
    public let logger: Logger
    /// The level notifications are logged at. Defaults to `info`.
    public let level: Logger.Level

    /// Creates a log notifier.
    /// - Parameters:
    ///   - logger: The logger to write to.
    ///   - level: The level to log at.
    public init(logger: Logger = Logger(label: "council.notifications.log"), level: Logger.Level = .info) {
        self.logger = logger
        self.level = level
    }

    public func deliver(_ notification: CaseNotification) async throws {
        logger.log(
            level: level, "\(notification.logSafeMessage)",
            metadata: notification.logMetadata)
    }
}

extension CaseNotification {
    /// Log metadata that identifies the notification without personal data: id, channel, topic, case, recipient key
    /// (a submitter appears as the case id) and attempt.
    public var logMetadata: Logger.Metadata {
        [
            "notification": "\(id)", "channel": "\(channel)", "topic": "\(topic)", "case": "\(caseNumber)",
            "recipient": "\(recipient.key)", "attempt": "\(attempt)",
        ]
    }
}
