import CouncilAPI
import CouncilKit
internal import CouncilWire

/// A call that did not succeed: the server's status, or a failure of the connection itself.
///
/// ``code`` is one of the 17 canonical gRPC codes (`Schemas/PROTOCOL.md` §9). For refused steps of the loop,
/// ``caseStatus`` and ``allowedOperations`` say where the case stands and what it allows; ``field`` names the input
/// at fault.
public struct CouncilClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The status code.
    public var code: StatusCode
    /// The server's message, or what went wrong locally.
    public var message: String
    /// The offending field, as a schema field path.
    public var field: String?
    /// A machine-readable reason, for example `illegalTransition`, `unauthenticated`, `connectionLost`.
    public var reason: String?
    /// For refused steps: the case's status.
    public var caseStatus: CaseStatus?
    /// For refused steps: what the case allows now.
    public var allowedOperations: [CaseOperation]

    /// Creates an error from a status.
    public init(_ status: CallStatus) {
        self.code = status.code
        self.message = status.message
        self.field = status.field
        self.reason = status.reason
        self.caseStatus = status.caseStatus
        self.allowedOperations = status.allowedOperations
    }

    /// Creates an error.
    public init(_ code: StatusCode, _ message: String, reason: String? = nil) {
        self.init(CallStatus(code, message, reason: reason))
    }

    /// Whether the connection, not the server's judgement, failed the call (UNAVAILABLE): the server was
    /// unreachable or draining, or the connection broke (reason `connectionLost`: the call's outcome is unknown).
    public var isConnectionFailure: Bool { code == .unavailable }

    public var description: String {
        var text = "\(code): \(message)"
        if let field { text += " [field: \(field)]" }
        if let caseStatus {
            text += " [status: \(caseStatus.rawValue); allowed: \(allowedOperations.map(\.rawValue).joined(separator: ", "))]"
        }
        return text
    }

    static func connectionLost(_ detail: String) -> CouncilClientError {
        CouncilClientError(.unavailable, "the connection to the server was lost: \(detail)", reason: "connectionLost")
    }
}

/// Why a call failed with its connection, which decides whether the client may send it again on a new one.
enum ConnectionFailure: Error {
    /// The server did not process the call: it was never sent, or it crossed the server's GoAway (its id is above
    /// `last_call_id`, `Schemas/PROTOCOL.md` §7.2).
    case notProcessed(CouncilClientError)
    /// The connection broke while the call was in flight: the server may or may not have done it.
    case outcomeUnknown(CouncilClientError)

    /// The failure as the caller sees it when the call is not sent again.
    var error: CouncilClientError {
        switch self {
        case .notProcessed(let error): error
        case .outcomeUnknown(let error):
            CouncilClientError(
                .unavailable,
                "\(error.message); the call may or may not have been done: read again, or send it with an idempotency key",
                reason: "connectionLost")
        }
    }
}
