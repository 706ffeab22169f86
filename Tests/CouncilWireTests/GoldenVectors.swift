import CouncilAPI
@testable import CouncilWire
import CouncilKit
import CouncilTestKit
import Foundation

/// The frames in Schemas/testdata, as values. Other-language clients test against the binary files; these
/// tests keep the files and the Swift codec in agreement.
///
/// What a client sends (handshake, calls, ping) is written out by hand: a client chooses those values. What the server
/// answers is made by the code that answers it: CouncilKit's ``CaseService`` over an ``InMemoryCaseStore`` with the
/// demo directory, its work calendar and the standard time-limit policy, on a ``ManualClock`` that starts at a fixed
/// instant, its results mapped to the wire as councild's handlers map them. A due time in a file is therefore the one
/// the work calendar computes, not one written down beside it.
struct GoldenVector: Sendable, CustomStringConvertible {
    /// The file name without extension.
    let name: String
    /// What the frame is, for the description file.
    let summary: String
    /// The values it holds, in words, for the description file.
    let contents: [String]
    /// The frame.
    let frame: WireFrame

    var description: String { name }

    /// Case ids are random UUIDs; the files show this one in place of the one a run draws.
    static let caseID = CaseID("6f1c2a4e-8b3d-4c5e-9a7f-0123456789ab")!
    /// Monday 2026-11-30 09:00 in Zhangjiakou (UTC+8): when the petition is registered.
    static let monday = CouncilFixtures.monday

    /// The file names, in the order of ``build()``.
    static let names = [
        "handshake", "handshake-result", "submit-call", "get-case-call", "get-case-response", "error-response",
        "watch-events-item", "watch-events-end", "locate-grid-cell-call", "locate-grid-cell-response", "ping", "pong",
        "goaway-drain",
    ]

    /// Every vector, made once per test run.
    static func all() async throws -> [GoldenVector] { try await made.value }

    /// The vector with this file name.
    static func named(_ name: String) async throws -> GoldenVector {
        guard let vector = try await all().first(where: { $0.name == name }) else {
            throw CouncilError.notFound("no golden vector \(name)")
        }
        return vector
    }

    private static let made = Task { try await build() }

    // MARK: What the client sends

    /// The petition office's bridge, as it introduces itself.
    static let petitionOffice = Principal(system: "petition-office")
    /// The hall's staff member who accepts the petition.
    static let staff = Principal(system: "hall-staff", user: "HS01")

    /// The petition the petition office transfers (call 1).
    static let petition = Submission(
        title: "小区垃圾清运不及时", description: "三号楼东侧垃圾站三天未清运", source: .petitionOffice, community: "QX07",
        category: "environment", submitter: PersonalData(name: "张三", phone: "13812345678"),
        externalReference: ExternalReference(system: "petition-office", reference: "XF-2026-000123"))

    /// A ping's payload: the sender's clock when it sent it, a common choice.
    static let pingPayload = UInt64(monday.millisecondsSince1970)

    // MARK: What the server answers

