import CouncilKit

/// Every limit councild checks on the handshake and on call metadata, before anything else of the connection or
/// the call happens. With CouncilKit's ``TextLimits`` it makes PROTOCOL.md's table of field limits (§8.1), and a test
/// checks each entry against the server.
public enum FieldLimits {
    /// The calling system.
    public static let clientSystem = FieldLimit(["handshake.client_system"], .code, maxCharacters: 64, mayBeEmpty: false)
    /// Which program or machine of the system is calling, for the server's logs.
    public static let clientInstance = FieldLimit(["handshake.client_instance"], .identifier, maxCharacters: 200, mayBeEmpty: true)
    /// The caller's trace id.
    public static let traceID = FieldLimit(["metadata.trace_id"], .identifier, maxCharacters: 128, mayBeEmpty: true)
    /// The call's idempotency key.
    public static let idempotencyKey = FieldLimit(["metadata.idempotency_key"], .identifier, maxCharacters: 128, mayBeEmpty: true)
    /// The person on whose behalf the call is made: recorded as the events' ``Principal/user``.
    public static let actingUser = FieldLimit(
        ["metadata.acting_user"], .identifier, maxCharacters: TextLimits.principalUser.maxCharacters, mayBeEmpty: true)

    /// The handshake's and the metadata's limits, in the order PROTOCOL.md lists them.
    public static let all: [FieldLimit] = [clientSystem, clientInstance, traceID, idempotencyKey, actingUser]

    /// The first limit `metadata` breaks, as a sentence naming the field; `nil` when it breaks none.
    public static func problem(in metadata: CallMetadata) -> (field: String, message: String)? {
        for (limit, value) in [(traceID, metadata.traceID), (idempotencyKey, metadata.idempotencyKey), (actingUser, metadata.actingUser)] {
            if let value, let problem = limit.problem(value) { return (limit.field, problem) }
        }
        return nil
    }

    /// PROTOCOL.md's table of field limits, in Markdown: these, then CouncilKit's ``TextLimits``.
    public static var markdownTable: String {
        var lines = ["| fields | may hold | at most | empty |", "|---|---|---|---|"]
        for limit in all + TextLimits.all.filter({ $0 != TextLimits.principalUser }) {
            let kind: String
            let empty: String
            switch limit.kind {
            case .code: (kind, empty) = ("ASCII letters, digits and `-_.:`", limit.mayBeEmpty ? "means none" : "refused")
            case .identifier: (kind, empty) = ("an identifier", limit.mayBeEmpty ? "means none" : "refused")
            case .text: (kind, empty) = ("free text", limit.mayBeEmpty ? "allowed" : "refused where required")
            }
            let fields = limit.fields.map { "`\($0)`" }.joined(separator: ", ")
            lines.append("| \(fields) | \(kind) | \(grouped(limit.maxCharacters)) characters | \(empty) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// 20000 → 20,000.
    private static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        return stride(from: digits.count, to: 0, by: -3).reversed().map { String(digits[max(0, $0 - 3)..<$0]) }.joined(separator: ",")
    }
}
