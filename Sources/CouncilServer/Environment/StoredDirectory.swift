import CouncilKit

/// The directory seed last loaded over the wire (`load_directory`), kept in the store as a record.
///
/// A server that starts on a store holding one uses it instead of its seed file, so a restart — and every other
/// node on the same database — keeps the directory an operator loaded. Nodes already running put it in force when
/// their ``DirectoryFollower`` next reads it.
public struct StoredDirectory: CouncilRecord, Hashable {
    public static let recordKind = "directory"
    /// There is one stored directory: the current one.
    static let currentID = "current"

    /// The seed as loaded: the directory and its work calendar.
    public var seed: DirectorySeed
    /// When it was loaded.
    public var loadedAt: Timestamp
    /// The client system that loaded it.
    public var loadedBy: String

    public var recordID: String { Self.currentID }
    public var recordCommunity: String? { nil }
    public var recordDate: Timestamp? { nil }

    /// Creates a record.
    public init(seed: DirectorySeed, loadedAt: Timestamp, loadedBy: String) {
        self.seed = seed
        self.loadedAt = loadedAt
        self.loadedBy = loadedBy
    }

    /// The stored directory and its version, if one was ever loaded.
    /// - Throws: ``CouncilError`` when the store fails or the record cannot be read back.
    public static func current(in store: any RecordStore) async throws -> Versioned<StoredDirectory>? {
        try await store.fetch(StoredDirectory.self, id: currentID)
    }

    /// Stores `self` as the current directory, replacing any earlier one (the last load wins).
    /// - Returns: The stored version: 1 for the first load, one more for each later one.
    @discardableResult
    public func save(in store: any RecordStore) async throws -> Int {
        var attempts = 0
        while true {
            attempts += 1
            let version = try await Self.current(in: store)?.version ?? 0
            do {
                return try await store.save(self, expectedVersion: version)
            } catch let error as CouncilError where error.code == .versionConflict && attempts < 16 {
                continue  // another node loaded one meanwhile; replace it
            }
        }
    }
}
