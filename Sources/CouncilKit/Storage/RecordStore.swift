import Foundation

/// Where the council's other records live: meetings, links and visits, elections, commendations, notification
/// cursors and dead letters — anything that is one document with an id, a version, and a community and date to
/// list by.
///
/// Every ``CaseStore`` is also a record store, so one database holds everything and one conformance suite checks
/// it. Typed access goes through ``CouncilRecord`` and the generic methods in the extension below.
///
/// ## What an implementation must guarantee
///
/// `CouncilTestKit`'s `CaseStoreConformance` suite checks each of these.
///
/// * **Optimistic concurrency.** ``saveRecord(_:expectedVersion:)`` with `expectedVersion` 0 creates the record and
///   fails with ``CouncilError/Code/versionConflict`` if it exists; with *n* > 0 it replaces version *n* and fails
///   the same way if the stored version differs. The stored version becomes `expectedVersion + 1`. Of several
///   writers racing from one version exactly one wins.
/// * **Listing.** ``listRecords(_:)`` returns the records of one kind matching community and date range in
///   ascending `(date, id)` order — records without a date first — paged with ``RecordQuery/after``.
/// * **Durability and faithful reads** as for cases.
public protocol RecordStore: Sendable {
    /// Creates or replaces a record if its stored version is `expectedVersion` (0: must not exist yet).
    /// - Returns: The record as stored, with its new version.
    /// - Throws: ``CouncilError/Code/versionConflict`` when the stored version differs.
    func saveRecord(_ record: StoredRecord, expectedVersion: Int) async throws -> StoredRecord

    /// The record of `kind` with `id`, or `nil`.
    func fetchRecord(kind: String, id: String) async throws -> StoredRecord?

    /// Records of one kind, filtered and in ascending `(date, id)` order.
    func listRecords(_ query: RecordQuery) async throws -> [StoredRecord]
}

/// A record as a store keeps it: the indexed keys and the JSON document.
public struct StoredRecord: Hashable, Sendable {
    /// The record type, for example `meeting`.
    public var kind: String
    /// Unique within the kind.
    public var id: String
    /// 1 after creation, one more after each replacement. Set by the store.
    public var version: Int
    /// The community the record belongs to, for listing; `nil` for district-wide records.
    public var community: String?
    /// The date the record is listed by (a meeting's time, a visit's day); `nil` when it has none.
    public var date: Timestamp?
    /// The record itself, as JSON.
    public var document: Data

    /// Creates a stored record.
    public init(kind: String, id: String, version: Int, community: String?, date: Timestamp?, document: Data) {
        self.kind = kind
        self.id = id
        self.version = version
        self.community = community
        self.date = date
        self.document = document
    }
}

/// Which records ``RecordStore/listRecords(_:)`` returns.
public struct RecordQuery: Hashable, Sendable {
    /// The record type.
    public var kind: String
    /// Only records of this community.
    public var community: String?
    /// Only records dated at or after this instant (undated records are excluded when set).
    public var from: Timestamp?
    /// Only records dated before this instant (undated records are excluded when set).
    public var before: Timestamp?
    /// Continue after this `(date, id)` position: the last record of the previous page.
    public var after: RecordPosition?
    /// The most records returned.
    public var limit: Int

    /// Creates a query.
    public init(kind: String, community: String? = nil, from: Timestamp? = nil, before: Timestamp? = nil, after: RecordPosition? = nil, limit: Int = 1000) {
        self.kind = kind
        self.community = community
        self.from = from
        self.before = before
        self.after = after
        self.limit = limit
    }

    /// Whether `record` passes the kind, community and date filters (not the position or limit).
    public func admits(_ record: StoredRecord) -> Bool {
        guard record.kind == kind else { return false }
        if let community, record.community != community { return false }
        if let from { guard let date = record.date, date >= from else { return false } }
        if let before { guard let date = record.date, date < before else { return false } }
        return true
    }
}

