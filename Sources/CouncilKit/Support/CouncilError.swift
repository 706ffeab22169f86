/// The error every CouncilKit operation throws.
///
/// `description` is safe to show to a caller and to log: it never contains personal data, SQL or driver text.
/// Switch on ``code``; read ``field`` to learn which input was wrong, and for a refused step read
/// ``caseStatus`` and ``allowedOperations``.
public struct CouncilError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// An input is malformed, missing, out of range or unknown to the directory. ``CouncilError/field`` names it.
        public static let invalidArgument = Code("invalidArgument")
        /// The case (or another named record) does not exist.
        public static let notFound = Code("notFound")
        /// The operation is not a legal next step from the case's current status.
        public static let illegalTransition = Code("illegalTransition")
        /// The operation is legal from this status but a condition of the case refuses it now (the evaluation
        /// window is still open, the extension allowance is used up, verification is still outstanding…).
        public static let failedPrecondition = Code("failedPrecondition")
        /// The caller's expected version is stale: someone else changed the case first. Re-read and retry.
        public static let versionConflict = Code("versionConflict")
        /// The same `(source system, external reference)` was submitted before with different content.
        public static let externalReferenceConflict = Code("externalReferenceConflict")
        /// The caller may not perform this operation on this case.
        public static let permissionDenied = Code("permissionDenied")
        /// The store could not complete the operation; nothing was written. Retrying may succeed.
        public static let storageUnavailable = Code("storageUnavailable")
        /// The store has no room left: its disk (or the database server's) is full. Nothing was written; retrying
        /// once space is freed may succeed. Use ``CouncilError/storageFull`` for the error with its plain message.
        public static let storageFull = Code("storageFull")
        /// Stored data could not be read back; an operator must look.
        public static let dataCorrupted = Code("dataCorrupted")

        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence for people, safe to show and log.
    public var message: String
    /// The input that caused the failure, as a field path such as `submission.title`.
    public var field: String?
    /// For refused steps: the case's status when the operation was refused.
    public var caseStatus: CaseStatus?
    /// For refused steps: the operations the case's current state allows.
    public var allowedOperations: [CaseOperation]

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, field: String? = nil,
        caseStatus: CaseStatus? = nil, allowedOperations: [CaseOperation] = []
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.caseStatus = caseStatus
        self.allowedOperations = allowedOperations
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let field { text += " [field: \(field)]" }
        if let caseStatus {
            text += " [status: \(caseStatus.rawValue); allowed: "
            text += allowedOperations.isEmpty ? "none" : allowedOperations.map(\.rawValue).joined(separator: ", ")
            text += "]"
        }
        return text
    }

    /// An invalid input named by `field`.
    public static func invalid(_ field: String, _ message: String) -> CouncilError {
        CouncilError(.invalidArgument, message, field: field)
    }

    /// A missing record.
    public static func notFound(_ message: String) -> CouncilError {
        CouncilError(.notFound, message)
    }

    /// The store's disk is full, told in plain words: no SQL, no driver text, nothing of what was being written.
    public static let storageFull = CouncilError(.storageFull, "the server's disk is full; nothing was written; try again later")
}

/// A description of any error that is safe to log and to store: domain errors say what happened; others give only
/// their type, since a driver's or library's text may carry SQL, addresses or personal data.
func loggableSummary(of error: any Error) -> String {
    switch error {
    case let error as CouncilError: return error.description
    case let error as NotificationError: return error.description
    default: return "\(type(of: error))"
    }
}
