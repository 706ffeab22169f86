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
        }
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
        }
    }
}
