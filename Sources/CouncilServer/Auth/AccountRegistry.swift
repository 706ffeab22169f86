import CouncilAPI
import CouncilKit
import Crypto
import Foundation
import Synchronization

/// People's accounts and personal keys, kept in the store as records so every node on the database sees the same
/// ones and a change applies to the next connection without a restart.
///
/// A personal key reads `chp_<16 hex digits>_<secret>`: the part before the secret is the key's id, by which the
/// server finds it; of the secret (32 random bytes) only the SHA-256 is stored, so neither a leaked database nor a
/// log holds a usable key. Every change is recorded as an ``AccountChangeRecord``.
public final class AccountRegistry: Sendable {
    /// The prefix of personal keys, which tells them from client systems' keys.
    public static let keyPrefix = "chp_"

    private let store: any RecordStore
    private let clock: any CouncilClock
    private let people: @Sendable () -> Set<String>
    /// Orders this node's changes recorded within one millisecond.
    private let changeCounter = Atomic<Int>(0)

    /// Creates a registry over `store`.
    /// - Parameters:
    ///   - store: Where accounts, keys and their changes are kept.
    ///   - clock: When changes and sign-ins happen.
    ///   - people: The person ids of the directory in force: accounts are for them only.
    public init(store: any RecordStore, clock: any CouncilClock, people: @escaping @Sendable () -> Set<String>) {
        self.store = store
        self.clock = clock
        self.people = people
    }

    // MARK: Changing accounts

    /// Adds an account for a person of the directory.
    /// - Throws: ``CouncilError`` INVALID_ARGUMENT for an unknown person, no role or a malformed system;
    ///   ALREADY_EXISTS when the person has an account.
    public func add(person: String, system: String, roles: Set<AccountRole>, by principal: Principal) async throws -> Account {
        guard people().contains(person) else {
            throw CouncilError(.invalidArgument, "\(person) is not a person of the directory", field: "person_id")
        }
        let system = system.isEmpty ? "hall-staff" : system
        guard TextRules.isCode(system) else {
            throw CouncilError(.invalidArgument, "system must be 1–64 ASCII letters, digits or -_.:", field: "system")
        }
        guard !roles.isEmpty else { throw CouncilError(.invalidArgument, "an account needs at least one role", field: "roles") }
        let record = AccountRecord(person: person, system: system, roles: roles, disabled: false, createdAt: clock.now())
        do {
            try await store.save(record, expectedVersion: 0)
        } catch let error as CouncilError where error.code == .versionConflict {
            throw CallStatus(.alreadyExists, "\(person) has an account already", reason: "accountExists")
        }
        try await self.record(person, "added for \(system) with roles \(Self.names(roles))", by: principal)
        return try await account(person)
    }

    /// Replaces an account's roles.
    public func setRoles(person: String, roles: Set<AccountRole>, by principal: Principal) async throws -> Account {
        guard !roles.isEmpty else { throw CouncilError(.invalidArgument, "an account needs at least one role", field: "roles") }
        try await update(person) { $0.roles = roles }
        try await self.record(person, "roles set to \(Self.names(roles))", by: principal)
        return try await account(person)
    }

    /// Disables or enables an account.
    public func setDisabled(person: String, disabled: Bool, by principal: Principal) async throws -> Account {
        try await update(person) { $0.disabled = disabled }
        try await self.record(person, disabled ? "disabled" : "enabled", by: principal)
        return try await account(person)
    }

    // MARK: Keys

    /// Issues a new personal key to `person`'s account.
    /// - Returns: The key (its secret shown this once), what the server keeps of it, and the account.
    public func issueKey(person: String, expiresAt: Timestamp?, by principal: Principal) async throws -> IssuedKeyResponse {
        _ = try await stored(person)
        if let expiresAt, expiresAt <= clock.now() {
            throw CouncilError(.invalidArgument, "expires_at is in the past", field: "expires_at")
        }
        let (key, record) = Self.newKey(person: person, issuedAt: clock.now(), expiresAt: expiresAt)
        try await store.save(record, expectedVersion: 0)
        try await self.record(person, "key \(record.id) issued", by: principal)
        return IssuedKeyResponse(key: key, info: record.info, account: try await account(person))
    }

