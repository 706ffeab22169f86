import CouncilKit

/// A method of the protocol: the member of `Call.request` and `Response.response`. Its raw value is that
/// member's field number, which is the method's identity on the wire.
public enum WireMethod: Int, CaseIterable, Hashable, Sendable {
    case getServerInfo = 10
    case checkHealth = 11
    case listCommunities = 20
    case locateGridCell = 21
    case listUnits = 22
    case listPeople = 23
    case listCategories = 24
    case getCase = 30
    case getHistory = 31
    case findCases = 32
    case listChanges = 33
    /// Server-streaming.
    case watchEvents = 34
    case submit = 40
    case accept = 41
    case decline = 42
    case refer = 43
    case dispatch = 44
    case handleLocally = 45
    case returnCase = 46
    case merge = 47
    case scheduleDeliberation = 48
    case recordDeliberationOutcome = 49
    case addProgress = 50
    case requestExtension = 51
    case approveExtension = 52
    case denyExtension = 53
    case resolve = 54
    case recordFeedback = 55
    case evaluate = 56
    case rework = 57
    case verify = 58
    case close = 59
    case withdraw = 60
    case closeUnrated = 61
    case scheduleMeeting = 70
    case addToAgenda = 71
    case rescheduleMeeting = 72
    case cancelMeeting = 73
    case holdMeeting = 74
    case getMeeting = 75
    case listMeetings = 76
    case getPublicNotice = 77
    case listMeetingCadenceGaps = 78
    case establishLink = 80
    case endLink = 81
    case logVisit = 82
    case raiseCaseOnVisit = 83
    case listLinks = 84
    case listVisits = 85
    case getCoverage = 86
    case listCadenceLapses = 87
    case recordElection = 90
    case listElections = 91
    case listRepresentatives = 92
    case getAttendance = 93
    case commend = 94
    case listCommendations = 95
    case getScorecard = 100
    case getAnnualAssessment = 101
    case exportCases = 102
    case exportScorecards = 103
    case loadDirectory = 110
    case listDeadLetters = 120
    case replayDeadLetter = 121
    case discardDeadLetter = 122

    /// Whether the method answers with a stream of responses.
    public var isStreaming: Bool { self == .watchEvents }

    /// Whether the method only reads: calling it twice does nothing twice, so a client may repeat it after a lost
    /// connection.
    public var isRead: Bool {
        switch self {
        case .getServerInfo, .checkHealth, .listCommunities, .locateGridCell, .listUnits, .listPeople, .listCategories,
            .getCase, .getHistory, .findCases, .listChanges, .watchEvents, .getMeeting, .listMeetings, .getPublicNotice,
            .listMeetingCadenceGaps, .listLinks, .listVisits, .getCoverage, .listCadenceLapses, .listElections,
            .listRepresentatives, .getAttendance, .listCommendations, .getScorecard, .getAnnualAssessment, .exportCases,
            .exportScorecards, .listDeadLetters:
            return true
        default:
            return false
        }
    }

    /// The case operation the method performs, for the methods that change a case.
    public var operation: CaseOperation? {
        switch self {
        case .submit: return .submit
        case .accept: return .accept
        case .decline: return .decline
        case .refer: return .refer
        case .dispatch: return .dispatch
        case .handleLocally: return .handleLocally
        case .returnCase: return .return
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
        default: return nil
        }
    }
}

/// The case an operation applies to, and the version the caller last read.
public struct CaseTarget: Hashable, Sendable {
    /// The case.
    public var id: CaseID
    /// The version the caller last read; `nil` to skip the check (0 on the wire).
    public var expectedVersion: Int?

    /// Creates a target.
    public init(_ id: CaseID, expectedVersion: Int? = nil) {
        self.id = id
        self.expectedVersion = expectedVersion
    }
}

/// The keys a case can be fetched by.
public enum CaseKey: Hashable, Sendable {
    /// The internal id.
    case id(CaseID)
    /// The number people quote.
    case number(CaseNumber)
    /// The sending system's own reference.
    case externalReference(ExternalReference)
}

/// A call's method and input, as CouncilKit values. Each case mirrors a `Call.request` member of the schema and,
/// for case operations, the ``CaseService`` method of the same name.
public enum WireRequest: Hashable, Sendable {
    /// Who the server is and what it speaks.
    case getServerInfo
    /// Whether the server can take work.
    case checkHealth
    /// The district, its communities and their places; all, or one community's.
    case listCommunities(community: String?)
    /// The community a grid cell lies in.
    case locateGridCell(String)
    /// Responsible units, all or of one kind.
    case listUnits(kind: ResponsibleUnit.Kind?)
    /// People, optionally of one community and one role.
    case listPeople(community: String?, role: Person.Role?)
    /// Categories with their time limits, and the policy.
    case listCategories
    /// One case by a key.
    case getCase(CaseKey)
    /// Every event of a case.
    case getHistory(CaseID)
    /// One page of a query.
    case findCases(CaseQuery)
    /// The changes feed: up to `limit` events after sequence `after`.
    case listChanges(after: Int64, limit: Int)
    /// Server-streaming: events after sequence `after`, then live.
    case watchEvents(after: Int64)