    /// Runs the story the vectors tell and returns them: two walk-in cases are registered in QX07 at 08:00 and 08:30,
    /// the petition office's petition at 09:00 (so it is the community's third case of the day), hall staff accept it
    /// at 10:00 and have the community handle it at 10:30, and the petition office then tries to rate it.
    static func build() async throws -> [GoldenVector] {
        let clock = ManualClock(monday.adding(hours: -1))
        let store = InMemoryCaseStore()
        let service = try CouncilFixtures.service(on: store, clock: clock)
        let directory = service.directory

        _ = try await service.submit(CouncilFixtures.walkIn("楼道堆物", community: "QX07"), by: staff)
        clock.advance(milliseconds: 30 * 60_000)
        _ = try await service.submit(CouncilFixtures.walkIn("路灯不亮", community: "QX07"), by: staff)
        clock.set(monday)

        // Call 1 registers the petition; call 2 reads it back. The petition office's key has the submit and read
        // scopes, not personalData: it is answered with the submitter masked (CouncilService.view).
        let submitted = try await service.submit(petition, by: petitionOffice)
        let id = submitted.case.id
        let registered = try await service.case(number: submitted.case.number)
        let view = masked(registered, service)

        // Hall staff accept it; call 4's watch stream carries the event.
        clock.advance(hours: 1)
        let accepted = try await service.accept(id, category: "environment", by: staff)
        let acceptedEvent = try need(
            try await store.events(after: 0, limit: 100).last(where: { $0.caseID == id && $0.version == accepted.version }), "the acceptance")

        // The community handles it; call 3, the petition office rating it now, is refused as the server refuses it.
        clock.advance(milliseconds: 30 * 60_000)
        _ = try await service.handleLocally(id, by: staff)
        let refusal: CallStatus
        do {
            _ = try await service.evaluate(id, Evaluation(rating: .satisfied, solved: true), by: petitionOffice)
            throw CouncilError(.failedPrecondition, "the golden story expects evaluate to be refused")
        } catch let error as CouncilError where error.code == .illegalTransition {
            refusal = CallStatus(error: error)
        }

        // Call 5 asks where grid cell 130703007001 lies (CouncilService.locateGridCell).
        let cell = try need(directory.gridCells["130703007001"], "grid cell 130703007001")
        let community = try need(directory.communities[cell.community], "its community")

        var state = view.state
        state.id = caseID
        let caseView = CaseView(
            state: state, submitterDisclosure: view.submitterDisclosure, allowedOperations: view.allowedOperations,
            deadlineState: view.deadlineState)
        var event = acceptedEvent.maskingPersonalData()
        event.caseID = caseID
        guard case .accepted(let acceptance) = event.change else { throw CouncilError(.failedPrecondition, "not an acceptance") }
        let handlingLimit = acceptance.handlingLimit, window = acceptance.evaluationWindow, extra = acceptance.maxExtension
        // The connection's own frames, as councild's Connection writes them: the handshake's answer with the default
        // limits, and what a drain sends (CouncilServerTests' graceful-shutdown test holds the server to these files).
        let limits = ConnectionLimits()
        let draining = CallStatus(.unavailable, "the server is shutting down", reason: "draining")

        let vectors = [
            GoldenVector(
                name: "handshake", summary: "The first frame of a connection: the petition office's bridge introduces itself.",
                contents: ["Frame.handshake", "protocol_version = 1", "client_system = \"petition-office\"",
                           "client_instance = \"xf-bridge/2.3\"", "credential.bearer_token = \"example-token\""],
                frame: .handshake(Handshake(clientSystem: "petition-office", clientInstance: "xf-bridge/2.3", bearerToken: "example-token"))),
            GoldenVector(
                name: "handshake-result",
                summary: "The server accepts the handshake. Its status is present but empty: code 0 (OK), no message, no reason.",
                contents: ["Frame.handshake_result", "status = {} (present, every field at its default: OK)", "protocol_version = 1",
                           "server_id = \"councild-01\"",
                           "limits = {max_frame_bytes: \(limits.maxFrameBytes), decode_budget_bytes: \(limits.decodeBudgetBytes), max_concurrent_calls: \(limits.maxConcurrentCalls), idle_timeout_ms: \(limits.idleTimeoutMilliseconds), frame_read_timeout_ms: \(limits.frameReadTimeoutMilliseconds), default_call_timeout_ms: \(limits.defaultCallTimeoutMilliseconds)} (the defaults)"],
                frame: .handshakeResult(HandshakeResult(status: .ok, serverID: "councild-01", limits: limits))),
            GoldenVector(
                name: "submit-call", summary: "Call 1 submits a petition transferred by the petition office.",
                contents: ["Frame.call", "call_id = 1", "timeout_ms = 5000",
                           "metadata.trace_id = \"4bf92f3577b34da6a3ce929d0e0e4736\"",
                           "metadata.idempotency_key = \"XF-2026-000123-submit\"",
                           "submit.submission.title = \"小区垃圾清运不及时\"", "submit.submission.description = \"三号楼东侧垃圾站三天未清运\"",
                           "submit.submission.source = CASE_SOURCE_PETITION_OFFICE (7)", "submit.submission.community = \"QX07\"",
                           "submit.submission.category = \"environment\"", "submit.submission.submitter.name = \"张三\"",
                           "submit.submission.submitter.phone = \"13812345678\"",
                           "submit.submission.external_reference = {system: \"petition-office\", reference: \"XF-2026-000123\"}"],
                frame: .call(WireCall(
                    callID: 1, timeoutMilliseconds: 5000,
                    metadata: CallMetadata(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", idempotencyKey: "XF-2026-000123-submit"),
                    request: .submit(SubmitRequest(submission: petition))))),
            GoldenVector(
                name: "get-case-call", summary: "Call 2 fetches the case by the number people quote.",
                contents: ["Frame.call", "call_id = 2", "get_case.number = \"\(registered.number)\""],
                frame: .call(WireCall(callID: 2, request: .getCase(GetCaseRequest(key: .number(registered.number)))))),
            GoldenVector(
                name: "get-case-response",
                summary: "The answer to call 2: the case just submitted, with the submitter's personal data masked for this caller.",
                contents: ["Frame.response", "call_id = 2", "status absent (OK)", "end_of_stream = true",
                           "get_case.case.id = \"\(caseID)\" (a random UUID in a real answer)",
                           "get_case.case.number = \"\(state.number)\"",
                           "get_case.case.version = \(state.version)", "get_case.case.status = CASE_STATUS_SUBMITTED (1)",
                           "get_case.case.submission: as in submit-call, submitter masked to \(state.submission.submitter?.name ?? "") / \(state.submission.submitter?.phone ?? "")",
                           "get_case.case.submitter_disclosure = PERSONAL_DATA_DISCLOSURE_MASKED (2)",
                           "get_case.case.community = \"\(state.community)\"", "get_case.case.category = \"\(state.category ?? "")\"",
                           "get_case.case.priority = PRIORITY_NORMAL (1)",
                           "get_case.case.created_at = updated_at = \(when(state.createdAt))",
                           "get_case.case.response_due = \(when(state.responseDue)): 15 calendar days (the petition office's response limit) from Monday 30 November run to the midnight that ends Tuesday 15 December, a working day",
                           "get_case.case.step = LOOP_STEP_COLLECT (1)",
                           "get_case.case.allowed_operations = [ACCEPT, DECLINE, REFER, MERGE, WITHDRAW] (2, 3, 4, 8, 21)",
                           "get_case.case.deadline_state = DEADLINE_STATE_ON_TIME (2)",
                           "get_case.case.current_due = \(state.responseDue.millisecondsSince1970) (the response due time)"],
                frame: .response(WireResponseFrame(callID: 2, response: .getCase(caseView)))),
            GoldenVector(
                name: "error-response",
                summary: "Call 3: the petition office tried to rate the case while the community was still handling it; the server refuses with FAILED_PRECONDITION.",
                contents: ["Frame.response", "call_id = 3", "status.code = FAILED_PRECONDITION (9)",
                           "status.message = \"\(refusal.message)\"", "status.reason = \"\(refusal.reason ?? "")\"",
                           "status.case_status = CASE_STATUS_IN_PROGRESS (8)",
                           "status.allowed_operations = [ADD_PROGRESS, REQUEST_EXTENSION, RESOLVE, RETURN, WITHDRAW] (11, 12, 15, 7, 21)",
                           "end_of_stream = true", "no response member"],
                frame: .response(WireResponseFrame(callID: 3, status: refusal, response: nil))),
            GoldenVector(
                name: "watch-events-item", summary: "One item of call 4's WatchEvents stream: hall staff accepted the case.",
                contents: ["Frame.response", "call_id = 4", "status absent (OK)", "end_of_stream = false",
                           "watch_events.events[0].sequence = \(event.sequence)",
                           "watch_events.events[0].case_id = \"\(caseID)\"",
                           "watch_events.events[0].case_number = \"\(event.caseNumber)\"", "watch_events.events[0].version = \(event.version)",
                           "watch_events.events[0].occurred_at = \(when(event.occurredAt))",
                           "watch_events.events[0].principal = {system: \"hall-staff\", user: \"HS01\"}",
                           "watch_events.events[0].accepted = {category: \"\(acceptance.category)\", priority: PRIORITY_NORMAL, handling_due: \(acceptance.handlingDue.millisecondsSince1970), handling_limit: \(handlingLimit.count) \(handlingLimit.unitName), evaluation_window: \(window.count) \(window.unitName), max_extension: \(extra.count) \(extra.unitName), rework_limit: \(acceptance.reworkLimit)}",
                           "handling_due = \(when(acceptance.handlingDue)): 60 calendar days from Monday 30 November run to the midnight that ends Friday 29 January 2027, a working day",
                           "watch_events.submitter_disclosure = PERSONAL_DATA_DISCLOSURE_MASKED (2)"],
                frame: .response(WireResponseFrame(
                    callID: 4, endOfStream: false,
                    response: .watchEvents(WatchEventsResponse(events: [event], submitterDisclosure: .masked))))),
            GoldenVector(
                name: "watch-events-end",
                summary: "The last response of call 4's WatchEvents stream: the server is draining (see goaway-drain).",
                contents: ["Frame.response", "call_id = 4", "status.code = UNAVAILABLE (14)", "status.message = \"\(draining.message)\"",
                           "status.reason = \"draining\"", "end_of_stream = true", "no response member"],
                frame: .response(WireResponseFrame(callID: 4, status: draining, endOfStream: true, response: nil))),
            GoldenVector(
                name: "locate-grid-cell-call", summary: "Call 5 asks which community grid cell 130703007001 lies in.",
                contents: ["Frame.call", "call_id = 5", "locate_grid_cell.grid_cell = \"130703007001\""],
                frame: .call(WireCall(callID: 5, request: .locateGridCell(LocateGridCellRequest(gridCell: "130703007001"))))),
            GoldenVector(
                name: "locate-grid-cell-response", summary: "The answer to call 5, from the demo directory.",
                contents: ["Frame.response", "call_id = 5", "status absent (OK)", "end_of_stream = true",
                           "locate_grid_cell.grid_cell = {code: \"\(cell.code)\", community: \"\(cell.community)\", grid_worker: \"\(cell.gridWorker ?? "")\"}",
                           "locate_grid_cell.community = {code: \"\(community.code)\", name: \"\(community.name)\", street: \"\(community.street ?? "")\"}"],
                frame: .response(WireResponseFrame(
                    callID: 5, response: .locateGridCell(LocateGridCellResponse(gridCell: cell, community: community))))),
            GoldenVector(
                name: "ping", summary: "A ping; the payload is opaque to the receiver (here the sender's clock in milliseconds).",
                contents: ["Frame.ping", "payload = \(pingPayload)"],
                frame: .ping(pingPayload)),
            GoldenVector(
                name: "pong", summary: "The answer to the ping above: the same payload.",
                contents: ["Frame.pong", "payload = \(pingPayload)"],
                frame: .pong(pingPayload)),
            GoldenVector(
                name: "goaway-drain",
                summary: "The server is shutting down: it takes no new call on this connection, answers calls 1–5, ends call 4's stream (watch-events-end), then closes.",
                contents: ["Frame.goaway", "last_call_id = 5", "status.code = UNAVAILABLE (14)", "status.message = \"\(draining.message)\"",
                           "status.reason = \"draining\""],
                frame: .goAway(GoAway(lastCallID: 5, status: draining))),
        ]
        precondition(vectors.map(\.name) == names, "GoldenVector.names must list every vector in order")
        return vectors
    }

    private static func need<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw CouncilError.notFound("the golden story found no \(what)") }
        return value
    }

    /// A case as councild answers a caller without the personalData scope (CouncilService.view).
    static func masked(_ state: CouncilCase, _ service: CaseService) -> CaseView {
        CaseView(
            state: state.maskingPersonalData(), submitterDisclosure: .masked,
            allowedOperations: service.allowedOperations(for: state), deadlineState: service.deadlineState(of: state))
    }

    /// An instant as the description files write it: milliseconds, UTC, and the district's time (UTC+8).
    static func when(_ instant: Timestamp) -> String {
        let ms = instant.millisecondsSince1970
        let utc = ISO8601DateFormatter()
        utc.timeZone = TimeZone(secondsFromGMT: 0)
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        local.dateFormat = "EEEE yyyy-MM-dd HH:mm"
        let date = Date(timeIntervalSince1970: Double(ms) / 1000)
        return "\(ms) (\(utc.string(from: date)), \(local.string(from: date)) UTC+8)"
    }
}