/// A place in a record listing: the `(date, id)` of the last record seen. Undated records sort first.
public struct RecordPosition: Hashable, Sendable, Comparable {
    /// The record's date.
    public var date: Timestamp?
    /// The record's id.
    public var id: String

    /// The position of `record`.
    public init(_ record: StoredRecord) {
        self.date = record.date
        self.id = record.id
    }

    /// Creates a position.
    public init(date: Timestamp?, id: String) {
        self.date = date
        self.id = id
    }

    /// The date as a sort key: undated records first.
    public var dateKey: Int64 { date?.millisecondsSince1970 ?? Int64.min }

    public static func < (lhs: RecordPosition, rhs: RecordPosition) -> Bool {
        (lhs.dateKey, lhs.id) < (rhs.dateKey, rhs.id)
    }
}

/// A typed record kept in a ``RecordStore``.
public protocol CouncilRecord: Codable, Sendable {
    /// The record type's name in the store, for example `meeting`. Renaming it is a migration.
    static var recordKind: String { get }
    /// Unique within the kind.
    var recordID: String { get }
    /// The community it belongs to, for listing.
    var recordCommunity: String? { get }
    /// The date it is listed by.
    var recordDate: Timestamp? { get }
}

/// A typed record and its stored version.
public struct Versioned<Record: CouncilRecord>: Sendable {
    /// The record.
    public var record: Record
    /// Its stored version; pass it as `expectedVersion` to replace it.
    public var version: Int

    /// Pairs a record with its stored version.
    public init(record: Record, version: Int) {
        self.record = record
        self.version = version
    }
}

extension Versioned: Equatable where Record: Equatable {}

extension RecordStore {
    /// Creates (`expectedVersion` 0) or replaces a typed record.
    /// - Returns: The stored version.
    /// - Throws: ``CouncilError/Code/versionConflict`` when the stored version differs.
    @discardableResult
    public func save<R: CouncilRecord>(_ record: R, expectedVersion: Int) async throws -> Int {
        let write = try RecordWrite(record, expectedVersion: expectedVersion)
        return try await saveRecord(write.record, expectedVersion: expectedVersion).version
    }

    /// The typed record with `id`, or `nil`.
    public func fetch<R: CouncilRecord>(_ type: R.Type, id: String) async throws -> Versioned<R>? {
        try await fetchRecord(kind: R.recordKind, id: id).map(RecordCoding.decode)
    }

    /// Every typed record matching the filters, in `(date, id)` order, read page by page.
    public func all<R: CouncilRecord>(
        _ type: R.Type, community: String? = nil, from: Timestamp? = nil, before: Timestamp? = nil
    ) async throws -> [Versioned<R>] {
        var result: [Versioned<R>] = []
        var query = RecordQuery(kind: R.recordKind, community: community, from: from, before: before, limit: 1000)
        while true {
            let page = try await listRecords(query)
            result += try page.map(RecordCoding.decode)
            guard page.count == query.limit, let last = page.last else { return result }
            query.after = RecordPosition(last)
        }
    }
}

extension RecordWrite {
    /// A typed record to save with a case write.
    /// - Throws: ``CouncilError/Code/dataCorrupted`` when the record cannot be encoded.
    public init<R: CouncilRecord>(_ record: R, expectedVersion: Int) throws {
        let document: Data
        do { document = try RecordCoding.encoder.encode(record) } catch {
            throw CouncilError(.dataCorrupted, "a \(R.recordKind) record could not be encoded")
        }
        let stored = StoredRecord(
            kind: R.recordKind, id: record.recordID, version: expectedVersion, community: record.recordCommunity,
            date: record.recordDate, document: document)
        self.init(stored, expectedVersion: expectedVersion)
    }
}

enum RecordCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    static func decode<R: CouncilRecord>(_ stored: StoredRecord) throws -> Versioned<R> {
        do {
            return Versioned(record: try JSONDecoder().decode(R.self, from: stored.document), version: stored.version)
        } catch {
            throw CouncilError(.dataCorrupted, "a stored \(R.recordKind) record could not be read back")
        }
    }
}