    /// ``CaseService/submit(_:by:)``.
    case submit(Submission)
    /// ``CaseService/accept(_:category:priority:note:by:expectedVersion:)``.
    case accept(CaseTarget, category: String?, priority: Priority?, note: String?)
    /// ``CaseService/decline(_:reason:by:expectedVersion:)``.
    case decline(CaseTarget, reason: String)
    /// ``CaseService/refer(_:_:by:expectedVersion:)``.
    case refer(CaseTarget, Referral)
    /// ``CaseService/dispatch(_:to:due:instructions:by:expectedVersion:)``.
    case dispatch(CaseTarget, unit: String, due: Timestamp?, instructions: String?)
    /// ``CaseService/handleLocally(_:note:due:by:expectedVersion:)``.
    case handleLocally(CaseTarget, note: String?, due: Timestamp?)
    /// ``CaseService/returnCase(_:reason:by:expectedVersion:)``.
    case returnCase(CaseTarget, reason: String)
    /// ``CaseService/merge(_:into:by:expectedVersion:)``.
    case merge(CaseTarget, master: CaseID)
    /// ``CaseService/scheduleDeliberation(_:meeting:note:by:expectedVersion:)``.
    case scheduleDeliberation(CaseTarget, meeting: String?, note: String?)
    /// ``CaseService/recordDeliberationOutcome(_:_:by:expectedVersion:)``.
    case recordDeliberationOutcome(CaseTarget, DeliberationRecord)
    /// ``CaseService/addProgress(_:note:by:expectedVersion:)``.
    case addProgress(CaseTarget, note: String)
    /// ``CaseService/requestExtension(_:_:by:expectedVersion:)``.
    case requestExtension(CaseTarget, ExtensionRequest)
    /// ``CaseService/approveExtension(_:approver:messageToSubmitter:by:expectedVersion:)``.
    case approveExtension(CaseTarget, approver: String, messageToSubmitter: String)
    /// ``CaseService/denyExtension(_:approver:reason:by:expectedVersion:)``.
    case denyExtension(CaseTarget, approver: String, reason: String)
    /// ``CaseService/resolve(_:_:by:expectedVersion:)``.
    case resolve(CaseTarget, HandlingResult)
    /// ``CaseService/recordFeedback(_:_:by:expectedVersion:)``.
    case recordFeedback(CaseTarget, Feedback)
    /// ``CaseService/evaluate(_:_:by:expectedVersion:)``.
    case evaluate(CaseTarget, Evaluation)
    /// ``CaseService/rework(_:reason:by:expectedVersion:)``.
    case rework(CaseTarget, reason: String)
    /// ``CaseService/verify(_:_:by:expectedVersion:)``.
    case verify(CaseTarget, Verification)
    /// ``CaseService/close(_:note:by:expectedVersion:)``.
    case close(CaseTarget, note: String?)
    /// ``CaseService/withdraw(_:reason:by:expectedVersion:)``.
    case withdraw(CaseTarget, reason: String?)
    /// ``CaseService/closeUnrated(_:by:expectedVersion:)``.
    case closeUnrated(CaseTarget)

    // The council itself. Each mirrors the CouncilKit service method named.

