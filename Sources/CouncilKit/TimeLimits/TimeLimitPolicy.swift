/// The limits that apply to one kind of case.
public struct TimeLimits: Hashable, Sendable, Codable {
    /// From registration to the response decision (accept, decline, refer or merge).
    public var response: TimeLimit
    /// From acceptance to resolution.
    public var handling: TimeLimit
    /// From feedback to the submitter's evaluation; afterwards the case may close unrated.
    public var evaluationWindow: TimeLimit
    /// The most extra handling time extensions may add in total. Extensions are requested in its unit.
    public var maxExtension: TimeLimit

    /// Creates a set of limits.
    public init(response: TimeLimit, handling: TimeLimit, evaluationWindow: TimeLimit, maxExtension: TimeLimit) {
        self.response = response
        self.handling = handling
        self.evaluationWindow = evaluationWindow
        self.maxExtension = maxExtension
    }
}

/// The time-limit table (限时办结): category × priority × source → limits, plus the thresholds that turn a due
/// time into "due soon", "overdue" and "supervised".
///
/// A rule matches a case when each of its non-`nil` keys equals the case's; the matching rule with the most keys
/// wins, and among equals the later one in ``rules``. ``defaults`` applies when nothing matches. In a configuration
/// file every key is optional.
public struct TimeLimitPolicy: Hashable, Sendable, Codable {
    /// One row of the table.
    public struct Rule: Hashable, Sendable, Codable {
        /// The category code this rule is for, or any.
        public var category: String?
        /// The priority this rule is for, or any.
        public var priority: Priority?
        /// The source this rule is for, or any.
        public var source: CaseSource?
        /// The limits.
        public var limits: TimeLimits

        /// Creates a rule.
        public init(category: String? = nil, priority: Priority? = nil, source: CaseSource? = nil, limits: TimeLimits) {
            self.category = category
            self.priority = priority
            self.source = source
            self.limits = limits
        }

        var specificity: Int {
            (category == nil ? 0 : 1) + (priority == nil ? 0 : 1) + (source == nil ? 0 : 1)
        }

        func matches(category: String?, priority: Priority, source: CaseSource) -> Bool {
            (self.category == nil || self.category == category) && (self.priority == nil || self.priority == priority)
                && (self.source == nil || self.source == source)
        }
    }

    /// Limits when no rule matches.
    public var defaults: TimeLimits
    /// The rows of the table.
    public var rules: [Rule]
    /// How long before a due time a case counts as due soon, in hours.
    public var dueSoonHours: Int
    /// How long after a due time an overdue case comes under the supervision (督办) of the leader linked to its community, in hours.
    public var supervisionAfterHours: Int
    /// How many reworks a dissatisfied rating must lead to before the hall may close the case regardless.
    public var reworkLimit: Int
    /// Sources whose cases the source system must verify on site (核查) before they may close.
    public var verifyingSources: Set<CaseSource>

    /// Creates a policy.
    public init(
        defaults: TimeLimits, rules: [Rule] = [], dueSoonHours: Int = 24, supervisionAfterHours: Int = 48,
        reworkLimit: Int = 2, verifyingSources: Set<CaseSource> = [.gridPlatform]
    ) {
        self.defaults = defaults
        self.rules = rules
        self.dueSoonHours = dueSoonHours
        self.supervisionAfterHours = supervisionAfterHours
        self.reworkLimit = reworkLimit
        self.verifyingSources = verifyingSources
    }

    /// The limits for a case.
    public func limits(category: String?, priority: Priority, source: CaseSource) -> TimeLimits {
        var best: Rule?
        for rule in rules where rule.matches(category: category, priority: priority, source: source) {
            if best == nil || rule.specificity >= best!.specificity { best = rule }
        }
        return best?.limits ?? defaults
    }

