import CouncilKit

/// One of the 17 canonical status codes of gRPC, with the same numbers and meanings (`Schemas/PROTOCOL.md` §9.1).
///
/// A struct rather than an enum: a newer server may send a code this client does not know, and it still reads.
public struct StatusCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The code's number.
    public var rawValue: Int32

    /// The code with this number.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Not an error.
    public static let ok = StatusCode(rawValue: 0)
    /// The call was cancelled, by the client or by the server's shutdown.
    public static let cancelled = StatusCode(rawValue: 1)
    /// An error of no other kind.
    public static let unknown = StatusCode(rawValue: 2)
    /// The request is malformed or names something that does not exist; `field` says which part.
    public static let invalidArgument = StatusCode(rawValue: 3)
    /// The call's deadline passed before it finished.
    public static let deadlineExceeded = StatusCode(rawValue: 4)
    /// What the call asked for does not exist.
    public static let notFound = StatusCode(rawValue: 5)
    /// An external reference was registered before with other content.
    public static let alreadyExists = StatusCode(rawValue: 6)
    /// The caller may not do this.
    public static let permissionDenied = StatusCode(rawValue: 7)
    /// A limit was reached: frame size, decode budget, calls in flight, connections.
    public static let resourceExhausted = StatusCode(rawValue: 8)
    /// The case's status does not allow the operation; the status says where it stands and what it allows.
    public static let failedPrecondition = StatusCode(rawValue: 9)
    /// The case changed since the caller read it (`expected_version`).
    public static let aborted = StatusCode(rawValue: 10)
    /// A value is outside its range.
    public static let outOfRange = StatusCode(rawValue: 11)
    /// The server does not know the method or the kind of frame.
    public static let unimplemented = StatusCode(rawValue: 12)
    /// The server failed; it says no more.
    public static let `internal` = StatusCode(rawValue: 13)
    /// The server or its store cannot take the call now; safe calls may be repeated.
    public static let unavailable = StatusCode(rawValue: 14)
    /// Data was lost or corrupted.
    public static let dataLoss = StatusCode(rawValue: 15)
    /// The credential is missing or not valid.
    public static let unauthenticated = StatusCode(rawValue: 16)

    private static let names = [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ]

    /// Whether the code is one of the 17 canonical ones.
    public var isKnown: Bool { (0...16).contains(rawValue) }

    /// The code's name as gRPC spells it, for example `FAILED_PRECONDITION`.
    public var description: String { isKnown ? Self.names[Int(rawValue)] : "CODE_\(rawValue)" }
}

/// The outcome of a call (`council.v1.Status`): a code, a message that is safe to show, and the details that say
/// what to do about it.
public struct CallStatus: Hashable, Sendable, CustomStringConvertible {
    /// The code.
    public var code: StatusCode
    /// What went wrong, in English, without personal data.
    public var message: String
    /// The offending field as a schema field path, for example `submission.title`.
    public var field: String?
    /// A machine-readable reason, for example `illegalTransition`, `tooManyCalls`, `draining`.
    public var reason: String?
    /// For a refused step of the loop: the case's status.
    public var caseStatus: CaseStatus?
    /// For a refused step of the loop: what the case allows now.
    public var allowedOperations: [CaseOperation]

    /// Creates a status.
    public init(
        _ code: StatusCode, _ message: String = "", field: String? = nil, reason: String? = nil,
        caseStatus: CaseStatus? = nil, allowedOperations: [CaseOperation] = []
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.reason = reason
        self.caseStatus = caseStatus
        self.allowedOperations = allowedOperations
    }

    /// Success.
    public static let ok = CallStatus(.ok)

    /// Whether the call succeeded.
    public var isOK: Bool { code == .ok }

    public var description: String {
        var text = "\(code)"
        if !message.isEmpty { text += ": \(message)" }
        if let reason { text += " [\(reason)]" }
        if let field { text += " [field: \(field)]" }
        return text
    }
}

/// A status thrown by server code answers the call with itself.
extension CallStatus: Error {}
