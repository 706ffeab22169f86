import CouncilKit

/// What the schema says of one method (`Schemas/council.proto`, `Call.request`): its name and number, the scope a
/// caller needs, and how it behaves.
///
/// Every method has one, generated from the schema's annotations into ``Methods``; the server's interceptors decide
/// from it, and `Schemas/PROTOCOL.md` §5.1 lists them.
public struct MethodDescriptor: Hashable, Sendable, CustomStringConvertible {
    /// The method's name, for example `ReturnCase`.
    public let name: String
    /// Its member of `Call.request`, for example `return_case`.
    public let field: String
    /// Its field number in `Call.request` and `Response.response`: the method's identity on the wire.
    public let number: Int
    /// The scope a caller needs; `nil` when any authenticated caller may call it.
    public let scope: Scope?
    /// A scope that also allows the method on cases the caller's own system sent (by their external reference).
    public let ownCasesScope: Scope?
    /// Whether the method can change what the server stores.
    public let writes: Bool
    /// Whether it answers with a stream of responses.
    public let streams: Bool
    /// Whether a retry carrying the same idempotency key is answered with the first result instead of being done
    /// again.
    public let idempotent: Bool

    /// Creates a description.
    public init(
        name: String, field: String, number: Int, scope: Scope?, ownCasesScope: Scope?, writes: Bool, streams: Bool,
        idempotent: Bool
    ) {
        self.name = name
        self.field = field
        self.number = number
        self.scope = scope
        self.ownCasesScope = ownCasesScope
        self.writes = writes
        self.streams = streams
        self.idempotent = idempotent
    }

    public var description: String { field }
}

/// One method of the protocol as a type: its request, its response and its description.
///
/// ``Methods`` holds one for each method of the schema. Generic code — the server's interceptors, the client's
/// calls — works with any of them.
public protocol CouncilMethod: Sendable {
    /// The request message's Swift type.
    associatedtype Request: Hashable & Sendable
    /// The response message's Swift type (for a response with one field, that field's type).
    associatedtype Response: Hashable & Sendable
    /// What the schema says of the method.
    static var descriptor: MethodDescriptor { get }
}

/// What a client system's key, or a person's role, allows.
public enum Scope: String, CaseIterable, Hashable, Sendable, Codable {
    /// Register cases; and, for cases the caller's own system sent, evaluate, verify and withdraw them.
    case submit
    /// Read cases, their history, the changes feed and the watch stream; read the directory; read meetings, public
    /// notices, links, visits, coverage, elections, representatives, commendations, scorecards, the annual
    /// assessment and the CSV exports.
    case read
    /// Move any case through the loop (every case operation); schedule, change and hold meetings; establish and end
    /// links, log visits and raise cases on them; record elections and commendations.
    case manage
    /// See submitters' personal data unmasked.
    case personalData
    /// Change the directory (load a directory seed).
    case directory
    /// List, replay and set aside the notifications the server gave up on (dead letters).
    case notifications
    /// Add, change and disable people's accounts; issue, rotate and revoke their keys; see failed sign-ins.
    case accounts
}
