/// A figure of the assessment (评价考核), with its formula.
///
/// The formulas, for the cases registered in the period and counted for the subject, judged at the scorecard's
/// `asOf` instant:
///
/// | measure | numerator | denominator |
/// |---|---|---|
/// | response rate 响应率 | cases responded to (accepted, declined, referred or merged) by their response due time | cases responded to, plus cases still unanswered after their response due time; cases withdrawn before a response and cases still within their response limit do not count |
/// | on-time closure rate 按期办结率 | handled cases whose latest resolution came by their handling due time, an approved extension included | handled cases resolved, plus handled cases unresolved after their handling due time; "handled" means accepted and not later withdrawn, declined, referred or merged |
/// | resolution rate 解决率 | rated cases the submitter called solved | cases with a rating (the latest, after any rework) |
/// | satisfaction rate 满意率 | ratings "satisfied" or "basically satisfied" | cases with a rating; unrated cases (closed unrated, or not yet rated) do not count |
/// | rework rate 返工率 (lower is better) | cases sent back to handling at least once (rework or failed verification) | cases resolved at least once |
/// | extension rate 延期率 (lower is better) | handled cases with at least one approved extension | handled cases |
/// | meeting cadence 议事频次 | weeks (Monday–Sunday) of the period with at least one held meeting | weeks of the period; communities only |
/// | visit cadence 走访频次 | link-months with at least one visit: a leader's visits to a linked community, a unit's volunteer service in a linked compound | months each link was active in the period |
public enum MeasureKind: String, CaseIterable, Sendable, Codable {
    /// Response rate (响应率).
    case responseRate
    /// On-time closure rate (按期办结率).
    case onTimeRate
    /// Resolution rate (解决率).
    case resolutionRate
    /// Satisfaction rate (满意率).
    case satisfactionRate
    /// Rework rate (返工率); lower is better.
    case reworkRate
    /// Extension rate (延期率); lower is better.
    case extensionRate
    /// Meeting cadence (议事频次); communities only.
    case meetingCadence
    /// Visit cadence (走访频次).
    case visitCadence

    /// The Chinese name used on reports.
    public var chineseName: String {
        switch self {
        case .responseRate: return "响应率"
        case .onTimeRate: return "按期办结率"
        case .resolutionRate: return "解决率"
        case .satisfactionRate: return "满意率"
        case .reworkRate: return "返工率"
        case .extensionRate: return "延期率"
        case .meetingCadence: return "议事频次"
        case .visitCadence: return "走访频次"
        }
    }

    /// Whether a higher value is better; rework and extension rates are better low.
    public var higherIsBetter: Bool { self != .reworkRate && self != .extensionRate }

    /// The formula in one line: numerator / denominator.
    public var formula: String {
        switch self {
        case .responseRate:
            return "responded by the response due time / (responded + unanswered past the response due time)"
        case .onTimeRate:
            return "handled cases resolved by the handling due time (extensions included) / (handled cases resolved + handled cases unresolved past the handling due time)"
        case .resolutionRate: return "rated cases called solved / rated cases"
        case .satisfactionRate: return "(satisfied + basically satisfied) / rated cases; unrated cases excluded"
        case .reworkRate: return "cases sent back to handling at least once / cases resolved at least once"
        case .extensionRate: return "handled cases with an approved extension / handled cases"
        case .meetingCadence: return "weeks with a held meeting / weeks in the period"
        case .visitCadence: return "link-months with a visit / link-months in the period"
        }
    }
}

/// One figure: numerator over denominator.
public struct Measure: Hashable, Sendable, Codable {
    /// Which figure.
    public var kind: MeasureKind
    /// What counted for it.
    public var numerator: Int
    /// What it is counted against.
    public var denominator: Int

    /// Creates a measure.
    public init(kind: MeasureKind, numerator: Int, denominator: Int) {
        self.kind = kind
        self.numerator = numerator
        self.denominator = denominator
    }

    /// numerator / denominator, or `nil` when nothing counted.
    public var value: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }

    /// The value as a score where higher is better: the value, or one minus it for rework and extension rates.
    public var score: Double? { value.map { kind.higherIsBetter ? $0 : 1 - $0 } }
}

/// Whose performance a scorecard measures.
public enum ScorecardSubject: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A community: its cases, meetings and the leader visits it received.
    case community(String)
    /// A responsible unit: the cases now assigned to it, and its volunteer service in linked compounds.
    case unit(String)
    /// A district leader: the cases of the communities linked to the leader when they were registered, and the
    /// leader's visits.
    case leader(String)

    /// The subject's code or id.
    public var code: String {
        switch self {
        case .community(let code), .unit(let code), .leader(let code): return code
        }
    }

    public var description: String {
        switch self {
        case .community(let code): return "community \(code)"
        case .unit(let code): return "unit \(code)"
        case .leader(let id): return "leader \(id)"
        }
    }
}

/// The figures of one subject over one period.
public struct Scorecard: Hashable, Sendable, Codable {
    /// Whose figures.
    public var subject: ScorecardSubject
    /// The first day of the period.
    public var from: LocalDate
    /// The last day of the period.
    public var through: LocalDate
    /// The instant open cases were judged at.
    public var asOf: Timestamp
    /// Cases registered in the period and counted for the subject.
    public var casesReceived: Int
    /// The figures, in ``MeasureKind`` order; cadence figures only where they apply to the subject.
    public var measures: [Measure]

    /// Creates a scorecard.
    public init(subject: ScorecardSubject, from: LocalDate, through: LocalDate, asOf: Timestamp, casesReceived: Int, measures: [Measure]) {
        self.subject = subject
        self.from = from
        self.through = through
        self.asOf = asOf
        self.casesReceived = casesReceived
        self.measures = measures
    }

    /// The figure of one kind, if it applies.
    public subscript(kind: MeasureKind) -> Measure? { measures.first { $0.kind == kind } }
}
