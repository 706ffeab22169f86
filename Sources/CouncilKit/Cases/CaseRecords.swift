/// What the hall decided on acceptance: classification and the time limits that now apply.
public struct Acceptance: Hashable, Sendable, Codable {
    /// The category code.
    public var category: String
    /// The priority.
    public var priority: Priority
    /// A note from the hall.
    public var note: String?
    /// When handling must be finished (from the policy, or the sending system's requested due time).
    public var handlingDue: Timestamp
    /// The handling time limit from the policy, used again when the case is reworked.
    public var handlingLimit: TimeLimit
    /// How long the submitter has to rate the result once it is fed back.
    public var evaluationWindow: TimeLimit
    /// The most extra time extensions may add in total; extensions are requested in its unit.
    public var maxExtension: TimeLimit
    /// How many times a dissatisfied rating must lead to rework before the hall may close the case anyway.
    public var reworkLimit: Int

    /// Creates an acceptance; ``CaseService/accept(_:category:priority:note:by:expectedVersion:)`` makes them from
    /// the policy.
    public init(
        category: String, priority: Priority, note: String?, handlingDue: Timestamp, handlingLimit: TimeLimit,
        evaluationWindow: TimeLimit, maxExtension: TimeLimit, reworkLimit: Int
    ) {
        self.category = category
        self.priority = priority
        self.note = note
        self.handlingDue = handlingDue
        self.handlingLimit = handlingLimit
        self.evaluationWindow = evaluationWindow
        self.maxExtension = maxExtension
        self.reworkLimit = reworkLimit
    }
}

/// Where a referred case went (转送).
public struct Referral: Hashable, Sendable, Codable {
    /// The kind of body the case was referred to.
    public enum Destination: String, CaseIterable, Hashable, Sendable, Codable {
        /// A court (法院), for matters that need a judgment.
        case court
        /// The discipline inspection commission (纪检监察).
        case disciplineInspection
        /// A higher level of government.
        case higherLevel
        /// Any other body outside the community's remit.
        case otherAgency
    }

    /// The kind of body.
    public var destination: Destination
    /// The body's name, for example 桥西区人民法院.
    public var organization: String
    /// Why the case was referred.
    public var reason: String

    /// Creates a referral.
    public init(destination: Destination, organization: String, reason: String) {
        self.destination = destination
        self.organization = organization
        self.reason = reason
    }
}

/// A hand-over to a responsible unit (派遣).
public struct Dispatch: Hashable, Sendable, Codable {
    /// The unit code.
    public var unit: String
    /// When the unit must finish.
    public var due: Timestamp
    /// What the hall asks the unit to do.
    public var instructions: String?

    /// Creates a dispatch.
    public init(unit: String, due: Timestamp, instructions: String?) {
        self.unit = unit
        self.due = due
        self.instructions = instructions
    }
}

/// A council meeting's decision on a case (决议).
public struct MeetingResolution: Hashable, Sendable, Codable {
    /// What was decided.
    public var decision: String
    /// The unit that carries it out; `nil` when the community does it itself.
    public var responsibleUnit: String?
    /// When it must be done.
    public var deadline: Timestamp
    /// The vote, when one was taken.
    public var vote: Vote?

    /// Creates a resolution.
    public init(decision: String, responsibleUnit: String?, deadline: Timestamp, vote: Vote? = nil) {
        self.decision = decision
        self.responsibleUnit = responsibleUnit
        self.deadline = deadline
        self.vote = vote
    }
}

/// A show of hands at a meeting.
public struct Vote: Hashable, Sendable, Codable {
    /// Votes in favour.
    public var inFavour: Int
    /// Votes against.
    public var against: Int
    /// Abstentions.
    public var abstaining: Int

    /// Creates a vote.
    public init(inFavour: Int, against: Int, abstaining: Int) {
        self.inFavour = inFavour
        self.against = against
        self.abstaining = abstaining
    }
}

/// How a meeting left a case.
public enum DeliberationOutcome: Hashable, Sendable, Codable {
    /// A resolution: the case goes to handling with the resolution's unit and deadline.
    case resolution(MeetingResolution)
    /// Put off to a later meeting, with the reason; the case stays on the agenda.
    case deferred(reason: String)
    /// No consensus; the case goes back to the hall to choose another disposition.
    case noConsensus(note: String)
}

/// What a meeting recorded on a case (协商议事).
public struct DeliberationRecord: Hashable, Sendable, Codable {
    /// The meeting's identifier, when meetings are recorded.
    public var meeting: String?
    /// The questions, answers and debate (问答辩), summarised.
    public var summary: String?
    /// The outcome.
    public var outcome: DeliberationOutcome

