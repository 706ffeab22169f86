import Metrics
import CouncilKit
import Foundation
import GRDB
import Synchronization

/// The embedded default ``CaseStore``: one SQLite file in WAL mode, durable on return.
///
/// Commits are written with `synchronous=FULL` — GRDB opens WAL pools with `NORMAL`, which can lose the last
/// transactions on power loss, so the store sets `FULL` again on the writer connection after opening.
/// Sequence numbers come from the events table's integer primary key: SQLite has one writer at a time and assigns
/// `max + 1`, so they are gap-free and in commit order. Concurrent writes share transactions (``GroupCommit``): one
/// `fsync` makes a batch of them durable, and each still succeeds or fails alone. Chinese full-text search runs on an FTS5 index of
/// ``SearchText`` tokens (overlapping bigrams), so two-character words are found.
public final class SQLiteCaseStore: CaseStore {
    /// Options for opening a store.
    public struct Configuration: Sendable {
        /// How many connections may read at once. Defaults to 4.
        public var maximumReaderCount: Int
        /// How long a connection waits for a lock held by another process before failing. Defaults to 5 seconds.
        public var busyTimeout: Duration
        /// The most concurrent writes one transaction may take (group commit: one `fsync` for all of them).
        /// Defaults to 500; 1 gives every write a transaction of its own.
        public var maximumWritesPerTransaction: Int
        /// Where the store's metrics are recorded: write latency, group-commit batch sizes, the time of each
        /// `COMMIT` and write failures (``CouncilMetrics``). Defaults to the process's `MetricsSystem.factory`.
        public var metrics: any MetricsFactory

        /// Creates the default configuration.
        public init() {
            self.maximumReaderCount = 4
            self.busyTimeout = .seconds(5)
            self.maximumWritesPerTransaction = 500
            self.metrics = MetricsSystem.factory
        }
    }

