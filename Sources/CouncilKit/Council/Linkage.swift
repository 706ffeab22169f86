/// A standing responsibility of the three-level linkage (三级联动).
///
/// * A district leader for a community (区级领导包联社区), at least one visit a month.
/// * A department (unit) for a compound (部门单位联系小区), with volunteer service logged.
/// * A cadre for a household in difficulty (党员干部结对帮扶), with visits logged.
public struct Link: CouncilRecord, Hashable, Identifiable {
    /// Which level of the linkage.
    public enum Kind: String, CaseIterable, Sendable, Codable {
        /// Leader ↔ community (包联). Holder: a person with the leader role. Target: a community code.
        case leaderCommunity
        /// Unit ↔ compound (联系). Holder: a unit code. Target: a compound code.
        case unitCompound
        /// Cadre ↔ household (结对). Holder: a person with the cadre role. Target: a household code.
        case cadreHousehold
    }

    /// The link id.
    public var id: String
    /// Which level.
    public var kind: Kind
    /// The leader or cadre person id, or the unit code.
    public var holder: String
    /// The community, compound or household code.
    public var target: String
    /// The community the target lies in.
    public var community: String
    /// The first day of the link.
    public var start: LocalDate
    /// The last day of the link, once ended.
    public var end: LocalDate?

    /// Creates a link as stored; ``LinkageService`` establishes new ones, and a client rebuilds them from the wire.
    public init(id: String, kind: Kind, holder: String, target: String, community: String, start: LocalDate, end: LocalDate?) {
        self.id = id
        self.kind = kind
        self.holder = holder
        self.target = target
        self.community = community
        self.start = start
        self.end = end
    }

    /// Whether the link holds on `day`.
    public func isActive(on day: LocalDate) -> Bool {
        start <= day && (end.map { day <= $0 } ?? true)
    }

    public static let recordKind = "link"
    public var recordID: String { id }
    public var recordCommunity: String? { community }
    public var recordDate: Timestamp? { nil }
}

/// A logged visit under a link (走访 / 慰问 / 志愿服务).
public struct Visit: CouncilRecord, Hashable, Identifiable {
    /// The visit id.
    public var id: String
    /// The link it was made under.
    public var link: String
    /// The link's kind, copied for listing.
    public var kind: Link.Kind
    /// The community, copied for listing.
    public var community: String
    /// When it took place.
    public var at: Timestamp
    /// The people who went: person ids (for volunteer service, the unit's staff).
    public var people: [String]
    /// Hours of service, for a unit's volunteer activity.
    public var hours: Double?
    /// What was done or heard.
    public var notes: String
    /// Help given to a household in difficulty.
    public var helpGiven: String?
    /// Cases raised on the visit.
    public var raisedCases: [CaseID]

    /// Creates a visit as stored; ``LinkageService`` logs new ones, and a client rebuilds them from the wire.
    public init(
        id: String, link: String, kind: Link.Kind, community: String, at: Timestamp, people: [String], hours: Double?,
        notes: String, helpGiven: String?, raisedCases: [CaseID]
    ) {
        self.id = id
        self.link = link
        self.kind = kind
        self.community = community
        self.at = at
        self.people = people
        self.hours = hours
        self.notes = notes
        self.helpGiven = helpGiven
        self.raisedCases = raisedCases
    }

    public static let recordKind = "visit"
    public var recordID: String { id }
    public var recordCommunity: String? { community }
    public var recordDate: Timestamp? { at }
}

/// Where the linkage does not reach, on a given day.
public struct CoverageReport: Hashable, Sendable, Codable {
    /// Communities without a leader linked to them (包联).
    public var communitiesWithoutLeader: [String]
    /// Compounds without a unit linked to them (联系).
    public var compoundsWithoutUnit: [String]
    /// Households in difficulty without a paired cadre (结对).
    public var householdsWithoutCadre: [String]

    /// Creates a report.
    public init(communitiesWithoutLeader: [String], compoundsWithoutUnit: [String], householdsWithoutCadre: [String]) {
        self.communitiesWithoutLeader = communitiesWithoutLeader
        self.compoundsWithoutUnit = compoundsWithoutUnit
        self.householdsWithoutCadre = householdsWithoutCadre
    }
}

/// A link whose visits fell behind.
public struct CadenceLapse: Hashable, Sendable, Codable {
    /// The link.
    public var link: String
    /// The leader, unit or cadre.
    public var holder: String
    /// The community, compound or household.
    public var target: String
    /// For a leader: the month without a visit (its first day). For a pairing: the day the visit was due.
    public var missing: LocalDate

    /// Creates a lapse.
    public init(link: String, holder: String, target: String, missing: LocalDate) {
        self.link = link
        self.holder = holder
        self.target = target
        self.missing = missing
    }
}
