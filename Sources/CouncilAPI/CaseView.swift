import CouncilKit

/// A case as a server answers with it (`council.v1.Case`): the state, plus what the server derived when it
/// answered.
///
/// The server masks or omits ``state``'s `submission.submitter` before building the view and says so in
/// ``submitterDisclosure``. The schema's `step` and `current_due` are computed from ``state`` when encoding and
/// not read back.
public struct CaseView: Hashable, Sendable {
    /// The case's state (personal data as disclosed).
    public var state: CouncilCase
    /// How `state.submission.submitter` was treated.
    public var submitterDisclosure: PersonalDataDisclosure
    /// The operations the case allowed when the server answered.
    public var allowedOperations: [CaseOperation]
    /// Where the case stood against its running clock when the server answered.
    public var deadlineState: DeadlineState

    /// Creates a view.
    public init(
        state: CouncilCase, submitterDisclosure: PersonalDataDisclosure, allowedOperations: [CaseOperation],
        deadlineState: DeadlineState
    ) {
        self.state = state
        self.submitterDisclosure = submitterDisclosure
        self.allowedOperations = allowedOperations
        self.deadlineState = deadlineState
    }
}

extension CategoryInfo {
    /// The category with its limits resolved from `policy` for every priority and source, in schema order.
    public init(category: CouncilKit.Category, policy: TimeLimitPolicy) {
        self.init(
            category: category,
            limits: Priority.allCases.flatMap { priority in
                CaseSource.allCases.map { source in
                    ResolvedTimeLimits(
                        priority: priority, source: source,
                        limits: policy.limits(category: category.code, priority: priority, source: source))
                }
            })
    }
}

/// A request that can say of itself whether sending it again is harmless, whatever its metadata: the client sends
/// such a request again on a new connection when the old one broke before the answer came.
public protocol RepeatableRequest: Sendable {
    /// Whether sending the request again cannot do anything twice.
    var isRepeatable: Bool { get }
}

extension SubmitRequest: RepeatableRequest {
    /// Whether sending the request again cannot register a second case: it carries an external reference, which
    /// makes intake idempotent (`Schemas/PROTOCOL.md` §5.4).
    public var isRepeatable: Bool { submission.externalReference != nil }
}

/// A request that acts on one existing case: every case operation but submit.
public protocol CaseOperationRequest: Sendable {
    /// The case acted on.
    var caseID: CaseID { get }
    /// The version the caller last read; `nil` not to check.
    var expectedVersion: Int? { get }
}

/// A response that is one case: what a write of the loop answers. A retry under the same idempotency key is answered
/// with the case as it stands then.
public protocol CaseResult: Sendable {
    /// The case the write acted on.
    var caseID: CaseID { get }
    /// The answer to a repeat of the write, given the case as it stands now.
    static func repeated(_ view: CaseView) -> Self
}

extension CaseView: CaseResult {
    public var caseID: CaseID { state.id }
    public static func repeated(_ view: CaseView) -> CaseView { view }
}

extension SubmitResponse: CaseResult {
    public var caseID: CaseID { `case`.state.id }
    /// The case registered by the first submit; `created` is false.
    public static func repeated(_ view: CaseView) -> SubmitResponse { SubmitResponse(case: view, created: false) }
}

/// The keys a case can be fetched by: its id, its number, or the sending system's reference.
public typealias CaseKey = GetCaseRequest.Key

extension GetAnnualAssessmentResponse {
    /// The weights and the minimum counted share the assessment used, as CouncilKit holds them.
    public var assessmentWeights: AssessmentService.Weights {
        AssessmentService.Weights(
            Dictionary(weights.map { ($0.kind, $0.weight) }, uniquingKeysWith: { $1 }), minimumCountedShare: minimumCountedShare)
    }
}
