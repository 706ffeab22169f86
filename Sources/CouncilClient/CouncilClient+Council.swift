import CouncilKit
import CouncilWire
import Foundation

// The council itself as typed calls: meetings, the three-level linkage, representatives and commendations,
// scorecards and the annual assessment, CSV exports, and loading a directory. Each mirrors the CouncilKit service
// method of the same name; the scope each needs is in Schemas/PROTOCOL.md §5.1. Writes are never repeated after a
// lost connection: the server honours idempotency keys on case operations only, so a key in `metadata` here is
// passed on but does not make a retry safe.

extension CouncilClient {
    // MARK: Meetings (议事会议) — writing needs the manage scope, reading the read scope

    /// Schedules a meeting and puts its cases on the agenda (``MeetingService/schedule(_:by:)``).
    /// - Returns: The scheduled meeting.
    /// - Throws: ``CouncilClientError``: INVALID_ARGUMENT naming the plan's field at fault.
    public func scheduleMeeting(_ plan: MeetingService.Plan, metadata: CallMetadata = CallMetadata()) async throws -> Meeting {
        guard case .scheduleMeeting(let meeting) = try await call(.scheduleMeeting(plan), metadata: metadata) else { throw Self.unexpected }
        return meeting
    }

    /// Puts a case (accepted, or awaiting deliberation) on a scheduled meeting's agenda.
    public func addToAgenda(meeting: String, case caseID: CaseID, metadata: CallMetadata = CallMetadata()) async throws -> Meeting {
        guard case .addToAgenda(let updated) = try await call(.addToAgenda(meeting: meeting, caseID: caseID, topic: nil), metadata: metadata)
        else { throw Self.unexpected }
        return updated
    }

    /// Puts a free topic on a scheduled meeting's agenda.
    public func addToAgenda(meeting: String, topic: String, metadata: CallMetadata = CallMetadata()) async throws -> Meeting {
        guard case .addToAgenda(let updated) = try await call(.addToAgenda(meeting: meeting, caseID: nil, topic: topic), metadata: metadata)
        else { throw Self.unexpected }
        return updated
    }

    /// Moves a scheduled meeting to another time; the earlier time is kept.
    public func rescheduleMeeting(_ meeting: String, to time: Timestamp, metadata: CallMetadata = CallMetadata()) async throws -> Meeting {
        guard case .rescheduleMeeting(let updated) = try await call(.rescheduleMeeting(meeting: meeting, to: time), metadata: metadata)
        else { throw Self.unexpected }
        return updated
    }

    /// Calls off a scheduled meeting; its cases wait for the community's next one.
    public func cancelMeeting(_ meeting: String, reason: String, metadata: CallMetadata = CallMetadata()) async throws -> Meeting {
        guard case .cancelMeeting(let updated) = try await call(.cancelMeeting(meeting: meeting, reason: reason), metadata: metadata)
        else { throw Self.unexpected }
        return updated
    }

    /// Records a meeting as held and carries each case's outcome into the case (``MeetingService/hold(_:_:by:)``).
    /// - Returns: The meeting, the cases it moved, those it could not (changed meanwhile) with their status, and the
    ///   deferred cases put onto the next scheduled meeting.
    public func holdMeeting(_ meeting: String, _ record: MeetingService.Record, metadata: CallMetadata = CallMetadata()) async throws -> MeetingHeld {
        guard case .holdMeeting(let held) = try await call(.holdMeeting(meeting: meeting, record), metadata: metadata) else { throw Self.unexpected }
        return held
    }

    /// One meeting by id.
    public func meeting(_ id: String) async throws -> Meeting {
        guard case .getMeeting(let meeting) = try await call(.getMeeting(id)) else { throw Self.unexpected }
        return meeting
    }

    /// Meetings of a community (or all) dated in `[from, before)`, in date order.
    public func meetings(community: String? = nil, from: Timestamp? = nil, before: Timestamp? = nil) async throws -> [Meeting] {
        guard case .listMeetings(let meetings) = try await call(.listMeetings(community: community, from: from, before: before, discussing: nil))
        else { throw Self.unexpected }
        return meetings
    }

    /// The meetings that discussed a case or have it on their agenda, in date order.
    public func meetings(discussing caseID: CaseID) async throws -> [Meeting] {
        guard case .listMeetings(let meetings) = try await call(.listMeetings(community: nil, from: nil, before: nil, discussing: caseID))
        else { throw Self.unexpected }
        return meetings
    }

    /// The public notice (公示) of a held meeting: plain Chinese text without personal data.
    public func publicNotice(meeting: String) async throws -> String {
        guard case .getPublicNotice(let text) = try await call(.getPublicNotice(meeting: meeting)) else { throw Self.unexpected }
        return text
    }

    /// The weeks in `from…through` in which a community (or each community) held no meeting.
    public func meetingCadenceGaps(community: String? = nil, from: LocalDate, through: LocalDate) async throws -> [CadenceGap] {
        guard case .listMeetingCadenceGaps(let gaps) = try await call(.listMeetingCadenceGaps(community: community, from: from, through: through))
        else { throw Self.unexpected }
        return gaps
    }

