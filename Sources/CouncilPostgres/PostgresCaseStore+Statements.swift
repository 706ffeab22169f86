import CouncilKit
import Foundation
import PostgresNIO

/// The search columns of a case, derived from its searchable text exactly as ``SearchText`` matches it.
struct SearchColumns: Sendable {
    /// The text's tokens in order, NFC-normalised.
    let tokens: [String]
    /// The distinct Han characters of the text, NFC-normalised, for one-character queries.
    let characters: [String]

    init(_ text: String) {
        self.tokens = SearchText.tokens(text).map(Self.normalized)
        var characters = Set<String>()
        for character in text where SearchText.isHan(character) {
            characters.insert(Self.normalized(String(character)))
        }
        self.characters = characters.sorted()
    }

    /// Swift compares strings by canonical equivalence and SQL by bytes; the same normal form on both sides makes
    /// them agree.
    static func normalized(_ text: String) -> String { text.precomposedStringWithCanonicalMapping }

    /// Separates tokens when checking that a query's tokens occur consecutively. No token contains it: tokens are
    /// made of letters, digits and Han characters, and a control character is always a grapheme of its own.
    static let separator = "\u{1F}"
}

/// The SQL the store runs, with the store's table names in place and values always bound, never spliced.
struct Statements: Sendable {
    let t: PostgresTables

    init(_ tables: PostgresTables) { self.t = tables }

    /// The columns of an event and its case's number, from `events e JOIN cases c`.
    private static let eventColumns = "e.seq, e.case_id, c.number, e.version, e.occurred_at, e.principal_system, e.principal_user, e.change"

    /// Events joined with their cases, for ``eventColumns``.
    private var eventsWithNumbers: String { "\(t.events) e JOIN \(t.cases) c ON c.id = e.case_id" }

