import CouncilKit
import Foundation
import Logging
import Metrics
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// A ``CaseStore`` on PostgreSQL, for many stateless nodes on one database.
///
/// ```swift
/// let store = try await PostgresCaseStore(configuration: .init(url: "postgres://council:secret@db:5432/council"))
/// let service = CaseService(store: store, directory: directory)
/// // …
/// try await store.close()
/// ```
///
/// ## Lifecycle
///
/// The store owns a postgres-nio `PostgresClient` (a connection pool) and the task that runs the client's `run()`:
/// opening the store starts it, brings the schema up to date and returns a store that is ready; ``close()`` cancels
/// that task and waits until every connection is closed. Nothing has to be run beside it, so a store can never hang
/// for want of a running client. In a `ServiceGroup`, add the store as a service, listed before the services that use
/// it: its ``run()`` waits for graceful shutdown and then closes it, and a group shuts services down in reverse order,
/// so the store closes after its users have stopped.
///
/// ## How each guarantee of ``CaseStore`` is kept
///
/// * **Atomic append.** Each write is one transaction at `READ COMMITTED` on one pooled connection: the case row and
///   its events commit together or not at all.
/// * **Optimistic concurrency.** ``append(_:)`` updates the case row `WHERE id = … AND version = expected`. A writer
///   that lost a race waits for the winner's row lock, re-checks the condition on the new row, updates nothing and
///   rolls back: ``CouncilError/Code/versionConflict`` with nothing written.
/// * **Unique external references.** A partial unique index on `(ext_system, ext_reference)`; the insert says
///   `ON CONFLICT … DO NOTHING`, which waits for a concurrent inserter of the same reference, so from any pool or
///   node the loser reads back and returns the winner's case (and rolls its own transaction back). No unique
///   violation reaches the caller.
/// * **Case numbers.** One row per prefix in `case_serials`, incremented with an upsert inside the creating
///   transaction. The row stays locked until commit, so creates under one prefix (one community's day) take turns
///   and a rolled-back create gives its serial back.
/// * **Sequence numbers.** One counter row, `event_sequence`, incremented by the number of events inside the writing
///   transaction, as its last step before inserting the events and committing. Its row lock is held until the
///   transaction ends, so writers take the counter strictly one after another and a writer can only take it once
///   the previous holder's commit is visible. Sequence order is therefore commit order and there are no gaps
///   (a rolled-back transaction gives its numbers back): a reader of ``events(after:limit:)`` whose snapshot holds
///   event *n* holds every event below *n*. The cost is that writers serialise on that row for the last insert and
///   the commit (including its WAL flush); writes to different cases still run their other statements in parallel.
///   `council-store-bench --postgres` measures it: on a shared 2-core machine, one-insert transactions from 8
///   connections committed at 30–40% of the rate they reach without the counter (for example 1,780/s against
///   4,425/s), while a single connection paid 15–20% more per transaction.
/// * **Durability.** Commits use the server's `synchronous_commit` (default `on`): a call returns after the commit
///   record is flushed. Opening fails when the database or role sets it to `off`; stronger settings (`remote_apply`
///   and the like) are kept. Every write runs in an explicit `BEGIN` … `COMMIT`, never as a lone autocommit
///   statement: postgres-nio reports a statement finished at its CommandComplete, before an implicit transaction
///   commits at Sync, so an autocommit write could return before it is durable (or before its commit fails).
/// * **Search.** Identical to ``SearchText``: `search_tokens` holds the Unicode-normalised (NFC) tokens of
///   ``SearchText/searchableText(of:)`` in order under a GIN index; a query's tokens must all be present (index) and
///   appear consecutively (checked on the candidates with a separator no token contains). A query of one Han
///   character is looked up in `search_characters`, the set of the text's Han characters, also under a GIN index.
///   Normalising both sides makes byte equality in SQL agree with Swift's canonical string equality.
/// * **Errors.** Driver errors become ``CouncilError/Code/storageUnavailable`` (SQLSTATE class XX, data corruption,
///   and undecodable rows become ``CouncilError/Code/dataCorrupted``; `53100`, the server's disk full,
///   ``CouncilError/Code/storageFull`` with a plain message); messages name the action and at most a SQLSTATE
///   code, never SQL, bind values or personal data. Queries are not logged at all; the `logger` only receives the
///   pool's own events. A failure while committing leaves the outcome unknown: creates and appends are safe to retry
///   (a repeated create returns the case, a repeated append meets a version conflict).
///
/// An unreachable server fails ``init(configuration:logger:)`` after ``Configuration/startupTimeout``; later calls
/// wait for the pool to reconnect, and fail once postgres-nio gives up (about a minute of failed attempts).
public final class PostgresCaseStore: CaseStore, Service {
    /// Where the store connects; ``close()`` it and open a new store with this to reconnect.
    public let configuration: Configuration
    /// The schema version the database had once the store opened.
    public let schemaVersion: Int
    /// The server's `synchronous_commit` for the store's sessions, read when opening: `on` by default. The store
    /// refuses to open when it is `off`.
    public let synchronousCommit: String