    // MARK: Three-level linkage (三级联动)

    /// Establishes a link: leader ↔ community, unit ↔ compound or cadre ↔ household.
    public func establishLink(_ kind: Link.Kind, holder: String, target: String, start: LocalDate, metadata: CallMetadata = CallMetadata()) async throws -> Link {
        guard case .establishLink(let link) = try await call(.establishLink(kind, holder: holder, target: target, start: start), metadata: metadata)
        else { throw Self.unexpected }
        return link
    }

    /// Ends a link on `day`, its last day.
    public func endLink(_ link: String, on day: LocalDate, metadata: CallMetadata = CallMetadata()) async throws -> Link {
        guard case .endLink(let ended) = try await call(.endLink(link, day: day), metadata: metadata) else { throw Self.unexpected }
        return ended
    }

    /// Logs a visit under a link active on the visit's day.
    public func logVisit(
        under link: String, at: Timestamp, people: [String], hours: Double? = nil, notes: String, helpGiven: String? = nil,
        metadata: CallMetadata = CallMetadata()
    ) async throws -> Visit {
        guard case .logVisit(let visit) = try await call(
            .logVisit(link: link, at: at, people: people, hours: hours, notes: notes, helpGiven: helpGiven), metadata: metadata)
        else { throw Self.unexpected }
        return visit
    }

    /// Registers a case raised on a leader's or cadre's visit; its source becomes the visit's.
    public func raiseCase(onVisit visit: String, _ submission: Submission, metadata: CallMetadata = CallMetadata()) async throws -> CaseView {
        guard case .raiseCaseOnVisit(let view) = try await call(.raiseCaseOnVisit(visit: visit, submission), metadata: metadata)
        else { throw Self.unexpected }
        return view
    }

    /// Every link, optionally of one community, in id order.
    public func links(community: String? = nil) async throws -> [Link] {
        guard case .listLinks(let links) = try await call(.listLinks(community: community)) else { throw Self.unexpected }
        return links
    }

    /// Visits in `[from, before)`, optionally of one community, in time order.
    public func visits(community: String? = nil, from: Timestamp? = nil, before: Timestamp? = nil) async throws -> [Visit] {
        guard case .listVisits(let visits) = try await call(.listVisits(community: community, from: from, before: before)) else {
            throw Self.unexpected
        }
        return visits
    }

    /// What the linkage does not cover on `day`.
    public func coverage(on day: LocalDate) async throws -> CoverageReport {
        guard case .getCoverage(let report) = try await call(.getCoverage(on: day)) else { throw Self.unexpected }
        return report
    }

    /// Links whose visits fell behind in `from…through`.
    public func cadenceLapses(from: LocalDate, through: LocalDate) async throws -> [CadenceLapse] {
        guard case .listCadenceLapses(let lapses) = try await call(.listCadenceLapses(from: from, through: through)) else {
            throw Self.unexpected
        }
        return lapses
    }

    // MARK: Representatives (居民代表) and commendations (表彰)

    /// Records an election of a community's representatives.
    public func recordElection(
        community: String, date: LocalDate, method: Election.Method, candidates: [Election.Candidate], elected: [String],
        termStart: LocalDate, termEnd: LocalDate, metadata: CallMetadata = CallMetadata()
    ) async throws -> Election {
        guard case .recordElection(let election) = try await call(
            .recordElection(
                community: community, date: date, method: method, candidates: candidates, elected: elected, termStart: termStart,
                termEnd: termEnd), metadata: metadata)
        else { throw Self.unexpected }
        return election
    }

    /// A community's elections in date order.
    public func elections(community: String) async throws -> [Election] {
        guard case .listElections(let elections) = try await call(.listElections(community: community)) else { throw Self.unexpected }
        return elections
    }

    /// Person ids of the representatives whose term covers `day`.
    public func representatives(of community: String, on day: LocalDate) async throws -> [String] {
        guard case .listRepresentatives(let people) = try await call(.listRepresentatives(community: community, on: day)) else {
            throw Self.unexpected
        }
        return people
    }

    /// Each representative's attendance at the community's meetings held in `[from, before)`.
    public func attendance(of community: String, from: Timestamp, before: Timestamp) async throws -> [Attendance] {
        guard case .getAttendance(let attendance) = try await call(.getAttendance(community: community, from: from, before: before)) else {
            throw Self.unexpected
        }
        return attendance
    }

    /// Records a commendation.
    public func commend(
        person: String, community: String? = nil, reason: String, date: LocalDate, awardedBy: String, metadata: CallMetadata = CallMetadata()
    ) async throws -> Commendation {
        guard case .commend(let commendation) = try await call(
            .commend(person: person, community: community, reason: reason, date: date, awardedBy: awardedBy), metadata: metadata)
        else { throw Self.unexpected }
        return commendation
    }

