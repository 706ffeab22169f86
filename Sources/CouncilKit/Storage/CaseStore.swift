/// Where cases live: their events and, beside them, their current state.
///
/// CouncilKit ships ``InMemoryCaseStore``; `CouncilSQLite` provides the embedded default and `CouncilPostgres`
/// the store for many nodes on one database. ``CaseService`` is the only writer a deployment needs: it checks every
/// transition and hands the store finished events and states.
///
/// ## What an implementation must guarantee
///
/// `CouncilTestKit`'s `CaseStoreConformance` suite checks each of these; run it against any new store.
///
/// * **Atomic append.** ``create(_:)`` and ``append(_:)`` write the events and the derived state in one
///   transaction: a reader sees both or neither, and a failure leaves nothing behind.
/// * **Optimistic concurrency.** ``append(_:)`` succeeds only if the case's stored version equals
///   ``CaseUpdate/expectedVersion``; otherwise it throws ``CouncilError/Code/versionConflict`` and writes nothing.
///   Of several writers racing from the same version exactly one wins.
/// * **Unique external references.** At most one case exists per ``ExternalReference``, also under concurrent
///   creates from many connections or nodes; a create that loses returns the existing case.
/// * **Sequence numbers.** Each stored event gets a store-wide sequence number, strictly increasing in commit
///   order, without gaps: a reader of ``events(after:limit:)`` that has seen sequence *n* never later finds an
///   event numbered below *n* it had not seen.
/// * **Case numbers.** ``create(_:)`` assigns ``CaseNumber/serial`` as one more than the highest serial already
///   issued under the same ``CaseNumber/prefix``, unique also under concurrent creates.
/// * **Durability.** Once a call returns, its write survives a process crash (and, for stores on disk, power loss).
/// * **Faithful reads.** A case and its events read back equal to what was written.
/// * **Records with a case write.** The ``NewCase/records`` and ``CaseUpdate/records`` are saved in the same
///   transaction as the case, each under ``RecordStore``'s optimistic concurrency: one whose stored version differs
///   fails the whole write with ``CouncilError/Code/versionConflict`` and nothing is written. A ``create(_:)`` that
///   returns a case already registered under the external reference writes none of them.
/// * **One commit signal.** Once a ``create(_:)`` that registered a case, or an ``append(_:)``, is durable, the store
///   publishes it on ``commits`` as ``Commit/written(events:cases:)``: the events as stored and the case after them.
///   Nothing else is published for it; a store shared with other processes publishes their commits it hears of as
///   ``Commit/elsewhere(latestSequence:)``.
/// * **Records.** Every guarantee of ``RecordStore`` for the council's other records.
/// * **Errors.** Driver errors are turned into ``CouncilError`` at the store's boundary
///   (``CouncilError/Code/storageUnavailable`` when nothing was written; ``CouncilError/Code/storageFull``, with
///   ``CouncilError/storageFull``'s plain message, when the disk is full); no SQL, bind values or personal data
///   appear in messages.
/// * **Write health.** ``lastWrite`` counts every write that ended (probes included) and keeps the storage failure
///   of the most recent one, cleared by the next that succeeds. ``probeWrite()`` is a real, durable write that needs
///   what a write needs — room to grow included — and leaves nothing that grows with the number of probes.
public protocol CaseStore: RecordStore {
    /// Registers a new case, or returns the case already registered under the same external reference.
    ///
    /// Assigns the case number's serial and the event's sequence number.
    /// - Returns: The stored case and its first event; `created` is `false` when an existing case was returned,
    ///   in which case nothing was written.
    func create(_ newCase: NewCase) async throws -> CaseCreation

    /// Appends events to a case and replaces its state, if the case is still at the expected version.
    ///
    /// - Returns: The events as stored, with their sequence numbers.
    /// - Throws: ``CouncilError/Code/versionConflict`` when the stored version differs;
    ///   ``CouncilError/Code/notFound`` when the case does not exist.
    func append(_ update: CaseUpdate) async throws -> [CaseEvent]

    /// The case with this id, or `nil`.
    func fetch(_ id: CaseID) async throws -> CouncilCase?

    /// The case with this number, or `nil`.
    func fetch(number: CaseNumber) async throws -> CouncilCase?

