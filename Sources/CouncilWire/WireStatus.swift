import CouncilKit

/// A canonical gRPC status code: the same numbers and meanings as gRPC's.
///
/// A struct rather than an enum so that a number outside the 17 known ones, received from a newer peer, is kept
/// as it came; ``isKnown`` tells them apart.
public struct StatusCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The number on the wire.
    public var rawValue: Int32

    /// Wraps a number from the wire.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Not an error.
    public static let ok = StatusCode(rawValue: 0)
    /// The call was cancelled, typically by the caller.
    public static let cancelled = StatusCode(rawValue: 1)
    /// An error that could not be classified.
    public static let unknown = StatusCode(rawValue: 2)
    /// The request is malformed or names something that does not exist.
    public static let invalidArgument = StatusCode(rawValue: 3)
    /// The deadline passed first.
    public static let deadlineExceeded = StatusCode(rawValue: 4)
    /// The record asked for does not exist.
    public static let notFound = StatusCode(rawValue: 5)
    /// The external reference was already used for other content.
    public static let alreadyExists = StatusCode(rawValue: 6)
    /// The caller may not do this.
    public static let permissionDenied = StatusCode(rawValue: 7)
    /// A limit was exceeded.
    public static let resourceExhausted = StatusCode(rawValue: 8)
    /// The case's state does not allow the operation.
    public static let failedPrecondition = StatusCode(rawValue: 9)
    /// A concurrent change won.
    public static let aborted = StatusCode(rawValue: 10)
    /// A value is outside the range the server serves.
    public static let outOfRange = StatusCode(rawValue: 11)
    /// Not implemented.
    public static let unimplemented = StatusCode(rawValue: 12)
    /// The server failed.
    public static let `internal` = StatusCode(rawValue: 13)
    /// The server cannot serve now; retrying may succeed.
    public static let unavailable = StatusCode(rawValue: 14)
    /// Unrecoverable data loss.
    public static let dataLoss = StatusCode(rawValue: 15)
    /// The credential is missing or wrong.
    public static let unauthenticated = StatusCode(rawValue: 16)

    private static let names = [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ]

    /// Whether the number is one of the 17 canonical codes.
    public var isKnown: Bool { (0...16).contains(rawValue) }

    /// The canonical name, for example `NOT_FOUND`.
    public var description: String { isKnown ? Self.names[Int(rawValue)] : "CODE_\(rawValue)" }
}

/// The outcome of a call, a handshake or a connection (`council.v1.Status`).
public struct WireStatus: Hashable, Sendable, CustomStringConvertible {
    /// The canonical code.
    public var code: StatusCode
    /// One sentence for people, safe to show and log.
    public var message: String
    /// The offending request field, as a path of schema field names (`submission.title`).
    public var field: String?
    /// A finer, stable reason within the code, such as `illegalTransition` or `frameTooLarge`.
    public var reason: String?
    /// For a refused case operation: the case's status at the time.
    public var caseStatus: CaseStatus?
    /// For a refused case operation: what the case allows now.
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

    /// The OK status.
    public static let ok = WireStatus(.ok)

    /// Whether the code is OK.
    public var isOK: Bool { code == .ok }

    public var description: String {
        var text = "\(code)"
        if !message.isEmpty { text += ": \(message)" }
        if let reason { text += " [\(reason)]" }
        if let field { text += " [field: \(field)]" }
        return text
    }
}
