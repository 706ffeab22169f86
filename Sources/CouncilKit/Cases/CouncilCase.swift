/// A case's current state, derived from its events (案件).
///
/// A store keeps it beside the events, updated in the same transaction; ``CouncilCase/replaying(_:number:)``
/// derives it again from the events alone. Every field a person would ask about — where it stands, who has it,
/// when it is due, how it was rated — is here.
public struct CouncilCase: Hashable, Sendable, Codable, Identifiable {
    /// The internal identifier.
    public var id: CaseID
    /// The number people quote.
    public var number: CaseNumber
    /// How many events the case has; the expected version for optimistic concurrency.
    public var version: Int
    /// Where the case stands.
    public var status: CaseStatus
    /// What was submitted, exactly as received.
    public var submission: Submission
    /// The community code.
    public var community: String
    /// The category code: suggested on submission, set on acceptance.
    public var category: String?
    /// The priority.
    public var priority: Priority
    /// The disposition chosen in step 2, once chosen.
    public var disposition: Disposition?
    /// The unit now responsible, when dispatched or resolved by a meeting to a unit.
    public var responsibleUnit: String?
    /// For a merged duplicate: the master case it follows.
    public var master: CaseID?
    /// Meetings that discussed the case (recorded an outcome on it), in order.
    public var meetings: [String]
    /// When the case was registered.
    public var createdAt: Timestamp
    /// When the last event happened.
    public var updatedAt: Timestamp

    /// When the hall must respond.
    public var responseDue: Timestamp
    /// When the hall responded (accepted, declined, referred or merged).
    public var respondedAt: Timestamp?
    /// What acceptance set: classification and time limits.
    public var acceptance: Acceptance?
    /// When handling must be finished; moves with approved extensions and rework.
    public var handlingDue: Timestamp?
    /// The latest handling due time the hall may give without an extension: from acceptance, a meeting's
    /// resolution, an approved extension or rework. A dispatch may set an earlier ``handlingDue``; a return to the
    /// hall restores this one.
    public var handlingDueLimit: Timestamp?
    /// The extension request waiting for a decision.
    public var pendingExtension: ExtensionRequest?
    /// How many extensions were approved.
    public var extensionCount: Int
    /// The total length of approved extensions, in the unit of ``Acceptance/maxExtension``.
    public var extendedLength: Int
    /// How many times a unit sent the case back (退回).
    public var returnCount: Int

    /// The latest result of handling.
    public var result: HandlingResult?
    /// When the case was last resolved.
    public var resolvedAt: Timestamp?
    /// Whether the latest resolution came by the handling due time.
    public var resolvedOnTime: Bool?
    /// The latest feedback to the submitter.
    public var feedback: Feedback?
    /// When the submitter's evaluation window ends.
    public var evaluationDue: Timestamp?
    /// The latest evaluation.
    public var evaluation: Evaluation?
    /// How many times the case went back to handling, after an evaluation or a failed verification.
    public var reworkCount: Int
    /// How many on-site verifications failed (each also counts in ``reworkCount``).
    public var failedVerificationCount: Int
    /// Whether the source system must verify on site before closing.
    public var requiresVerification: Bool
    /// The latest verification.
    public var verification: Verification?

    /// Why the case was declined, referred, withdrawn or how it was closed.
    public var closingNote: String?
    /// The referral, for a referred case.
    public var referral: Referral?
    /// When the case reached a final status.
    public var closedAt: Timestamp?
    /// Whether the case closed because the evaluation window passed without a rating.
    public var closedUnrated: Bool
    /// The deadline alerts recorded, oldest first; each threshold fires once per clock and due time.
    public var deadlineAlerts: [DeadlineAlert]

    /// The loop step the case is in.
    public var step: LoopStep { status.step }

    /// The due time of the clock now running: response while submitted, evaluation while awaiting evaluation,
    /// handling in between; `nil` when no clock runs (evaluated or final).
    public var currentDue: Timestamp? {
        switch status {
        case .submitted: return responseDue
        case .accepted, .dispatched, .awaitingDeliberation, .inProgress, .reopened, .resolved: return handlingDue
        case .awaitingEvaluation: return evaluationDue
        case .evaluated, .referred, .declined, .merged, .closed, .withdrawn: return nil
        }
    }
}

extension CouncilCase {
    /// The state after the first event.
    ///
    /// - Parameters:
    ///   - id: The case id.
    ///   - number: The case number the store assigned.
    ///   - intake: The first event's content.
    ///   - at: When it was registered.
    public init(id: CaseID, number: CaseNumber, intake: Intake, at: Timestamp) {
        self.id = id
        self.number = number
        self.version = 1
        self.status = .submitted
        self.submission = intake.submission
        self.community = intake.community
        self.category = intake.submission.category
        self.priority = intake.submission.priority ?? .normal
        self.disposition = nil
        self.responsibleUnit = nil
        self.master = nil
        self.meetings = []
        self.createdAt = at
        self.updatedAt = at
        self.responseDue = intake.responseDue
        self.respondedAt = nil
        self.acceptance = nil
        self.handlingDue = nil
        self.handlingDueLimit = nil
        self.pendingExtension = nil
        self.extensionCount = 0
        self.extendedLength = 0
        self.returnCount = 0
        self.result = nil
        self.resolvedAt = nil
        self.resolvedOnTime = nil
        self.feedback = nil
        self.evaluationDue = nil
        self.evaluation = nil
        self.reworkCount = 0
        self.failedVerificationCount = 0
        self.requiresVerification = intake.requiresVerification
        self.verification = nil
        self.closingNote = nil
        self.referral = nil
        self.closedAt = nil
        self.closedUnrated = false
        self.deadlineAlerts = []
    }

    /// Derives a case's state from its complete event history.
    ///
    /// - Parameters:
    ///   - events: Every event of one case, in version order, starting with its submission.
    ///   - number: The case number the store assigned.
    /// - Throws: ``CouncilError/Code/dataCorrupted`` when the history does not start with a submission or skips
    ///   a version.
    public static func replaying(_ events: [CaseEvent], number: CaseNumber) throws -> CouncilCase {
        guard let first = events.first, case .submitted(let intake) = first.change, first.version == 1 else {
            throw CouncilError(.dataCorrupted, "a case history must start with its submission")
        }
        var state = CouncilCase(id: first.caseID, number: number, intake: intake, at: first.occurredAt)
        for event in events.dropFirst() {
            guard event.version == state.version + 1, event.caseID == state.id else {
                throw CouncilError(.dataCorrupted, "case \(state.id) history skips from version \(state.version)")
            }
            state.apply(event.change, at: event.occurredAt)
        }
        return state
    }
}

extension KeyedDecodingContainer {
    /// Reads ``CouncilCase/deadlineAlerts`` as empty from states stored before deadline alerts existed.
    ///
    /// The synthesized `CouncilCase` decoder calls this overload rather than the generic one, so older rows in
    /// every store stay readable without a migration.
    func decode(_ type: [DeadlineAlert].Type, forKey key: Key) throws -> [DeadlineAlert] {
        try decodeIfPresent(type, forKey: key) ?? []
    }
}
