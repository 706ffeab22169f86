import CouncilAPI
import CouncilKit
import CouncilWire

// The council itself: meetings, the three-level linkage, representatives and commendations. Each handler is one call
// of the CouncilKit service of the same name over the directory in force; cases in answers are masked like every
// other case view, and public notices carry no personal data (MeetingService leaves it out).

extension CouncilService {
    var meetings: MeetingService { MeetingService(cases: environment.cases) }
    var linkage: LinkageService { LinkageService(cases: environment.cases, configuration: environment.linkage) }
    var representatives: RepresentativeService { RepresentativeService(cases: environment.cases) }

    // MARK: Meetings (议事会议)

    public func scheduleMeeting(_ request: ScheduleMeetingRequest, context: CallContext) async throws -> Meeting {
        try await meetings.schedule(request.plan, by: context.caller.principal)
    }

    public func addToAgenda(_ request: AddToAgendaRequest, context: CallContext) async throws -> Meeting {
        switch request.item {
        case .caseID(let id): return try await meetings.addToAgenda(request.meeting, caseID: id, by: context.caller.principal)
        case .topic(let topic): return try await meetings.addToAgenda(request.meeting, topic: topic, by: context.caller.principal)
        }
    }

    public func rescheduleMeeting(_ request: RescheduleMeetingRequest, context: CallContext) async throws -> Meeting {
        try await meetings.reschedule(request.meeting, to: request.scheduledAt, by: context.caller.principal)
    }

    public func cancelMeeting(_ request: CancelMeetingRequest, context: CallContext) async throws -> Meeting {
        try await meetings.cancel(request.meeting, reason: request.reason, by: context.caller.principal)
    }

    public func holdMeeting(_ request: HoldMeetingRequest, context: CallContext) async throws -> HoldMeetingResponse {
        let result = try await meetings.hold(request.meeting, request.record, by: context.caller.principal)
        return HoldMeetingResponse(
            meeting: result.meeting, cases: result.cases.map { view($0, context) },
            failures: result.failures.sorted { $0.key < $1.key }.map { CaseFailure(caseID: $0.key, status: CallStatus(error: $0.value)) },
            carriedOver: result.carriedOver.sorted { $0.key < $1.key }.map { CarriedOverCase(caseID: $0.key, meeting: $0.value) })
    }

    public func getMeeting(_ request: GetMeetingRequest, context: CallContext) async throws -> Meeting {
        try await meetings.meeting(request.meeting)
    }

    public func listMeetings(_ request: ListMeetingsRequest, context: CallContext) async throws -> [Meeting] {
        guard let discussing = request.discussing else {
            return try await meetings.meetings(community: request.community, from: request.from, before: request.before)
        }
        guard request.community == nil, request.from == nil, request.before == nil else {
            throw CouncilError.invalid("discussing", "discussing cannot be combined with community, from or before")
        }
        return try await meetings.meetings(discussing: discussing)
    }

    public func getPublicNotice(_ request: GetPublicNoticeRequest, context: CallContext) async throws -> String {
        try await meetings.publicNotice(request.meeting)
    }

    public func listMeetingCadenceGaps(_ request: ListMeetingCadenceGapsRequest, context: CallContext) async throws -> [CadenceGap] {
        try await meetings.cadenceGaps(community: request.community, from: request.from, through: request.through)
    }

    // MARK: Three-level linkage (三级联动)

    public func establishLink(_ request: EstablishLinkRequest, context: CallContext) async throws -> Link {
        try await linkage.establish(request.kind, holder: request.holder, target: request.target, start: request.start)
    }

    public func endLink(_ request: EndLinkRequest, context: CallContext) async throws -> Link {
        try await linkage.end(request.link, on: request.day)
    }

    public func logVisit(_ request: LogVisitRequest, context: CallContext) async throws -> Visit {
        try await linkage.logVisit(
            under: request.link, at: request.at, people: request.people, hours: request.hours, notes: request.notes,
            helpGiven: request.helpGiven)
    }

    public func raiseCaseOnVisit(_ request: RaiseCaseOnVisitRequest, context: CallContext) async throws -> CaseView {
        view(try await linkage.raiseCase(onVisit: request.visit, request.submission, by: context.caller.principal), context)
    }

    public func listLinks(_ request: ListLinksRequest, context: CallContext) async throws -> [Link] {
        try await linkage.links(community: request.community).sorted { $0.id < $1.id }
    }

    public func listVisits(_ request: ListVisitsRequest, context: CallContext) async throws -> [Visit] {
        try await linkage.visits(community: request.community, from: request.from, before: request.before)
    }

    public func getCoverage(_ request: GetCoverageRequest, context: CallContext) async throws -> CoverageReport {
        try await linkage.coverage(on: request.day)
    }

    public func listCadenceLapses(_ request: ListCadenceLapsesRequest, context: CallContext) async throws -> [CadenceLapse] {
        try await linkage.cadenceLapses(from: request.from, through: request.through)
    }

    // MARK: Representatives and commendations (居民代表, 表彰)

    public func recordElection(_ request: RecordElectionRequest, context: CallContext) async throws -> Election {
        try await representatives.recordElection(
            community: request.community, date: request.date, method: request.method, candidates: request.candidates,
            elected: request.elected, termStart: request.termStart, termEnd: request.termEnd)
    }

    public func listElections(_ request: ListElectionsRequest, context: CallContext) async throws -> [Election] {
        try await representatives.elections(community: request.community)
    }

    public func listRepresentatives(_ request: ListRepresentativesRequest, context: CallContext) async throws -> [String] {
        try await representatives.representatives(of: request.community, on: request.day)
    }

    public func getAttendance(_ request: GetAttendanceRequest, context: CallContext) async throws -> [Attendance] {
        try await representatives.attendance(of: request.community, from: request.from, before: request.before)
    }

    public func commend(_ request: CommendRequest, context: CallContext) async throws -> Commendation {
        try await representatives.commend(
            person: request.person, community: request.community, reason: request.reason, date: request.date,
            awardedBy: request.awardedBy)
    }

    public func listCommendations(_ request: ListCommendationsRequest, context: CallContext) async throws -> [Commendation] {
        try await representatives.commendations(community: request.community)
    }
}