    let client: PostgresClient
    let tables: PostgresTables
    let sql: Statements
    /// Queries never log: their binds can hold personal data.
    let queryLogger = Logger(label: "CouncilPostgres.query", factory: { _ in SwiftLogNoOpLogHandler() })
    private let runTask: Task<Void, Never>
    private let listenTask = Mutex<Task<Void, Never>?>(nil)
    private let closed = Mutex(false)
    /// The highest sequence number this store has published as written: a notification of no later commit tells
    /// its followers nothing new.
    private let latestPublished = Atomic<Int64>(0)
    public let commits = CommitSignal()
    private let writes: WriteOutcomeRecorder

    /// Opens a store: starts the connection pool, waits for the server and brings the schema up to date.
    ///
    /// Nodes may open stores on the same database at the same moment: migrations take an advisory lock.
    /// - Parameters:
    ///   - configuration: Where the database is; see ``Configuration``.
    ///   - logger: Receives the connection pool's events (connections opened, failed, closed). Never queries.
    /// - Throws: ``CouncilError/Code/invalidArgument`` for a bad configuration;
    ///   ``CouncilError/Code/storageUnavailable`` when the server cannot be reached within
    ///   ``Configuration/startupTimeout`` or the schema cannot be migrated.
    public init(configuration: Configuration, logger: Logger = Logger(label: "CouncilPostgres")) async throws {
        try configuration.validate()
        self.configuration = configuration
        self.writes = WriteOutcomeRecorder(store: "postgres", metrics: configuration.metrics)
        self.tables = PostgresTables(schema: configuration.schema)
        self.sql = Statements(tables)
        let client = PostgresClient(configuration: configuration.clientConfiguration(), backgroundLogger: logger)
        self.client = client
        // The one unstructured task: the store's lifetime is open → close(), and close() ends it.
        let runTask = Task { await client.run() }
        self.runTask = runTask
        let tables = PostgresTables(schema: configuration.schema)
        let queryLogger = self.queryLogger
        do {
            (self.schemaVersion, self.synchronousCommit) = try await Self.withTimeout(configuration.startupTimeout) {
                try await client.withConnection { connection in
                    let version = try await Self.migrate(connection, tables, logger: queryLogger)
                    var setting = ""
                    for try await value in try await connection.query("SHOW synchronous_commit", logger: queryLogger)
                        .decode(String.self)
                    {
                        setting = value
                    }
                    return (version, setting)
                }
            }
            // `off` acknowledges commits before they are flushed: a server crash would lose acknowledged writes.
            guard synchronousCommit != "off" else {
                throw CouncilError(
                    .storageUnavailable,
                    "could not open the PostgreSQL store: synchronous_commit is off for this database or role, "
                        + "so acknowledged writes could be lost; set it to on")
            }
        } catch {
            runTask.cancel()
            await runTask.value
            if let timeout = error as? StartupTimeout {
                throw CouncilError(
                    .storageUnavailable,
                    "could not open the PostgreSQL store: no usable connection within \(timeout.limit)")
            }
            throw Self.storageError(error, "open the PostgreSQL store")
        }
        listenTask.withLock { $0 = Task { await self.listen(logger: logger) } }
    }

