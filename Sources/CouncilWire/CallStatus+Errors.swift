import CouncilAPI
import CouncilKit

// The one place where errors become wire statuses. A server answers every failed call with
// `CallStatus(error: error)`; nothing else decides a status code for an error.

extension CallStatus {
    /// The status a peer receives for `error`.
    ///
    /// | error | status |
    /// |---|---|
    /// | ``CouncilError/Code/invalidArgument`` | INVALID_ARGUMENT (3) |
    /// | ``CouncilError/Code/notFound`` | NOT_FOUND (5) |
    /// | ``CouncilError/Code/illegalTransition``, ``CouncilError/Code/failedPrecondition`` | FAILED_PRECONDITION (9) |
    /// | ``CouncilError/Code/versionConflict`` | ABORTED (10) |
    /// | ``CouncilError/Code/externalReferenceConflict`` | ALREADY_EXISTS (6) |
    /// | ``CouncilError/Code/permissionDenied`` | PERMISSION_DENIED (7) |
    /// | ``CouncilError/Code/storageUnavailable`` | UNAVAILABLE (14) |
    /// | ``CouncilError/Code/storageFull`` | RESOURCE_EXHAUSTED (8) |
    /// | ``CouncilError/Code/dataCorrupted`` | INTERNAL (13), without its message |
    /// | ``WireError`` | per its code: see ``WireError/Code`` |
    /// | anything else, including `CancellationError` | INTERNAL (13) with a fixed message, or CANCELLED (1) |
    ///
    /// `reason` carries the CouncilKit or wire code name; `field` the offending field in schema names;
    /// refused transitions carry the case's status and allowed operations. Messages of unknown errors are never
    /// passed on: they may hold driver text or personal data.
    public init(error: any Error) {
        switch error {
        case let status as CallStatus:
            self = status
        case let error as CouncilError:
            self = Self.status(for: error)
        case let error as WireError:
            self = Self.status(for: error)
        case let error as NotificationError:
            self = CallStatus(.unavailable, "the notification was not delivered: \(error.description)", reason: "notificationFailed")
        case is CancellationError:
            self = CallStatus(.cancelled, "the call was cancelled", reason: "cancelled")
        default:
            self = CallStatus(.internal, "the server failed to complete the call", reason: "internal")
        }
    }

    private static func status(for error: CouncilError) -> CallStatus {
        let code: StatusCode
        var message = error.message
        switch error.code {
        case .invalidArgument: code = .invalidArgument
        case .notFound: code = .notFound
        case .illegalTransition, .failedPrecondition: code = .failedPrecondition
        case .versionConflict: code = .aborted
        case .externalReferenceConflict: code = .alreadyExists
        case .permissionDenied: code = .permissionDenied
        case .storageUnavailable: code = .unavailable
        case .storageFull: code = .resourceExhausted
        case .dataCorrupted:
            code = .internal
            message = "stored data could not be read; an operator must look"
        default:
            code = .internal
            message = "the server failed to complete the call"
        }
        return CallStatus(
            code, message, field: error.field.map(schemaFieldPath), reason: "\(error.code)",
            caseStatus: error.caseStatus, allowedOperations: error.allowedOperations)
    }

    private static func status(for error: WireError) -> CallStatus {
        let code: StatusCode
        switch error.code {
        case .frameTooLarge, .decodeBudgetExceeded: code = .resourceExhausted
        case .unknownMethod, .unknownFrameKind: code = .unimplemented
        case .frameReadTimeout: code = .deadlineExceeded
        default: code = .invalidArgument
        }
        return CallStatus(code, error.message, field: error.field, reason: "\(error.code)")
    }

    /// Turns a CouncilKit field path (`submission.externalReference.system`) into the schema's
    /// (`submission.external_reference.system`); `caseID` becomes `case_id`.
    static func schemaFieldPath(_ path: String) -> String {
        switch path {
        case "principal.user": return "metadata.acting_user"
        case "principal.system": return "handshake.client_system"
        case "record.reason": return "record.deferred_reason"
        case "record.note": return "record.no_consensus_note"
        default: break
        }
        // A meeting item's outcome is a oneof in the schema: its members sit beside the item's other fields.
        var path = path
        if path.contains(".outcome.") {
            path = path.replacing(".outcome.resolution.", with: ".resolution.")
                .replacing(".outcome.reason", with: ".deferred_reason")
                .replacing(".outcome.note", with: ".no_consensus_note")
        }
        var result = ""
        result.reserveCapacity(path.utf8.count + 4)
        // `caseID` is `case_id` in the schema: an initialism is one word.
        for character in path.replacing("ID", with: "Id") {
            if character.isASCII, character.isUppercase {
                result.append("_")
                result.append(Character(character.lowercased()))
            } else {
                result.append(character)
            }
        }
        return result
    }
}
