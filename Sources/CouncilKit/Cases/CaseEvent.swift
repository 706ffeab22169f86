/// What one event did to a case. A case is the sequence of its changes; its current state is derived from them.
public enum CaseChange: Hashable, Sendable {
    /// Registered (收集). The first event of every case.
    case submitted(Intake)
    /// Accepted and classified (受理).
    case accepted(Acceptance)
    /// Declined with a reason (不予受理).
    case declined(reason: String)
    /// Referred outside (转送).
    case referred(Referral)
    /// Dispatched to a unit (派遣).
    case dispatched(Dispatch)
    /// Taken on by the community itself (即办).
    case handledLocally(note: String?, due: Timestamp)
    /// Sent back by the unit (退回).
    case returned(unit: String?, reason: String)
    /// Merged into a master case (重复件).
    case merged(master: CaseID, masterNumber: CaseNumber)
    /// Put on a council meeting's agenda (上会).
    case scheduledForDeliberation(meeting: String?, note: String?)
    /// A meeting's record and outcome (协商议事).
    case deliberated(DeliberationRecord)
    /// Handling progress.
    case progressAdded(note: String)
    /// More time requested (延期申请).
    case extensionRequested(ExtensionRequest)
    /// More time approved; the due time moved.
    case extensionApproved(ExtensionApproval)
    /// More time denied.
    case extensionDenied(ExtensionDenial)
    /// Handling finished (办结).
    case resolved(HandlingResult)
    /// The result told to the submitter (反馈); the evaluation window starts.
    case feedbackRecorded(Feedback, evaluationDue: Timestamp)
    /// Rated by the submitter (评价).
    case evaluated(Evaluation)
    /// Sent back to handling (返工) with a new due time.
    case reworkStarted(reason: String, handlingDue: Timestamp)
    /// Verified on site by the source system (核查). A failure reopens the case with a new due time.
    case verified(Verification, handlingDue: Timestamp?)
    /// Closed (结案).
    case closed(note: String?)
    /// Withdrawn by the submitter (撤回).
    case withdrawn(reason: String?)
    /// Closed because the evaluation window passed without a rating.
    case closedUnrated
    /// A running clock reached a threshold (due soon, overdue, supervision). Does not change the status.
    case deadlineAlert(DeadlineAlert)

    /// The operation that produces this change.
    public var operation: CaseOperation {
        switch self {
        case .submitted: return .submit
        case .accepted: return .accept
        case .declined: return .decline
        case .referred: return .refer
        case .dispatched: return .dispatch
        case .handledLocally: return .handleLocally
        case .returned: return .return
        case .merged: return .merge
        case .scheduledForDeliberation: return .scheduleDeliberation
        case .deliberated: return .recordDeliberationOutcome
        case .progressAdded: return .addProgress
        case .extensionRequested: return .requestExtension
        case .extensionApproved: return .approveExtension
        case .extensionDenied: return .denyExtension
        case .resolved: return .resolve
        case .feedbackRecorded: return .recordFeedback
        case .evaluated: return .evaluate
        case .reworkStarted: return .rework
        case .verified: return .verify
        case .closed: return .close
        case .withdrawn: return .withdraw
        case .closedUnrated: return .closeUnrated
        case .deadlineAlert: return .alertDeadline
        }
    }
}

/// The first event's content: the submission and what registration derived from it.
public struct Intake: Hashable, Sendable, Codable {
    /// The submission exactly as received.
    public var submission: Submission
    /// The community the case belongs to, given or derived from its location.
    public var community: String
    /// When the hall must respond (accept, decline, refer or merge).
    public var responseDue: Timestamp
    /// Whether the source system must verify the result on site before the case may close.
    public var requiresVerification: Bool

    /// Creates an intake; ``CaseService/submit(_:by:)`` makes them.
    public init(submission: Submission, community: String, responseDue: Timestamp, requiresVerification: Bool) {
        self.submission = submission
        self.community = community
        self.responseDue = responseDue
        self.requiresVerification = requiresVerification
    }
}

/// One change to one case, as the store recorded it.
public struct CaseEvent: Hashable, Sendable, Codable, Identifiable {
    /// The store-wide sequence number: strictly increasing in commit order, without gaps.
    public var sequence: Int64
    /// The case changed.
    public var caseID: CaseID
    /// The number of the case changed, as people and other systems quote it.
    public var caseNumber: CaseNumber
    /// The case's version after this event: 1 for the submission, then 2, 3, …
    public var version: Int
    /// When it happened.
    public var occurredAt: Timestamp
    /// Who did it.
    public var principal: Principal
    /// What it did.
    public var change: CaseChange

    /// The sequence number.
    public var id: Int64 { sequence }

    /// Creates an event.
    public init(
        sequence: Int64, caseID: CaseID, caseNumber: CaseNumber, version: Int, occurredAt: Timestamp, principal: Principal,
        change: CaseChange
    ) {
        self.sequence = sequence
        self.caseID = caseID
        self.caseNumber = caseNumber
        self.version = version
        self.occurredAt = occurredAt
        self.principal = principal
        self.change = change
    }

    /// The event as a store records it, with `sequence` assigned, of the case numbered `caseNumber`.
    public init(_ pending: PendingEvent, sequence: Int64, caseNumber: CaseNumber) {
        self.init(
            sequence: sequence, caseID: pending.caseID, caseNumber: caseNumber, version: pending.version,
            occurredAt: pending.occurredAt, principal: pending.principal, change: pending.change)
    }
}

/// An event not yet stored: a ``CaseEvent`` without its sequence number, which the store assigns.
public struct PendingEvent: Hashable, Sendable, Codable {
    /// The case changed.
    public var caseID: CaseID
    /// The case's version after this event.
    public var version: Int
    /// When it happened.
    public var occurredAt: Timestamp
    /// Who did it.
    public var principal: Principal
    /// What it did.
    public var change: CaseChange

    /// Creates a pending event.
    public init(caseID: CaseID, version: Int, occurredAt: Timestamp, principal: Principal, change: CaseChange) {
        self.caseID = caseID
        self.version = version
        self.occurredAt = occurredAt
        self.principal = principal
        self.change = change
    }
}