    /// ``MeetingService/schedule(_:by:)``.
    case scheduleMeeting(MeetingService.Plan)
    /// ``MeetingService/addToAgenda(_:caseID:topic:by:)``: a case, or else a free topic.
    case addToAgenda(meeting: String, caseID: CaseID?, topic: String?)
    /// ``MeetingService/reschedule(_:to:by:)``.
    case rescheduleMeeting(meeting: String, to: Timestamp)
    /// ``MeetingService/cancel(_:reason:by:)``.
    case cancelMeeting(meeting: String, reason: String)
    /// ``MeetingService/hold(_:_:by:)``.
    case holdMeeting(meeting: String, MeetingService.Record)
    /// ``MeetingService/meeting(_:)``.
    case getMeeting(String)
    /// ``MeetingService/meetings(community:from:before:)``, or with `discussing` set (and nothing else)
    /// ``MeetingService/meetings(discussing:)``.
    case listMeetings(community: String?, from: Timestamp?, before: Timestamp?, discussing: CaseID?)
    /// ``MeetingService/publicNotice(_:)``.
    case getPublicNotice(meeting: String)
    /// ``MeetingService/cadenceGaps(community:from:through:)``.
    case listMeetingCadenceGaps(community: String?, from: LocalDate, through: LocalDate)
    /// ``LinkageService/establish(_:holder:target:start:)``.
    case establishLink(Link.Kind, holder: String, target: String, start: LocalDate)
    /// ``LinkageService/end(_:on:)``.
    case endLink(String, day: LocalDate)
    /// ``LinkageService/logVisit(under:at:people:hours:notes:helpGiven:)``.
    case logVisit(link: String, at: Timestamp, people: [String], hours: Double?, notes: String, helpGiven: String?)
    /// ``LinkageService/raiseCase(onVisit:_:by:)``.
    case raiseCaseOnVisit(visit: String, Submission)
    /// ``LinkageService/links(community:)``.
    case listLinks(community: String?)
    /// ``LinkageService/visits(community:from:before:)``.
    case listVisits(community: String?, from: Timestamp?, before: Timestamp?)
    /// ``LinkageService/coverage(on:)``.
    case getCoverage(on: LocalDate)
    /// ``LinkageService/cadenceLapses(from:through:)``.
    case listCadenceLapses(from: LocalDate, through: LocalDate)
    /// ``RepresentativeService/recordElection(community:date:method:candidates:elected:termStart:termEnd:)``.
    case recordElection(
        community: String, date: LocalDate, method: Election.Method, candidates: [Election.Candidate], elected: [String],
        termStart: LocalDate, termEnd: LocalDate)
    /// ``RepresentativeService/elections(community:)``.
    case listElections(community: String)
    /// ``RepresentativeService/representatives(of:on:)``.
    case listRepresentatives(community: String, on: LocalDate)
    /// ``RepresentativeService/attendance(of:from:before:)``.
    case getAttendance(community: String, from: Timestamp, before: Timestamp)
    /// ``RepresentativeService/commend(person:community:reason:date:awardedBy:)``.
    case commend(person: String, community: String?, reason: String, date: LocalDate, awardedBy: String)
    /// ``RepresentativeService/commendations(community:)``.
    case listCommendations(community: String?)
    /// ``AssessmentService/scorecard(_:from:through:)``.
    case getScorecard(ScorecardSubject, from: LocalDate, through: LocalDate)
    /// ``AssessmentService/annualAssessment(year:weights:)``: `weights` and `minimumCountedShare` replace the
    /// server's configured ones where given (on the wire: `weights`, `threshold`).
    case getAnnualAssessment(year: Int, weights: [MeasureKind: Double]?, minimumCountedShare: Double?)
    /// ``AssessmentService/casesCSV(_:)``.
    case exportCases(CaseQuery)
    /// ``AssessmentService/scorecardsCSV(_:)`` of these subjects' scorecards; none: every community.
    case exportScorecards([ScorecardSubject], from: LocalDate, through: LocalDate)
    /// Replaces the directory with a seed file (JSON bytes of a ``DirectorySeed``) and stores it.
    case loadDirectory(seed: [UInt8])
    /// ``NotificationDispatcher/deadLetters(channel:community:states:)``; no states: the pending ones.
    case listDeadLetters(channel: String?, community: String?, states: Set<DeadLetter.State>)
    /// ``NotificationDispatcher/replay(_:)``.
    case replayDeadLetter(id: String)
    /// ``NotificationDispatcher/discard(_:note:)``.
    case discardDeadLetter(id: String, note: String?)

    /// The method this request calls.
    public var method: WireMethod {
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
        case .accept: return .accept
        case .decline: return .decline
        case .refer: return .refer
        case .dispatch: return .dispatch
        case .handleLocally: return .handleLocally
        case .returnCase: return .returnCase
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

    /// The case a case operation targets; `nil` for submissions, queries and the rest.
    public var target: CaseTarget? {
        switch self {
        case .accept(let t, _, _, _), .decline(let t, _), .refer(let t, _), .dispatch(let t, _, _, _),
            .handleLocally(let t, _, _), .returnCase(let t, _), .merge(let t, _), .scheduleDeliberation(let t, _, _),
            .recordDeliberationOutcome(let t, _), .addProgress(let t, _), .requestExtension(let t, _),
            .approveExtension(let t, _, _), .denyExtension(let t, _, _), .resolve(let t, _), .recordFeedback(let t, _),
            .evaluate(let t, _), .rework(let t, _), .verify(let t, _), .close(let t, _), .withdraw(let t, _),
            .closeUnrated(let t):
            return t
        default:
            return nil
        }
    }
}