    /// Creates a record.
    public init(meeting: String?, summary: String?, outcome: DeliberationOutcome) {
        self.meeting = meeting
        self.summary = summary
        self.outcome = outcome
    }
}

/// A request for more time (延期), counted in the unit of the case's ``Acceptance/maxExtension``.
public struct ExtensionRequest: Hashable, Sendable, Codable {
    /// How much more time, in the unit of the case's maximum extension (calendar or working days, or hours).
    public var length: Int
    /// Why more time is needed.
    public var reason: String

    /// Creates a request.
    public init(length: Int, reason: String) {
        self.length = length
        self.reason = reason
    }
}

/// An approved extension.
public struct ExtensionApproval: Hashable, Sendable, Codable {
    /// The approving person's directory id.
    public var approver: String
    /// The reason as told to the submitter, as the petition rules require.
    public var messageToSubmitter: String
    /// The granted length, in the unit of the maximum extension.
    public var length: Int
    /// The new handling due time.
    public var newDue: Timestamp

    /// Creates an approval.
    public init(approver: String, messageToSubmitter: String, length: Int, newDue: Timestamp) {
        self.approver = approver
        self.messageToSubmitter = messageToSubmitter
        self.length = length
        self.newDue = newDue
    }
}

/// A denied extension.
public struct ExtensionDenial: Hashable, Sendable, Codable {
    /// The person who denied it.
    public var approver: String
    /// Why.
    public var reason: String

    /// Creates a denial.
    public init(approver: String, reason: String) {
        self.approver = approver
        self.reason = reason
    }
}

/// The result of handling (办结) and its completion report (办结报告).
public struct HandlingResult: Hashable, Sendable, Codable {
    /// What was done, in a sentence or two.
    public var summary: String
    /// The formal completion report the petition office expects, when there is one.
    public var completionReport: String?

    /// Creates a result.
    public init(summary: String, completionReport: String? = nil) {
        self.summary = summary
        self.completionReport = completionReport
    }
}

/// How the result was told to the submitter (反馈).
public struct Feedback: Hashable, Sendable, Codable {
    /// A recorded feedback channel.
    public enum Channel: String, CaseIterable, Hashable, Sendable, Codable {
        /// By telephone (电话).
        case phone
        /// By text message (短信).
        case textMessage
        /// In person (当面).
        case inPerson
        /// Through the residents' app.
        case app
        /// By letter (书面).
        case letter
        /// At a council meeting (议事会).
        case meeting
        /// Through the system that sent the case (the petition office, the grid platform).
        case sourceSystem
    }

    /// The channel.
    public var channel: Channel
    /// What the submitter was told.
    public var message: String

    /// Creates a feedback record.
    public init(channel: Channel, message: String) {
        self.channel = channel
        self.message = message
    }
}

/// The submitter's rating (满意 / 基本满意 / 不满意).
public enum Rating: String, CaseIterable, Sendable, Codable {
    /// Satisfied (满意).
    case satisfied
    /// Basically satisfied (基本满意); counts as satisfied in the satisfaction rate.
    case basicallySatisfied
    /// Dissatisfied (不满意); calls for rework while the rework limit allows.
    case dissatisfied
}

/// The submitter's evaluation of the handling (评价).
public struct Evaluation: Hashable, Sendable, Codable {
    /// The rating.
    public var rating: Rating
    /// Whether the submitter considers the problem solved.
    public var solved: Bool
    /// Anything the submitter added.
    public var comment: String?

    /// Creates an evaluation.
    public init(rating: Rating, solved: Bool, comment: String? = nil) {
        self.rating = rating
        self.solved = solved
        self.comment = comment
    }

    /// Whether the evaluation calls for rework: dissatisfied, or not solved.
    public var callsForRework: Bool { rating == .dissatisfied || !solved }
}

/// The source system's on-site verification (核查).
public struct Verification: Hashable, Sendable, Codable {
    /// Whether the problem was found fixed.
    public var passed: Bool
    /// What the verifier saw.
    public var note: String?

    /// Creates a verification.
    public init(passed: Bool, note: String? = nil) {
        self.passed = passed
        self.note = note
    }
}

/// The disposition the hall chose in step 2.
public enum Disposition: String, CaseIterable, Sendable, Codable {
    /// Handled by the community itself (即办).
    case handleLocally
    /// Dispatched to a responsible unit (派遣).
    case dispatch
    /// Put before a council meeting (上会协商).
    case deliberation
    /// Referred outside (转送).
    case referral
    /// Declined (不予受理).
    case decline
    /// Merged into a master case (重复件).
    case merge
}
