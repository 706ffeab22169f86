import Foundation

/// The internal, permanent identifier of a case: a lowercase UUID.
public struct CaseID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The UUID text, lowercase.
    public let rawValue: String

    /// A new random identifier.
    public init() {
        self.rawValue = UUID().uuidString.lowercased()
    }

    /// Parses a UUID; returns `nil` when `text` is not one.
    public init?(_ text: String) {
        guard let uuid = UUID(uuidString: text) else { return nil }
        self.rawValue = uuid.uuidString.lowercased()
    }

    public var description: String { rawValue }

    public static func < (lhs: CaseID, rhs: CaseID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = CaseID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a case id")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The case number people read and quote: community code, local date of submission and a serial,
/// for example `QX07-20261129-0003`.
///
/// The store assigns the serial when it registers the case: 1 for the community's first case of the day.
public struct CaseNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Community code and date, for example `QX07-20261129`.
    public let prefix: String
    /// The case's place among that community's cases of that day, from 1.
    public let serial: Int

    /// Creates a case number.
    public init(prefix: String, serial: Int) {
        self.prefix = prefix
        self.serial = serial
    }

    /// The prefix for a community's cases on a day.
    public init(community: String, date: LocalDate, serial: Int) {
        self.init(prefix: "\(community)-\(date.compactText)", serial: serial)
    }

    /// Parses `PREFIX-NNNN`; returns `nil` for anything else.
    public init?(_ text: String) {
        guard let dash = text.lastIndex(of: "-"), dash != text.startIndex else { return nil }
        let digits = text[text.index(after: dash)...]
        guard digits.count >= 4, digits.allSatisfy({ ("0"..."9").contains($0) }), let serial = Int(digits), serial > 0 else {
            return nil
        }
        self.init(prefix: String(text[..<dash]), serial: serial)
    }

    /// `PREFIX-NNNN`, the serial zero-padded to four digits.
    public var description: String {
        let digits = String(serial)
        return "\(prefix)-\(String(repeating: "0", count: max(0, 4 - digits.count)))\(digits)"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let number = CaseNumber(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a case number")
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The key another system gives its own record of a case, which makes intake idempotent.
///
/// Submitting the same `(system, reference)` twice returns the first case; the same pair with different content
/// is an ``CouncilError/Code/externalReferenceConflict``.
public struct ExternalReference: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The sending system, for example `petition-office` or `grid-platform`.
    public var system: String
    /// That system's identifier for the record, for example a petition number.
    public var reference: String

    /// Creates an external reference.
    public init(system: String, reference: String) {
        self.system = system
        self.reference = reference
    }

    public var description: String { "\(system)/\(reference)" }
}

/// Who performed an operation: the calling system and, where known, the person in it.
///
/// Recorded on every event, so the history says who did what — and on whose word: a person who signed in to the hall
/// with a credential of their own (``userAuthenticated``), or a person the calling system says acted.
public struct Principal: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The client system, for example `hall-staff`, `petition-office`, `grid-platform`.
    public var system: String
    /// The person within that system (a staff or directory person id), when known.
    public var user: String?
    /// Whether ``user`` signed in with a credential of their own; `false` when the system asserted it.
    public var userAuthenticated: Bool

    /// Creates a principal.
    public init(system: String, user: String? = nil, userAuthenticated: Bool = false) {
        self.system = system
        self.user = user
        self.userAuthenticated = userAuthenticated && user != nil
    }

    /// `system`, `system:user` for a person the system named, `system:user (signed in)` for one who signed in.
    public var description: String {
        guard let user else { return system }
        return userAuthenticated ? "\(system):\(user) (signed in)" : "\(system):\(user)"
    }

    private enum CodingKeys: String, CodingKey { case system, user, userAuthenticated }

    /// Decodes a principal; events recorded before people signed in decode as asserted by their system.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            system: try c.decode(String.self, forKey: .system), user: try c.decodeIfPresent(String.self, forKey: .user),
            userAuthenticated: try c.decodeIfPresent(Bool.self, forKey: .userAuthenticated) ?? false)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(system, forKey: .system)
        try c.encodeIfPresent(user, forKey: .user)
        if userAuthenticated { try c.encode(true, forKey: .userAuthenticated) }
    }
}
