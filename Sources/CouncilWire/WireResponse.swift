import CouncilKit

/// A call's result, as CouncilKit values. Each case mirrors a `Response.response` member of the schema and the
/// ``WireRequest`` case of the same name.
public enum WireResponse: Hashable, Sendable {
    /// Who the server is.
    case getServerInfo(ServerInfo)
    /// Whether it can take work.
    case checkHealth(ServingStatus)
    /// The district, communities and places.
    case listCommunities(CommunityListing)
    /// A grid cell and its community.
    case locateGridCell(GridCell, Community)
    /// Responsible units.
    case listUnits([ResponsibleUnit])
    /// People.
    case listPeople([Person])
    /// Categories with their limits, and the whole policy.
    case listCategories([CategoryInfo], policy: TimeLimitPolicy)
    /// One case.
    case getCase(CaseView)
    /// A case's events, and how personal data in them was treated.
    case getHistory([CaseEvent], disclosure: PersonalDataDisclosure)
    /// One page of cases and the cursor of the next.
    case findCases([CaseView], nextCursor: String?)
    /// A page of the changes feed.
    case listChanges([CaseEvent], latestSequence: Int64, disclosure: PersonalDataDisclosure)
    /// One item of a watch stream.
    case watchEvents([CaseEvent], disclosure: PersonalDataDisclosure)
    /// The submitted case, and whether this call registered it.
    case submit(CaseView, created: Bool)
    /// The case after a case operation. `operation` is never ``CaseOperation/submit`` (that is ``submit(_:created:)``).
    case updated(CaseOperation, CaseView)

    /// The scheduled meeting.
    case scheduleMeeting(Meeting)
    /// The meeting with its new agenda item.
    case addToAgenda(Meeting)
    /// The meeting at its new time.
    case rescheduleMeeting(Meeting)
    /// The cancelled meeting.
    case cancelMeeting(Meeting)
    /// The held meeting, the cases it moved, the cases it could not, and the deferred cases carried over.
    case holdMeeting(MeetingHeld)
    /// One meeting.
    case getMeeting(Meeting)
    /// Meetings in date order.
    case listMeetings([Meeting])
    /// The public notice text of a held meeting.
    case getPublicNotice(String)
    /// Weeks without a meeting.
    case listMeetingCadenceGaps([CadenceGap])
    /// The new link.
    case establishLink(Link)
    /// The ended link.
    case endLink(Link)
    /// The logged visit.
    case logVisit(Visit)
    /// The case raised on a visit.
    case raiseCaseOnVisit(CaseView)
    /// Links in id order.
    case listLinks([Link])
    /// Visits in time order.
    case listVisits([Visit])
    /// What the linkage does not cover on a day.
    case getCoverage(CoverageReport)
    /// Links whose visits fell behind.
    case listCadenceLapses([CadenceLapse])
    /// The recorded election.
    case recordElection(Election)
    /// A community's elections in date order.
    case listElections([Election])
    /// Person ids of the representatives on a day.
    case listRepresentatives([String])
    /// Each representative's attendance.
    case getAttendance([Attendance])
    /// The recorded commendation.
    case commend(Commendation)
    /// Commendations in date order.
    case listCommendations([Commendation])
    /// A scorecard.
    case getScorecard(Scorecard)
    /// The annual assessment.
    case getAnnualAssessment(AssessmentService.AnnualAssessment)
    /// CSV bytes (UTF-8 with a byte-order mark) of cases.
    case exportCases(csv: [UInt8])
    /// CSV bytes (UTF-8 with a byte-order mark) of scorecards.
    case exportScorecards(csv: [UInt8])
    /// What the loaded directory holds.
    case loadDirectory(DirectoryLoad)
    /// Dead letters, oldest first.
    case listDeadLetters([DeadLetter])
    /// The dead letter after its replay.
    case replayDeadLetter(DeadLetter)
    /// The dead letter set aside.
    case discardDeadLetter(DeadLetter)