    /// The case registered under this external reference, or `nil`.
    func fetch(externalReference: ExternalReference) async throws -> CouncilCase?

    /// Every event of a case in version order; empty when the case does not exist.
    func history(of id: CaseID) async throws -> [CaseEvent]

    /// One page of the cases matching a query, in the query's order. See ``CaseQuery``.
    /// - Throws: ``CouncilError/Code/invalidArgument`` for a cursor this store did not issue for this order.
    func find(_ query: CaseQuery) async throws -> CasePage

    /// The changes feed: events with a sequence number greater than `sequence`, ascending, at most `limit`.
    func events(after sequence: Int64, limit: Int) async throws -> [CaseEvent]

    /// The highest sequence number stored, or 0 when there are no events.
    func latestSequence() async throws -> Int64

    /// Releases the store's resources. Calls made afterwards fail.
    func close() async throws

    /// How the store's most recent write ended, and how many writes have ended: what a health check reads before it
    /// decides to ``probeWrite()``.
    var lastWrite: WriteOutcome { get }

    /// Writes a little, for real, to learn whether the store can write now, and records the outcome in ``lastWrite``.
    ///
    /// Health checks call it when the store has not written since they last looked, so a busy store is never probed.
    /// It commits durably as a write does, and fails where a write would fail for want of room even when the little it
    /// writes would still fit. It adds no case, no event and no row per call.
    /// - Throws: ``CouncilError/Code/storageFull`` when the store has no room to write;
    ///   ``CouncilError/Code/storageUnavailable`` when it cannot write for another reason, being closed included.
    func probeWrite() async throws

    /// Where the store tells its followers in this process of every commit; see ``CommitSignal``.
    var commits: CommitSignal { get }
}

/// A case to register: its state after the first event, and that event.
public struct NewCase: Hashable, Sendable {
    /// The state after submission. Its ``CouncilCase/number`` carries the prefix; the store assigns the serial.
    public var state: CouncilCase
    /// The submission event (version 1).
    public var event: PendingEvent
    /// Records to save in the same transaction, for example the idempotency key the write answers.
    public var records: [RecordWrite]

    /// Creates a new case for a store.
    public init(state: CouncilCase, event: PendingEvent, records: [RecordWrite] = []) {
        self.state = state
        self.event = event
        self.records = records
    }

    /// The external reference to keep unique, if any.
    public var externalReference: ExternalReference? { state.submission.externalReference }
}

/// The result of ``CaseStore/create(_:)``.
public struct CaseCreation: Hashable, Sendable {
    /// The stored case.
    public var state: CouncilCase
    /// The first event as stored, with its sequence number, when this call registered the case; `nil` when it
    /// existed under the same external reference.
    public var event: CaseEvent?

    /// Whether this call registered it (`false`: it existed under the same external reference).
    public var created: Bool { event != nil }

    /// Creates a result.
    public init(state: CouncilCase, event: CaseEvent?) {
        self.state = state
        self.event = event
    }
}

/// Events to append to one case and its state after them.
public struct CaseUpdate: Hashable, Sendable {
    /// The case.
    public var caseID: CaseID
    /// The version the case must still have.
    public var expectedVersion: Int
    /// The events, versions `expectedVersion + 1` onwards.
    public var events: [PendingEvent]
    /// The state after the events.
    public var state: CouncilCase
    /// Records to save in the same transaction, for example the idempotency key the write answers.
    public var records: [RecordWrite]

    /// Creates an update.
    public init(caseID: CaseID, expectedVersion: Int, events: [PendingEvent], state: CouncilCase, records: [RecordWrite] = []) {
        self.caseID = caseID
        self.expectedVersion = expectedVersion
        self.events = events
        self.state = state
        self.records = records
    }
}

/// A record to save together with a case write, under ``RecordStore``'s optimistic concurrency.
public struct RecordWrite: Hashable, Sendable {
    /// The record; its version is set by the store.
    public var record: StoredRecord
    /// The version the record must still have; 0: it must not exist yet.
    public var expectedVersion: Int

    /// Creates a record write.
    public init(_ record: StoredRecord, expectedVersion: Int) {
        self.record = record
        self.expectedVersion = expectedVersion
    }
}
