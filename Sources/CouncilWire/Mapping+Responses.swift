import CCouncilWireSupport
import CProtobufC
import CouncilKit
import CouncilWireC

// Call results: WireResponse ↔ the `response` oneof of council.v1.Response, under the same field number as the
// call's request.

extension Arena {
    /// Fills the response oneof of `response`.
    func encode(_ result: WireResponse, into r: UnsafeMutablePointer<Council__V1__Response>) throws {
        guard let method = result.method else {
            throw WireError(.invalidValue, "\(result) answers no method of the protocol", field: "response")
        }
        r.pointee.response_case = oneof(UInt32(method.rawValue))
        switch result {
        case .getServerInfo(let info):
            let m = make(council__v1__get_server_info_response__init)
            m.pointee.server_id = try string(info.serverID, "server_id")
            m.pointee.server_version = try string(info.serverVersion, "server_version")
            if let array = array(UInt32.self, count: info.protocolVersions.count) {
                for (i, v) in info.protocolVersions.enumerated() { (array + i).initialize(to: v) }
                m.pointee.n_protocol_versions = info.protocolVersions.count
                m.pointee.protocol_versions = array
            }
            m.pointee.server_time = info.serverTime.millisecondsSince1970
            m.pointee.limits = encode(info.limits)
            m.pointee.district = try within("district") { try encode(info.district) }
            r.pointee.get_server_info = m
        case .checkHealth(let status):
            let m = make(council__v1__check_health_response__init)
            m.pointee.status = .init(rawValue: WireEnums.servingStatus.number(status))
            r.pointee.check_health = m
        case .listCommunities(let listing):
            let m = make(council__v1__list_communities_response__init)
            m.pointee.district = try within("district") { try encode(listing.district) }
            (m.pointee.n_communities, m.pointee.communities) = try messages(listing.communities) { try encode($0) }
            (m.pointee.n_compounds, m.pointee.compounds) = try messages(listing.compounds) { try encode($0) }
            (m.pointee.n_buildings, m.pointee.buildings) = try messages(listing.buildings) { try encode($0) }
            (m.pointee.n_grid_cells, m.pointee.grid_cells) = try messages(listing.gridCells) { try encode($0) }
            r.pointee.list_communities = m
        case .locateGridCell(let cell, let community):
            let m = make(council__v1__locate_grid_cell_response__init)
            m.pointee.grid_cell = try within("grid_cell") { try encode(cell) }
            m.pointee.community = try within("community") { try encode(community) }
            r.pointee.locate_grid_cell = m
        case .listUnits(let units):
            let m = make(council__v1__list_units_response__init)
            (m.pointee.n_units, m.pointee.units) = try messages(units) { try encode($0) }
            r.pointee.list_units = m
        case .listPeople(let people):
            let m = make(council__v1__list_people_response__init)
            (m.pointee.n_people, m.pointee.people) = try messages(people) { try encode($0) }
            r.pointee.list_people = m
        case .listCategories(let categories, let policy):
            let m = make(council__v1__list_categories_response__init)
            (m.pointee.n_categories, m.pointee.categories) = try messages(categories) { try encode($0) }
            m.pointee.policy = try within("policy") { try encode(policy) }
            r.pointee.list_categories = m
        case .getCase(let view):
            let m = make(council__v1__get_case_response__init)
            m.pointee.case_ = try within("case") { try encode(view) }
            r.pointee.get_case = m
        case .getHistory(let events, let disclosure):
            let m = make(council__v1__get_history_response__init)
            (m.pointee.n_events, m.pointee.events) = try messages(events) { try encode($0) }
            m.pointee.submitter_disclosure = .init(rawValue: WireEnums.disclosure.number(disclosure))
            r.pointee.get_history = m
        case .findCases(let views, let cursor):
            let m = make(council__v1__find_cases_response__init)
            (m.pointee.n_cases, m.pointee.cases) = try messages(views) { try encode($0) }
            if let v = cursor { m.pointee.next_cursor = try string(v, "next_cursor"); m.pointee._next_cursor_case = oneof(2) }
            r.pointee.find_cases = m
        case .listChanges(let events, let latest, let disclosure):
            let m = make(council__v1__list_changes_response__init)
            (m.pointee.n_events, m.pointee.events) = try messages(events) { try encode($0) }
            m.pointee.latest_sequence = latest
            m.pointee.submitter_disclosure = .init(rawValue: WireEnums.disclosure.number(disclosure))
            r.pointee.list_changes = m
        case .watchEvents(let events, let disclosure):
            let m = make(council__v1__watch_events_response__init)
            (m.pointee.n_events, m.pointee.events) = try messages(events) { try encode($0) }
            m.pointee.submitter_disclosure = .init(rawValue: WireEnums.disclosure.number(disclosure))
            r.pointee.watch_events = m
        case .submit(let view, let created):
            let m = make(council__v1__submit_response__init)
            m.pointee.case_ = try within("case") { try encode(view) }
            m.pointee.created = created ? 1 : 0
            r.pointee.submit = m
        case .updated(let operation, let view):
            let encoded = try within("case") { try encode(view) }
            switch operation {
            case .submit:
                let m = make(council__v1__submit_response__init); m.pointee.case_ = encoded; m.pointee.created = 1
                r.pointee.submit = m
            case .accept:
                let m = make(council__v1__accept_response__init); m.pointee.case_ = encoded; r.pointee.accept = m
            case .decline:
                let m = make(council__v1__decline_response__init); m.pointee.case_ = encoded; r.pointee.decline = m
            case .refer:
                let m = make(council__v1__refer_response__init); m.pointee.case_ = encoded; r.pointee.refer = m
            case .dispatch:
                let m = make(council__v1__dispatch_response__init); m.pointee.case_ = encoded; r.pointee.dispatch = m
            case .handleLocally:
                let m = make(council__v1__handle_locally_response__init); m.pointee.case_ = encoded; r.pointee.handle_locally = m
            case .return:
                let m = make(council__v1__return_case_response__init); m.pointee.case_ = encoded; r.pointee.return_case = m
            case .merge:
                let m = make(council__v1__merge_response__init); m.pointee.case_ = encoded; r.pointee.merge = m
            case .scheduleDeliberation:
                let m = make(council__v1__schedule_deliberation_response__init); m.pointee.case_ = encoded
                r.pointee.schedule_deliberation = m
            case .recordDeliberationOutcome:
                let m = make(council__v1__record_deliberation_outcome_response__init); m.pointee.case_ = encoded
                r.pointee.record_deliberation_outcome = m
            case .addProgress:
                let m = make(council__v1__add_progress_response__init); m.pointee.case_ = encoded; r.pointee.add_progress = m
            case .requestExtension:
                let m = make(council__v1__request_extension_response__init); m.pointee.case_ = encoded
                r.pointee.request_extension = m
            case .approveExtension:
                let m = make(council__v1__approve_extension_response__init); m.pointee.case_ = encoded
                r.pointee.approve_extension = m
            case .denyExtension:
                let m = make(council__v1__deny_extension_response__init); m.pointee.case_ = encoded
                r.pointee.deny_extension = m
            case .resolve:
                let m = make(council__v1__resolve_response__init); m.pointee.case_ = encoded; r.pointee.resolve = m
            case .recordFeedback:
                let m = make(council__v1__record_feedback_response__init); m.pointee.case_ = encoded
                r.pointee.record_feedback = m
            case .evaluate:
                let m = make(council__v1__evaluate_response__init); m.pointee.case_ = encoded; r.pointee.evaluate = m
            case .rework:
                let m = make(council__v1__rework_response__init); m.pointee.case_ = encoded; r.pointee.rework = m
            case .verify:
                let m = make(council__v1__verify_response__init); m.pointee.case_ = encoded; r.pointee.verify = m
            case .close:
                let m = make(council__v1__close_response__init); m.pointee.case_ = encoded; r.pointee.close = m
            case .withdraw:
                let m = make(council__v1__withdraw_response__init); m.pointee.case_ = encoded; r.pointee.withdraw = m
            case .closeUnrated:
                let m = make(council__v1__close_unrated_response__init); m.pointee.case_ = encoded; r.pointee.close_unrated = m
            case .alertDeadline:
                break  // refused by the guard above
            }
        case .scheduleMeeting(let meeting):
            let m = make(council__v1__schedule_meeting_response__init)
            m.pointee.meeting = try within("meeting") { try encode(meeting) }
            r.pointee.schedule_meeting = m
        case .addToAgenda(let meeting):
            let m = make(council__v1__add_to_agenda_response__init)
            m.pointee.meeting = try within("meeting") { try encode(meeting) }
            r.pointee.add_to_agenda = m
        case .rescheduleMeeting(let meeting):
            let m = make(council__v1__reschedule_meeting_response__init)
            m.pointee.meeting = try within("meeting") { try encode(meeting) }
            r.pointee.reschedule_meeting = m
        case .cancelMeeting(let meeting):
            let m = make(council__v1__cancel_meeting_response__init)
            m.pointee.meeting = try within("meeting") { try encode(meeting) }
            r.pointee.cancel_meeting = m
        case .holdMeeting(let held):
            r.pointee.hold_meeting = try encode(held)
        case .getMeeting(let meeting):
            let m = make(council__v1__get_meeting_response__init)
            m.pointee.meeting = try within("meeting") { try encode(meeting) }
            r.pointee.get_meeting = m
        case .listMeetings(let meetings):
            let m = make(council__v1__list_meetings_response__init)
            (m.pointee.n_meetings, m.pointee.meetings) = try messages(Array(meetings.enumerated())) { i, meeting in
                try within("meetings[\(i)]") { try encode(meeting) }
            }
            r.pointee.list_meetings = m
        case .getPublicNotice(let text):
            let m = make(council__v1__get_public_notice_response__init)
            m.pointee.text = try string(text, "text")
            r.pointee.get_public_notice = m
        case .listMeetingCadenceGaps(let gaps):
            let m = make(council__v1__list_meeting_cadence_gaps_response__init)
            (m.pointee.n_gaps, m.pointee.gaps) = try messages(gaps) { try encode($0) }
            r.pointee.list_meeting_cadence_gaps = m
        case .establishLink(let link):
            let m = make(council__v1__establish_link_response__init)
            m.pointee.link = try within("link") { try encode(link) }
            r.pointee.establish_link = m
        case .endLink(let link):
            let m = make(council__v1__end_link_response__init)
            m.pointee.link = try within("link") { try encode(link) }
            r.pointee.end_link = m
        case .logVisit(let visit):
            let m = make(council__v1__log_visit_response__init)
            m.pointee.visit = try within("visit") { try encode(visit) }
            r.pointee.log_visit = m
        case .raiseCaseOnVisit(let view):
            let m = make(council__v1__raise_case_on_visit_response__init)
            m.pointee.case_ = try within("case") { try encode(view) }
            r.pointee.raise_case_on_visit = m
        case .listLinks(let links):
            let m = make(council__v1__list_links_response__init)
            (m.pointee.n_links, m.pointee.links) = try messages(links) { try encode($0) }
            r.pointee.list_links = m
        case .listVisits(let visits):
            let m = make(council__v1__list_visits_response__init)
            (m.pointee.n_visits, m.pointee.visits) = try messages(visits) { try encode($0) }
            r.pointee.list_visits = m
        case .getCoverage(let report):
            let m = make(council__v1__get_coverage_response__init)
            (m.pointee.n_communities_without_leader, m.pointee.communities_without_leader) =
                try strings(report.communitiesWithoutLeader, "communities_without_leader")
            (m.pointee.n_compounds_without_unit, m.pointee.compounds_without_unit) =
                try strings(report.compoundsWithoutUnit, "compounds_without_unit")
            (m.pointee.n_households_without_cadre, m.pointee.households_without_cadre) =
                try strings(report.householdsWithoutCadre, "households_without_cadre")
            r.pointee.get_coverage = m
        case .listCadenceLapses(let lapses):
            let m = make(council__v1__list_cadence_lapses_response__init)
            (m.pointee.n_lapses, m.pointee.lapses) = try messages(lapses) { try encode($0) }
            r.pointee.list_cadence_lapses = m
        case .recordElection(let election):
            let m = make(council__v1__record_election_response__init)
            m.pointee.election = try within("election") { try encode(election) }
            r.pointee.record_election = m
        case .listElections(let elections):
            let m = make(council__v1__list_elections_response__init)
            (m.pointee.n_elections, m.pointee.elections) = try messages(elections) { try encode($0) }
            r.pointee.list_elections = m
        case .listRepresentatives(let people):
            let m = make(council__v1__list_representatives_response__init)
            (m.pointee.n_people, m.pointee.people) = try strings(people, "people")
            r.pointee.list_representatives = m
        case .getAttendance(let attendance):
            let m = make(council__v1__get_attendance_response__init)
            (m.pointee.n_attendance, m.pointee.attendance) = try messages(attendance) { try encode($0) }
            r.pointee.get_attendance = m
        case .commend(let commendation):
            let m = make(council__v1__commend_response__init)
            m.pointee.commendation = try within("commendation") { try encode(commendation) }
            r.pointee.commend = m
        case .listCommendations(let commendations):
            let m = make(council__v1__list_commendations_response__init)
            (m.pointee.n_commendations, m.pointee.commendations) = try messages(commendations) { try encode($0) }
            r.pointee.list_commendations = m
        case .getScorecard(let card):
            let m = make(council__v1__get_scorecard_response__init)
            m.pointee.scorecard = try within("scorecard") { try encode(card) }
            r.pointee.get_scorecard = m
        case .getAnnualAssessment(let assessment):
            let m = make(council__v1__get_annual_assessment_response__init)
            m.pointee.year = Int32(clamping: assessment.year)
            (m.pointee.n_weights, m.pointee.weights) = encode(assessment.weights)
            (m.pointee.n_communities, m.pointee.communities) = try encode(assessment.communities, "communities")
            (m.pointee.n_units, m.pointee.units) = try encode(assessment.units, "units")
            m.pointee.minimum_counted_share = assessment.weights.minimumCountedShare
            r.pointee.get_annual_assessment = m
        case .exportCases(let csv):
            let m = make(council__v1__export_cases_response__init)
            m.pointee.csv = binary(csv)
            r.pointee.export_cases = m
        case .exportScorecards(let csv):
            let m = make(council__v1__export_scorecards_response__init)
            m.pointee.csv = binary(csv)
            r.pointee.export_scorecards = m
        case .loadDirectory(let load):
            let m = make(council__v1__load_directory_response__init)
            m.pointee.district = try within("district") { try encode(load.district) }
            m.pointee.communities = Int32(clamping: load.communities)
            m.pointee.compounds = Int32(clamping: load.compounds)
            m.pointee.buildings = Int32(clamping: load.buildings)
            m.pointee.households = Int32(clamping: load.households)
            m.pointee.grid_cells = Int32(clamping: load.gridCells)
            m.pointee.units = Int32(clamping: load.units)
            m.pointee.people = Int32(clamping: load.people)
            m.pointee.categories = Int32(clamping: load.categories)
            m.pointee.version = Int64(load.version)
            r.pointee.load_directory = m
        case .listDeadLetters(let letters):
            let m = make(council__v1__list_dead_letters_response__init)
            (m.pointee.n_dead_letters, m.pointee.dead_letters) = try messages(Array(letters.enumerated())) { i, letter in
                try within("dead_letters[\(i)]") { try encode(letter) }
            }
            r.pointee.list_dead_letters = m
        case .replayDeadLetter(let letter):
            let m = make(council__v1__dead_letter_response__init)
            m.pointee.dead_letter = try within("dead_letter") { try encode(letter) }
            r.pointee.replay_dead_letter = m
        case .discardDeadLetter(let letter):
            let m = make(council__v1__dead_letter_response__init)
            m.pointee.dead_letter = try within("dead_letter") { try encode(letter) }
            r.pointee.discard_dead_letter = m
        }
    }

