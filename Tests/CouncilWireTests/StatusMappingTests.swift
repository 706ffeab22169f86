import CouncilAPI
@testable import CouncilWire
import CouncilKit
import Testing

/// The one mapping from errors to statuses.
@Suite("Errors to statuses")
struct StatusMappingTests {
    struct Case: Sendable, CustomStringConvertible {
        let error: CouncilError.Code
        let status: StatusCode
        var description: String { "\(error) → \(status)" }
    }

    @Test("each CouncilError code has its status", arguments: [
        Case(error: .invalidArgument, status: .invalidArgument),
        Case(error: .notFound, status: .notFound),
        Case(error: .illegalTransition, status: .failedPrecondition),
        Case(error: .failedPrecondition, status: .failedPrecondition),
        Case(error: .versionConflict, status: .aborted),
        Case(error: .externalReferenceConflict, status: .alreadyExists),
        Case(error: .permissionDenied, status: .permissionDenied),
        Case(error: .storageUnavailable, status: .unavailable),
        Case(error: .storageFull, status: .resourceExhausted),
        Case(error: .dataCorrupted, status: .internal),
    ])
    func councilErrors(_ c: Case) {
        let status = CallStatus(error: CouncilError(c.error, "message"))
        #expect(status.code == c.status)
        #expect(status.reason == "\(c.error)")
        #expect(StatusCode.invalidArgument.rawValue == 3 && StatusCode.unauthenticated.rawValue == 16)
    }

    @Test("a refused transition carries the status and allowed operations")
    func refusedTransition() {
        let error = CouncilError(
            .illegalTransition, "cannot evaluate a case that is inProgress", caseStatus: .inProgress,
            allowedOperations: [.addProgress, .resolve])
        let status = CallStatus(error: error)
        #expect(status.code == .failedPrecondition)
        #expect(status.caseStatus == .inProgress)
        #expect(status.allowedOperations == [.addProgress, .resolve])
    }

    @Test("field paths use the schema's names")
    func fieldPaths() {
        #expect(CallStatus(error: CouncilError.invalid("submission.externalReference.system", "x")).field
            == "submission.external_reference.system")
        #expect(CallStatus(error: CouncilError.invalid("submission.attachments[3]", "x")).field == "submission.attachments[3]")
        #expect(CallStatus(error: CouncilError.invalid("messageToSubmitter", "x")).field == "message_to_submitter")
        #expect(CallStatus(error: CouncilError.invalid("record.reason", "x")).field == "record.deferred_reason")
        #expect(CallStatus(error: CouncilError.invalid("principal.user", "x")).field == "metadata.acting_user")
    }

    @Test("a full disk is RESOURCE_EXHAUSTED storageFull with a plain message a person can act on")
    func storageFull() {
        let status = CallStatus(error: CouncilError.storageFull)
        #expect(status.code == .resourceExhausted)
        #expect(status.reason == "storageFull")
        #expect(status.message == "the server's disk is full; nothing was written; try again later")
    }

    @Test("unknown errors leak nothing; data corruption hides its message")
    func unknownErrors() {
        struct DriverError: Error { let text = "SQLITE_CORRUPT at row 17: 张三 13812345678" }
        let status = CallStatus(error: DriverError())
        #expect(status.code == .internal)
        #expect(!status.message.contains("SQLITE"))
        #expect(!status.message.contains("张三"))
        let corrupted = CallStatus(error: CouncilError(.dataCorrupted, "case 1 history skips from version 3"))
        #expect(!corrupted.message.contains("version 3"))
        #expect(CallStatus(error: CancellationError()).code == .cancelled)
    }

    @Test("wire errors map by code")
    func wireErrors() {
        #expect(CallStatus(error: WireError(.frameTooLarge, "")).code == .resourceExhausted)
        #expect(CallStatus(error: WireError(.decodeBudgetExceeded, "")).code == .resourceExhausted)
        #expect(CallStatus(error: WireError(.invalidUTF8, "", field: "submission.title")).field == "submission.title")
        #expect(CallStatus(error: WireError(.missingField, "")).code == .invalidArgument)
        #expect(CallStatus(error: WireError(.unknownMethod, "")).code == .unimplemented)
        #expect(CallStatus(error: WireError(.frameReadTimeout, "")).code == .deadlineExceeded)
        #expect(CallStatus(error: WireError(.embeddedNUL, "")).reason == "embeddedNUL")
    }

    @Test("scan paths become request-relative field paths")
    func relativePaths() {
        #expect(WireCodec.relativeFieldPath("call.submit.submission.title") == "submission.title")
        #expect(WireCodec.relativeFieldPath("call.metadata.trace_id") == "metadata.trace_id")
        #expect(WireCodec.relativeFieldPath("response.get_case.case.id") == "case.id")
        #expect(WireCodec.relativeFieldPath("handshake.client_system") == "handshake.client_system")
    }
}