    /// Hears the commits of other nodes on the database (the `events` trigger announces each one on the schema's
    /// channel, with its latest sequence number) and tells this store's followers of them, until cancelled.
    ///
    /// It holds one pooled connection. When the connection breaks it listens again a second later and tells the
    /// followers to read the store, since commits may have gone unheard meanwhile; their polling covers the gap too.
    private func listen(logger: Logger) async {
        let channel = tables.commitChannel
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: channel) { notifications in
                        for try await notification in notifications {
                            let sequence = Int64(notification.payload)
                            if let sequence, sequence <= self.latestPublished.load(ordering: .relaxed) { continue }
                            let commits = self.commits
                            commits.publish(.elsewhere(latestSequence: sequence))
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.notice("listening for other nodes' commits failed; listening again", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            }
            try? await Task.sleep(for: .seconds(1))
            commits.publish(.elsewhere(latestSequence: nil))
        }
    }

    private func publish(_ events: [CaseEvent], _ state: CouncilCase) {
        guard let last = events.last else { return }
        latestPublished.max(last.sequence, ordering: .relaxed)
        commits.publish(.written(events: events, cases: [state]))
    }

    /// Waits for graceful shutdown (or cancellation) of the `ServiceGroup` it runs in, then closes the store.
    public func run() async throws {
        try? await gracefulShutdown()
        try await close()
    }

    /// Closes every connection and ends the pool's task. Calls made afterwards fail with
    /// ``CouncilError/Code/storageUnavailable``; closing twice does nothing.
    public func close() async throws {
        let wasClosed = closed.withLock { isClosed in
            defer { isClosed = true }
            return isClosed
        }
        if wasClosed { return }
        let listening = listenTask.withLock { $0 }
        listening?.cancel()
        await listening?.value
        runTask.cancel()
        await runTask.value
    }

    // MARK: CaseStore

    public func create(_ newCase: NewCase) async throws -> CaseCreation {
        let pending = newCase.event
        let change = try Self.json(pending.change)
        let search = SearchColumns(SearchText.searchableText(of: newCase.state.submission))
        let creation = try await transaction("register the case") { connection in
            var state = newCase.state
            let prefix = state.number.prefix
            let serial = try await self.single(Int.self, self.sql.nextSerial(prefix), on: connection)
            state.number = CaseNumber(prefix: prefix, serial: serial)
            let inserted = try await connection.query(
                try self.sql.insertCase(state, reference: newCase.externalReference, search: search), logger: self.queryLogger
            ).collect()
            guard !inserted.isEmpty else {
                // Another transaction registered this reference first; `ON CONFLICT` waited for it to commit, so
                // this statement's snapshot sees it. Roll back to give the serial back.
                guard let reference = newCase.externalReference,
                    let existing = try await self.state(self.sql.selectState(byReference: reference), on: connection)
                else {
                    throw CouncilError(.storageUnavailable, "could not register the case: a conflicting case vanished")
                }
                return .rollback(CaseCreation(state: existing, event: nil))
            }
            let events = try await self.insertEvents([pending], number: state.number, changes: [change], on: connection)
            for write in newCase.records { try await self.save(write, on: connection) }
            return .commit(CaseCreation(state: state, event: events.first))
        }
        if let event = creation.event { publish([event], creation.state) }
        return creation
    }

    public func append(_ update: CaseUpdate) async throws -> [CaseEvent] {
        let changes = try update.events.map { try Self.json($0.change) }
        let updateQuery = try sql.updateCase(update.state, id: update.caseID, expectedVersion: update.expectedVersion)
        let stored: [CaseEvent] = try await transaction("update the case") { connection in
            let updated = try await connection.query(updateQuery, logger: self.queryLogger).collect()
            guard !updated.isEmpty else {
                let versions = try await connection.query(self.sql.selectVersion(update.caseID), logger: self.queryLogger)
                    .collect()
                guard let row = versions.first else { throw CouncilError.notFound("no case with id \(update.caseID)") }
                let version = try row.decode(Int.self)
                throw CouncilError(
                    .versionConflict, "case \(update.state.number) is at version \(version), not \(update.expectedVersion)")
            }
            let events =
                update.events.isEmpty
                ? [] : try await self.insertEvents(update.events, number: update.state.number, changes: changes, on: connection)
            for write in update.records { try await self.save(write, on: connection) }
            return .commit(events)
        }
        publish(stored, update.state)
        return stored
    }