    /// Issues a new key to the account of `keyID` and revokes `keyID`.
    public func rotateKey(_ keyID: String, expiresAt: Timestamp?, by principal: Principal) async throws -> IssuedKeyResponse {
        let old = try await storedKey(keyID)
        guard old.record.revokedAt == nil else { throw CouncilError(.failedPrecondition, "key \(keyID) is revoked already") }
        let (key, record) = Self.newKey(person: old.record.person, issuedAt: clock.now(), expiresAt: expiresAt ?? old.record.expiresAt)
        try await store.save(record, expectedVersion: 0)
        var revoked = old.record
        revoked.revokedAt = clock.now()
        try await store.save(revoked, expectedVersion: old.version)
        try await self.record(old.record.person, "key \(keyID) rotated to \(record.id)", by: principal)
        return IssuedKeyResponse(key: key, info: record.info, account: try await account(old.record.person))
    }

    /// Revokes a key.
    public func revokeKey(_ keyID: String, by principal: Principal) async throws -> Account {
        let key = try await storedKey(keyID)
        if key.record.revokedAt == nil {
            var revoked = key.record
            revoked.revokedAt = clock.now()
            try await store.save(revoked, expectedVersion: key.version)
            try await self.record(key.record.person, "key \(keyID) revoked", by: principal)
        }
        return try await account(key.record.person)
    }

    // MARK: Reading

    /// Every account, by person id, with its keys.
    public func accounts() async throws -> [Account] {
        let keys = Dictionary(grouping: try await store.all(PersonalKeyRecord.self).map(\.record), by: \.person)
        return try await store.all(AccountRecord.self).map { $0.record.account(keys: keys[$0.record.person] ?? []) }
            .sorted { $0.personID < $1.personID }
    }

    /// One account, with its keys.
    /// - Throws: ``CouncilError`` NOT_FOUND when the person has none.
    public func account(_ person: String) async throws -> Account {
        let record = try await stored(person).record
        let keys = try await store.all(PersonalKeyRecord.self).map(\.record).filter { $0.person == person }
        return record.account(keys: keys)
    }

    /// The recorded changes, oldest first; only `person`'s when given.
    public func changes(of person: String?) async throws -> [AccountChange] {
        try await store.all(AccountChangeRecord.self).map(\.record).filter { person == nil || $0.person == person }
            .map { AccountChange(at: $0.at, personID: $0.person, change: $0.change, by: $0.by) }
    }

    // MARK: Signing in

    /// Why a personal key did not sign its holder in.
    public enum Refusal: Error, Equatable, Sendable {
        /// No such key, or the secret does not match.
        case unknownKey
        /// The key was revoked.
        case revoked(person: String)
        /// The key expired.
        case expired(person: String)
        /// The account is disabled.
        case disabled(person: String)

        /// The account the key belongs to, when the key was found.
        public var person: String? {
            switch self {
            case .unknownKey: nil
            case .revoked(let person), .expired(let person), .disabled(let person): person
            }
        }
    }

    /// The account a personal key signs in, and marks the key used.
    public func signIn(key: String) async throws -> Result<Account, Refusal> {
        guard let (keyID, secret) = Self.split(key), let stored = try await store.fetch(PersonalKeyRecord.self, id: keyID) else {
            return .failure(.unknownKey)
        }
        let record = stored.record
        guard Self.constantTimeEqual(Self.hash(secret), record.hash) else { return .failure(.unknownKey) }
        if record.revokedAt != nil { return .failure(.revoked(person: record.person)) }
        let now = clock.now()
        if let expiresAt = record.expiresAt, expiresAt <= now { return .failure(.expired(person: record.person)) }
        guard let account = try await store.fetch(AccountRecord.self, id: record.person)?.record else { return .failure(.unknownKey) }
        if account.disabled { return .failure(.disabled(person: record.person)) }
        // Marked at most once a minute: signing in should not cost a write each time.
        if record.lastUsedAt.map({ now.millisecondsSince1970 - $0.millisecondsSince1970 >= 60_000 }) ?? true {
            var used = record
            used.lastUsedAt = now
            _ = try? await store.save(used, expectedVersion: stored.version)
        }
        return .success(account.account(keys: []))
    }

    // MARK: Helpers

    private func stored(_ person: String) async throws -> Versioned<AccountRecord> {
        guard let stored = try await store.fetch(AccountRecord.self, id: person) else {
            throw CouncilError(.notFound, "\(person) has no account")
        }
        return stored
    }

    private func storedKey(_ keyID: String) async throws -> Versioned<PersonalKeyRecord> {
        guard let stored = try await store.fetch(PersonalKeyRecord.self, id: keyID) else {
            throw CouncilError(.notFound, "there is no key \(keyID)")
        }
        return stored
    }