    /// The policy the loop's rules call for, as a starting point for a deployment's own table.
    ///
    /// * Ordinary cases: respond within 1 working day, handle within 15 working days, 7 days to evaluate, at most
    ///   10 working days of extension.
    /// * Urgent cases: respond within 2 hours, handle within 3 working days, at most 2 more.
    /// * Petitions transferred by the petition office: respond within 15 days, handle within 60 days of acceptance,
    ///   extendable by at most 30 days (the statutory petition clock).
    /// * Hotline cases: respond within 2 hours, handle within 5 working days.
    /// * Heating failures: handle within 2 working days.
    public static let standard = TimeLimitPolicy(
        defaults: TimeLimits(response: .workingDays(1), handling: .workingDays(15), evaluationWindow: .calendarDays(7), maxExtension: .workingDays(10)),
        rules: [
            Rule(priority: .urgent, limits: TimeLimits(response: .hours(2), handling: .workingDays(3), evaluationWindow: .calendarDays(7), maxExtension: .workingDays(2))),
            Rule(source: .hotline, limits: TimeLimits(response: .hours(2), handling: .workingDays(5), evaluationWindow: .calendarDays(3), maxExtension: .workingDays(5))),
            Rule(category: "heating", limits: TimeLimits(response: .hours(4), handling: .workingDays(2), evaluationWindow: .calendarDays(7), maxExtension: .workingDays(2))),
            Rule(source: .petitionOffice, limits: TimeLimits(response: .calendarDays(15), handling: .calendarDays(60), evaluationWindow: .calendarDays(30), maxExtension: .calendarDays(30))),
        ])

    private enum CodingKeys: String, CodingKey {
        case defaults, rules, dueSoonHours, supervisionAfterHours, reworkLimit, verifyingSources
    }

    /// Keys that were renamed: a configuration that still uses one is refused rather than silently given defaults.
    private enum RenamedKeys: String, CodingKey {
        /// Now `supervisionAfterHours`, since the glossary names 督办 supervision.
        case escalateAfterHours
    }

    /// Decodes a policy; keys left out take the values of ``standard``.
    public init(from decoder: any Decoder) throws {
        let renamed = try decoder.container(keyedBy: RenamedKeys.self)
        if renamed.contains(.escalateAfterHours) {
            throw DecodingError.dataCorruptedError(
                forKey: .escalateAfterHours, in: renamed, debugDescription: "escalateAfterHours is now called supervisionAfterHours (督办)")
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let base = TimeLimitPolicy.standard
        self.init(
            defaults: try c.decodeIfPresent(TimeLimits.self, forKey: .defaults) ?? base.defaults,
            rules: try c.decodeIfPresent([Rule].self, forKey: .rules) ?? base.rules,
            dueSoonHours: try c.decodeIfPresent(Int.self, forKey: .dueSoonHours) ?? base.dueSoonHours,
            supervisionAfterHours: try c.decodeIfPresent(Int.self, forKey: .supervisionAfterHours) ?? base.supervisionAfterHours,
            reworkLimit: try c.decodeIfPresent(Int.self, forKey: .reworkLimit) ?? base.reworkLimit,
            verifyingSources: try c.decodeIfPresent(Set<CaseSource>.self, forKey: .verifyingSources) ?? base.verifyingSources)
    }
}

/// Where a case stands against its running clock.
public enum DeadlineState: String, Sendable, Codable, CaseIterable, Comparable {
    /// No clock runs (evaluated or final).
    case none
    /// More than the due-soon window remains.
    case onTime
    /// The due time is within the policy's due-soon window.
    case dueSoon
    /// The due time has passed.
    case overdue
    /// Overdue for longer than the policy's ``TimeLimitPolicy/supervisionAfterHours``: under the supervision (督办) of the linked leader.
    case supervised

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: DeadlineState, rhs: DeadlineState) -> Bool { lhs.rank < rhs.rank }
}

extension CouncilCase {
    /// Where the case stands against its running clock at `now`.
    public func deadlineState(at now: Timestamp, policy: TimeLimitPolicy) -> DeadlineState {
        guard let due = currentDue else { return .none }
        if now >= due.adding(hours: policy.supervisionAfterHours) { return .supervised }
        if now >= due { return .overdue }
        if now >= due.adding(hours: -policy.dueSoonHours) { return .dueSoon }
        return .onTime
    }
}