    public func fetch(_ id: CaseID) async throws -> CouncilCase? {
        try await read("read the case") { try await self.state(self.sql.selectState(byID: id), on: $0) }
    }

    public func fetch(number: CaseNumber) async throws -> CouncilCase? {
        try await read("read the case") { try await self.state(self.sql.selectState(byNumber: number), on: $0) }
    }

    public func fetch(externalReference: ExternalReference) async throws -> CouncilCase? {
        try await read("read the case") { try await self.state(self.sql.selectState(byReference: externalReference), on: $0) }
    }

    public func history(of id: CaseID) async throws -> [CaseEvent] {
        try await read("read the case history") { try await self.events(self.sql.selectHistory(id), on: $0) }
    }

    public func events(after sequence: Int64, limit: Int) async throws -> [CaseEvent] {
        guard limit > 0 else { return [] }
        return try await read("read the changes feed") {
            try await self.events(self.sql.selectEvents(after: sequence, limit: limit), on: $0)
        }
    }

    public func latestSequence() async throws -> Int64 {
        try await read("read the latest sequence number") {
            try await self.single(Int64.self, self.sql.selectLatestSequence(), on: $0)
        }
    }

    public func find(_ query: CaseQuery) async throws -> CasePage {
        try query.validate()
        let cursor = try query.cursor.map(CaseCursor.init)
        guard let statement = try sql.find(query, after: cursor) else { return CasePage(cases: [], nextCursor: nil) }
        let found = try await read("find cases") { connection in
            try await connection.query(statement, logger: self.queryLogger).collect().map { try Self.decodeState($0) }
        }
        let page = Array(found.prefix(query.limit))
        let next = found.count > query.limit ? page.last.map { CaseCursor(after: $0).description } : nil
        return CasePage(cases: page, nextCursor: next)
    }

    // MARK: Writing

    /// Takes `events.count` sequence numbers from the counter and inserts the events with them, in one statement
    /// so the counter's row lock is held for as short a time as the commit allows.
    private func insertEvents(
        _ events: [PendingEvent], number: CaseNumber, changes: [String], on connection: PostgresConnection
    ) async throws -> [CaseEvent] {
        let rows = try await connection.query(try sql.insertEvents(events, changes: changes), logger: queryLogger).collect()
        var sequences: [Int: Int64] = [:]
        for row in rows {
            let (sequence, version) = try row.decode((Int64, Int).self)
            sequences[version] = sequence
        }
        return try events.map { pending in
            guard let sequence = sequences[pending.version] else {
                throw CouncilError(.storageUnavailable, "could not store the events: the server returned no sequence number")
            }
            return CaseEvent(pending, sequence: sequence, caseNumber: number)
        }
    }

    /// How a transaction body ends.
    enum TransactionEnd<Value: Sendable>: Sendable {
        case commit(Value)
        case rollback(Value)
    }

    /// Runs `body` in a transaction on one pooled connection; rolls back when it throws or asks to. Records how it
    /// ended in ``lastWrite``.
    func transaction<Value: Sendable>(
        _ action: String, _ body: (PostgresConnection) async throws -> TransactionEnd<Value>
    ) async throws -> Value {
        try await writes.recording { try await uncountedTransaction(action, body) }
    }

