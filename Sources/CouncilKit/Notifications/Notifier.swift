/// Delivers notifications about cases to people and systems: a log, a webhook, text messages, a messaging app.
///
/// ``NotificationCourier`` calls a notifier for every notification its routing sends through it, in the order of
/// the changes feed. CouncilKit ships ``LogNotifier``, ``MultiplexNotifier`` and ``ExampleTextMessageNotifier``;
/// `CouncilWebhook` provides `WebhookNotifier`.
///
/// ## What an implementation must guarantee
///
/// `CouncilTestKit`'s `NotifierConformance` suite checks what can be checked from outside; run it against any new
/// notifier.
///
/// * **At-least-once, idempotent on the id.** The courier may call ``deliver(_:)`` again with a notification of
///   the same ``CaseNotification/id`` — after a retry, a crash, a restart, a second courier on the same database
///   or an operator's replay. The recipient must see it once: pass the id on as an idempotency key (the webhook
///   sends it as a header) or remember what was sent.
/// * **Return means delivered.** Return only once the notification is handed over for good (the gateway or the
///   receiving system accepted it). The courier then advances its cursor and never sends it again unless asked.
/// * **Throw to say what to do next.** Throw ``NotificationError`` with ``NotificationError/Code/retryable`` when a
///   later attempt may succeed (timeouts, connection failures, the receiver is overloaded or down); the courier
///   retries with exponential backoff and jitter up to its configured number of attempts, then writes a dead letter.
///   Throw ``NotificationError/Code/permanent`` when no retry can succeed (the receiver refuses the notification,
///   the recipient has no address): the courier writes a dead letter at once, which an operator can list and
///   replay. Any other error counts as retryable.
/// * **Honour cancellation.** When the task is cancelled (shutdown), return or throw promptly; the notification
///   is delivered again after a restart.
/// * **No personal data in logs or errors.** ``CaseNotification/recipient`` may carry the submitter's name and phone
///   number: use them to deliver, never log them. Log ``CaseNotification/logSafeMessage``, not
///   ``CaseNotification/message``. Error messages end up in dead letters and logs: keep them free of personal data.
public protocol Notifier: Sendable {
    /// Delivers one notification.
    ///
    /// - Parameter notification: What to deliver, to whom; its ``CaseNotification/id`` is the idempotency key.
    /// - Throws: ``NotificationError``: `retryable` when a later attempt may succeed, `permanent` when none can.
    ///   Any other error is treated as retryable.
    func deliver(_ notification: CaseNotification) async throws
}

/// Why a notifier could not deliver a notification, and whether trying again may help.
///
/// `description` is safe to log and is kept in dead letters: it never contains personal data.
public struct NotificationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Whether a retry may succeed. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A later attempt may succeed: a timeout, a connection failure, a receiver that is down or overloaded.
        public static let retryable = Code("retryable")
        /// No attempt can succeed: the receiver refused the notification or the recipient cannot be reached.
        /// The courier writes a dead letter at once.
        public static let permanent = Code("permanent")

        public var description: String { name }
    }

    /// Whether a retry may succeed.
    public var code: Code
    /// What went wrong, for operators; safe to log.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A failure a later attempt may overcome.
    public static func retryable(_ message: String) -> NotificationError { NotificationError(.retryable, message) }

    /// A failure no retry can overcome.
    public static func permanent(_ message: String) -> NotificationError { NotificationError(.permanent, message) }

    /// Whether the courier should give up at once.
    public var isPermanent: Bool { code == .permanent }

    public var description: String { "\(code): \(message)" }
}

/// Who a notification is for and how to reach them.
///
/// For a submitter ``name`` and ``phone`` are personal data: `description` masks them, so a recipient interpolated
/// into a log line cannot leak them.
public struct Recipient: Hashable, Sendable, CustomStringConvertible {
    /// What kind of recipient this is.
    public enum Kind: String, CaseIterable, Hashable, Sendable, Codable {
        /// The person who raised the case; reached by ``Recipient/phone``.
        case submitter
        /// A responsible unit (责任单位) from the directory; ``Recipient/id`` is its code.
        case unit
        /// The district leader linked to the community (包联领导); ``Recipient/id`` is the person id.
        case leader
        /// Another person from the directory; ``Recipient/id`` is the person id.
        case person
        /// Another system, for example the petition office or the grid platform; ``Recipient/id`` is its name.
        case system
    }

