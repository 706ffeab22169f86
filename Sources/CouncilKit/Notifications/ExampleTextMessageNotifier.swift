import Foundation
import Logging

/// An example of how text-message (短信) and messaging-app delivery to residents plugs in: it checks what a gateway
/// would check and logs the message instead of sending it.
///
/// A real implementation replaces its `send(_:to:id:)` method with a call to the gateway, and keeps the rest:
///
/// * The recipient's ``Recipient/phone`` is the address; without one the notification is refused as permanent
///   (a retry cannot conjure a number).
/// * ``CaseNotification/id`` goes to the gateway as its idempotency key (most SMS and messaging APIs take a
///   client-side message id) so a retry or a replay does not text the resident twice.
/// * Gateway answers map onto ``NotificationError``: throttling, timeouts and server errors are retryable; an
///   invalid or unsubscribed number, or a message the gateway rejects, is permanent.
/// * Only ``CaseNotification/logSafeMessage`` and the masked number are logged.
///
/// This example also remembers the ids it has sent, to show idempotency: a repeat is logged as such and not sent
/// again.
public final class ExampleTextMessageNotifier: Notifier, @unchecked Sendable {
    /// The longest message accepted, in characters; a gateway splits longer texts or refuses them.
    public let maximumLength: Int
    private let logger: Logger
    private let lock = NSLock()
    private var sent: Set<String> = []

    /// Creates the example notifier.
    /// - Parameters:
    ///   - logger: Where the messages are "sent".
    ///   - maximumLength: The longest message accepted. Defaults to 300 characters (five concatenated SMS).
    public init(logger: Logger = Logger(label: "council.notifications.sms"), maximumLength: Int = 300) {
        self.logger = logger
        self.maximumLength = maximumLength
    }

    /// The ids sent so far.
    public var sentIDs: Set<String> { lock.withLock { sent } }

    public func deliver(_ notification: CaseNotification) async throws {
        guard let phone = notification.recipient.phone, !phone.isEmpty else {
            throw NotificationError.permanent("\(notification.recipient.key) has no phone number for text messages")
        }
        guard notification.message.count <= maximumLength else {
            throw NotificationError.permanent("the message is \(notification.message.count) characters; at most \(maximumLength) are sent")
        }
        guard !lock.withLock({ sent.contains(notification.id) }) else {
            logger.info("text message already sent", metadata: ["notification": "\(notification.id)"])
            return
        }
        try await send(notification, to: phone, id: notification.id)
        lock.withLock { _ = sent.insert(notification.id) }
    }

    /// Where a real notifier calls its gateway. Here: a log line with the masked number and the log-safe text.
    func send(_ notification: CaseNotification, to phone: String, id: String) async throws {
        logger.info(
            "text message to \(PersonalData.maskPhone(phone)): \(notification.logSafeMessage)",
            metadata: ["notification": "\(id)", "case": "\(notification.caseNumber)"])
    }
}
