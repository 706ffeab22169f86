import CouncilAPI
import Crypto
import Foundation
import Synchronization

/// The client systems allowed to connect, each with its API key's hash and its scopes.
///
/// Keys are never stored: configuration holds the SHA-256 of each key in lowercase hex, so a leaked configuration
/// file does not leak keys. ``KeyRing/newKey()`` makes a key and its hash.
public struct KeyRing: Sendable {
    /// One client system's key.
    public struct Entry: Hashable, Sendable, Codable {
        /// The client system's code, for example `petition-office`; recorded on the events its calls cause.
        public var system: String
        /// SHA-256 of the key, 64 lowercase hex characters.
        public var keyHash: String
        /// What the key allows.
        public var scopes: Set<Scope>

        /// Creates an entry.
        public init(system: String, keyHash: String, scopes: Set<Scope>) {
            self.system = system
            self.keyHash = keyHash
            self.scopes = scopes
        }
    }

    private let byHash: [String: Entry]

    /// Builds a key ring.
    /// - Throws: ``ServerConfigurationError`` for a malformed hash or two entries with the same hash.
    public init(_ entries: [Entry]) throws {
        var byHash: [String: Entry] = [:]
        for (i, entry) in entries.enumerated() {
            guard entry.keyHash.count == 64, entry.keyHash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw ServerConfigurationError("keys[\(i)].keyHash must be the SHA-256 of the key as 64 lowercase hex characters")
            }
            guard byHash.updateValue(entry, forKey: entry.keyHash) == nil else {
                throw ServerConfigurationError("keys[\(i)] repeats the hash of an earlier key")
            }
        }
        self.byHash = byHash
    }

    /// Whether no key is configured.
    public var isEmpty: Bool { byHash.isEmpty }

    /// What changed from `earlier` to this ring, by client system: systems that gained a key, lost every key, or
    /// whose keys or scopes changed. Names systems only, never keys or hashes, so it can be logged.
    public func changes(since earlier: KeyRing) -> (added: [String], removed: [String], changed: [String]) {
        func bySystem(_ ring: KeyRing) -> [String: Set<Entry>] {
            Dictionary(grouping: ring.byHash.values, by: \.system).mapValues(Set.init)
        }
        let before = bySystem(earlier), after = bySystem(self)
        let added = after.keys.filter { before[$0] == nil }.sorted()
        let removed = before.keys.filter { after[$0] == nil }.sorted()
        let changed = after.keys.filter { before[$0] != nil && before[$0] != after[$0] }.sorted()
        return (added, removed, changed)
    }

    /// The entry whose key is `key`, or `nil`.
    public func entry(forKey key: String) -> Entry? {
        byHash[Self.hash(key)]
    }

    /// SHA-256 of `key` in lowercase hex.
    public static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// A new random key (32 bytes, URL-safe base64 without padding) and its hash for the configuration file.
    public static func newKey() -> (key: String, hash: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let key = "ch_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return (key, hash(key))
    }
}

/// The key ring in force, which a reload replaces while handshakes read it.
final class KeysInForce: Sendable {
    private let ring: Mutex<KeyRing>

    init(_ ring: KeyRing) {
        self.ring = Mutex(ring)
    }

    /// The entry whose key is `key` in the ring in force, or `nil`.
    func entry(forKey key: String) -> KeyRing.Entry? {
        ring.withLock { $0.entry(forKey: key) }
    }

    /// Puts `new` in force; returns the ring it replaced.
    func replace(with new: KeyRing) -> KeyRing {
        ring.withLock { current in
            defer { current = new }
            return current
        }
    }
}