    func encode(_ d: DeadLetter) throws -> UnsafeMutablePointer<Council__V1__DeadLetter> {
        let m = make(council__v1__dead_letter__init)
        m.pointee.id = try string(d.id, "id")
        m.pointee.channel = try string(d.channel, "channel")
        m.pointee.sequence = d.sequence
        m.pointee.case_id = try string(d.caseID.rawValue, "case_id")
        m.pointee.case_number = try string(d.caseNumber.description, "case_number")
        m.pointee.community = try string(d.community, "community")
        m.pointee.topic = try string(d.topic, "topic")
        m.pointee.recipient_kind = try string(d.recipientKind.rawValue, "recipient_kind")
        m.pointee.recipient_id = try string(d.recipientID, "recipient_id")
        m.pointee.attempts = Int32(clamping: d.attempts)
        m.pointee.last_error = try string(d.lastError, "last_error")
        m.pointee.permanent = d.permanent ? 1 : 0
        m.pointee.created_at = d.createdAt.millisecondsSince1970
        m.pointee.updated_at = d.updatedAt.millisecondsSince1970
        m.pointee.state = .init(rawValue: WireEnums.deadLetterState.number(d.state))
        if let note = d.note { m.pointee.note = try string(note, "note"); m.pointee._note_case = oneof(16) }
        return m
    }