    private func uncountedTransaction<Value: Sendable>(
        _ action: String, _ body: (PostgresConnection) async throws -> TransactionEnd<Value>
    ) async throws -> Value {
        try ensureOpen()
        do {
            return try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: self.queryLogger)
                do {
                    switch try await body(connection) {
                    case .commit(let value):
                        try await connection.query("COMMIT", logger: self.queryLogger)
                        return value
                    case .rollback(let value):
                        try await connection.query("ROLLBACK", logger: self.queryLogger)
                        return value
                    }
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: self.queryLogger)
                    throw error
                }
            }
        } catch {
            throw Self.storageError(error, action)
        }
    }

    /// Runs reads on one pooled connection (each statement its own snapshot).
    func read<Value: Sendable>(_ action: String, _ body: (PostgresConnection) async throws -> Value) async throws -> Value {
        try ensureOpen()
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw Self.storageError(error, action)
        }
    }

    // MARK: Write health

    public var lastWrite: WriteOutcome { writes.current }

    /// Commits an update of one row kept for probing. The database server's disk is out of sight; what a write needs
    /// of it (room in the write-ahead log for the commit record) this commit needs too.
    public func probeWrite() async throws {
        var binds = PostgresBindings()
        binds.append(Self.probeKind)
        binds.append(Int64.min)
        let statement = PostgresQuery(
            unsafeSQL: """
                INSERT INTO \(tables.records) (kind, id, version, community, date, date_key, document)
                VALUES ($1, 'probe', 1, NULL, NULL, $2, ''::bytea)
                ON CONFLICT (kind, id) DO UPDATE SET version = \(tables.records).version + 1
                """, binds: binds)
        try await transaction("check that the PostgreSQL store can write") { connection in
            try await connection.query(statement, logger: self.queryLogger)
            return .commit(())
        }
    }

    /// The record kind of the one row ``probeWrite()`` updates.
    static let probeKind = "storeProbe"

    private func ensureOpen() throws {
        if closed.withLock({ $0 }) { throw CouncilError(.storageUnavailable, "the PostgreSQL store is closed") }
    }

    // MARK: Reading rows

    private func single<Value: PostgresDecodable & Sendable>(
        _ type: Value.Type, _ query: PostgresQuery, on connection: PostgresConnection
    ) async throws -> Value {
        guard let row = try await connection.query(query, logger: queryLogger).collect().first else {
            throw CouncilError(.storageUnavailable, "the server returned no row where one was expected")
        }
        return try row.decode(Value.self)
    }

    private func state(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> CouncilCase? {
        try await connection.query(query, logger: queryLogger).collect().first.map { try Self.decodeState($0) }
    }

    private func events(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [CaseEvent] {
        try await connection.query(query, logger: queryLogger).collect().map { row in
            let (sequence, caseUUID, numberText, version, occurredAt, system, user, change) =
                try row.decode((Int64, UUID, String, Int, Int64, String, String?, String).self)
            guard let caseID = CaseID(caseUUID.uuidString), let number = CaseNumber(numberText) else {
                throw CouncilError(.dataCorrupted, "an event in the PostgreSQL store has a malformed case id or number")
            }
            return CaseEvent(
                sequence: sequence, caseID: caseID, caseNumber: number, version: version,
                occurredAt: Timestamp(millisecondsSince1970: occurredAt),
                principal: Principal(system: system, user: user),
                change: try Self.decode(CaseChange.self, from: change))
        }
    }

    static func decodeState(_ row: PostgresRow) throws -> CouncilCase {
        try decode(CouncilCase.self, from: try row.decode(String.self))
    }

    // MARK: Encoding

    static func json(_ value: some Encodable) throws -> String {
        do { return String(decoding: try JSONEncoder().encode(value), as: UTF8.self) } catch {
            throw CouncilError(.dataCorrupted, "a case could not be encoded for the PostgreSQL store")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        do { return try JSONDecoder().decode(type, from: Data(text.utf8)) } catch {
            throw CouncilError(.dataCorrupted, "a stored \(T.self) could not be read back from the PostgreSQL store")
        }
    }

    // MARK: Startup

    struct StartupTimeout: Error {
        let limit: Duration
    }

    /// Runs `body`, giving up after `limit`: the pool retries failed connections for a minute before failing a
    /// request, too long to wait at startup.
    private static func withTimeout<Value: Sendable>(
        _ limit: Duration, _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw StartupTimeout(limit: limit) }
            return value
        }
    }
}
