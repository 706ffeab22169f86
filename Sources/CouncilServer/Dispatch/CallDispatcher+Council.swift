import CouncilKit
import CouncilWire
import Foundation

// The council's methods: meetings, the linkage, representatives, assessment and directory loading, each one call
// of a CouncilKit service built over the current directory. Scopes are checked before (Caller.authorize); cases in
// answers are masked like every other case view, and public notices and CSV exports carry no personal data (the
// services leave it out).

extension CallDispatcher {
    /// Whether a method can change cases (and so add events watchers should hear of promptly).
    public static func changesCases(_ method: WireMethod) -> Bool {
        switch method {
        case .scheduleMeeting, .addToAgenda, .cancelMeeting, .holdMeeting, .raiseCaseOnVisit: return true
        default: return method.operation != nil
        }
    }

    /// Answers a council method; `nil` for any other request.
    func council(_ request: WireRequest, _ caller: Caller) async throws -> WireResponse? {
        let service = environment.cases
        let meetings = MeetingService(cases: service)
        let linkage = LinkageService(cases: service, configuration: environment.linkage)
        let representatives = RepresentativeService(cases: service)
        let assessment = AssessmentService(cases: service)
        let by = caller.principal
        switch request {
        case .scheduleMeeting(let plan):
            return .scheduleMeeting(try await meetings.schedule(plan, by: by))
        case .addToAgenda(let meeting, let caseID, let topic):
            return .addToAgenda(try await meetings.addToAgenda(meeting, caseID: caseID, topic: topic, by: by))
        case .rescheduleMeeting(let meeting, let time):
            return .rescheduleMeeting(try await meetings.reschedule(meeting, to: time, by: by))
        case .cancelMeeting(let meeting, let reason):
            return .cancelMeeting(try await meetings.cancel(meeting, reason: reason, by: by))
        case .holdMeeting(let meeting, let record):
            let result = try await meetings.hold(meeting, record, by: by)
            return .holdMeeting(
                MeetingHeld(
                    meeting: result.meeting, cases: result.cases.map { view($0, service, caller) },
                    failures: result.failures.mapValues { WireStatus(error: $0) }, carriedOver: result.carriedOver))
        case .getMeeting(let meeting):
            return .getMeeting(try await meetings.meeting(meeting))
        case .listMeetings(let community, let from, let before, let discussing):
            if let discussing { return .listMeetings(try await meetings.meetings(discussing: discussing)) }
            return .listMeetings(try await meetings.meetings(community: community, from: from, before: before))
        case .getPublicNotice(let meeting):
            return .getPublicNotice(try await meetings.publicNotice(meeting))
        case .listMeetingCadenceGaps(let community, let from, let through):
            try requirePeriod(from, through)
            if let community, service.directory.communities[community] == nil {
                throw CouncilError.invalid("community", "the directory has no community \(community.prefix(64))")
            }
            return .listMeetingCadenceGaps(try await meetings.cadenceGaps(community: community, from: from, through: through))

        case .establishLink(let kind, let holder, let target, let start):
            return .establishLink(try await linkage.establish(kind, holder: holder, target: target, start: start))
        case .endLink(let link, let day):
            return .endLink(try await linkage.end(link, on: day))
        case .logVisit(let link, let at, let people, let hours, let notes, let helpGiven):
            return .logVisit(try await linkage.logVisit(under: link, at: at, people: people, hours: hours, notes: notes, helpGiven: helpGiven))
        case .raiseCaseOnVisit(let visit, let submission):
            return .raiseCaseOnVisit(view(try await linkage.raiseCase(onVisit: visit, submission, by: by), service, caller))
        case .listLinks(let community):
            return .listLinks(try await linkage.links(community: community).sorted { $0.id < $1.id })
        case .listVisits(let community, let from, let before):
            return .listVisits(try await linkage.visits(community: community, from: from, before: before))
        case .getCoverage(let day):
            return .getCoverage(try await linkage.coverage(on: day))
        case .listCadenceLapses(let from, let through):
            try requirePeriod(from, through)
            return .listCadenceLapses(try await linkage.cadenceLapses(from: from, through: through))

        case .recordElection(let community, let date, let method, let candidates, let elected, let termStart, let termEnd):
            return .recordElection(
                try await representatives.recordElection(
                    community: community, date: date, method: method, candidates: candidates, elected: elected,
                    termStart: termStart, termEnd: termEnd))
        case .listElections(let community):
            return .listElections(try await representatives.elections(community: community))
        case .listRepresentatives(let community, let day):
            return .listRepresentatives(try await representatives.representatives(of: community, on: day))
        case .getAttendance(let community, let from, let before):
            guard from < before else { throw CouncilError.invalid("before", "the period ends before it starts") }
            return .getAttendance(try await representatives.attendance(of: community, from: from, before: before))
        case .commend(let person, let community, let reason, let date, let awardedBy):
            return .commend(
                try await representatives.commend(person: person, community: community, reason: reason, date: date, awardedBy: awardedBy))
        case .listCommendations(let community):
            return .listCommendations(try await representatives.commendations(community: community))

        case .getScorecard(let subject, let from, let through):
            return .getScorecard(try await assessment.scorecard(subject, from: from, through: through))
        case .getAnnualAssessment(let year, let weights, let share):
            guard (1970...9999).contains(year) else { throw CouncilError.invalid("year", "the year must be between 1970 and 9999") }
            var chosen = environment.assessmentWeights
            if let weights { chosen.weights = weights }
            if let share { chosen.minimumCountedShare = share }
            return .getAnnualAssessment(try await assessment.annualAssessment(year: year, weights: chosen))
        case .exportCases(var query):
            query.cursor = nil  // the export holds every matching case
            return .exportCases(csv: try exportable(Array(try await assessment.casesCSV(query).utf8)))
        case .exportScorecards(let subjects, let from, let through):
            let chosen = subjects.isEmpty ? service.directory.sortedCommunities.map { ScorecardSubject.community($0.code) } : subjects
            var cards: [Scorecard] = []
            for (i, subject) in chosen.enumerated() {
                do {
                    cards.append(try await assessment.scorecard(subject, from: from, through: through))
                } catch let error as CouncilError where error.field == "subject" {
                    throw CouncilError(error.code, error.message, field: subjects.isEmpty ? "subjects" : "subjects[\(i)]")
                }
            }
            return .exportScorecards(csv: try exportable(Array(AssessmentService.scorecardsCSV(cards).utf8)))

        case .loadDirectory(let bytes):
            let seed = try DirectorySeed.decode(Data(bytes))
            let directory = try seed.directory()
            // Checked and stored first: a load that could not be used or kept changes nothing.
            try environment.check(directory)
            let version = try await StoredDirectory(seed: seed, loadedAt: environment.clock.now(), loadedBy: caller.principal.system)
                .save(in: environment.store)
            try environment.replaceDirectory(directory, calendar: seed.calendar ?? WorkCalendar(), version: version)
            return .loadDirectory(DirectoryLoad(directory, version: version))

        case .listDeadLetters(let channel, let community, let states):
            return .listDeadLetters(
                try await deadLetters().deadLetters(channel: channel, community: community, states: states.isEmpty ? [.pending] : states))
        case .replayDeadLetter(let id):
            return .replayDeadLetter(try await deadLetters().replay(id))
        case .discardDeadLetter(let id, let note):
            return .discardDeadLetter(try await deadLetters().discard(id, note: note))

        default:
            return nil
        }
    }

    /// The notification dispatcher, or FAILED_PRECONDITION when the server runs none.
    private func deadLetters() throws -> NotificationDispatcher {
        guard let notifications else { throw CouncilError(.failedPrecondition, "this server delivers no notifications") }
        return notifications
    }

    private func requirePeriod(_ from: LocalDate, _ through: LocalDate) throws {
        guard from <= through else { throw CouncilError.invalid("through", "the period ends before it starts") }
    }

    /// `csv` if it fits in one response frame, with room for the envelope.
    private func exportable(_ csv: [UInt8]) throws -> [UInt8] {
        let room = Int(limits.maxFrameBytes) - 1024
        guard csv.count <= room else {
            throw WireError(
                .frameTooLarge, "the export is \(csv.count) bytes, more than one frame of \(limits.maxFrameBytes) carries; narrow the query")
        }
        return csv
    }
}
