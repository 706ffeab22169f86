import CouncilKit
import Foundation
import PostgresNIO

// The council's other records (RecordStore): one row per record, its document as bytes, listed by
// (kind, community, date_key, id). `date_key` is the date or Int64.min for undated records, so they sort first.

extension PostgresCaseStore {
    public func saveRecord(_ record: StoredRecord, expectedVersion: Int) async throws -> StoredRecord {
        try await transaction("save the \(record.kind) record") { connection in
            .commit(try await self.save(RecordWrite(record, expectedVersion: expectedVersion), on: connection))
        }
    }

    /// Saves one record inside the caller's transaction, if its stored version is the expected one; otherwise
    /// throws ``CouncilError/Code/versionConflict`` and the transaction must be rolled back.
    @discardableResult
    func save(_ write: RecordWrite, on connection: PostgresConnection) async throws -> StoredRecord {
        let record = write.record
        let expectedVersion = write.expectedVersion
        var stored = record
        stored.version = expectedVersion + 1
        var binds = PostgresBindings()
        binds.append(record.kind)
        binds.append(record.id)
        binds.append(stored.version)
        binds.append(record.community)
        binds.append(record.date?.millisecondsSince1970)
        binds.append(RecordPosition(record).dateKey)
        try binds.append(record.document)
        let t = tables
        let statement: PostgresQuery
        if expectedVersion == 0 {
            statement = PostgresQuery(
                unsafeSQL: """
                    INSERT INTO \(t.records) (kind, id, version, community, date, date_key, document)
                    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (kind, id) DO NOTHING RETURNING version
                    """, binds: binds)
        } else {
            binds.append(expectedVersion)
            statement = PostgresQuery(
                unsafeSQL: """
                    UPDATE \(t.records) SET version = $3, community = $4, date = $5, date_key = $6, document = $7
                    WHERE kind = $1 AND id = $2 AND version = $8 RETURNING version
                    """, binds: binds)
        }
        let rows = try await connection.query(statement, logger: queryLogger).collect()
        guard rows.isEmpty else { return stored }
        var current = PostgresBindings()
        current.append(record.kind)
        current.append(record.id)
        let versions = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT version FROM \(t.records) WHERE kind = $1 AND id = $2", binds: current),
            logger: queryLogger
        ).collect()
        let version = try versions.first?.decode(Int.self) ?? 0
        throw CouncilError(.versionConflict, "\(record.kind) \(record.id) is at version \(version), not \(expectedVersion)")
    }

    public func fetchRecord(kind: String, id: String) async throws -> StoredRecord? {
        var binds = PostgresBindings()
        binds.append(kind)
        binds.append(id)
        let statement = PostgresQuery(
            unsafeSQL: "SELECT kind, id, version, community, date, document FROM \(tables.records) WHERE kind = $1 AND id = $2",
            binds: binds)
        return try await read("read the \(kind) record") { connection in
            try await connection.query(statement, logger: self.queryLogger).collect().first.map(Self.record)
        }
    }

    public func listRecords(_ query: RecordQuery) async throws -> [StoredRecord] {
        var binds = PostgresBindings()
        var clauses: [String] = []
        func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        clauses.append("kind = \(bind(query.kind))")
        if let community = query.community { clauses.append("community = \(bind(community))") }
        if let from = query.from { clauses.append("date_key >= \(bind(from.millisecondsSince1970))") }
        if let before = query.before { clauses.append("date IS NOT NULL AND date_key < \(bind(before.millisecondsSince1970))") }
        if let after = query.after { clauses.append("(date_key, id) > (\(bind(after.dateKey)), \(bind(after.id)))") }
        let limit = bind(max(0, query.limit))
        let statement = PostgresQuery(
            unsafeSQL: "SELECT kind, id, version, community, date, document FROM \(tables.records) WHERE "
                + clauses.joined(separator: " AND ") + " ORDER BY date_key, id LIMIT \(limit)",
            binds: binds)
        return try await read("list \(query.kind) records") { connection in
            try await connection.query(statement, logger: self.queryLogger).collect().map(Self.record)
        }
    }

    private static func record(_ row: PostgresRow) throws -> StoredRecord {
        let (kind, id, version, community, date, document) = try row.decode((String, String, Int, String?, Int64?, Data).self)
        return StoredRecord(
            kind: kind, id: id, version: version, community: community,
            date: date.map(Timestamp.init(millisecondsSince1970:)), document: document)
    }
}
