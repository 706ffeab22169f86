import CouncilClient
import CouncilKit
import CouncilAPI

/// councilctl's exit codes: one per kind of failure a script reacts to differently.
enum ExitStatus: Int32, CaseIterable {
    /// It worked.
    case ok = 0
    /// Any other failure: an internal server error, a deadline passed, a limit hit, a step not available.
    case failed = 1
    /// The command line is wrong: unknown subcommand or option, a missing or malformed value, no key.
    case usage = 2
    /// councild cannot be reached, the connection was lost, or the server cannot serve now (UNAVAILABLE): retry later.
    case unavailable = 3
    /// The key was refused (UNAUTHENTICATED) or the system may not do this (PERMISSION_DENIED).
    case denied = 4
    /// The case or record does not exist (NOT_FOUND).
    case notFound = 5
    /// The case's state refuses the step (FAILED_PRECONDITION), the expected version is stale (ABORTED), or the
    /// external reference was used for other content (ALREADY_EXISTS).
    case refused = 6
    /// A value was rejected: by the server (INVALID_ARGUMENT), or in a file given (directory, weights, meeting record).
    case invalid = 7

    /// The table `councilctl --help` shows.
    static let documentation = """
        EXIT CODES
          0  ok
          1  other failure: server error, deadline exceeded, limit reached,
             or a step not available yet
          2  usage: unknown subcommand or option, bad value, no key
          3  unavailable: cannot reach councild, connection lost, server
             draining, its store down or its disk full (retry later);
             `health` when the server is not serving
          4  key refused (UNAUTHENTICATED) or not allowed (PERMISSION_DENIED)
          5  not found (NOT_FOUND)
          6  refused: the case's status or a condition does not allow the
             step (FAILED_PRECONDITION), stale --expected-version (ABORTED),
             external reference reused for other content (ALREADY_EXISTS);
             a meeting already held or cancelled, or held with cases that
             could not be moved
          7  invalid argument: the server rejected a value
             (INVALID_ARGUMENT), or a file given is invalid (directory,
             --weights, a meeting's --record)
        """
}

/// A failure councilctl reports: one line for people on stderr, an exit code, and with `--json` the same facts as an
/// object on stdout.
struct Failure: Error {
    var status: ExitStatus
    var message: String
    /// The wire status behind it, when the server or the connection produced it.
    var error: CouncilClientError?
    /// Whether the command already printed its JSON answer, so no error object follows it.
    var answeredInJSON = false

    init(_ status: ExitStatus, _ message: String, error: CouncilClientError? = nil, answeredInJSON: Bool = false) {
        self.status = status
        self.message = message
        self.error = error
        self.answeredInJSON = answeredInJSON
    }

    static func usage(_ message: String) -> Failure { Failure(.usage, message) }

    /// The exit code for a status code.
    static func exitStatus(for code: StatusCode) -> ExitStatus {
        switch code {
        case .unavailable: return .unavailable
        case .unauthenticated, .permissionDenied: return .denied
        case .notFound: return .notFound
        case .failedPrecondition, .aborted, .alreadyExists: return .refused
        case .invalidArgument, .outOfRange: return .invalid
        default: return .failed
        }
    }

    /// A client error as one clear line, with what the caller can do about it.
    init(_ error: CouncilClientError, server: String, system: String) {
        let detail = error.message.isEmpty ? "" : ": \(error.message)"
        let field = error.field.map { " [field: \($0)]" } ?? ""
        let message: String
        switch (error.code, error.reason) {
        case (.unavailable, "connectFailed"?):
            message = "cannot reach councild at \(server) — is it running?"
        case (.unavailable, "connectionLost"?) where error.message.hasSuffix("(does the server expect TLS?)"):
            message = "councild at \(server) closed the connection during the handshake — if it speaks TLS, pass --ca (UNAVAILABLE)"
        case (.unavailable, "connectionLost"?):
            message = "lost the connection to councild at \(server) (UNAVAILABLE); try again"
        case (.unavailable, "tlsHandshakeFailed"?):
            message = "\(error.message) — check --ca, --cert and --cert-key (UNAVAILABLE)"
        case (.unavailable, "draining"?):
            message = "councild at \(server) is shutting down (UNAVAILABLE, draining); try again shortly"
        case (.unavailable, _):
            message = "councild at \(server) cannot serve now\(detail) (UNAVAILABLE); nothing was changed, try again later"
        case (.resourceExhausted, "storageFull"?):
            message = "councild at \(server) cannot write: its disk is full (RESOURCE_EXHAUSTED, storageFull); nothing was changed, try again later"
        case (.unauthenticated, "certificateRevoked"?):
            message = "the server refused the client certificate for \(system): it has been revoked (UNAUTHENTICATED)"
        case (.unauthenticated, _):
            message = "the server refused the credentials of \(system)\(detail) (UNAUTHENTICATED)"
        case (.permissionDenied, _):
            message = "\(system) may not do this\(detail) (PERMISSION_DENIED)"
        case (.notFound, _):
            message = "not found\(detail) (NOT_FOUND)"
        case (.failedPrecondition, _) where error.caseStatus != nil:
            let status = error.caseStatus!
            message = "refused\(detail) — the case is \(status.label); allowed now: \(commandList(error.allowedOperations)) (FAILED_PRECONDITION)"
        case (.aborted, _):
            message = "refused: the case changed since the version you gave (ABORTED); run `councilctl show` and decide again"
        case (.alreadyExists, _):
            message = "refused\(detail) (ALREADY_EXISTS)"
        case (.invalidArgument, _):
            message = "invalid argument\(detail)\(field) (INVALID_ARGUMENT)"
        case (.deadlineExceeded, _):
            message = "no answer from councild at \(server) in time (DEADLINE_EXCEEDED); a change may still have been made — check with `show`, or retry with the same --idempotency-key"
        default:
            message = "\(error.code)\(detail)\(field)"
        }
        // A full disk is the store down for a while, as far as a script can tell: retry later.
        let status = error.code == .resourceExhausted && error.reason == "storageFull" ? .unavailable : Self.exitStatus(for: error.code)
        self.init(status, message, error: error)
    }

    /// The failure as `--json` prints it.
    var json: JSONValue {
        .object([
            ("error", .object([
                ("exitCode", .int(Int64(status.rawValue))),
                ("message", .string(message)),
                ("code", .string(error.map { "\($0.code)" })),
                ("reason", .string(error?.reason)),
                ("field", .string(error?.field)),
                ("caseStatus", .string(error?.caseStatus?.rawValue)),
                ("allowedOperations", .strings((error?.allowedOperations ?? []).map(\.rawValue))),
            ]))
        ])
    }
}
