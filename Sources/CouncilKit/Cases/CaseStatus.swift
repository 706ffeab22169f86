/// The five steps of the closed loop (五步闭环) a case travels.
public enum LoopStep: Int, CaseIterable, Sendable, Codable, Comparable {
    /// 收集问题 — the case is registered from a channel.
    case collect = 1
    /// 分类处置 — accepted or not, classified, and given a disposition.
    case classifyAndDispose = 2
    /// 协商议事 — on a council meeting's agenda.
    case deliberate = 3
    /// 办理反馈 — a unit works the case and the result is fed back.
    case handleAndFeedBack = 4
    /// 评价考核 — the submitter rates the handling; the case closes.
    case evaluateAndAssess = 5

    public static func < (lhs: LoopStep, rhs: LoopStep) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where a case stands. Derived from its events; see <doc:FiveStepLoop> for every transition.
public enum CaseStatus: String, CaseIterable, Sendable, Codable {
    /// Registered, waiting for the response decision.
    case submitted
    /// Accepted (受理); waiting for a disposition.
    case accepted
    /// Dispatched (派遣) to a responsible unit, which has not reported progress yet.
    case dispatched
    /// On a council meeting's agenda (上会协商).
    case awaitingDeliberation
    /// Referred (转送) outside the community's remit. Final.
    case referred
    /// Declined (不予受理) with a reason. Final.
    case declined
    /// Merged into a master case as a duplicate (重复件). Final; follows the master's outcome.
    case merged
    /// Being handled (办理), by a unit or by the community itself.
    case inProgress
    /// Handled (办结); the result must be fed back to the submitter.
    case resolved
    /// The result was fed back (反馈); waiting for the submitter's evaluation.
    case awaitingEvaluation
    /// Rated by the submitter (评价).
    case evaluated
    /// Sent back to handling (返工) after a dissatisfied rating or a failed verification.
    case reopened
    /// Closed (结案). Final.
    case closed
    /// Withdrawn (撤回) by the submitter. Final.
    case withdrawn

    /// The loop step this status belongs to.
    public var step: LoopStep {
        switch self {
        case .submitted: return .collect
        case .accepted, .dispatched, .referred, .declined, .merged: return .classifyAndDispose
        case .awaitingDeliberation: return .deliberate
        case .inProgress, .resolved, .awaitingEvaluation, .reopened: return .handleAndFeedBack
        case .evaluated, .closed, .withdrawn: return .evaluateAndAssess
        }
    }

    /// Whether no operation can change the case any more.
    public var isFinal: Bool {
        switch self {
        case .referred, .declined, .merged, .closed, .withdrawn: return true
        default: return false
        }
    }
}

/// Every operation that changes a case. An ``CouncilError/Code/illegalTransition`` error lists the ones the
/// case's current state allows.
public enum CaseOperation: String, CaseIterable, Sendable, Codable {
    /// Register a new case (收集/登记).
    case submit
    /// Accept the case (受理), setting its category and priority and starting the handling clock.
    case accept
    /// Decline the case with a reason (不予受理).
    case decline
    /// Refer the case outside the community's remit (转送).
    case refer
    /// Hand the case to a responsible unit with a due time (派遣).
    case dispatch
    /// Have the community handle the case itself (即办).
    case handleLocally
    /// A unit sends the case back as not its responsibility (退回).
    case `return`
    /// Link the case to a master case as its duplicate (重复件).
    case merge
    /// Put the case before a council meeting (上会协商).
    case scheduleDeliberation
    /// Record what a meeting decided on the case: a resolution, a deferral or no consensus.
    case recordDeliberationOutcome
    /// Log handling progress.
    case addProgress
    /// Ask for more time (延期申请).
    case requestExtension
    /// Approve the pending extension; the due time moves.
    case approveExtension
    /// Deny the pending extension.
    case denyExtension
    /// Record the result of handling and its completion report (办结).
    case resolve
    /// Record that the result was told to the submitter, and by which channel (反馈).
    case recordFeedback
    /// Record the submitter's rating (评价).
    case evaluate
    /// Send the case back to handling (返工).
    case rework
    /// Record the source system's on-site verification (核查).
    case verify
    /// Close the case (结案).
    case close
    /// The submitter drops the case (撤回).
    case withdraw
    /// Close a case whose evaluation window passed without a rating.
    case closeUnrated
    /// Record that a running clock reached a threshold (due soon, overdue, supervision). Performed by the deadline
    /// monitor through ``CaseService/raiseDeadlineAlert(_:by:)``, never offered to people: it is not in any status's
    /// list of operations nor in ``CouncilError/allowedOperations``.
    case alertDeadline
}
