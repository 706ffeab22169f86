/// How far one channel of the ``NotificationCourier`` has delivered the changes feed, kept in the store.
///
/// Saved with optimistic versions: two couriers on one database never move it twice from the same version, and
/// it only moves after every notification of the events before it was delivered or dead-lettered.
public struct NotificationCursor: CouncilRecord, Hashable {
    public static let recordKind = "notificationCursor"

    /// The channel: the name the notifier is registered under.
    public var channel: String
    /// The sequence number of the last event fully handled; 0 before the first.
    public var sequence: Int64
    /// When it last moved.
    public var updatedAt: Timestamp

    /// Creates a cursor.
    public init(channel: String, sequence: Int64, updatedAt: Timestamp) {
        self.channel = channel
        self.sequence = sequence
        self.updatedAt = updatedAt
    }

    public var recordID: String { channel }
    public var recordCommunity: String? { nil }
    public var recordDate: Timestamp? { nil }
}

/// A notification the courier gave up on, kept for an operator to look at and replay (死信).
///
/// It records which notification it was — channel, event, recipient — and why it failed, but no message text and
/// no personal data: a replay renders the notification again from the event.
public struct DeadLetter: CouncilRecord, Hashable, Identifiable {
    public static let recordKind = "notificationDeadLetter"

    /// What has become of a dead letter.
    public enum State: String, CaseIterable, Hashable, Sendable, Codable {
        /// Waiting for an operator.
        case pending
        /// Delivered by a replay.
        case replayed
        /// Set aside by an operator without delivery.
        case discarded
    }

    /// The notification's id, ``CaseNotification/id``.
    public var id: String
    /// The channel it was to travel by.
    public var channel: String
    /// The event's sequence number.
    public var sequence: Int64
    /// The case.
    public var caseID: CaseID
    /// The case's number.
    public var caseNumber: CaseNumber
    /// The case's community.
    public var community: String
    /// The event's topic.
    public var topic: String
    /// The recipient's kind.
    public var recipientKind: Recipient.Kind
    /// The recipient's id: unit code, person id, system name, or the case id for the submitter.
    public var recipientID: String
    /// How many delivery attempts were made, replays included.
    public var attempts: Int
    /// The last error, as ``NotificationError/description`` or a terse summary of another error.
    public var lastError: String
    /// Whether the last error was permanent.
    public var permanent: Bool
    /// When it was written.
    public var createdAt: Timestamp
    /// When it last changed.
    public var updatedAt: Timestamp
    /// Where it stands.
    public var state: State
    /// The operator's note when discarded.
    public var note: String?

    /// Creates a dead letter.
    public init(
        id: String, channel: String, sequence: Int64, caseID: CaseID, caseNumber: CaseNumber, community: String,
        topic: String, recipientKind: Recipient.Kind, recipientID: String, attempts: Int, lastError: String,
        permanent: Bool, createdAt: Timestamp, updatedAt: Timestamp, state: State = .pending, note: String? = nil
    ) {
        self.id = id
        self.channel = channel
        self.sequence = sequence
        self.caseID = caseID
        self.caseNumber = caseNumber
        self.community = community
        self.topic = topic
        self.recipientKind = recipientKind
        self.recipientID = recipientID
        self.attempts = attempts
        self.lastError = lastError
        self.permanent = permanent
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.state = state
        self.note = note
    }

    public var recordID: String { id }
    public var recordCommunity: String? { community }
    public var recordDate: Timestamp? { createdAt }
}

/// How far notification delivery has got (``NotificationCourier/progress()``).
public struct NotificationProgress: Hashable, Sendable {
    /// The newest event's sequence number.
    public var latestSequence: Int64
    /// Every channel, by name.
    public var channels: [ChannelProgress]

    /// Creates a progress report.
    public init(latestSequence: Int64, channels: [ChannelProgress]) {
        self.latestSequence = latestSequence
        self.channels = channels
    }
}

/// One notification channel's progress through the changes feed.
public struct ChannelProgress: Hashable, Sendable {
    /// The channel, as the routing names it (`log`, `webhook`).
    public var channel: String
    /// The sequence number of the last event the channel has handled — delivered or dead-lettered every
    /// notification of it and of the events before it; 0 before the first.
    public var handledThrough: Int64
    /// How many events of the feed the channel has still to handle.
    public var backlog: Int64
    /// The channel's dead letters waiting for an operator.
    public var pendingDeadLetters: Int

    /// Creates a channel's progress.
    public init(channel: String, handledThrough: Int64, backlog: Int64, pendingDeadLetters: Int) {
        self.channel = channel
        self.handledThrough = handledThrough
        self.backlog = backlog
        self.pendingDeadLetters = pendingDeadLetters
    }
}