    /// The method this response answers; `nil` for an operation no client calls (``CaseOperation/alertDeadline``).
    public var method: WireMethod? {
        switch self {
        case .getServerInfo: return .getServerInfo
        case .checkHealth: return .checkHealth
        case .listCommunities: return .listCommunities
        case .locateGridCell: return .locateGridCell
        case .listUnits: return .listUnits
        case .listPeople: return .listPeople
        case .listCategories: return .listCategories
        case .getCase: return .getCase
        case .getHistory: return .getHistory
        case .findCases: return .findCases
        case .listChanges: return .listChanges
        case .watchEvents: return .watchEvents
        case .submit: return .submit
        case .updated(let operation, _): return WireMethod.forOperation(operation)
        case .scheduleMeeting: return .scheduleMeeting
        case .addToAgenda: return .addToAgenda
        case .rescheduleMeeting: return .rescheduleMeeting
        case .cancelMeeting: return .cancelMeeting
        case .holdMeeting: return .holdMeeting
        case .getMeeting: return .getMeeting
        case .listMeetings: return .listMeetings
        case .getPublicNotice: return .getPublicNotice
        case .listMeetingCadenceGaps: return .listMeetingCadenceGaps
        case .establishLink: return .establishLink
        case .endLink: return .endLink
        case .logVisit: return .logVisit
        case .raiseCaseOnVisit: return .raiseCaseOnVisit
        case .listLinks: return .listLinks
        case .listVisits: return .listVisits
        case .getCoverage: return .getCoverage
        case .listCadenceLapses: return .listCadenceLapses
        case .recordElection: return .recordElection
        case .listElections: return .listElections
        case .listRepresentatives: return .listRepresentatives
        case .getAttendance: return .getAttendance
        case .commend: return .commend
        case .listCommendations: return .listCommendations
        case .getScorecard: return .getScorecard
        case .getAnnualAssessment: return .getAnnualAssessment
        case .exportCases: return .exportCases
        case .exportScorecards: return .exportScorecards
        case .loadDirectory: return .loadDirectory
        case .listDeadLetters: return .listDeadLetters
        case .replayDeadLetter: return .replayDeadLetter
        case .discardDeadLetter: return .discardDeadLetter
        }
    }
}

extension WireMethod {
    /// The method that performs a case operation; `nil` for ``CaseOperation/alertDeadline``, which only the server's
    /// deadline monitor performs.
    public static func forOperation(_ operation: CaseOperation) -> WireMethod? {
        switch operation {
        case .submit: return .submit
        case .accept: return .accept
        case .decline: return .decline
        case .refer: return .refer
        case .dispatch: return .dispatch
        case .handleLocally: return .handleLocally
        case .return: return .returnCase
        case .merge: return .merge
        case .scheduleDeliberation: return .scheduleDeliberation
        case .recordDeliberationOutcome: return .recordDeliberationOutcome
        case .addProgress: return .addProgress
        case .requestExtension: return .requestExtension
        case .approveExtension: return .approveExtension
        case .denyExtension: return .denyExtension
        case .resolve: return .resolve
        case .recordFeedback: return .recordFeedback
        case .evaluate: return .evaluate
        case .rework: return .rework
        case .verify: return .verify
        case .close: return .close
        case .withdraw: return .withdraw
        case .closeUnrated: return .closeUnrated
        case .alertDeadline: return nil
        }
    }
}

/// How a submitter's personal data was treated for the caller (PIPL).
public enum PersonalDataDisclosure: String, CaseIterable, Hashable, Sendable {
    /// As recorded.
    case full
    /// Masked with ``PersonalData/masked()``.
    case masked
    /// Left out entirely.
    case omitted
}

/// A case as a server answers with it (`council.v1.Case`): the state, plus what the server derived when it
/// answered.
///
/// The server masks or omits ``state``'s `submission.submitter` before building the view and says so in
/// ``submitterDisclosure``; the codec passes what it is given. The schema's `step` and `current_due` are
/// computed from ``state`` when encoding and not read back.
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

/// The district and the places in it (`ListCommunitiesResponse`).
public struct CommunityListing: Hashable, Sendable {
    /// The district.
    public var district: District
    /// Communities in code order.
    public var communities: [Community]
    /// Compounds in code order.
    public var compounds: [Compound]
    /// Buildings in code order.
    public var buildings: [Building]
    /// Grid cells in code order.
    public var gridCells: [GridCell]

    /// Creates a listing.
    public init(
        district: District, communities: [Community], compounds: [Compound] = [], buildings: [Building] = [],
        gridCells: [GridCell] = []
    ) {
        self.district = district
        self.communities = communities
        self.compounds = compounds
        self.buildings = buildings
        self.gridCells = gridCells
    }
}

/// A category with the limits the policy gives it (`council.v1.CategoryInfo`).
public struct CategoryInfo: Hashable, Sendable {
    /// The limits for one priority and source.
    public struct Entry: Hashable, Sendable {
        /// The priority.
        public var priority: Priority
        /// The source.
        public var source: CaseSource
        /// The limits.
        public var limits: TimeLimits

