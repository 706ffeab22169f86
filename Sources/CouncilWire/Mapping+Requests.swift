import CCouncilWireSupport
import CProtobufC
import CouncilKit
import CouncilWireC

// Call requests: WireRequest ↔ the `request` oneof of council.v1.Call. The oneof case is the method's field
// number (WireMethod.rawValue). Errors name fields relative to the request message.

extension Arena {
    /// Fills the request oneof of `call`.
    func encode(_ request: WireRequest, into call: UnsafeMutablePointer<Council__V1__Call>) throws {
        call.pointee.request_case = oneof(UInt32(request.method.rawValue))
        switch request {
        case .getServerInfo:
            call.pointee.get_server_info = make(council__v1__get_server_info_request__init)
        case .checkHealth:
            call.pointee.check_health = make(council__v1__check_health_request__init)
        case .listCommunities(let community):
            let m = make(council__v1__list_communities_request__init)
            if let v = community { m.pointee.community = try string(v, "community"); m.pointee._community_case = oneof(1) }
            call.pointee.list_communities = m
        case .locateGridCell(let cell):
            let m = make(council__v1__locate_grid_cell_request__init)
            m.pointee.grid_cell = try string(cell, "grid_cell")
            call.pointee.locate_grid_cell = m
        case .listUnits(let kind):
            let m = make(council__v1__list_units_request__init)
            m.pointee.kind = .init(rawValue: WireEnums.unitKind.number(kind))
            call.pointee.list_units = m
        case .listPeople(let community, let role):
            let m = make(council__v1__list_people_request__init)
            if let v = community { m.pointee.community = try string(v, "community"); m.pointee._community_case = oneof(1) }
            m.pointee.role = .init(rawValue: WireEnums.personRole.number(role))
            call.pointee.list_people = m
        case .listCategories:
            call.pointee.list_categories = make(council__v1__list_categories_request__init)
        case .getCase(let key):
            let m = make(council__v1__get_case_request__init)
            switch key {
            case .id(let id): m.pointee.id = try string(id.rawValue, "id"); m.pointee.key_case = oneof(1)
            case .number(let number): m.pointee.number = try string(number.description, "number"); m.pointee.key_case = oneof(2)
            case .externalReference(let reference):
                m.pointee.external_reference = try within("external_reference") { try encode(reference) }
                m.pointee.key_case = oneof(3)
            }
            call.pointee.get_case = m
        case .getHistory(let id):
            let m = make(council__v1__get_history_request__init)
            m.pointee.case_id = try string(id.rawValue, "case_id")
            call.pointee.get_history = m
        case .findCases(let query):
            let m = make(council__v1__find_cases_request__init)
            m.pointee.query = try within("query") { try encode(query) }
            call.pointee.find_cases = m
        case .listChanges(let after, let limit):
            let m = make(council__v1__list_changes_request__init)
            m.pointee.after = after
            guard limit >= 0, limit <= Int(UInt32.max) else { throw WireError.invalid("limit", "limit must be between 1 and 1000") }
            m.pointee.limit = UInt32(limit)
            call.pointee.list_changes = m
        case .watchEvents(let after):
            let m = make(council__v1__watch_events_request__init)
            m.pointee.after = after
            call.pointee.watch_events = m
        case .submit(let submission):
            let m = make(council__v1__submit_request__init)
            m.pointee.submission = try encode(submission, "submission")
            call.pointee.submit = m
        case .accept(let t, let category, let priority, let note):
            let m = make(council__v1__accept_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            if let v = category { m.pointee.category = try string(v, "category"); m.pointee._category_case = oneof(3) }
            m.pointee.priority = .init(rawValue: WireEnums.priority.number(priority))
            if let v = note { m.pointee.note = try string(v, "note"); m.pointee._note_case = oneof(5) }
            call.pointee.accept = m
        case .decline(let t, let reason):
            let m = make(council__v1__decline_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            m.pointee.reason = try string(reason, "reason")
            call.pointee.decline = m
        case .refer(let t, let referral):
            let m = make(council__v1__refer_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            m.pointee.referral = try within("referral") { try encode(referral) }
            call.pointee.refer = m
        case .dispatch(let t, let unit, let due, let instructions):
            let m = make(council__v1__dispatch_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            m.pointee.unit = try string(unit, "unit")
            if let v = due { m.pointee.due = v.millisecondsSince1970; m.pointee._due_case = oneof(4) }
            if let v = instructions { m.pointee.instructions = try string(v, "instructions"); m.pointee._instructions_case = oneof(5) }
            call.pointee.dispatch = m
        case .handleLocally(let t, let note, let due):
            let m = make(council__v1__handle_locally_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            if let v = note { m.pointee.note = try string(v, "note"); m.pointee._note_case = oneof(3) }
            if let v = due { m.pointee.due = v.millisecondsSince1970; m.pointee._due_case = oneof(4) }
            call.pointee.handle_locally = m
        case .returnCase(let t, let reason):
            let m = make(council__v1__return_case_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            m.pointee.reason = try string(reason, "reason")
            call.pointee.return_case = m
        case .merge(let t, let master):
            let m = make(council__v1__merge_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            m.pointee.master = try string(master.rawValue, "master")
            call.pointee.merge = m
        case .scheduleDeliberation(let t, let meeting, let note):
            let m = make(council__v1__schedule_deliberation_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            if let v = meeting { m.pointee.meeting = try string(v, "meeting"); m.pointee._meeting_case = oneof(3) }
            if let v = note { m.pointee.note = try string(v, "note"); m.pointee._note_case = oneof(4) }
            call.pointee.schedule_deliberation = m
        case .recordDeliberationOutcome(let t, let record):
            let m = make(council__v1__record_deliberation_outcome_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            m.pointee.record = try within("record") { try encode(record) }
            call.pointee.record_deliberation_outcome = m
        case .addProgress(let t, let note):
            let m = make(council__v1__add_progress_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            m.pointee.note = try string(note, "note")
            call.pointee.add_progress = m
        case .requestExtension(let t, let request):
            let m = make(council__v1__request_extension_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            m.pointee.extension = try within("extension") { try encode(request) }
            call.pointee.request_extension = m
        case .approveExtension(let t, let approver, let message):
            let m = make(council__v1__approve_extension_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            m.pointee.approver = try string(approver, "approver")
            m.pointee.message_to_submitter = try string(message, "message_to_submitter")
            call.pointee.approve_extension = m
        case .denyExtension(let t, let approver, let reason):
            let m = make(council__v1__deny_extension_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            m.pointee.approver = try string(approver, "approver")
            m.pointee.reason = try string(reason, "reason")
            call.pointee.deny_extension = m
        case .resolve(let t, let result):
            let m = make(council__v1__resolve_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            m.pointee.result = try within("result") { try encode(result) }
            call.pointee.resolve = m
        case .recordFeedback(let t, let feedback):
            let m = make(council__v1__record_feedback_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            m.pointee.feedback = try within("feedback") { try encode(feedback) }
            call.pointee.record_feedback = m
        case .evaluate(let t, let evaluation):
            let m = make(council__v1__evaluate_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            m.pointee.evaluation = try within("evaluation") { try encode(evaluation) }
            call.pointee.evaluate = m
        case .rework(let t, let reason):
            let m = make(council__v1__rework_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            m.pointee.reason = try string(reason, "reason")
            call.pointee.rework = m
        case .verify(let t, let verification):
            let m = make(council__v1__verify_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            m.pointee.verification = try within("verification") { try encode(verification) }
            call.pointee.verify = m
        case .close(let t, let note):
            let m = make(council__v1__close_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            if let v = note { m.pointee.note = try string(v, "note"); m.pointee._note_case = oneof(3) }
            call.pointee.close = m
        case .withdraw(let t, let reason):
            let m = make(council__v1__withdraw_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            if let v = reason { m.pointee.reason = try string(v, "reason"); m.pointee._reason_case = oneof(3) }
            call.pointee.withdraw = m
        case .closeUnrated(let t):
            let m = make(council__v1__close_unrated_request__init)
            m.pointee.case_id = try string(t.id.rawValue, "case_id"); m.pointee.expected_version = version(t)
            call.pointee.close_unrated = m
        case .scheduleMeeting(let plan):
            let m = make(council__v1__schedule_meeting_request__init)
            m.pointee.plan = try within("plan") { try encode(plan) }
            call.pointee.schedule_meeting = m
        case .addToAgenda(let meeting, let caseID, let topic):
            let m = make(council__v1__add_to_agenda_request__init)
            m.pointee.meeting = try string(meeting, "meeting")
            if let v = caseID {
                m.pointee.case_id = try string(v.rawValue, "case_id"); m.pointee.item_case = oneof(2)
            } else if let v = topic {
                m.pointee.topic = try string(v, "topic"); m.pointee.item_case = oneof(3)
            }
            call.pointee.add_to_agenda = m
        case .rescheduleMeeting(let meeting, let time):
            let m = make(council__v1__reschedule_meeting_request__init)
            m.pointee.meeting = try string(meeting, "meeting")
            m.pointee.scheduled_at = time.millisecondsSince1970
            call.pointee.reschedule_meeting = m
        case .cancelMeeting(let meeting, let reason):
            let m = make(council__v1__cancel_meeting_request__init)
            m.pointee.meeting = try string(meeting, "meeting")
            m.pointee.reason = try string(reason, "reason")
            call.pointee.cancel_meeting = m
        case .holdMeeting(let meeting, let record):
            let m = make(council__v1__hold_meeting_request__init)
            m.pointee.meeting = try string(meeting, "meeting")
            m.pointee.record = try within("record") { try encode(record) }
            call.pointee.hold_meeting = m
        case .getMeeting(let meeting):
            let m = make(council__v1__get_meeting_request__init)
            m.pointee.meeting = try string(meeting, "meeting")
            call.pointee.get_meeting = m
        case .listMeetings(let community, let from, let before, let discussing):
            let m = make(council__v1__list_meetings_request__init)
            if let v = community { m.pointee.community = try string(v, "community"); m.pointee._community_case = oneof(1) }
            if let v = from { m.pointee.from = v.millisecondsSince1970; m.pointee._from_case = oneof(2) }
            if let v = before { m.pointee.before = v.millisecondsSince1970; m.pointee._before_case = oneof(3) }
            if let v = discussing { m.pointee.discussing = try string(v.rawValue, "discussing"); m.pointee._discussing_case = oneof(4) }
            call.pointee.list_meetings = m
        case .getPublicNotice(let meeting):
            let m = make(council__v1__get_public_notice_request__init)
            m.pointee.meeting = try string(meeting, "meeting")
            call.pointee.get_public_notice = m
        case .listMeetingCadenceGaps(let community, let from, let through):
            let m = make(council__v1__list_meeting_cadence_gaps_request__init)
            if let v = community { m.pointee.community = try string(v, "community"); m.pointee._community_case = oneof(1) }
            m.pointee.from = try date(from, "from")
            m.pointee.through = try date(through, "through")
            call.pointee.list_meeting_cadence_gaps = m
        case .establishLink(let kind, let holder, let target, let start):
            let m = make(council__v1__establish_link_request__init)
            m.pointee.kind = .init(rawValue: WireEnums.linkKind.number(kind))
            m.pointee.holder = try string(holder, "holder")
            m.pointee.target = try string(target, "target")
            m.pointee.start = try date(start, "start")
            call.pointee.establish_link = m
        case .endLink(let link, let day):
            let m = make(council__v1__end_link_request__init)
            m.pointee.link = try string(link, "link")
            m.pointee.day = try date(day, "day")
            call.pointee.end_link = m
        case .logVisit(let link, let at, let people, let hours, let notes, let helpGiven):
            let m = make(council__v1__log_visit_request__init)
            m.pointee.link = try string(link, "link")
            m.pointee.at = at.millisecondsSince1970
            (m.pointee.n_people, m.pointee.people) = try strings(people, "people")
            if let v = hours { m.pointee.hours = v; m.pointee._hours_case = oneof(4) }
            m.pointee.notes = try string(notes, "notes")
            if let v = helpGiven { m.pointee.help_given = try string(v, "help_given"); m.pointee._help_given_case = oneof(6) }
            call.pointee.log_visit = m
        case .raiseCaseOnVisit(let visit, let submission):
            let m = make(council__v1__raise_case_on_visit_request__init)
            m.pointee.visit = try string(visit, "visit")
            m.pointee.submission = try encode(submission, "submission")
            call.pointee.raise_case_on_visit = m
        case .listLinks(let community):
            let m = make(council__v1__list_links_request__init)
            if let v = community { m.pointee.community = try string(v, "community"); m.pointee._community_case = oneof(1) }
            call.pointee.list_links = m
        case .listVisits(let community, let from, let before):
            let m = make(council__v1__list_visits_request__init)
            if let v = community { m.pointee.community = try string(v, "community"); m.pointee._community_case = oneof(1) }
            if let v = from { m.pointee.from = v.millisecondsSince1970; m.pointee._from_case = oneof(2) }
            if let v = before { m.pointee.before = v.millisecondsSince1970; m.pointee._before_case = oneof(3) }
            call.pointee.list_visits = m
        case .getCoverage(let day):
            let m = make(council__v1__get_coverage_request__init)
            m.pointee.day = try date(day, "day")
            call.pointee.get_coverage = m
        case .listCadenceLapses(let from, let through):
            let m = make(council__v1__list_cadence_lapses_request__init)
            m.pointee.from = try date(from, "from")
            m.pointee.through = try date(through, "through")
            call.pointee.list_cadence_lapses = m
        case .recordElection(let community, let day, let method, let candidates, let elected, let termStart, let termEnd):
            let m = make(council__v1__record_election_request__init)
            m.pointee.community = try string(community, "community")
            m.pointee.date = try date(day, "date")
            m.pointee.method = .init(rawValue: WireEnums.electionMethod.number(method))
            (m.pointee.n_candidates, m.pointee.candidates) = try encode(candidates)
            (m.pointee.n_elected, m.pointee.elected) = try strings(elected, "elected")
            m.pointee.term_start = try date(termStart, "term_start")
            m.pointee.term_end = try date(termEnd, "term_end")
            call.pointee.record_election = m
        case .listElections(let community):
            let m = make(council__v1__list_elections_request__init)
            m.pointee.community = try string(community, "community")
            call.pointee.list_elections = m
        case .listRepresentatives(let community, let day):
            let m = make(council__v1__list_representatives_request__init)
            m.pointee.community = try string(community, "community")
            m.pointee.day = try date(day, "day")
            call.pointee.list_representatives = m
        case .getAttendance(let community, let from, let before):
            let m = make(council__v1__get_attendance_request__init)
            m.pointee.community = try string(community, "community")
            m.pointee.from = from.millisecondsSince1970
            m.pointee.before = before.millisecondsSince1970
            call.pointee.get_attendance = m
        case .commend(let person, let community, let reason, let day, let awardedBy):
            let m = make(council__v1__commend_request__init)
            m.pointee.person = try string(person, "person")
            if let v = community { m.pointee.community = try string(v, "community"); m.pointee._community_case = oneof(2) }
            m.pointee.reason = try string(reason, "reason")
            m.pointee.date = try date(day, "date")
            m.pointee.awarded_by = try string(awardedBy, "awarded_by")
            call.pointee.commend = m
        case .listCommendations(let community):
            let m = make(council__v1__list_commendations_request__init)
            if let v = community { m.pointee.community = try string(v, "community"); m.pointee._community_case = oneof(1) }
            call.pointee.list_commendations = m
        case .getScorecard(let subject, let from, let through):
            let m = make(council__v1__get_scorecard_request__init)
            m.pointee.subject = try within("subject") { try encode(subject) }
            m.pointee.from = try date(from, "from")
            m.pointee.through = try date(through, "through")
            call.pointee.get_scorecard = m
        case .getAnnualAssessment(let year, let weights, let share):
            let m = make(council__v1__get_annual_assessment_request__init)
            m.pointee.year = Int32(clamping: year)
            if let weights { (m.pointee.n_weights, m.pointee.weights) = encode(AssessmentService.Weights(weights)) }
            if let share {
                let threshold = make(council__v1__ranking_threshold__init)
                threshold.pointee.minimum_counted_share = share
                m.pointee.threshold = threshold
            }
            call.pointee.get_annual_assessment = m
        case .exportCases(let query):
            let m = make(council__v1__export_cases_request__init)
            m.pointee.query = try within("query") { try encode(query) }
            call.pointee.export_cases = m
        case .exportScorecards(let subjects, let from, let through):
            let m = make(council__v1__export_scorecards_request__init)
            (m.pointee.n_subjects, m.pointee.subjects) = try encode(subjects, "subjects")
            m.pointee.from = try date(from, "from")
            m.pointee.through = try date(through, "through")
            call.pointee.export_scorecards = m
        case .loadDirectory(let seed):
            let m = make(council__v1__load_directory_request__init)
            m.pointee.seed = binary(seed)
            call.pointee.load_directory = m
        case .listDeadLetters(let channel, let community, let states):
            let m = make(council__v1__list_dead_letters_request__init)
            if let channel { m.pointee.channel = try string(channel, "channel") }
            if let community { m.pointee.community = try string(community, "community") }
            let numbers = states.map { WireEnums.deadLetterState.number($0) }.sorted()
            if let array = array(Council__V1__DeadLetterState.self, count: numbers.count) {
                for (i, n) in numbers.enumerated() { (array + i).initialize(to: .init(rawValue: n)) }
                m.pointee.n_states = numbers.count
                m.pointee.states = array
            }
            call.pointee.list_dead_letters = m
        case .replayDeadLetter(let id):
            let m = make(council__v1__replay_dead_letter_request__init)
            m.pointee.id = try string(id, "id")
            call.pointee.replay_dead_letter = m
        case .discardDeadLetter(let id, let note):
            let m = make(council__v1__discard_dead_letter_request__init)
            m.pointee.id = try string(id, "id")
            if let note { m.pointee.note = try string(note, "note"); m.pointee._note_case = oneof(2) }
            call.pointee.discard_dead_letter = m
        }
    }

    @inline(__always)
    private func version(_ target: CaseTarget) -> Int64 { Int64(target.expectedVersion ?? 0) }
}

extension Decode {
    static func target(_ id: CString?, _ version: Int64) throws -> CaseTarget {
        guard version >= 0 else { throw WireError.invalid("expected_version", "expected_version cannot be negative") }
        return CaseTarget(try caseID(id, "case_id"), expectedVersion: version == 0 ? nil : Int(version))
    }

    /// The request of a call. Errors name fields relative to the request message.
    static func request(_ c: UnsafeMutablePointer<Council__V1__Call>) throws -> WireRequest {
        let call = c.pointee
        let number = Int(call.request_case.rawValue)
        guard let method = WireMethod(rawValue: number) else {
            if number == 0 && call.base.n_unknown_fields == 0 { throw WireError.missing("request") }
            throw WireError(.unknownMethod, "the call names a method this server does not know", field: "request")
        }
        switch method {
        case .getServerInfo: return .getServerInfo
        case .checkHealth: return .checkHealth
        case .listCommunities:
            let m = try required(call.list_communities, "list_communities").pointee
            return .listCommunities(community: isSet(m._community_case) ? text(m.community) : nil)
        case .locateGridCell:
            let m = try required(call.locate_grid_cell, "locate_grid_cell").pointee
            let cell = text(m.grid_cell)
            guard !cell.isEmpty else { throw WireError.missing("grid_cell") }
            return .locateGridCell(cell)
        case .listUnits:
            let m = try required(call.list_units, "list_units").pointee
            return .listUnits(kind: try WireEnums.unitKind.optional(m.kind.rawValue, "kind"))
        case .listPeople:
            let m = try required(call.list_people, "list_people").pointee
            return .listPeople(
                community: isSet(m._community_case) ? text(m.community) : nil,
                role: try WireEnums.personRole.optional(m.role.rawValue, "role"))
        case .listCategories: return .listCategories
        case .getCase:
            let m = try required(call.get_case, "get_case").pointee
            switch m.key_case.rawValue {
            case 1: return .getCase(.id(try caseID(m.id, "id")))
            case 2: return .getCase(.number(try caseNumber(m.number, "number")))
            case 3:
                return .getCase(.externalReference(
                    try within("external_reference") { try externalReference(try required(m.external_reference, "external_reference")) }))
            default: throw WireError.missing("key")
            }
        case .getHistory:
            return .getHistory(try caseID(try required(call.get_history, "get_history").pointee.case_id, "case_id"))
        case .findCases:
            let m = try required(call.find_cases, "find_cases").pointee
            return .findCases(try within("query") { try caseQuery(try required(m.query, "query")) })
        case .listChanges:
            let m = try required(call.list_changes, "list_changes").pointee
            return .listChanges(after: m.after, limit: m.limit == 0 ? 100 : Int(m.limit))
        case .watchEvents:
            return .watchEvents(after: try required(call.watch_events, "watch_events").pointee.after)
        case .submit:
            let m = try required(call.submit, "submit").pointee
            return .submit(try submission(try required(m.submission, "submission"), "submission"))
        case .accept:
            let m = try required(call.accept, "accept").pointee
            return .accept(
                try target(m.case_id, m.expected_version), category: isSet(m._category_case) ? text(m.category) : nil,
                priority: try WireEnums.priority.optional(m.priority.rawValue, "priority"),
                note: isSet(m._note_case) ? text(m.note) : nil)
        case .decline:
            let m = try required(call.decline, "decline").pointee
            return .decline(try target(m.case_id, m.expected_version), reason: text(m.reason))
        case .refer:
            let m = try required(call.refer, "refer").pointee
            return .refer(
                try target(m.case_id, m.expected_version),
                try within("referral") { try referral(try required(m.referral, "referral")) })
        case .dispatch:
            let m = try required(call.dispatch, "dispatch").pointee
            let unit = text(m.unit)
            guard !unit.isEmpty else { throw WireError.missing("unit") }
            return .dispatch(
                try target(m.case_id, m.expected_version), unit: unit,
                due: isSet(m._due_case) ? Timestamp(wire: m.due) : nil,
                instructions: isSet(m._instructions_case) ? text(m.instructions) : nil)
        case .handleLocally:
            let m = try required(call.handle_locally, "handle_locally").pointee
            return .handleLocally(
                try target(m.case_id, m.expected_version), note: isSet(m._note_case) ? text(m.note) : nil,
                due: isSet(m._due_case) ? Timestamp(wire: m.due) : nil)
        case .returnCase:
            let m = try required(call.return_case, "return_case").pointee
            return .returnCase(try target(m.case_id, m.expected_version), reason: text(m.reason))
        case .merge:
            let m = try required(call.merge, "merge").pointee
            return .merge(try target(m.case_id, m.expected_version), master: try caseID(m.master, "master"))
        case .scheduleDeliberation:
            let m = try required(call.schedule_deliberation, "schedule_deliberation").pointee
            return .scheduleDeliberation(
                try target(m.case_id, m.expected_version), meeting: isSet(m._meeting_case) ? text(m.meeting) : nil,
                note: isSet(m._note_case) ? text(m.note) : nil)
        case .recordDeliberationOutcome:
            let m = try required(call.record_deliberation_outcome, "record_deliberation_outcome").pointee
            return .recordDeliberationOutcome(
                try target(m.case_id, m.expected_version),
                try within("record") { try deliberationRecord(try required(m.record, "record")) })
        case .addProgress:
            let m = try required(call.add_progress, "add_progress").pointee
            return .addProgress(try target(m.case_id, m.expected_version), note: text(m.note))
        case .requestExtension:
            let m = try required(call.request_extension, "request_extension").pointee
            return .requestExtension(
                try target(m.case_id, m.expected_version), try extensionRequest(try required(m.extension, "extension")))
        case .approveExtension:
            let m = try required(call.approve_extension, "approve_extension").pointee
            return .approveExtension(
                try target(m.case_id, m.expected_version), approver: text(m.approver),
                messageToSubmitter: text(m.message_to_submitter))
        case .denyExtension:
            let m = try required(call.deny_extension, "deny_extension").pointee
            return .denyExtension(try target(m.case_id, m.expected_version), approver: text(m.approver), reason: text(m.reason))
        case .resolve:
            let m = try required(call.resolve, "resolve").pointee
            return .resolve(try target(m.case_id, m.expected_version), handlingResult(try required(m.result, "result")))
        case .recordFeedback:
            let m = try required(call.record_feedback, "record_feedback").pointee
            return .recordFeedback(
                try target(m.case_id, m.expected_version),
                try within("feedback") { try feedback(try required(m.feedback, "feedback")) })
        case .evaluate:
            let m = try required(call.evaluate, "evaluate").pointee
            return .evaluate(
                try target(m.case_id, m.expected_version),
                try within("evaluation") { try evaluation(try required(m.evaluation, "evaluation")) })
        case .rework:
            let m = try required(call.rework, "rework").pointee
            return .rework(try target(m.case_id, m.expected_version), reason: text(m.reason))
        case .verify:
            let m = try required(call.verify, "verify").pointee
            return .verify(try target(m.case_id, m.expected_version), verification(try required(m.verification, "verification")))
        case .close:
            let m = try required(call.close, "close").pointee
            return .close(try target(m.case_id, m.expected_version), note: isSet(m._note_case) ? text(m.note) : nil)
        case .withdraw:
            let m = try required(call.withdraw, "withdraw").pointee
            return .withdraw(try target(m.case_id, m.expected_version), reason: isSet(m._reason_case) ? text(m.reason) : nil)
        case .closeUnrated:
            let m = try required(call.close_unrated, "close_unrated").pointee
            return .closeUnrated(try target(m.case_id, m.expected_version))
        case .scheduleMeeting:
            let m = try required(call.schedule_meeting, "schedule_meeting").pointee
            return .scheduleMeeting(try nested(m.plan, "plan", meetingPlan))
        case .addToAgenda:
            let m = try required(call.add_to_agenda, "add_to_agenda").pointee
            let meeting = try requiredText(m.meeting, "meeting")
            switch m.item_case.rawValue {
            case 2: return .addToAgenda(meeting: meeting, caseID: try caseID(m.case_id, "case_id"), topic: nil)
            case 3: return .addToAgenda(meeting: meeting, caseID: nil, topic: text(m.topic))
            default: throw WireError.missing("item")
            }
        case .rescheduleMeeting:
            let m = try required(call.reschedule_meeting, "reschedule_meeting").pointee
            return .rescheduleMeeting(meeting: try requiredText(m.meeting, "meeting"), to: Timestamp(wire: m.scheduled_at))
        case .cancelMeeting:
            let m = try required(call.cancel_meeting, "cancel_meeting").pointee
            return .cancelMeeting(meeting: try requiredText(m.meeting, "meeting"), reason: text(m.reason))
        case .holdMeeting:
            let m = try required(call.hold_meeting, "hold_meeting").pointee
            return .holdMeeting(
                meeting: try requiredText(m.meeting, "meeting"),
                try nested(m.record, "record", meetingRecord))
        case .getMeeting:
            let m = try required(call.get_meeting, "get_meeting").pointee
            return .getMeeting(try requiredText(m.meeting, "meeting"))
        case .listMeetings:
            let m = try required(call.list_meetings, "list_meetings").pointee
            let discussing = isSet(m._discussing_case) ? try caseID(m.discussing, "discussing") : nil
            if discussing != nil, isSet(m._community_case) || isSet(m._from_case) || isSet(m._before_case) {
                throw WireError.invalid("discussing", "discussing cannot be combined with community, from or before")
            }
            return .listMeetings(
                community: isSet(m._community_case) ? text(m.community) : nil,
                from: isSet(m._from_case) ? Timestamp(wire: m.from) : nil,
                before: isSet(m._before_case) ? Timestamp(wire: m.before) : nil, discussing: discussing)
        case .getPublicNotice:
            let m = try required(call.get_public_notice, "get_public_notice").pointee
            return .getPublicNotice(meeting: try requiredText(m.meeting, "meeting"))
        case .listMeetingCadenceGaps:
            let m = try required(call.list_meeting_cadence_gaps, "list_meeting_cadence_gaps").pointee
            return .listMeetingCadenceGaps(
                community: isSet(m._community_case) ? text(m.community) : nil, from: try date(m.from, "from"),
                through: try date(m.through, "through"))
        case .establishLink:
            let m = try required(call.establish_link, "establish_link").pointee
            return .establishLink(
                try WireEnums.linkKind.value(m.kind.rawValue, "kind"), holder: try requiredText(m.holder, "holder"),
                target: try requiredText(m.target, "target"), start: try date(m.start, "start"))
        case .endLink:
            let m = try required(call.end_link, "end_link").pointee
            return .endLink(try requiredText(m.link, "link"), day: try date(m.day, "day"))
        case .logVisit:
            let m = try required(call.log_visit, "log_visit").pointee
            return .logVisit(
                link: try requiredText(m.link, "link"), at: Timestamp(wire: m.at), people: texts(m.n_people, m.people),
                hours: isSet(m._hours_case) ? m.hours : nil, notes: text(m.notes),
                helpGiven: isSet(m._help_given_case) ? text(m.help_given) : nil)
        case .raiseCaseOnVisit:
            let m = try required(call.raise_case_on_visit, "raise_case_on_visit").pointee
            return .raiseCaseOnVisit(
                visit: try requiredText(m.visit, "visit"), try submission(try required(m.submission, "submission"), "submission"))
        case .listLinks:
            let m = try required(call.list_links, "list_links").pointee
            return .listLinks(community: isSet(m._community_case) ? text(m.community) : nil)
        case .listVisits:
            let m = try required(call.list_visits, "list_visits").pointee
            return .listVisits(
                community: isSet(m._community_case) ? text(m.community) : nil,
                from: isSet(m._from_case) ? Timestamp(wire: m.from) : nil,
                before: isSet(m._before_case) ? Timestamp(wire: m.before) : nil)
        case .getCoverage:
            let m = try required(call.get_coverage, "get_coverage").pointee
            return .getCoverage(on: try date(m.day, "day"))
        case .listCadenceLapses:
            let m = try required(call.list_cadence_lapses, "list_cadence_lapses").pointee
            return .listCadenceLapses(from: try date(m.from, "from"), through: try date(m.through, "through"))
        case .recordElection:
            let m = try required(call.record_election, "record_election").pointee
            return .recordElection(
                community: try requiredText(m.community, "community"), date: try date(m.date, "date"),
                method: try WireEnums.electionMethod.value(m.method.rawValue, "method"),
                candidates: try candidates(m.n_candidates, m.candidates), elected: texts(m.n_elected, m.elected),
                termStart: try date(m.term_start, "term_start"), termEnd: try date(m.term_end, "term_end"))
        case .listElections:
            let m = try required(call.list_elections, "list_elections").pointee
            return .listElections(community: try requiredText(m.community, "community"))
        case .listRepresentatives:
            let m = try required(call.list_representatives, "list_representatives").pointee
            return .listRepresentatives(community: try requiredText(m.community, "community"), on: try date(m.day, "day"))
        case .getAttendance:
            let m = try required(call.get_attendance, "get_attendance").pointee
            return .getAttendance(
                community: try requiredText(m.community, "community"), from: Timestamp(wire: m.from), before: Timestamp(wire: m.before))
        case .commend:
            let m = try required(call.commend, "commend").pointee
            return .commend(
                person: try requiredText(m.person, "person"), community: isSet(m._community_case) ? text(m.community) : nil,
                reason: text(m.reason), date: try date(m.date, "date"), awardedBy: text(m.awarded_by))
        case .listCommendations:
            let m = try required(call.list_commendations, "list_commendations").pointee
            return .listCommendations(community: isSet(m._community_case) ? text(m.community) : nil)
        case .getScorecard:
            let m = try required(call.get_scorecard, "get_scorecard").pointee
            return .getScorecard(
                try nested(m.subject, "subject", subject), from: try date(m.from, "from"),
                through: try date(m.through, "through"))
        case .getAnnualAssessment:
            let m = try required(call.get_annual_assessment, "get_annual_assessment").pointee
            return .getAnnualAssessment(
                year: Int(m.year), weights: m.n_weights == 0 ? nil : try weights(m.n_weights, m.weights).weights,
                minimumCountedShare: try m.threshold.map {
                    try minimumCountedShare($0.pointee.minimum_counted_share, "threshold.minimum_counted_share")
                })
        case .exportCases:
            let m = try required(call.export_cases, "export_cases").pointee
            return .exportCases(try nested(m.query, "query", caseQuery))
        case .exportScorecards:
            let m = try required(call.export_scorecards, "export_scorecards").pointee
            return .exportScorecards(
                try subjects(m.n_subjects, m.subjects, "subjects"), from: try date(m.from, "from"),
                through: try date(m.through, "through"))
        case .loadDirectory:
            let m = try required(call.load_directory, "load_directory").pointee
            let seed = binary(m.seed)
            guard !seed.isEmpty else { throw WireError.missing("seed") }
            return .loadDirectory(seed: seed)
        case .listDeadLetters:
            let m = try required(call.list_dead_letters, "list_dead_letters").pointee
            var states: Set<DeadLetter.State> = []
            if m.n_states > 0, let array = m.states {
                for i in 0..<m.n_states { states.insert(try WireEnums.deadLetterState.value(array[i].rawValue, "states[\(i)]")) }
            }
            let channel = text(m.channel), community = text(m.community)
            return .listDeadLetters(channel: channel.isEmpty ? nil : channel, community: community.isEmpty ? nil : community, states: states)
        case .replayDeadLetter:
            let m = try required(call.replay_dead_letter, "replay_dead_letter").pointee
            return .replayDeadLetter(id: try requiredText(m.id, "id"))
        case .discardDeadLetter:
            let m = try required(call.discard_dead_letter, "discard_dead_letter").pointee
            return .discardDeadLetter(id: try requiredText(m.id, "id"), note: isSet(m._note_case) ? text(m.note) : nil)
        }
    }
}
