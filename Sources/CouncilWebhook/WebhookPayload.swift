import CouncilKit

/// The JSON body a webhook receives.
///
/// ```json
/// {"id": "webhook.42.unit.UM", "topic": "dispatched", "caseNumber": "QX01-20261130-0001", "community": "QX01",
///  "recipient": {"kind": "unit", "id": "UM", "name": "桥西区城市管理综合行政执法局"},
///  "message": "桥西区城市管理综合行政执法局：示例社区01议事厅交办案件…",
///  "event": {"sequence": 42, "caseID": "…", "version": 3, "occurredAt": 1796000400000,
///            "principal": {"system": "hall-staff", "user": "HS01"},
///            "change": {"kind": "dispatched", "data": {"unit": "UM", "due": 1797868800000}}}}
/// ```
///
/// Times are milliseconds since 1970-01-01T00:00:00Z. `event.change` has the stored form of ``CaseChange``: its
/// `kind` and its fields. The submitter's personal data is never in the event, whoever the recipient; the message
/// and `recipient.name` name the submitter only when the recipient is the submitter.
public struct WebhookPayload: Hashable, Sendable, Codable {
    /// Who the notification is for, without contact details.
    public struct RecipientInfo: Hashable, Sendable, Codable {
        /// The recipient's kind.
        public var kind: Recipient.Kind
        /// The unit code, person id, system name, or the case id for the submitter.
        public var id: String
        /// The display name, when known.
        public var name: String?
    }

    /// The notification id: the idempotency key, also sent as ``WebhookNotifier/idHeader``.
    public var id: String
    /// The event's topic, for example `resolved` or `deadlineAlert.supervision`.
    public var topic: String
    /// The case number.
    public var caseNumber: String
    /// The community code.
    public var community: String
    /// The recipient.
    public var recipient: RecipientInfo
    /// The rendered Chinese message.
    public var message: String
    /// The event.
    public var event: CaseEvent

    /// The payload for a notification.
    public init(_ notification: CaseNotification) {
        self.id = notification.id
        self.topic = notification.topic
        self.caseNumber = notification.caseNumber.description
        self.community = notification.community
        self.recipient = RecipientInfo(
            kind: notification.recipient.kind, id: notification.recipient.id, name: notification.recipient.name)
        self.message = notification.message
        self.event = notification.event.withoutPersonalData()
    }
}