        /// Creates an entry.
        public init(priority: Priority, source: CaseSource, limits: TimeLimits) {
            self.priority = priority
            self.source = source
            self.limits = limits
        }
    }

    /// The category.
    public var category: CouncilKit.Category
    /// One entry per priority and source.
    public var limits: [Entry]

    /// Creates an entry list.
    public init(category: CouncilKit.Category, limits: [Entry]) {
        self.category = category
        self.limits = limits
    }

    /// The category with its limits resolved from `policy` for every priority and source, in schema order.
    public init(category: CouncilKit.Category, policy: TimeLimitPolicy) {
        self.category = category
        self.limits = Priority.allCases.flatMap { priority in
            CaseSource.allCases.map { source in
                Entry(priority: priority, source: source,
                      limits: policy.limits(category: category.code, priority: priority, source: source))
            }
        }
    }
}

/// Who a server is (`GetServerInfoResponse`).
public struct ServerInfo: Hashable, Sendable {
    /// The instance's identifier.
    public var serverID: String
    /// The software's version.
    public var serverVersion: String
    /// Every protocol version spoken.
    public var protocolVersions: [UInt32]
    /// The server's clock when it answered.
    public var serverTime: Timestamp
    /// The connection's limits.
    public var limits: WireLimits
    /// The district served.
    public var district: District

    /// Creates server information.
    public init(
        serverID: String, serverVersion: String, protocolVersions: [UInt32], serverTime: Timestamp, limits: WireLimits,
        district: District
    ) {
        self.serverID = serverID
        self.serverVersion = serverVersion
        self.protocolVersions = protocolVersions
        self.serverTime = serverTime
        self.limits = limits
        self.district = district
    }
}

/// Whether a server can take work (`CheckHealthResponse.ServingStatus`).
public enum ServingStatus: String, CaseIterable, Hashable, Sendable {
    /// Taking calls.
    case serving
    /// Up, but its store is unavailable.
    case notServing
    /// Finishing calls before shutting down.
    case draining
}

/// What holding a meeting did (`HoldMeetingResponse`): ``MeetingService/HoldResult`` as a caller sees it.
public struct MeetingHeld: Hashable, Sendable {
    /// The meeting as held.
    public var meeting: Meeting
    /// Each case whose outcome was recorded, as it stands after it (personal data as disclosed to the caller).
    public var cases: [CaseView]
    /// Cases whose outcome could not be recorded because they changed meanwhile, with the status the case operation
    /// would have answered.
    public var failures: [CaseID: WireStatus]
    /// Deferred cases put onto the community's next scheduled meeting, by that meeting's id.
    public var carriedOver: [CaseID: String]

    /// Creates a result.
    public init(meeting: Meeting, cases: [CaseView], failures: [CaseID: WireStatus] = [:], carriedOver: [CaseID: String] = [:]) {
        self.meeting = meeting
        self.cases = cases
        self.failures = failures
        self.carriedOver = carriedOver
    }
}

/// What a loaded directory holds (`LoadDirectoryResponse`).
public struct DirectoryLoad: Hashable, Sendable {
    /// The district.
    public var district: District
    /// How many communities.
    public var communities: Int
    /// How many compounds.
    public var compounds: Int
    /// How many buildings.
    public var buildings: Int
    /// How many households.
    public var households: Int
    /// How many grid cells.
    public var gridCells: Int
    /// How many responsible units.
    public var units: Int
    /// How many people.
    public var people: Int
    /// How many categories.
    public var categories: Int
    /// The stored directory's version: 1 for the first load, one more for each later one.
    public var version: Int

    /// Creates a summary.
    public init(
        district: District, communities: Int, compounds: Int, buildings: Int, households: Int, gridCells: Int, units: Int,
        people: Int, categories: Int, version: Int
    ) {
        self.district = district
        self.communities = communities
        self.compounds = compounds
        self.buildings = buildings
        self.households = households
        self.gridCells = gridCells
        self.units = units
        self.people = people
        self.categories = categories
        self.version = version
    }

    /// The summary of `directory`, stored as `version`.
    public init(_ directory: Directory, version: Int) {
        self.init(
            district: directory.district, communities: directory.communities.count, compounds: directory.compounds.count,
            buildings: directory.buildings.count, households: directory.households.count,
            gridCells: directory.gridCells.count, units: directory.units.count, people: directory.people.count,
            categories: directory.categories.count, version: version)
    }
}