    func encode(_ l: WireLimits) -> UnsafeMutablePointer<Council__V1__Limits> {
        let m = make(council__v1__limits__init)
        m.pointee.max_frame_bytes = l.maxFrameBytes
        m.pointee.decode_budget_bytes = l.decodeBudgetBytes
        m.pointee.max_concurrent_calls = l.maxConcurrentCalls
        m.pointee.idle_timeout_ms = l.idleTimeoutMilliseconds
        m.pointee.frame_read_timeout_ms = l.frameReadTimeoutMilliseconds
        m.pointee.default_call_timeout_ms = l.defaultCallTimeoutMilliseconds
        return m
    }
}

extension Decode {
    static func limits(_ m: UnsafeMutablePointer<Council__V1__Limits>) -> WireLimits {
        let p = m.pointee
        return WireLimits(
            maxFrameBytes: p.max_frame_bytes, decodeBudgetBytes: p.decode_budget_bytes,
            maxConcurrentCalls: p.max_concurrent_calls, idleTimeoutMilliseconds: p.idle_timeout_ms,
            frameReadTimeoutMilliseconds: p.frame_read_timeout_ms, defaultCallTimeoutMilliseconds: p.default_call_timeout_ms)
    }

    /// The case of a `{ Case case = 1; }` response.
    @inline(__always)
    static func updated<M>(_ m: UnsafeMutablePointer<M>?, _ field: String, _ operation: CaseOperation,
                           _ c: (M) -> UnsafeMutablePointer<Council__V1__Case>?) throws -> WireResponse {
        let message = try required(m, field).pointee
        return .updated(operation, try within("case") { try caseView(try required(c(message), "case")) })
    }