    private func update(_ person: String, _ change: (inout AccountRecord) -> Void) async throws {
        for _ in 0..<16 {
            var stored = try await self.stored(person)
            change(&stored.record)
            do {
                try await store.save(stored.record, expectedVersion: stored.version)
                return
            } catch let error as CouncilError where error.code == .versionConflict {
                continue
            }
        }
        throw CouncilError(.versionConflict, "\(person)'s account kept changing; try again")
    }

    private func record(_ person: String, _ change: String, by principal: Principal) async throws {
        let at = clock.now()
        let order = changeCounter.add(1, ordering: .relaxed).newValue
        // Listed by (time, id): within one millisecond, in the order this node recorded them.
        let id = String(format: "%015lld-%010d-", at.millisecondsSince1970, order) + UUID().uuidString.prefix(8).lowercased()
        try await store.save(AccountChangeRecord(id: id, at: at, person: person, change: change, by: principal), expectedVersion: 0)
    }

    private static func names(_ roles: Set<AccountRole>) -> String { roles.map(\.rawValue).sorted().joined(separator: ", ") }

    private static func newKey(person: String, issuedAt: Timestamp, expiresAt: Timestamp?) -> (String, PersonalKeyRecord) {
        var generator = SystemRandomNumberGenerator()
        let id = keyPrefix + (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let secret = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let record = PersonalKeyRecord(id: id, person: person, hash: hash(secret), issuedAt: issuedAt, expiresAt: expiresAt)
        return ("\(id)_\(secret)", record)
    }

    /// Splits `chp_<id>_<secret>` into the key's id (`chp_<id>`) and its secret.
    static func split(_ key: String) -> (id: String, secret: String)? {
        guard key.hasPrefix(keyPrefix) else { return nil }
        let rest = key.dropFirst(keyPrefix.count)
        guard let underscore = rest.firstIndex(of: "_") else { return nil }
        let id = rest[..<underscore], secret = rest[rest.index(after: underscore)...]
        guard id.count == 16, id.allSatisfy(\.isHexDigit), !secret.isEmpty, secret.count <= 128 else { return nil }
        return (keyPrefix + id, String(secret))
    }

    private static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// A person's account as stored.
public struct AccountRecord: CouncilRecord, Hashable {
    public static let recordKind = "account"
    /// The person's directory id.
    public var person: String
    /// The client system the person signs in through.
    public var system: String
    /// What the person may do.
    public var roles: Set<AccountRole>
    /// Whether the account is disabled.
    public var disabled: Bool
    /// When it was added.
    public var createdAt: Timestamp

    public var recordID: String { person }
    public var recordCommunity: String? { nil }
    public var recordDate: Timestamp? { nil }

    func account(keys: [PersonalKeyRecord]) -> Account {
        Account(
            personID: person, system: system, roles: roles, disabled: disabled, createdAt: createdAt,
            keys: keys.sorted { ($0.issuedAt, $0.id) > ($1.issuedAt, $1.id) }.map(\.info))
    }
}

/// A personal key as stored: its id, its account and the SHA-256 of its secret.
public struct PersonalKeyRecord: CouncilRecord, Hashable {
    public static let recordKind = "personal-key"
    /// `chp_` and 16 hex digits.
    public var id: String
    /// The account's person id.
    public var person: String
    /// SHA-256 of the secret, lowercase hex.
    public var hash: String
    /// When it was issued.
    public var issuedAt: Timestamp
    /// When it stops working.
    public var expiresAt: Timestamp?
    /// When it was revoked.
    public var revokedAt: Timestamp?
    /// When it last signed someone in (to the minute).
    public var lastUsedAt: Timestamp?

    public var recordID: String { id }
    public var recordCommunity: String? { nil }
    public var recordDate: Timestamp? { issuedAt }

    var info: PersonalKeyInfo {
        PersonalKeyInfo(keyID: id, issuedAt: issuedAt, expiresAt: expiresAt, revokedAt: revokedAt, lastUsedAt: lastUsedAt)
    }
}

/// One recorded change to an account or its keys.
public struct AccountChangeRecord: CouncilRecord, Hashable {
    public static let recordKind = "account-change"
    /// Unique: the time in milliseconds and a UUID.
    public var id: String
    /// When.
    public var at: Timestamp
    /// The account's person id.
    public var person: String
    /// What changed.
    public var change: String
    /// Who changed it.
    public var by: Principal

    public var recordID: String { id }
    public var recordCommunity: String? { nil }
    public var recordDate: Timestamp? { at }
}
