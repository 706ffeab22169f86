import CouncilKit

/// The characters and length one string field of the handshake or of call metadata may have.
public struct FieldLimit: Hashable, Sendable, CustomStringConvertible {
    /// What the field may hold.
    public enum Kind: String, Hashable, Sendable {
        /// 1–64 ASCII letters, digits and `-_.:`: a client system's code.
        case code
        /// One line of visible characters, no space at either end (``TextRules/identifierProblem(_:max:)``).
        case identifier
    }

    /// The field, as the schema names it: `handshake.client_instance`, `metadata.trace_id`.
    public let field: String
    /// What it may hold.
    public let kind: Kind
    /// The most characters (Unicode extended grapheme clusters, as Swift counts them) it may have.
    public let maxCharacters: Int
    /// Whether it may be empty, meaning "none".
    public let mayBeEmpty: Bool

    /// Creates a limit.
    public init(_ field: String, _ kind: Kind, maxCharacters: Int, mayBeEmpty: Bool) {
        self.field = field
        self.kind = kind
        self.maxCharacters = maxCharacters
        self.mayBeEmpty = mayBeEmpty
    }

    /// Why `value` breaks the limit, as a sentence naming the field; `nil` when it does not.
    public func problem(_ value: String) -> String? {
        if value.isEmpty { return mayBeEmpty ? nil : "\(field) must not be empty" }
        switch kind {
        case .code:
            let allowed = value.count <= maxCharacters
                && value.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.:".unicodeScalars.contains($0)) }
            return allowed ? nil : "\(field) must be 1–\(maxCharacters) ASCII letters, digits or -_.: characters"
        case .identifier:
            return TextRules.identifierProblem(value, max: maxCharacters).map { "\(field) \($0)" }
        }
    }

    public var description: String { field }
}

/// Every limit councild checks on the handshake and on call metadata, before anything else of the connection or
/// the call happens. PROTOCOL.md's table of field limits (§8) is made from this list, and a test checks each entry
/// against the server.
public enum FieldLimits {
    /// The calling system.
    public static let clientSystem = FieldLimit("handshake.client_system", .code, maxCharacters: 64, mayBeEmpty: false)
    /// Which program or machine of the system is calling, for the server's logs.
    public static let clientInstance = FieldLimit("handshake.client_instance", .identifier, maxCharacters: 200, mayBeEmpty: true)
    /// The caller's trace id.
    public static let traceID = FieldLimit("metadata.trace_id", .identifier, maxCharacters: 128, mayBeEmpty: true)
    /// The call's idempotency key.
    public static let idempotencyKey = FieldLimit("metadata.idempotency_key", .identifier, maxCharacters: 128, mayBeEmpty: true)
    /// The person on whose behalf the call is made.
    public static let actingUser = FieldLimit("metadata.acting_user", .identifier, maxCharacters: 128, mayBeEmpty: true)

    /// Every limit, in the order PROTOCOL.md lists them.
    public static let all: [FieldLimit] = [clientSystem, clientInstance, traceID, idempotencyKey, actingUser]

    /// The first limit `metadata` breaks, as a sentence naming the field; `nil` when it breaks none.
    public static func problem(in metadata: CallMetadata) -> (field: String, message: String)? {
        for (limit, value) in [(traceID, metadata.traceID), (idempotencyKey, metadata.idempotencyKey), (actingUser, metadata.actingUser)] {
            if let value, let problem = limit.problem(value) { return (limit.field, problem) }
        }
        return nil
    }

    /// PROTOCOL.md's table of these limits, in Markdown.
    public static var markdownTable: String {
        var lines = ["| field | may hold | at most | empty |", "|---|---|---|---|"]
        for limit in all {
            let kind = limit.kind == .code ? "ASCII letters, digits and `-_.:`" : "one line of visible characters, no space at either end"
            lines.append("| `\(limit.field)` | \(kind) | \(limit.maxCharacters) characters | \(limit.mayBeEmpty ? "means none" : "refused") |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