    /// The meeting of a `{ Meeting meeting = 1; }` response.
    @inline(__always)
    static func meetingOf<M>(_ m: UnsafeMutablePointer<M>?, _ field: String,
                             _ meeting: (M) -> UnsafeMutablePointer<Council__V1__Meeting>?) throws -> Meeting {
        let message = try required(m, field).pointee
        return try nested(meeting(message), "meeting", Decode.meeting)
    }

    /// The result of a response frame; `nil` when it carries none.
    static func response(_ r: UnsafeMutablePointer<Council__V1__Response>) throws -> WireResponse? {
        let p = r.pointee
        let number = Int(p.response_case.rawValue)
        if number == 0 {
            if p.base.n_unknown_fields > 0 {
                throw WireError(.unknownMethod, "the response answers a method this client does not know", field: "response")
            }
            return nil
        }
        guard let method = WireMethod(rawValue: number) else {
            throw WireError(.unknownMethod, "the response answers a method this client does not know", field: "response")
        }
        switch method {
        case .getServerInfo:
            let m = try required(p.get_server_info, "get_server_info").pointee
            var versions: [UInt32] = []
            if m.n_protocol_versions > 0, let array = m.protocol_versions {
                versions = Array(UnsafeBufferPointer(start: array, count: m.n_protocol_versions))
            }
            return .getServerInfo(
                ServerInfo(
                    serverID: text(m.server_id), serverVersion: text(m.server_version), protocolVersions: versions,
                    serverTime: Timestamp(wire: m.server_time), limits: limits(try required(m.limits, "limits")),
                    district: district(try required(m.district, "district"))))
        case .checkHealth:
            let m = try required(p.check_health, "check_health").pointee
            return .checkHealth(try WireEnums.servingStatus.value(m.status.rawValue, "status"))
        case .listCommunities:
            let m = try required(p.list_communities, "list_communities").pointee
            return .listCommunities(
                CommunityListing(
                    district: district(try required(m.district, "district")),
                    communities: try elements(m.n_communities, m.communities, "communities") { community($0) },
                    compounds: try elements(m.n_compounds, m.compounds, "compounds") { compound($0) },
                    buildings: try elements(m.n_buildings, m.buildings, "buildings") { building($0) },
                    gridCells: try elements(m.n_grid_cells, m.grid_cells, "grid_cells") { gridCell($0) }))
        case .locateGridCell:
            let m = try required(p.locate_grid_cell, "locate_grid_cell").pointee
            return .locateGridCell(
                gridCell(try required(m.grid_cell, "grid_cell")), community(try required(m.community, "community")))
        case .listUnits:
            let m = try required(p.list_units, "list_units").pointee
            return .listUnits(try elements(m.n_units, m.units, "units") { try unit($0) })
        case .listPeople:
            let m = try required(p.list_people, "list_people").pointee
            return .listPeople(try elements(m.n_people, m.people, "people") { try person($0) })
        case .listCategories:
            let m = try required(p.list_categories, "list_categories").pointee
            return .listCategories(
                try elements(m.n_categories, m.categories, "categories") { try categoryInfo($0) },
                policy: try within("policy") { try policy(try required(m.policy, "policy")) })
        case .getCase:
            let m = try required(p.get_case, "get_case").pointee
            return .getCase(try within("case") { try caseView(try required(m.case_, "case")) })
        case .getHistory:
            let m = try required(p.get_history, "get_history").pointee
            return .getHistory(
                try elements(m.n_events, m.events, "events") { try event($0) },
                disclosure: try WireEnums.disclosure.value(m.submitter_disclosure.rawValue, "submitter_disclosure"))
        case .findCases:
            let m = try required(p.find_cases, "find_cases").pointee
            return .findCases(
                try elements(m.n_cases, m.cases, "cases") { try caseView($0) },
                nextCursor: isSet(m._next_cursor_case) ? text(m.next_cursor) : nil)
        case .listChanges:
            let m = try required(p.list_changes, "list_changes").pointee
            return .listChanges(
                try elements(m.n_events, m.events, "events") { try event($0) }, latestSequence: m.latest_sequence,
                disclosure: try WireEnums.disclosure.value(m.submitter_disclosure.rawValue, "submitter_disclosure"))
        case .watchEvents:
            let m = try required(p.watch_events, "watch_events").pointee
            return .watchEvents(
                try elements(m.n_events, m.events, "events") { try event($0) },
                disclosure: try WireEnums.disclosure.value(m.submitter_disclosure.rawValue, "submitter_disclosure"))
        case .submit:
            let m = try required(p.submit, "submit").pointee
            return .submit(try within("case") { try caseView(try required(m.case_, "case")) }, created: m.created != 0)
        case .accept: return try updated(p.accept, "accept", .accept) { $0.case_ }
        case .decline: return try updated(p.decline, "decline", .decline) { $0.case_ }
        case .refer: return try updated(p.refer, "refer", .refer) { $0.case_ }
        case .dispatch: return try updated(p.dispatch, "dispatch", .dispatch) { $0.case_ }
        case .handleLocally: return try updated(p.handle_locally, "handle_locally", .handleLocally) { $0.case_ }
        case .returnCase: return try updated(p.return_case, "return_case", .return) { $0.case_ }
        case .merge: return try updated(p.merge, "merge", .merge) { $0.case_ }
        case .scheduleDeliberation:
            return try updated(p.schedule_deliberation, "schedule_deliberation", .scheduleDeliberation) { $0.case_ }
        case .recordDeliberationOutcome:
            return try updated(p.record_deliberation_outcome, "record_deliberation_outcome", .recordDeliberationOutcome) { $0.case_ }
        case .addProgress: return try updated(p.add_progress, "add_progress", .addProgress) { $0.case_ }
        case .requestExtension: return try updated(p.request_extension, "request_extension", .requestExtension) { $0.case_ }
        case .approveExtension: return try updated(p.approve_extension, "approve_extension", .approveExtension) { $0.case_ }
        case .denyExtension: return try updated(p.deny_extension, "deny_extension", .denyExtension) { $0.case_ }
        case .resolve: return try updated(p.resolve, "resolve", .resolve) { $0.case_ }
        case .recordFeedback: return try updated(p.record_feedback, "record_feedback", .recordFeedback) { $0.case_ }
        case .evaluate: return try updated(p.evaluate, "evaluate", .evaluate) { $0.case_ }
        case .rework: return try updated(p.rework, "rework", .rework) { $0.case_ }
        case .verify: return try updated(p.verify, "verify", .verify) { $0.case_ }
        case .close: return try updated(p.close, "close", .close) { $0.case_ }
        case .withdraw: return try updated(p.withdraw, "withdraw", .withdraw) { $0.case_ }
        case .closeUnrated: return try updated(p.close_unrated, "close_unrated", .closeUnrated) { $0.case_ }
        case .scheduleMeeting:
            return .scheduleMeeting(try meetingOf(p.schedule_meeting, "schedule_meeting") { $0.meeting })
        case .addToAgenda:
            return .addToAgenda(try meetingOf(p.add_to_agenda, "add_to_agenda") { $0.meeting })
        case .rescheduleMeeting:
            return .rescheduleMeeting(try meetingOf(p.reschedule_meeting, "reschedule_meeting") { $0.meeting })
        case .cancelMeeting:
            return .cancelMeeting(try meetingOf(p.cancel_meeting, "cancel_meeting") { $0.meeting })
        case .holdMeeting:
            return .holdMeeting(try meetingHeld(try required(p.hold_meeting, "hold_meeting")))
        case .getMeeting:
            return .getMeeting(try meetingOf(p.get_meeting, "get_meeting") { $0.meeting })
        case .listMeetings:
            let m = try required(p.list_meetings, "list_meetings").pointee
            return .listMeetings(try elements(m.n_meetings, m.meetings, "meetings") { try meeting($0) })
        case .getPublicNotice:
            return .getPublicNotice(text(try required(p.get_public_notice, "get_public_notice").pointee.text))
        case .listMeetingCadenceGaps:
            let m = try required(p.list_meeting_cadence_gaps, "list_meeting_cadence_gaps").pointee
            return .listMeetingCadenceGaps(try elements(m.n_gaps, m.gaps, "gaps") { try cadenceGap($0) })
        case .establishLink:
            let m = try required(p.establish_link, "establish_link").pointee
            return .establishLink(try nested(m.link, "link", link))
        case .endLink:
            let m = try required(p.end_link, "end_link").pointee
            return .endLink(try nested(m.link, "link", link))
        case .logVisit:
            let m = try required(p.log_visit, "log_visit").pointee
            return .logVisit(try nested(m.visit, "visit", visit))
        case .raiseCaseOnVisit:
            let m = try required(p.raise_case_on_visit, "raise_case_on_visit").pointee
            return .raiseCaseOnVisit(try nested(m.case_, "case", caseView))
        case .listLinks:
            let m = try required(p.list_links, "list_links").pointee
            return .listLinks(try elements(m.n_links, m.links, "links") { try link($0) })
        case .listVisits:
            let m = try required(p.list_visits, "list_visits").pointee
            return .listVisits(try elements(m.n_visits, m.visits, "visits") { try visit($0) })
        case .getCoverage:
            let m = try required(p.get_coverage, "get_coverage").pointee
            return .getCoverage(
                CoverageReport(
                    communitiesWithoutLeader: texts(m.n_communities_without_leader, m.communities_without_leader),
                    compoundsWithoutUnit: texts(m.n_compounds_without_unit, m.compounds_without_unit),
                    householdsWithoutCadre: texts(m.n_households_without_cadre, m.households_without_cadre)))
        case .listCadenceLapses:
            let m = try required(p.list_cadence_lapses, "list_cadence_lapses").pointee
            return .listCadenceLapses(try elements(m.n_lapses, m.lapses, "lapses") { try cadenceLapse($0) })
        case .recordElection:
            let m = try required(p.record_election, "record_election").pointee
            return .recordElection(try nested(m.election, "election", election))
        case .listElections:
            let m = try required(p.list_elections, "list_elections").pointee
            return .listElections(try elements(m.n_elections, m.elections, "elections") { try election($0) })
        case .listRepresentatives:
            let m = try required(p.list_representatives, "list_representatives").pointee
            return .listRepresentatives(texts(m.n_people, m.people))
        case .getAttendance:
            let m = try required(p.get_attendance, "get_attendance").pointee
            return .getAttendance(try elements(m.n_attendance, m.attendance, "attendance") { try attendance($0) })
        case .commend:
            let m = try required(p.commend, "commend").pointee
            return .commend(try nested(m.commendation, "commendation", commendation))
        case .listCommendations:
            let m = try required(p.list_commendations, "list_commendations").pointee
            return .listCommendations(try elements(m.n_commendations, m.commendations, "commendations") { try commendation($0) })
        case .getScorecard:
            let m = try required(p.get_scorecard, "get_scorecard").pointee
            return .getScorecard(try nested(m.scorecard, "scorecard", scorecard))
        case .getAnnualAssessment:
            let m = try required(p.get_annual_assessment, "get_annual_assessment").pointee
            var used = try weights(m.n_weights, m.weights)
            used.minimumCountedShare = try minimumCountedShare(m.minimum_counted_share, "minimum_counted_share")
            return .getAnnualAssessment(
                AssessmentService.AnnualAssessment(
                    year: Int(m.year), weights: used,
                    communities: try elements(m.n_communities, m.communities, "communities") { try ranking($0) },
                    units: try elements(m.n_units, m.units, "units") { try ranking($0) }))
        case .exportCases:
            return .exportCases(csv: binary(try required(p.export_cases, "export_cases").pointee.csv))
        case .exportScorecards:
            return .exportScorecards(csv: binary(try required(p.export_scorecards, "export_scorecards").pointee.csv))
        case .loadDirectory:
            let m = try required(p.load_directory, "load_directory").pointee
            return .loadDirectory(
                DirectoryLoad(
                    district: district(try required(m.district, "district")), communities: try count(m.communities, "communities"),
                    compounds: try count(m.compounds, "compounds"), buildings: try count(m.buildings, "buildings"),
                    households: try count(m.households, "households"), gridCells: try count(m.grid_cells, "grid_cells"),
                    units: try count(m.units, "units"), people: try count(m.people, "people"),
                    categories: try count(m.categories, "categories"), version: Int(m.version)))
        case .listDeadLetters:
            let m = try required(p.list_dead_letters, "list_dead_letters").pointee
            return .listDeadLetters(try elements(m.n_dead_letters, m.dead_letters, "dead_letters") { try deadLetter($0) })
        case .replayDeadLetter:
            let m = try required(p.replay_dead_letter, "replay_dead_letter").pointee
            return .replayDeadLetter(try nested(m.dead_letter, "dead_letter", deadLetter))
        case .discardDeadLetter:
            let m = try required(p.discard_dead_letter, "discard_dead_letter").pointee
            return .discardDeadLetter(try nested(m.dead_letter, "dead_letter", deadLetter))
        }
    }

    static func deadLetter(_ m: UnsafeMutablePointer<Council__V1__DeadLetter>) throws -> DeadLetter {
        let p = m.pointee
        guard let kind = Recipient.Kind(rawValue: text(p.recipient_kind)) else {
            throw WireError.invalid("recipient_kind", "not a recipient kind")
        }
        return DeadLetter(
            id: try requiredText(p.id, "id"), channel: text(p.channel), sequence: p.sequence, caseID: try caseID(p.case_id, "case_id"),
            caseNumber: try caseNumber(p.case_number, "case_number"), community: text(p.community), topic: text(p.topic),
            recipientKind: kind, recipientID: text(p.recipient_id), attempts: Int(p.attempts), lastError: text(p.last_error),
            permanent: p.permanent != 0, createdAt: Timestamp(wire: p.created_at), updatedAt: Timestamp(wire: p.updated_at),
            state: try WireEnums.deadLetterState.value(p.state.rawValue, "state"), note: isSet(p._note_case) ? text(p.note) : nil)
    }
}
