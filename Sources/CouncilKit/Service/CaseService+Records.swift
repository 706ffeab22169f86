import Synchronization

extension CaseService {
    /// Runs `operation` so that the case write it makes also saves the records `make` gives for the case as written,
    /// in the same transaction.
    ///
    /// What makes a record exactly as durable as the write it belongs to: councild's idempotency keys are saved this
    /// way, so a key is never recorded for a write that was rolled back, and a write is never committed without its
    /// key. The records go with the first case write the operation commits; an operation that writes nothing (a
    /// submission answered with the case already registered under its external reference, a change that was
    /// already made) saves none of them. A record whose stored version differs from its ``RecordWrite/expectedVersion``
    /// fails the case write with ``CouncilError/Code/versionConflict``, and nothing is written.
    ///
    /// - Returns: What `operation` returned, and whether the records were written.
    public static func withRecords<Value: Sendable>(
        _ make: @escaping @Sendable (CouncilCase) throws -> [RecordWrite], _ operation: () async throws -> Value
    ) async throws -> (value: Value, recordsWritten: Bool) {
        let pending = PendingRecords(make)
        let value = try await PendingRecords.$current.withValue(pending) { try await operation() }
        return (value, pending.written)
    }
}

/// The records ``CaseService/withRecords(_:_:)`` hands to the next case write of its task.
final class PendingRecords: Sendable {
    @TaskLocal static var current: PendingRecords?

    private let make: @Sendable (CouncilCase) throws -> [RecordWrite]
    private let state = Mutex(false)

    init(_ make: @escaping @Sendable (CouncilCase) throws -> [RecordWrite]) {
        self.make = make
    }

    /// The records to write with `state`: none once a write has saved them.
    func records(for state: CouncilCase) throws -> [RecordWrite] {
        written ? [] : try make(state)
    }

    /// Whether a case write has saved them.
    var written: Bool { state.withLock { $0 } }

    /// Notes that a committed case write saved them.
    func markWritten() {
        state.withLock { $0 = true }
    }
}