    /// What kind of recipient this is.
    public var kind: Kind
    /// The unit code, person id or system name; for a submitter, the case id (never personal data).
    public var id: String
    /// The name to address them by: the unit's or person's name from the directory, the submitter's own name.
    public var name: String?
    /// A phone number for text messages; only submitters have one.
    public var phone: String?

    /// Creates a recipient.
    public init(kind: Kind, id: String, name: String? = nil, phone: String? = nil) {
        self.kind = kind
        self.id = id
        self.name = name
        self.phone = phone
    }

    /// `kind:id`, for example `unit:UM` or `system:petition-office`: how notifiers look up an address such as a
    /// webhook endpoint.
    public var key: String { "\(kind.rawValue):\(id)" }

    public var description: String {
        guard kind == .submitter else { return key }
        let shown = PersonalData(name: name, phone: phone).masked()
        return "submitter(\(shown.name ?? "-"), \(shown.phone ?? "-"))"
    }
}

/// One message about one case event for one recipient, ready to deliver.
///
/// ``NotificationCourier`` builds it from an event, the routing rules and the message templates. The same
/// event, route and recipient always give the same ``id``, so a notifier can recognise a repeat.
public struct CaseNotification: Hashable, Sendable, CustomStringConvertible {
    /// The idempotency key: channel, event sequence number, recipient kind and id, for example
    /// `webhook.42.unit.UM`. Stable across retries, restarts and replays.
    public var id: String
    /// The name of the notifier route it travels by, as in the routing configuration.
    public var channel: String
    /// Who it is for, and how to reach them.
    public var recipient: Recipient
    /// The event it is about. Personal data is removed from it unless the recipient is the submitter.
    public var event: CaseEvent
    /// The case's number (the event's).
    public var caseNumber: CaseNumber { event.caseNumber }
    /// The case's community code.
    public var community: String
    /// The event's topic, for example `dispatched` or `deadlineAlert.supervision`.
    public var topic: String
    /// The template the message was rendered from, for example `dispatched.unit`.
    public var template: String
    /// The message in Chinese. Contains the submitter's name only when the recipient is the submitter.
    public var message: String
    /// The message with every personal placeholder replaced: what a notifier may write to a log.
    public var logSafeMessage: String
    /// Which delivery attempt this is, from 1.
    public var attempt: Int

    /// Creates a notification.
    public init(
        id: String, channel: String, recipient: Recipient, event: CaseEvent, community: String,
        topic: String, template: String, message: String, logSafeMessage: String, attempt: Int = 1
    ) {
        self.id = id
        self.channel = channel
        self.recipient = recipient
        self.event = event
        self.community = community
        self.topic = topic
        self.template = template
        self.message = message
        self.logSafeMessage = logSafeMessage
        self.attempt = attempt
    }

    /// The identifier of the notification for `event` to `recipient` through `channel`.
    public static func identifier(channel: String, sequence: Int64, recipient: Recipient) -> String {
        "\(channel).\(sequence).\(recipient.kind.rawValue).\(recipient.id)"
    }

    /// Safe to log: id, topic, case and the masked recipient.
    public var description: String {
        "notification \(id) (\(topic) of \(caseNumber) for \(recipient), attempt \(attempt))"
    }
}

extension CaseEvent {
    /// The event without the submitter's personal data: what recipients other than the submitter may see.
    public func withoutPersonalData() -> CaseEvent {
        guard case .submitted(var intake) = change, intake.submission.submitter != nil else { return self }
        intake.submission.submitter = nil
        var copy = self
        copy.change = .submitted(intake)
        return copy
    }
}