    /// Commendations, optionally of one community, in date order.
    public func commendations(community: String? = nil) async throws -> [Commendation] {
        guard case .listCommendations(let list) = try await call(.listCommendations(community: community)) else { throw Self.unexpected }
        return list
    }

    // MARK: Notification dead letters (死信)

    /// The notifications the server gave up on, oldest first (the `notifications` scope).
    /// - Parameters:
    ///   - channel: Only this channel (`webhook`, `log`).
    ///   - community: Only this community's cases.
    ///   - states: Only these states; empty for the pending ones.
    public func deadLetters(
        channel: String? = nil, community: String? = nil, states: Set<DeadLetter.State> = []
    ) async throws -> [DeadLetter] {
        guard case .listDeadLetters(let letters) = try await call(.listDeadLetters(channel: channel, community: community, states: states))
        else { throw Self.unexpected }
        return letters
    }

    /// Delivers a pending dead letter again, once, with the same notification id (the `notifications` scope).
    /// - Returns: The dead letter, now replayed.
    /// - Throws: ``CouncilClientError``: UNAVAILABLE `notificationFailed` when the delivery failed again (the letter
    ///   stays pending), NOT_FOUND, FAILED_PRECONDITION when it is not pending.
    public func replayDeadLetter(_ id: String) async throws -> DeadLetter {
        guard case .replayDeadLetter(let letter) = try await call(.replayDeadLetter(id: id)) else { throw Self.unexpected }
        return letter
    }

    /// Sets a pending dead letter aside without delivering it (the `notifications` scope).
    /// - Returns: The dead letter, now discarded.
    public func discardDeadLetter(_ id: String, note: String? = nil) async throws -> DeadLetter {
        guard case .discardDeadLetter(let letter) = try await call(.discardDeadLetter(id: id, note: note)) else { throw Self.unexpected }
        return letter
    }

    // MARK: Assessment (评价考核)

    /// A subject's scorecard for `from…through`, judged now; each measure's formula is on its kind.
    public func scorecard(_ subject: ScorecardSubject, from: LocalDate, through: LocalDate) async throws -> Scorecard {
        guard case .getScorecard(let card) = try await call(.getScorecard(subject, from: from, through: through)) else { throw Self.unexpected }
        return card
    }

    /// The annual assessment: communities and units ranked, with each figure's contribution.
    /// - Parameters:
    ///   - year: The year.
    ///   - weights: Weight by figure; `nil` for the server's configured weights (the standard ones unless its operator
    ///     set others).
    ///   - minimumCountedShare: The least share of the weight a subject's figures must carry for it to be ranked, 0–1;
    ///     `nil` for the server's.
    /// - Returns: The assessment, with the weights and threshold it used.
    public func annualAssessment(
        year: Int, weights: [MeasureKind: Double]? = nil, minimumCountedShare: Double? = nil
    ) async throws -> AssessmentService.AnnualAssessment {
        let request = WireRequest.getAnnualAssessment(year: year, weights: weights, minimumCountedShare: minimumCountedShare)
        guard case .getAnnualAssessment(let assessment) = try await call(request) else {
            throw Self.unexpected
        }
        return assessment
    }

    /// Every case matching `query` as a CSV file (UTF-8 with a byte-order mark), without personal data.
    public func exportCases(_ query: CaseQuery) async throws -> [UInt8] {
        guard case .exportCases(let csv) = try await call(.exportCases(query)) else { throw Self.unexpected }
        return csv
    }

    /// Scorecards of `subjects` (none: every community) as a CSV file (UTF-8 with a byte-order mark).
    public func exportScorecards(_ subjects: [ScorecardSubject] = [], from: LocalDate, through: LocalDate) async throws -> [UInt8] {
        guard case .exportScorecards(let csv) = try await call(.exportScorecards(subjects, from: from, through: through)) else {
            throw Self.unexpected
        }
        return csv
    }

    // MARK: Directory administration — needs the directory scope

    /// Replaces the server's directory and work calendar with a seed file's JSON, and stores it so restarts and other
    /// nodes on the same database use it.
    /// - Returns: What the new directory holds and the stored version.
    public func loadDirectory(seed json: [UInt8], metadata: CallMetadata = CallMetadata()) async throws -> DirectoryLoad {
        guard case .loadDirectory(let load) = try await call(.loadDirectory(seed: json), metadata: metadata) else { throw Self.unexpected }
        return load
    }

    /// Replaces the server's directory and work calendar with `seed`, and stores it.
    public func loadDirectory(_ seed: DirectorySeed, metadata: CallMetadata = CallMetadata()) async throws -> DirectoryLoad {
        let json: Data
        do { json = try JSONEncoder().encode(seed) } catch {
            throw CouncilClientError(.invalidArgument, "the directory seed could not be written as JSON")
        }
        return try await loadDirectory(seed: Array(json), metadata: metadata)
    }
}
