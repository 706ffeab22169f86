import CouncilAPI
@testable import CouncilWire
import CouncilKit

/// The frames in Schemas/testdata, as values. Other-language clients test against the binary files; these
/// tests keep the files and the Swift codec in agreement.
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

    static let caseID = CaseID("6f1c2a4e-8b3d-4c5e-9a7f-0123456789ab")!
    static let monday = Timestamp(millisecondsSince1970: 1_796_000_400_000)  // 2026-11-30 09:00 UTC+8

    static var submittedCase: CaseView {
        let submission = Submission(
            title: "小区垃圾清运不及时", description: "三号楼东侧垃圾站三天未清运", source: .petitionOffice, community: "QX07",
            category: "environment", submitter: PersonalData(name: "张*", phone: "138****5678"),
            externalReference: ExternalReference(system: "petition-office", reference: "XF-2026-000123"))
        let state = CouncilCase(
            id: caseID, number: CaseNumber(prefix: "QX07-20261130", serial: 3),
            intake: Intake(submission: submission, community: "QX07", responseDue: monday.adding(hours: 24 * 15), requiresVerification: false),
            at: monday)
        return CaseView(
            state: state, submitterDisclosure: .masked, allowedOperations: [.accept, .decline, .refer, .merge, .withdraw],
            deadlineState: .onTime)
    }

    static let all: [GoldenVector] = [
        GoldenVector(
            name: "handshake", summary: "The first frame of a connection: the petition office's bridge introduces itself.",
            contents: ["Frame.handshake", "protocol_version = 1", "client_system = \"petition-office\"",
                       "client_instance = \"xf-bridge/2.3\"", "credential.bearer_token = \"example-token\""],
            frame: .handshake(Handshake(clientSystem: "petition-office", clientInstance: "xf-bridge/2.3", bearerToken: "example-token"))),
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
                request: .submit(SubmitRequest(submission: Submission(
                    title: "小区垃圾清运不及时", description: "三号楼东侧垃圾站三天未清运", source: .petitionOffice, community: "QX07",
                    category: "environment", submitter: PersonalData(name: "张三", phone: "13812345678"),
                    externalReference: ExternalReference(system: "petition-office", reference: "XF-2026-000123"))))))),
        GoldenVector(
            name: "get-case-call", summary: "Call 2 fetches a case by the number people quote.",
            contents: ["Frame.call", "call_id = 2", "get_case.number = \"QX07-20261130-0003\""],
            frame: .call(WireCall(callID: 2, request: .getCase(GetCaseRequest(key: .number(CaseNumber(prefix: "QX07-20261130", serial: 3))))))),
        GoldenVector(
            name: "get-case-response",
            summary: "The answer to call 2: the case just submitted, with the submitter's personal data masked for this caller.",
            contents: ["Frame.response", "call_id = 2", "status absent (OK)", "end_of_stream = true",
                       "get_case.case.id = \"6f1c2a4e-8b3d-4c5e-9a7f-0123456789ab\"", "get_case.case.number = \"QX07-20261130-0003\"",
                       "get_case.case.version = 1", "get_case.case.status = CASE_STATUS_SUBMITTED (1)",
                       "get_case.case.submission: as in submit-call, submitter masked to 张* / 138****5678",
                       "get_case.case.submitter_disclosure = PERSONAL_DATA_DISCLOSURE_MASKED (2)",
                       "get_case.case.community = \"QX07\"", "get_case.case.category = \"environment\"",
                       "get_case.case.priority = PRIORITY_NORMAL (1)",
                       "get_case.case.created_at = updated_at = 1796000400000 (2026-11-30T01:00:00Z)",
                       "get_case.case.response_due = 1797296400000 (15 × 24 h later)",
                       "get_case.case.step = LOOP_STEP_COLLECT (1)",
                       "get_case.case.allowed_operations = [ACCEPT, DECLINE, REFER, MERGE, WITHDRAW] (2, 3, 4, 8, 21)",
                       "get_case.case.deadline_state = DEADLINE_STATE_ON_TIME (2)", "get_case.case.current_due = 1797296400000"],
            frame: .response(WireResponseFrame(callID: 2, response: .getCase(submittedCase)))),
        GoldenVector(
            name: "error-response",
            summary: "Call 3 tried to evaluate a case still being handled; the server refuses with FAILED_PRECONDITION.",
            contents: ["Frame.response", "call_id = 3", "status.code = FAILED_PRECONDITION (9)",
                       "status.message = \"cannot evaluate a case that is inProgress\"", "status.reason = \"illegalTransition\"",
                       "status.case_status = CASE_STATUS_IN_PROGRESS (8)",
                       "status.allowed_operations = [ADD_PROGRESS, REQUEST_EXTENSION, RESOLVE, RETURN, WITHDRAW] (11, 12, 15, 7, 21)",
                       "end_of_stream = true", "no response member"],
            frame: .response(WireResponseFrame(
                callID: 3,
                status: CallStatus(.failedPrecondition, "cannot evaluate a case that is inProgress", reason: "illegalTransition",
                                   caseStatus: .inProgress, allowedOperations: [.addProgress, .requestExtension, .resolve, .return, .withdraw]),
                response: nil))),
        GoldenVector(
            name: "watch-events-item", summary: "One item of call 4's WatchEvents stream: the case above was accepted.",
            contents: ["Frame.response", "call_id = 4", "status absent (OK)", "end_of_stream = false",
                       "watch_events.events[0].sequence = 42", "watch_events.events[0].case_id = \"6f1c2a4e-8b3d-4c5e-9a7f-0123456789ab\"",
                       "watch_events.events[0].case_number = \"QX07-20261130-0003\"", "watch_events.events[0].version = 2", "watch_events.events[0].occurred_at = 1796004000000",
                       "watch_events.events[0].principal = {system: \"hall-staff\", user: \"HS01\"}",
                       "watch_events.events[0].accepted = {category: \"environment\", priority: PRIORITY_NORMAL, handling_due: 1801270800000, handling_limit: 60 calendar days, evaluation_window: 30 calendar days, max_extension: 30 calendar days, rework_limit: 2}",
                       "watch_events.submitter_disclosure = PERSONAL_DATA_DISCLOSURE_OMITTED (3)"],
            frame: .response(WireResponseFrame(
                callID: 4, endOfStream: false,
                response: .watchEvents(WatchEventsResponse(
                    events: [CaseEvent(
                        sequence: 42, caseID: caseID, caseNumber: CaseNumber(prefix: "QX07-20261130", serial: 3), version: 2,
                        occurredAt: monday.adding(hours: 1),
                        principal: Principal(system: "hall-staff", user: "HS01"),
                        change: .accepted(Acceptance(
                            category: "environment", priority: .normal, note: nil, handlingDue: Timestamp(millisecondsSince1970: 1_801_270_800_000),
                            handlingLimit: .calendarDays(60), evaluationWindow: .calendarDays(30), maxExtension: .calendarDays(30),
                            reworkLimit: 2)))],
                    submitterDisclosure: .omitted))))),
        GoldenVector(
            name: "locate-grid-cell-call", summary: "Call 5 asks which community grid cell 130703007001 lies in.",
            contents: ["Frame.call", "call_id = 5", "locate_grid_cell.grid_cell = \"130703007001\""],
            frame: .call(WireCall(callID: 5, request: .locateGridCell(LocateGridCellRequest(gridCell: "130703007001"))))),
        GoldenVector(
            name: "locate-grid-cell-response", summary: "The answer to call 5.",
            contents: ["Frame.response", "call_id = 5", "end_of_stream = true",
                       "locate_grid_cell.grid_cell = {code: \"130703007001\", community: \"QX07\"}",
                       "locate_grid_cell.community = {code: \"QX07\", name: \"东山坡社区\"}"],
            frame: .response(WireResponseFrame(
                callID: 5, response: .locateGridCell(LocateGridCellResponse(
                    gridCell: GridCell(code: "130703007001", community: "QX07"), community: Community(code: "QX07", name: "东山坡社区")))))),
    ]
}