    /// The database file's path.
    public let path: String
    private let pool: DatabasePool
    private let writer: GroupCommit
    public let commits = CommitSignal()
    private let writes: WriteOutcomeRecorder
    private let inlineReaders: [InlineReader]
    private let closing = Atomic<Bool>(false)

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    ///
    /// - Throws: ``CouncilError/Code/storageUnavailable`` when the file cannot be opened or migrated.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        self.path = path
        var config = GRDB.Configuration()
        config.maximumReaderCount = configuration.maximumReaderCount
        let timeout = configuration.busyTimeout.components
        config.busyMode = .timeout(Double(timeout.seconds) + Double(timeout.attoseconds) / 1e18)
        config.label = "CouncilSQLite"
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            try Self.migrator.migrate(pool)
        } catch {
            throw Self.storageError(error, "open the SQLite store")
        }
        writer = GroupCommit(pool: pool, maximumBatch: max(1, configuration.maximumWritesPerTransaction), metrics: configuration.metrics)
        writes = WriteOutcomeRecorder(store: "sqlite", metrics: configuration.metrics)
        var readOnly = GRDB.Configuration()
        readOnly.readonly = true
        readOnly.busyMode = config.busyMode
        readOnly.label = "CouncilSQLite.inline"
        do {
            inlineReaders = try (0..<max(2, ProcessInfo.processInfo.activeProcessorCount)).map { _ in
                InlineReader(try DatabaseQueue(path: path, configuration: readOnly))
            }
        } catch {
            throw Self.storageError(error, "open the SQLite store")
        }
    }

    /// The `synchronous` setting of the connection that commits, as SQLite reports it: 2 means FULL.
    public func synchronousSetting() async throws -> Int {
        try await guarded("read the synchronous setting") {
            try await pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
        }
    }

    // MARK: CaseStore

    public func create(_ newCase: NewCase) async throws -> CaseCreation {
        let pending = newCase.event
        let change = try Self.encode(pending.change)
        return try await writing("register the case") {
            try await writer.write { db in
                if let reference = newCase.externalReference,
                    let existing = try Self.fetchState(
                        db, where: "ext_system = ? AND ext_reference = ?", [reference.system, reference.reference])
                {
                    return CaseCreation(state: existing, event: nil)
                }
                var state = newCase.state
                let prefix = state.number.prefix
                let serial = try Int.fetchOne(
                    db, sql: "SELECT COALESCE(MAX(serial), 0) + 1 FROM cases WHERE number_prefix = ?", arguments: [prefix])!
                state.number = CaseNumber(prefix: prefix, serial: serial)
                try db.execute(
                    sql: """
                        INSERT INTO cases (id, number, number_prefix, serial, ext_system, ext_reference, created_at, \
                        version, status, community, category, source, unit, master_id, current_due, updated_at, state)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: StatementArguments([
                        state.id.rawValue, state.number.description, prefix, serial,
                        newCase.externalReference?.system, newCase.externalReference?.reference,
                        state.createdAt.millisecondsSince1970,
                    ] + Self.stateColumns(state)))
                let row = db.lastInsertedRowID
                try db.execute(
                    sql: "INSERT INTO case_text (rowid, tokens) VALUES (?, ?)",
                    arguments: [row, SearchText.tokens(SearchText.searchableText(of: state.submission)).joined(separator: " ")])
                let event = try Self.insert(pending, number: state.number, change: change, db)
                for write in newCase.records { try Self.save(write, db) }
                return CaseCreation(state: state, event: event)
            } committed: { [commits] creation in
                if let event = creation.event { commits.publish(.written(events: [event], cases: [creation.state])) }
            }
        }
    }

    public func append(_ update: CaseUpdate) async throws -> [CaseEvent] {
        let changes = try update.events.map { try Self.encode($0.change) }
        let columns = StatementArguments(try Self.stateColumns(update.state) + [update.caseID.rawValue])
        return try await writing("update the case") {
            try await writer.write { db in
                guard let version = try Int.fetchOne(db, sql: "SELECT version FROM cases WHERE id = ?", arguments: [update.caseID.rawValue]) else {
                    throw CouncilError.notFound("no case with id \(update.caseID)")
                }
                guard version == update.expectedVersion else {
                    throw CouncilError(
                        .versionConflict,
                        "case \(update.state.number) is at version \(version), not \(update.expectedVersion)")
                }
                let stored = try zip(update.events, changes).map { try Self.insert($0, number: update.state.number, change: $1, db) }
                for write in update.records { try Self.save(write, db) }
                try db.execute(
                    sql: """
                        UPDATE cases SET version = ?, status = ?, community = ?, category = ?, source = ?, unit = ?, \
                        master_id = ?, current_due = ?, updated_at = ?, state = ? WHERE id = ?
                        """,
                    arguments: columns)
                return stored
            } committed: { [commits] stored in
                commits.publish(.written(events: stored, cases: [update.state]))
            }
        }
    }

    public func fetch(_ id: CaseID) async throws -> CouncilCase? {
        try await fetchOne("id = ?", [id.rawValue])
    }

    public func fetch(number: CaseNumber) async throws -> CouncilCase? {
        try await fetchOne("number = ?", [number.description])
    }

    public func fetch(externalReference: ExternalReference) async throws -> CouncilCase? {
        try await fetchOne("ext_system = ? AND ext_reference = ?", [externalReference.system, externalReference.reference])
    }

    public func history(of id: CaseID) async throws -> [CaseEvent] {
        try await guarded("read the case history") {
            try await pool.read { db in
                try Self.fetchEvents(db, where: "e.case_id = ? ORDER BY e.version", [id.rawValue])
            }
        }
    }

    public func events(after sequence: Int64, limit: Int) async throws -> [CaseEvent] {
        guard limit > 0 else { return [] }
        return try await guarded("read the changes feed") {
            try await pool.read { db in
                try Self.fetchEvents(db, where: "e.seq > ? ORDER BY e.seq LIMIT ?", [sequence, limit])
            }
        }
    }

    public func latestSequence() async throws -> Int64 {
        try await guarded("read the latest sequence number") {
            try await quickRead { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM events") ?? 0 }
        }
    }

    public func find(_ query: CaseQuery) async throws -> CasePage {
        try query.validate()
        let cursor = try query.cursor.map(CaseCursor.init)
        var clauses: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        func filter(_ clause: String, _ values: any DatabaseValueConvertible...) {
            clauses.append(clause)
            arguments.append(contentsOf: values)
        }
        // Filters other than the registration time: with one of them, its index leads the plan.
        var narrowed = false
        func narrow(_ clause: String, _ values: any DatabaseValueConvertible...) {
            narrowed = true
            clauses.append(clause)
            arguments.append(contentsOf: values)
        }
        if let community = query.community { narrow("community = ?", community) }
        if let admitted = query.admittedStatuses {
            if admitted.isEmpty { return CasePage(cases: [], nextCursor: nil) }
            let sorted = admitted.map(\.rawValue).sorted()
            narrowed = true
            clauses.append("status IN (\(sorted.map { _ in "?" }.joined(separator: ", ")))")
            arguments.append(contentsOf: sorted)
        }
        if let category = query.category { narrow("category = ?", category) }
        if let source = query.source { narrow("source = ?", source.rawValue) }
        if let unit = query.unit { narrow("unit = ?", unit) }
        if let due = query.dueBefore { narrow("current_due < ?", due.millisecondsSince1970) }
        if let from = query.createdFrom { filter("created_at >= ?", from.millisecondsSince1970) }
        if let before = query.createdBefore { filter("created_at < ?", before.millisecondsSince1970) }
        if let master = query.master { narrow("master_id = ?", master.rawValue) }
        var match: String?
        if let text = query.text {
            let tokens = SearchText.tokens(text)
            if tokens.count == 1, tokens[0].count == 1, let only = tokens[0].first, SearchText.isHan(only) {
                filter(
                    "instr(json_extract(state, '$.submission.title') || char(10) || json_extract(state, '$.submission.description'), ?) > 0",
                    String(only))
            } else {
                match = "\"" + tokens.joined(separator: " ") + "\""
                filter("row IN (SELECT rowid FROM case_text WHERE case_text MATCH ?)", match!)
            }
        }
        let descending = query.order == .newestFirst
        if let cursor {
            filter("(created_at, id) \(descending ? "<" : ">") (?, ?)", cursor.createdAt.millisecondsSince1970, cursor.id.rawValue)
        }
        let direction = descending ? "DESC" : "ASC"
        func sql(byRegistration: Bool) -> String {
            "SELECT state FROM cases" + (byRegistration ? " INDEXED BY cases_created" : "")
                + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "))
                + " ORDER BY created_at \(direction), id \(direction) LIMIT ?"
        }
        let plain = sql(byRegistration: false)
        let ordered = sql(byRegistration: true)
        // A text search alone: SQLite's own plan fetches every matching case and sorts them, which for a common
        // word among a million cases means 100,000 rows and hundreds of milliseconds. When the word matches many
        // cases, walking the registration index from the requested end and keeping the matching rows finds a page
        // after a few hundred entries instead; when it matches few, fetching and sorting them is the quicker way.
        let probe = narrowed ? nil : match
        arguments.append(query.limit + 1)
        let statementArguments = StatementArguments(arguments)
        let found = try await guarded("find cases") {
            try await pool.read { db in
                var byRegistration = false
                if let probe {
                    let seen = try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM (SELECT rowid FROM case_text WHERE case_text MATCH ? LIMIT ?)",
                        arguments: [probe, Self.manyMatches]) ?? 0
                    byRegistration = seen >= Self.manyMatches
                }
                return try Row.fetchAll(db, sql: byRegistration ? ordered : plain, arguments: statementArguments)
                    .map { try Self.decodeState($0["state"]) }
            }
        }
        let page = Array(found.prefix(query.limit))
        let next = found.count > query.limit ? page.last.map { CaseCursor(after: $0).description } : nil
        return CasePage(cases: page, nextCursor: next)
    }

    /// From this many matches on, a text search walks the registration index instead of sorting its matches.
    static let manyMatches = 2000

    // MARK: RecordStore

    public func saveRecord(_ record: StoredRecord, expectedVersion: Int) async throws -> StoredRecord {
        try await writing("save the \(record.kind) record") {
            try await writer.write { db in try Self.save(RecordWrite(record, expectedVersion: expectedVersion), db) }
        }
    }

    /// Saves one record inside the caller's transaction, if its stored version is the expected one.
    @discardableResult
    static func save(_ write: RecordWrite, _ db: Database) throws -> StoredRecord {
        let record = write.record
        let current = try Int.fetchOne(
            db, sql: "SELECT version FROM records WHERE kind = ? AND id = ?", arguments: [record.kind, record.id]) ?? 0
        guard current == write.expectedVersion else {
            throw CouncilError(
                .versionConflict, "\(record.kind) \(record.id) is at version \(current), not \(write.expectedVersion)")
        }
        var stored = record
        stored.version = write.expectedVersion + 1
        try db.execute(
            sql: """
                INSERT INTO records (kind, id, version, community, date, date_key, document) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, community = excluded.community,
                date = excluded.date, date_key = excluded.date_key, document = excluded.document
                """,
            arguments: [
                stored.kind, stored.id, stored.version, stored.community, stored.date?.millisecondsSince1970,
                RecordPosition(stored).dateKey, stored.document,
            ])
        return stored
    }

    public func fetchRecord(kind: String, id: String) async throws -> StoredRecord? {
        try await guarded("read the \(kind) record") {
            try await quickRead { db in
                try Row.fetchOne(
                    db, sql: "SELECT kind, id, version, community, date, document FROM records WHERE kind = ? AND id = ?",
                    arguments: [kind, id]
                ).map(Self.record)
            }
        }
    }

    public func listRecords(_ query: RecordQuery) async throws -> [StoredRecord] {
        var clauses = ["kind = ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [query.kind]
        if let community = query.community {
            clauses.append("community = ?")
            arguments.append(community)
        }
        if let from = query.from {
            clauses.append("date_key >= ?")
            arguments.append(from.millisecondsSince1970)
        }
        if let before = query.before {
            clauses.append("date IS NOT NULL AND date_key < ?")
            arguments.append(before.millisecondsSince1970)
        }
        if let after = query.after {
            clauses.append("(date_key, id) > (?, ?)")
            arguments += [after.dateKey, after.id]
        }
        arguments.append(max(0, query.limit))
        let sql = "SELECT kind, id, version, community, date, document FROM records WHERE "
            + clauses.joined(separator: " AND ") + " ORDER BY date_key, id LIMIT ?"
        let statementArguments = StatementArguments(arguments)
        return try await guarded("list \(query.kind) records") {
            try await pool.read { db in try Row.fetchAll(db, sql: sql, arguments: statementArguments).map(Self.record) }
        }
    }

    private static func record(_ row: Row) -> StoredRecord {
        StoredRecord(
            kind: row["kind"], id: row["id"], version: row["version"], community: row["community"],
            date: (row["date"] as Int64?).map(Timestamp.init(millisecondsSince1970:)), document: row["document"])
    }

    // MARK: Write health

    public var lastWrite: WriteOutcome { writes.current }

    /// Checks that the file can grow by ``roomForAWrite``, then commits an update of one row kept for probing.
    ///
    /// The update alone would prove too little: it rewrites a page in place, and a write-ahead log that has been
    /// checkpointed is overwritten from its start, so it can succeed on a disk where no case could be registered.
    public func probeWrite() async throws {
        try await writing("check that the SQLite store can write") {
            guard try await availableBytes() >= Self.roomForAWrite else { throw CouncilError.storageFull }
            try await writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO records (kind, id, version, community, date, date_key, document)
                        VALUES (?, 'probe', 1, NULL, NULL, ?, x'')
                        ON CONFLICT (kind, id) DO UPDATE SET version = version + 1
                        """,
                    arguments: [Self.probeKind, Int64.min])
            }
        }
    }

    /// The record kind of the one row ``probeWrite()`` updates.
    static let probeKind = "storeProbe"

    /// The room ``probeWrite()`` asks for: more than registering a case with a long description takes (its rows, their
    /// index entries and search tokens, in the write-ahead log).
    public static let roomForAWrite: Int64 = 256 * 1024

    /// How many more bytes the database can take: the free pages inside the file, plus what the file can still grow
    /// by — the space its file system has available to this process, no more than the page limit allows.
    /// - Throws: ``CouncilError/Code/storageUnavailable`` when the store or its file system cannot be asked.
    public func availableBytes() async throws -> Int64 {
        // The page limit belongs to a connection: ask the one that writes.
        let (pageSize, pages, maximumPages, freePages) = try await guarded("measure the SQLite store's free space") {
            try await pool.writeWithoutTransaction { db in
                (
                    try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096,
                    try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0,
                    try Int64.fetchOne(db, sql: "PRAGMA max_page_count") ?? Int64.max,
                    try Int64.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
                )
            }
        }
        var system = statvfs()
        guard statvfs(path, &system) == 0 else {
            throw CouncilError(.storageUnavailable, "could not measure the free space of the SQLite store's file system")
        }
        let fileSystem = Int64(clamping: UInt64(system.f_bavail).multipliedReportingOverflow(by: UInt64(system.f_frsize)).partialValue)
        let pageLimit = max(0, maximumPages - pages).multipliedReportingOverflow(by: pageSize)
        let growth = pageLimit.overflow ? fileSystem : min(fileSystem, pageLimit.partialValue)
        return growth + freePages * pageSize
    }

    /// Caps the database's size in pages on the connection that writes (SQLite's `max_page_count`): a write that
    /// needs the file to grow beyond it fails with ``CouncilError/Code/storageFull``, as on a full disk. For tests and
    /// drills of a full disk; the cap lasts until the store is closed.
    /// - Parameter pages: The most pages; SQLite never sets it below the pages the file has now.
    /// - Returns: The cap now in force.
    @discardableResult
    public func setMaximumPageCount(_ pages: Int) async throws -> Int {
        try await guarded("set the SQLite store's page limit") {
            try await pool.writeWithoutTransaction { db in
                try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(max(1, pages))") ?? pages
            }
        }
    }

    public func close() async throws {
        await writer.waitUntilIdle()
        // An inline reader is taken for good before it is closed, so no read can start on it afterwards: reads that
        // find every inline reader taken go to the pool, which fails them as closed.
        let first = !closing.exchange(true, ordering: .acquiringAndReleasing)
        if first {
            for reader in inlineReaders {
                while !reader.claim() { await Task.yield() }
            }
        }
        do {
            if first { for reader in inlineReaders { try reader.queue.close() } }
            try pool.close()
        } catch { throw Self.storageError(error, "close the SQLite store") }
    }

    // MARK: Schema

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 cases and events") { db in
            try db.execute(
                sql: """
                    CREATE TABLE cases (
                        row INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        number TEXT NOT NULL UNIQUE,
                        number_prefix TEXT NOT NULL,
                        serial INTEGER NOT NULL,
                        ext_system TEXT,
                        ext_reference TEXT,
                        created_at INTEGER NOT NULL,
                        version INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        community TEXT NOT NULL,
                        category TEXT,
                        source TEXT NOT NULL,
                        unit TEXT,
                        master_id TEXT,
                        current_due INTEGER,
                        updated_at INTEGER NOT NULL,
                        state BLOB NOT NULL
                    );
                    CREATE UNIQUE INDEX cases_external_reference ON cases (ext_system, ext_reference) WHERE ext_system IS NOT NULL;
                    CREATE UNIQUE INDEX cases_serial ON cases (number_prefix, serial);
                    CREATE INDEX cases_created ON cases (created_at, id);
                    CREATE INDEX cases_community_status ON cases (community, status, created_at, id);
                    CREATE INDEX cases_status ON cases (status, created_at, id);
                    CREATE INDEX cases_category ON cases (category, created_at, id);
                    CREATE INDEX cases_source ON cases (source, created_at, id);
                    CREATE INDEX cases_unit ON cases (unit, created_at, id) WHERE unit IS NOT NULL;
                    CREATE INDEX cases_current_due ON cases (current_due) WHERE current_due IS NOT NULL;
                    CREATE INDEX cases_master ON cases (master_id) WHERE master_id IS NOT NULL;
                    CREATE TABLE events (
                        seq INTEGER PRIMARY KEY,
                        case_id TEXT NOT NULL REFERENCES cases (id),
                        version INTEGER NOT NULL,
                        occurred_at INTEGER NOT NULL,
                        principal_system TEXT NOT NULL,
                        principal_user TEXT,
                        kind TEXT NOT NULL,
                        change BLOB NOT NULL,
                        UNIQUE (case_id, version)
                    );
                    CREATE VIRTUAL TABLE case_text USING fts5 (tokens, content = '', tokenize = 'unicode61 remove_diacritics 0');
                    """)
        }
        migrator.registerMigration("v2 records") { db in
            try db.execute(
                sql: """
                    CREATE TABLE records (
                        kind TEXT NOT NULL,
                        id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        community TEXT,
                        date INTEGER,
                        date_key INTEGER NOT NULL,
                        document BLOB NOT NULL,
                        PRIMARY KEY (kind, id)
                    ) WITHOUT ROWID;
                    CREATE INDEX records_by_date ON records (kind, date_key, id);
                    CREATE INDEX records_by_community ON records (kind, community, date_key, id);
                    """)
        }
        return migrator
    }

    // MARK: Rows

    /// The columns after `created_at` in insert order, which are also the UPDATE's SET list in order.
    private static func stateColumns(_ state: CouncilCase) throws -> [(any DatabaseValueConvertible)?] {
        [
            state.version, state.status.rawValue, state.community, state.category, state.submission.source.rawValue,
            state.responsibleUnit, state.master?.rawValue, state.currentDue?.millisecondsSince1970,
            state.updatedAt.millisecondsSince1970, try encode(state),
        ]
    }

    @discardableResult
    private static func insert(_ pending: PendingEvent, number: CaseNumber, change: Data, _ db: Database) throws -> CaseEvent {
        try db.execute(
            sql: """
                INSERT INTO events (case_id, version, occurred_at, principal_system, principal_user, kind, change)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                pending.caseID.rawValue, pending.version, pending.occurredAt.millisecondsSince1970,
                pending.principal.system, pending.principal.user, pending.change.kind, change,
            ])
        return CaseEvent(pending, sequence: db.lastInsertedRowID, caseNumber: number)
    }

    /// A read by key on the calling thread. Such a read takes microseconds; GRDB's async `read` would hand it to a
    /// reader's dispatch queue and resume the caller afterwards, two thread switches that cost more than the read.
    ///
    /// It runs on one of the store's inline readers, connections of their own whose serial queue runs a synchronous
    /// block in place. It never waits for one: when every inline reader is busy it takes the asynchronous path.
    /// (Waiting for a reader of the pool here could block the threads of the cooperative pool while the reads
    /// holding those readers need one of them to finish.) Reads that may take long — finds, feeds, histories —
    /// always take the asynchronous path, so they never hold a thread of the cooperative pool.
    private func quickRead<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        for reader in inlineReaders where reader.claim() {
            defer { reader.release() }
            return try reader.read(body)
        }
        return try await pool.read(body)
    }

    private func fetchOne(_ condition: String, _ values: [(any DatabaseValueConvertible)?]) async throws -> CouncilCase? {
        let arguments = StatementArguments(values)
        return try await guarded("read the case") {
            try await quickRead { db in try Self.fetchState(db, where: condition, arguments) }
        }
    }

    private static func fetchState(_ db: Database, where condition: String, _ arguments: StatementArguments) throws -> CouncilCase? {
        guard let row = try Row.fetchOne(db, sql: "SELECT state FROM cases WHERE \(condition)", arguments: arguments) else {
            return nil
        }
        return try decodeState(row["state"])
    }

    /// Events with their case's number; `condition` names the events table `e`.
    private static func fetchEvents(_ db: Database, where condition: String, _ arguments: StatementArguments) throws -> [CaseEvent] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT e.seq, e.case_id, c.number, e.version, e.occurred_at, e.principal_system, e.principal_user, e.change
                FROM events e CROSS JOIN cases c ON c.id = e.case_id WHERE \(condition)
                """,
            arguments: arguments
        ).map { row in
            guard let caseID = CaseID(row["case_id"] as String), let number = CaseNumber(row["number"] as String) else {
                throw CouncilError(.dataCorrupted, "an event in the SQLite store has a malformed case id or number")
            }
            return CaseEvent(
                sequence: row["seq"], caseID: caseID, caseNumber: number, version: row["version"],
                occurredAt: Timestamp(millisecondsSince1970: row["occurred_at"]),
                principal: Principal(system: row["principal_system"], user: row["principal_user"]),
                change: try decode(CaseChange.self, from: row["change"]))
        }
    }

    // MARK: Encoding and errors

    private static func encode(_ value: some Encodable) throws -> Data {
        do { return try JSONEncoder().encode(value) } catch {
            throw CouncilError(.dataCorrupted, "a case could not be encoded for the SQLite store")
        }
    }

    private static func decodeState(_ data: Data) throws -> CouncilCase {
        try decode(CouncilCase.self, from: data)
    }

    private static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do { return try StoredJSON.decode(type, from: data) } catch {
            throw CouncilError(.dataCorrupted, "a stored \(T.self) could not be read back from the SQLite store")
        }
    }

    /// Runs `body`, turning driver errors into ``CouncilError`` and letting domain errors through.
    private func guarded<T>(_ action: String, _ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as CouncilError { throw error } catch {
            throw Self.storageError(error, action)
        }
    }

    /// Runs a write as ``guarded(_:_:)`` does, and records how it ended in ``lastWrite``.
    private func writing<T>(_ action: String, _ body: () async throws -> T) async throws -> T {
        try await writes.recording { try await guarded(action, body) }
    }

    static func storageError(_ error: any Error, _ action: String) -> CouncilError {
        if let error = error as? CouncilError { return error }
        if let error = error as? DatabaseError {
            // A full disk, or the page limit reached (``setMaximumPageCount(_:)``): said plainly, since the caller
            // can do nothing but wait, and an operator reads it in the log as it is.
            if error.resultCode == .SQLITE_FULL { return .storageFull }
            // The result code only: GRDB's description carries the SQL.
            return CouncilError(
                .storageUnavailable, "could not \(action): SQLite error \(error.extendedResultCode.rawValue)")
        }
        return CouncilError(.storageUnavailable, "could not \(action)")
    }
}

/// A read-only connection for short reads on the caller's thread, used by one caller at a time.
private final class InlineReader: Sendable {
    let queue: DatabaseQueue
    private let busy = Atomic<Bool>(false)

    init(_ queue: DatabaseQueue) {
        self.queue = queue
    }

    /// Takes the reader if nobody uses it.
    func claim() -> Bool {
        busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    func release() {
        busy.store(false, ordering: .releasing)
    }

    /// Reads synchronously: the queue is idle, so the block runs on this thread.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.read(body)
    }
}