    func nextSerial(_ prefix: String) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(prefix)
        return PostgresQuery(
            unsafeSQL: """
                INSERT INTO \(t.caseSerials) AS s (prefix, last_serial) VALUES ($1, 1)
                ON CONFLICT (prefix) DO UPDATE SET last_serial = s.last_serial + 1 RETURNING last_serial
                """, binds: binds)
    }

    func insertCase(_ state: CouncilCase, reference: ExternalReference?, search: SearchColumns) throws -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(try uuid(state.id))
        binds.append(state.number.description)
        binds.append(state.number.prefix)
        binds.append(state.number.serial)
        binds.append(reference?.system)
        binds.append(reference?.reference)
        binds.append(state.createdAt.millisecondsSince1970)
        try appendStateColumns(state, to: &binds)  // $8 … $17
        binds.append(search.tokens)
        binds.append(search.characters)
        return PostgresQuery(
            unsafeSQL: """
                INSERT INTO \(t.cases) (id, number, number_prefix, serial, ext_system, ext_reference, created_at,
                    version, status, community, category, source, unit, master_id, current_due, updated_at, state,
                    search_tokens, search_characters)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::json, $18, $19)
                ON CONFLICT (ext_system, ext_reference) WHERE ext_system IS NOT NULL DO NOTHING
                RETURNING id
                """, binds: binds)
    }

    func updateCase(_ state: CouncilCase, id: CaseID, expectedVersion: Int) throws -> PostgresQuery {
        var binds = PostgresBindings()
        try appendStateColumns(state, to: &binds)  // $1 … $10
        binds.append(try uuid(id))
        binds.append(expectedVersion)
        return PostgresQuery(
            unsafeSQL: """
                UPDATE \(t.cases) SET version = $1, status = $2, community = $3, category = $4, source = $5, unit = $6,
                    master_id = $7, current_due = $8, updated_at = $9, state = $10::json
                WHERE id = $11 AND version = $12
                RETURNING version
                """, binds: binds)
    }

    /// The columns that follow the state, in insert order; also the UPDATE's SET list in order.
    private func appendStateColumns(_ state: CouncilCase, to binds: inout PostgresBindings) throws {
        binds.append(state.version)
        binds.append(state.status.rawValue)
        binds.append(state.community)
        binds.append(state.category)
        binds.append(state.submission.source.rawValue)
        binds.append(state.responsibleUnit)
        binds.append(try state.master.map(uuid))
        binds.append(state.currentDue?.millisecondsSince1970)
        binds.append(state.updatedAt.millisecondsSince1970)
        binds.append(try PostgresCaseStore.json(state))
    }

    /// Takes `events.count` numbers from the counter row and inserts the events with them: one statement, so the
    /// counter's row lock is taken as late as possible and held only until the commit.
    func insertEvents(_ events: [PendingEvent], changes: [String]) throws -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(Int64(events.count))
        var rows: [String] = []
        for (i, (event, change)) in zip(events, changes).enumerated() {
            let n = binds.count
            binds.append(Int64(i + 1))
            binds.append(try uuid(event.caseID))
            binds.append(event.version)
            binds.append(event.occurredAt.millisecondsSince1970)
            binds.append(event.principal.system)
            binds.append(event.principal.user)
            binds.append(event.change.kind)
            binds.append(change)
            rows.append(
                "($\(n + 1)::bigint, $\(n + 2)::uuid, $\(n + 3)::integer, $\(n + 4)::bigint, $\(n + 5)::text, "
                    + "$\(n + 6)::text, $\(n + 7)::text, $\(n + 8)::text)")
        }
        return PostgresQuery(
            unsafeSQL: """
                WITH s AS (UPDATE \(t.eventSequence) SET last_sequence = last_sequence + $1 RETURNING last_sequence)
                INSERT INTO \(t.events) (seq, case_id, version, occurred_at, principal_system, principal_user, kind, change)
                SELECT s.last_sequence - $1 + v.i, v.case_id, v.version, v.occurred_at, v.principal_system,
                    v.principal_user, v.kind, v.change::json
                FROM s, (VALUES \(rows.joined(separator: ", ")))
                    AS v (i, case_id, version, occurred_at, principal_system, principal_user, kind, change)
                RETURNING seq, version
                """, binds: binds)
    }

    func selectVersion(_ id: CaseID) throws -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(try uuid(id))
        return PostgresQuery(unsafeSQL: "SELECT version FROM \(t.cases) WHERE id = $1", binds: binds)
    }

    func selectState(byID id: CaseID) throws -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(try uuid(id))
        return PostgresQuery(unsafeSQL: "SELECT state FROM \(t.cases) WHERE id = $1", binds: binds)
    }

    func selectState(byNumber number: CaseNumber) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(number.description)
        return PostgresQuery(unsafeSQL: "SELECT state FROM \(t.cases) WHERE number = $1", binds: binds)
    }

    func selectState(byReference reference: ExternalReference) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(reference.system)
        binds.append(reference.reference)
        return PostgresQuery(
            unsafeSQL: "SELECT state FROM \(t.cases) WHERE ext_system = $1 AND ext_reference = $2", binds: binds)
    }

    func selectHistory(_ id: CaseID) throws -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(try uuid(id))
        return PostgresQuery(
            unsafeSQL: "SELECT \(Self.eventColumns) FROM \(eventsWithNumbers) WHERE e.case_id = $1 ORDER BY e.version", binds: binds)
    }

    func selectEvents(after sequence: Int64, limit: Int) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(sequence)
        binds.append(limit)
        return PostgresQuery(
            unsafeSQL: "SELECT \(Self.eventColumns) FROM \(eventsWithNumbers) WHERE e.seq > $1 ORDER BY e.seq LIMIT $2", binds: binds)
    }

    func selectLatestSequence() -> PostgresQuery {
        PostgresQuery(unsafeSQL: "SELECT COALESCE(MAX(seq), 0)::bigint FROM \(t.events)")
    }

    /// The query for one page plus one row (to tell whether another page follows); `nil` when no status is admitted.
    func find(_ query: CaseQuery, after cursor: CaseCursor?) throws -> PostgresQuery? {
        var binds = PostgresBindings()
        var clauses: [String] = []
        func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        if let community = query.community { clauses.append("community = \(bind(community))") }
        if let admitted = query.admittedStatuses {
            if admitted.isEmpty { return nil }
            let statuses = admitted.map(\.rawValue).sorted()
            clauses.append(statuses.count == 1 ? "status = \(bind(statuses[0]))" : "status = ANY(\(bind(statuses)))")
        }
        if let category = query.category { clauses.append("category = \(bind(category))") }
        if let source = query.source { clauses.append("source = \(bind(source.rawValue))") }
        if let unit = query.unit { clauses.append("unit = \(bind(unit))") }
        if let due = query.dueBefore { clauses.append("current_due < \(bind(due.millisecondsSince1970))") }
        if let from = query.createdFrom { clauses.append("created_at >= \(bind(from.millisecondsSince1970))") }
        if let before = query.createdBefore { clauses.append("created_at < \(bind(before.millisecondsSince1970))") }
        if let master = query.master { clauses.append("master_id = \(bind(try uuid(master)))") }
        if let text = query.text {
            let tokens = SearchText.tokens(text)
            if tokens.count == 1, tokens[0].count == 1, let only = tokens[0].first, SearchText.isHan(only) {
                clauses.append("search_characters @> \(bind([SearchColumns.normalized(String(only))]))")
            } else {
                let normalized = tokens.map(SearchColumns.normalized)
                let separator = SearchColumns.separator
                let needle = separator + normalized.joined(separator: separator) + separator
                // The index finds the cases holding every token; the position check keeps those where they are
                // consecutive and in order.
                clauses.append(
                    "search_tokens @> \(bind(normalized)) AND strpos(\(bind(separator)) || "
                        + "array_to_string(search_tokens, \(bind(separator))) || \(bind(separator)), \(bind(needle))) > 0")
            }
        }
        let descending = query.order == .newestFirst
        if let cursor {
            clauses.append(
                "(created_at, id) \(descending ? "<" : ">") (\(bind(cursor.createdAt.millisecondsSince1970)), \(bind(try uuid(cursor.id))))")
        }
        let direction = descending ? "DESC" : "ASC"
        let limit = bind(query.limit + 1)
        let sql = "SELECT state FROM \(t.cases)"
            + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "))
            + " ORDER BY created_at \(direction), id \(direction) LIMIT \(limit)"
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    private func uuid(_ id: CaseID) throws -> UUID {
        guard let uuid = UUID(uuidString: id.rawValue) else {
            throw CouncilError(.dataCorrupted, "a case id is not a UUID")
        }
        return uuid
    }
}
