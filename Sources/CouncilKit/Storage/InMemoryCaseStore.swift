import Metrics

/// A ``CaseStore`` that keeps everything in memory: for tests, demos and apps that persist elsewhere.
///
/// Meets every guarantee of ``CaseStore`` except durability: its contents end with the process.
public actor InMemoryCaseStore: CaseStore {
    private var cases: [CaseID: CouncilCase] = [:]
    private var histories: [CaseID: [CaseEvent]] = [:]
    private var byNumber: [CaseNumber: CaseID] = [:]
    private var byReference: [ExternalReference: CaseID] = [:]
    private var serials: [String: Int] = [:]
    private var log: [CaseEvent] = []
    private var records: [String: [String: StoredRecord]] = [:]
    private var isClosed = false
    public nonisolated let commits = CommitSignal()
    private nonisolated let writes: WriteOutcomeRecorder

    /// Creates an empty store.
    /// - Parameter metrics: Where the store's write metrics are recorded (``CouncilMetrics/commitDuration``, label
    ///   `store` `memory`).
    public init(metrics: any MetricsFactory = MetricsSystem.factory) {
        writes = WriteOutcomeRecorder(store: "memory", metrics: metrics)
    }

    public func create(_ newCase: NewCase) throws -> CaseCreation {
        try writes.recordingSynchronously { try register(newCase) }
    }

    private func register(_ newCase: NewCase) throws -> CaseCreation {
        try ensureOpen()
        if let reference = newCase.externalReference, let existing = byReference[reference] {
            return CaseCreation(state: cases[existing]!, event: nil)
        }
        try checkVersions(newCase.records)
        var state = newCase.state
        let serial = (serials[state.number.prefix] ?? 0) + 1
        serials[state.number.prefix] = serial
        state.number = CaseNumber(prefix: state.number.prefix, serial: serial)
        let event = CaseEvent(newCase.event, sequence: Int64(log.count + 1), caseNumber: state.number)
        log.append(event)
        cases[state.id] = state
        histories[state.id] = [event]
        byNumber[state.number] = state.id
        if let reference = newCase.externalReference { byReference[reference] = state.id }
        save(newCase.records)
        commits.publish(.written(events: [event], cases: [state]))
        return CaseCreation(state: state, event: event)
    }

    public func append(_ update: CaseUpdate) throws -> [CaseEvent] {
        try writes.recordingSynchronously { try apply(update) }
    }

    private func apply(_ update: CaseUpdate) throws -> [CaseEvent] {
        try ensureOpen()
        guard let current = cases[update.caseID] else { throw CouncilError.notFound("no case with id \(update.caseID)") }
        guard current.version == update.expectedVersion else {
            throw CouncilError(
                .versionConflict,
                "case \(current.number) is at version \(current.version), not \(update.expectedVersion)")
        }
        try checkVersions(update.records)
        var stored: [CaseEvent] = []
        for pending in update.events {
            let event = CaseEvent(pending, sequence: Int64(log.count + 1), caseNumber: current.number)
            log.append(event)
            stored.append(event)
        }
        histories[update.caseID, default: []].append(contentsOf: stored)
        cases[update.caseID] = update.state
        save(update.records)
        commits.publish(.written(events: stored, cases: [update.state]))
        return stored
    }

    public func fetch(_ id: CaseID) throws -> CouncilCase? {
        try ensureOpen()
        return cases[id]
    }

    public func fetch(number: CaseNumber) throws -> CouncilCase? {
        try ensureOpen()
        return byNumber[number].flatMap { cases[$0] }
    }

    public func fetch(externalReference: ExternalReference) throws -> CouncilCase? {
        try ensureOpen()
        return byReference[externalReference].flatMap { cases[$0] }
    }

    public func history(of id: CaseID) throws -> [CaseEvent] {
        try ensureOpen()
        return histories[id] ?? []
    }

    public func find(_ query: CaseQuery) throws -> CasePage {
        try ensureOpen()
        try query.validate()
        let cursor = try query.cursor.map(CaseCursor.init)
        var matching = cases.values.filter { state in
            query.admits(state) && (cursor?.precedes(state, in: query.order) ?? true)
                && (query.text.map { SearchText.matches(query: $0, in: SearchText.searchableText(of: state.submission)) } ?? true)
        }
        switch query.order {
        case .newestFirst: matching.sort { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        case .oldestFirst: matching.sort { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        }
        let page = Array(matching.prefix(query.limit))
        let next = matching.count > query.limit ? page.last.map { CaseCursor(after: $0).description } : nil
        return CasePage(cases: page, nextCursor: next)
    }

    public func events(after sequence: Int64, limit: Int) throws -> [CaseEvent] {
        try ensureOpen()
        guard limit > 0, sequence < Int64(log.count) else { return [] }
        let start = Int(max(0, sequence))
        return Array(log[start..<min(log.count, start + limit)])
    }

    public func latestSequence() throws -> Int64 {
        try ensureOpen()
        return Int64(log.count)
    }

    public func saveRecord(_ record: StoredRecord, expectedVersion: Int) throws -> StoredRecord {
        try writes.recordingSynchronously {
            try ensureOpen()
            let write = RecordWrite(record, expectedVersion: expectedVersion)
            try checkVersions([write])
            return save([write])[0]
        }
    }

    /// Throws ``CouncilError/Code/versionConflict`` unless every record is at its expected version.
    private func checkVersions(_ writes: [RecordWrite]) throws {
        for write in writes {
            let record = write.record
            let current = records[record.kind]?[record.id]?.version ?? 0
            guard current == write.expectedVersion else {
                throw CouncilError(
                    .versionConflict, "\(record.kind) \(record.id) is at version \(current), not \(write.expectedVersion)")
            }
        }
    }

    /// Saves records whose versions were checked.
    @discardableResult
    private func save(_ writes: [RecordWrite]) -> [StoredRecord] {
        writes.map { write in
            var stored = write.record
            stored.version = write.expectedVersion + 1
            records[stored.kind, default: [:]][stored.id] = stored
            return stored
        }
    }

    public func fetchRecord(kind: String, id: String) throws -> StoredRecord? {
        try ensureOpen()
        return records[kind]?[id]
    }

    public func listRecords(_ query: RecordQuery) throws -> [StoredRecord] {
        try ensureOpen()
        let matching = (records[query.kind] ?? [:]).values
            .filter { record in query.admits(record) && (query.after.map { $0 < RecordPosition(record) } ?? true) }
            .sorted { RecordPosition($0) < RecordPosition($1) }
        return Array(matching.prefix(max(0, query.limit)))
    }

    public func close() {
        isClosed = true
    }

    public nonisolated var lastWrite: WriteOutcome { writes.current }

    /// Memory has room while the process has: only a closed store cannot write.
    public func probeWrite() throws {
        try writes.recordingSynchronously { try ensureOpen() }
    }

    private func ensureOpen() throws {
        if isClosed { throw CouncilError(.storageUnavailable, "the store is closed") }
    }
}
