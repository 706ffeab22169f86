import CouncilKit
import Logging
import PostgresNIO

/// The store's tables in one schema, with the names spliced into SQL already quoted.
struct PostgresTables: Sendable {
    let schema: String
    let cases: String
    let events: String
    let caseSerials: String
    let eventSequence: String
    let schemaVersions: String
    let records: String
    /// The notification channel commits are announced on: one per schema.
    let commitChannel: String

    init(schema: String) {
        // The schema name is checked by `Configuration.validate()`: lowercase letters, digits and `_` only.
        self.schema = "\"\(schema)\""
        self.cases = "\"\(schema)\".cases"
        self.events = "\"\(schema)\".events"
        self.caseSerials = "\"\(schema)\".case_serials"
        self.eventSequence = "\"\(schema)\".event_sequence"
        self.schemaVersions = "\"\(schema)\".council_schema_versions"
        self.records = "\"\(schema)\".records"
        self.commitChannel = "council_commits_\(schema)"
    }
}

/// One step of the schema's history. Steps are never edited once released; a change is a new step.
struct PostgresMigration: Sendable {
    let version: Int
    let name: String
    let statements: @Sendable (PostgresTables) -> [String]
}

extension PostgresCaseStore {
    /// The key of the advisory lock migrations hold, so nodes starting together migrate one after another.
    /// The same key for every schema: migrations are rare and short, and one key keeps them simple to reason about.
    static let migrationLockKey: Int64 = 0x436F_756E_6369_6C48  // "CouncilH"

    /// The schema's history, oldest first.
    static let migrations: [PostgresMigration] = [
        PostgresMigration(version: 1, name: "cases, events, serials and the sequence counter") { t in
            [
                """
                CREATE TABLE \(t.cases) (
                    id uuid PRIMARY KEY,
                    number text NOT NULL UNIQUE,
                    number_prefix text NOT NULL,
                    serial integer NOT NULL,
                    ext_system text,
                    ext_reference text,
                    created_at bigint NOT NULL,
                    version integer NOT NULL,
                    status text NOT NULL,
                    community text NOT NULL,
                    category text,
                    source text NOT NULL,
                    unit text,
                    master_id uuid,
                    current_due bigint,
                    updated_at bigint NOT NULL,
                    search_tokens text[] NOT NULL,
                    search_characters text[] NOT NULL,
                    state json NOT NULL,
                    UNIQUE (number_prefix, serial)
                )
                """,
                "CREATE UNIQUE INDEX cases_external_reference ON \(t.cases) (ext_system, ext_reference) WHERE ext_system IS NOT NULL",
                "CREATE INDEX cases_created ON \(t.cases) (created_at, id)",
                "CREATE INDEX cases_community_status ON \(t.cases) (community, status, created_at, id)",
                "CREATE INDEX cases_status ON \(t.cases) (status, created_at, id)",
                "CREATE INDEX cases_category ON \(t.cases) (category, created_at, id)",
                "CREATE INDEX cases_source ON \(t.cases) (source, created_at, id)",
                "CREATE INDEX cases_unit ON \(t.cases) (unit, created_at, id) WHERE unit IS NOT NULL",
                "CREATE INDEX cases_current_due ON \(t.cases) (current_due) WHERE current_due IS NOT NULL",
                "CREATE INDEX cases_master ON \(t.cases) (master_id) WHERE master_id IS NOT NULL",
                "CREATE INDEX cases_search_tokens ON \(t.cases) USING gin (search_tokens)",
                "CREATE INDEX cases_search_characters ON \(t.cases) USING gin (search_characters)",
                """
                CREATE TABLE \(t.events) (
                    seq bigint PRIMARY KEY,
                    case_id uuid NOT NULL REFERENCES \(t.cases) (id),
                    version integer NOT NULL,
                    occurred_at bigint NOT NULL,
                    principal_system text NOT NULL,
                    principal_user text,
                    kind text NOT NULL,
                    change json NOT NULL,
                    UNIQUE (case_id, version)
                )
                """,
                "CREATE TABLE \(t.caseSerials) (prefix text PRIMARY KEY, last_serial integer NOT NULL)",
                """
                CREATE TABLE \(t.eventSequence) (
                    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
                    last_sequence bigint NOT NULL
                )
                """,
                "INSERT INTO \(t.eventSequence) (last_sequence) VALUES (0)",
            ]
        },
        PostgresMigration(version: 2, name: "records") { t in
            [
                """
                CREATE TABLE \(t.records) (
                    kind text NOT NULL,
                    id text NOT NULL,
                    version integer NOT NULL,
                    community text,
                    date bigint,
                    date_key bigint NOT NULL,
                    document bytea NOT NULL,
                    PRIMARY KEY (kind, id)
                )
                """,
                "CREATE INDEX records_by_date ON \(t.records) (kind, date_key, id)",
                "CREATE INDEX records_by_community ON \(t.records) (kind, community, date_key, id)",
            ]
        },
        PostgresMigration(version: 3, name: "announce each commit of events on a notification channel") { t in
            [
                """
                CREATE FUNCTION \(t.schema).council_announce_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('\(t.commitChannel)', (SELECT max(seq) FROM new_events)::text);
                    RETURN NULL;
                END
                $$
                """,
                """
                CREATE TRIGGER events_announce_commit AFTER INSERT ON \(t.events) REFERENCING NEW TABLE AS new_events
                FOR EACH STATEMENT EXECUTE FUNCTION \(t.schema).council_announce_commit()
                """,
            ]
        },
    ]

    /// Brings the schema up to date in one transaction under the migration lock, recording each step applied.
    ///
    /// DDL is transactional in PostgreSQL, so a step fails whole; a node that waited for the lock finds the steps
    /// applied and does nothing.
    static func migrate(_ connection: PostgresConnection, _ tables: PostgresTables, logger: Logger) async throws -> Int {
        try await connection.query("BEGIN", logger: logger)
        do {
            _ = try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLockKey))", logger: logger).collect()
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(tables.schema)"), logger: logger)
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        CREATE TABLE IF NOT EXISTS \(tables.schemaVersions) (
                            version integer PRIMARY KEY,
                            name text NOT NULL,
                            applied_at timestamptz NOT NULL DEFAULT now()
                        )
                        """), logger: logger)
            var current = 0
            for try await version in try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT COALESCE(MAX(version), 0) FROM \(tables.schemaVersions)"), logger: logger
            ).decode(Int.self) {
                current = version
            }
            guard current <= migrations.last?.version ?? 0 else {
                throw CouncilError(
                    .storageUnavailable,
                    "the PostgreSQL schema is at version \(current), newer than this build knows; upgrade the software")
            }
            for migration in migrations where migration.version > current {
                for statement in migration.statements(tables) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                var record = PostgresBindings()
                record.append(migration.version)
                record.append(migration.name)
                try await connection.query(
                    PostgresQuery(unsafeSQL: "INSERT INTO \(tables.schemaVersions) (version, name) VALUES ($1, $2)", binds: record),
                    logger: logger)
                current = migration.version
            }
            try await connection.query("COMMIT", logger: logger)
            return current
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }
}
