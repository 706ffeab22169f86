import CouncilKit
import Foundation
import GRDB
import GRDBSQLite
import Metrics
import Synchronization

/// Group commit: the writes that callers hand in while a commit is under way share the next transaction, so one
/// `fsync` makes a whole batch durable instead of one write each.
///
/// Each write runs in its own savepoint inside the batch's transaction, in arrival order on SQLite's one writer
/// connection, and sees the writes before it. Its caller resumes only after the batch's `COMMIT` returned, which with
/// `synchronous=FULL` means the write is on disk. What the ``CaseStore`` contract promises is kept:
///
/// * **Atomic.** A write that throws a ``CouncilError`` (a version conflict, a missing case) has its savepoint
///   rolled back and fails alone; the batch goes on. Any other error, or a `COMMIT` that fails, abandons the whole
///   transaction — nothing of it is written — and each of its writes is then run again in a transaction of its
///   own, so one broken write never fails another.
/// * **Durable on return.** No caller hears of success before the commit that holds its write.
/// * **Gap-free sequence numbers.** Events get their sequence numbers from the one writer in order, and a batch
///   becomes visible to readers all at once, at its commit.
///
/// With one writer at a time there is nothing to share and every write is a batch of one, exactly as before.
final class GroupCommit: Sendable {
    /// One write waiting for a transaction. `run` executes it in the open transaction and returns what to tell the
    /// caller once the transaction is committed; `fail` tells the caller that the write failed and wrote nothing.
    /// Exactly one of the two replies reaches the caller.
    private struct Job: @unchecked Sendable {
        let run: (Database) throws -> () -> Void
        let fail: (any Error) -> Void
    }

    private struct State {
        var queue: [Job] = []
        var draining = false
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let pool: DatabasePool
    private let maximumBatch: Int
    private let state = Mutex(State())
    private let batchSize: Recorder
    private let commitTime: CoreMetrics.Timer

    /// - Parameters:
    ///   - pool: The pool whose writer connection commits.
    ///   - maximumBatch: The most writes one transaction takes; a longer queue is committed in several.
    ///   - metrics: Where the size of each batch (``CouncilMetrics/groupCommitBatch``) and the time of its `COMMIT`
    ///     (``CouncilMetrics/fsyncDuration``) are recorded.
    init(pool: DatabasePool, maximumBatch: Int = 500, metrics: any MetricsFactory = MetricsSystem.factory) {
        self.pool = pool
        self.maximumBatch = maximumBatch
        self.batchSize = metrics.recorder(CouncilMetrics.groupCommitBatch)
        self.commitTime = metrics.timer(CouncilMetrics.fsyncDuration)
    }

    /// Runs `body` in the next transaction and returns its result once that transaction is committed.
    ///
    /// `committed` runs with the result right after the commit, before the write returns, on the writer: for the
    /// writes of one transaction in their order, so what it publishes follows the sequence.
    /// - Throws: what `body` throws (nothing of it is written), or the driver's error when the transaction failed.
    func write<T: Sendable>(
        _ body: @escaping @Sendable (Database) throws -> T, committed: @escaping @Sendable (T) -> Void = { _ in }
    ) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { db in
                    var value: T?
                    do {
                        try db.inSavepoint {
                            value = try body(db)
                            return .commit
                        }
                    } catch let refusal as CouncilError {
                        // Refused by the domain: the savepoint is rolled back and nothing of this write remains.
                        return { continuation.resume(throwing: refusal) }
                    }
                    let result = value!
                    return {
                        committed(result)
                        continuation.resume(returning: result)
                    }
                },
                fail: { continuation.resume(throwing: $0) })
            let startDrain = state.withLock { state -> Bool in
                state.queue.append(job)
                if state.draining { return false }
                state.draining = true
                return true
            }
            if startDrain { drain() }
        }
    }

    /// Returns once every write handed in so far has been committed or failed.
    func waitUntilIdle() async {
        await withCheckedContinuation { continuation in
            let idle = state.withLock { state -> Bool in
                if !state.draining { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// Commits batches on the writer connection until the queue is empty.
    private func drain() {
        pool.asyncWriteWithoutTransaction { [self] db in
            while true {
                let (batch, waiters) = state.withLock { state -> ([Job], [CheckedContinuation<Void, Never>]) in
                    let count = min(state.queue.count, maximumBatch)
                    let batch = Array(state.queue.prefix(count))
                    state.queue.removeFirst(count)
                    guard batch.isEmpty else { return (batch, []) }
                    state.draining = false
                    defer { state.idleWaiters.removeAll() }
                    return ([], state.idleWaiters)
                }
                if batch.isEmpty {
                    for waiter in waiters { waiter.resume() }
                    return
                }
                commit(batch, db)
            }
        }
    }

    private func commit(_ batch: [Job], _ db: Database) {
        var replies: [() -> Void] = []
        replies.reserveCapacity(batch.count)
        batchSize.record(batch.count)
        do {
            // The time from the end of the batch's writes to the return of its COMMIT: writing the log and fsync.
            var written = ContinuousClock.now
            try db.inTransaction(.immediate) {
                for job in batch { replies.append(try job.run(db)) }
                written = ContinuousClock.now
                return .commit
            }
            commitTime.record(duration: ContinuousClock.now - written)
            for reply in replies { reply() }
            return
        } catch {
            // Nothing of the batch was written. Alone, a write fails with the error; in company, each is retried
            // in a transaction of its own below, so the error reaches only the write that caused it.
            guard batch.count > 1 else { return batch[0].fail(Self.classified(error, db)) }
        }
        for job in batch {
            var reply: (() -> Void)?
            do {
                try db.inTransaction(.immediate) {
                    reply = try job.run(db)
                    return .commit
                }
            } catch {
                job.fail(Self.classified(error, db))
                continue
            }
            reply?()
        }
    }

    /// `error`, or `SQLITE_FULL` when it is an I/O error that the operating system reported as a full disk or an
    /// exhausted quota. SQLite itself says `SQLITE_FULL` only when a write runs out of room; an `fsync`, a
    /// truncation or the growth of the shared-memory file that does comes back as `SQLITE_IOERR_…`, and only the
    /// connection's last `errno`, read here on the writer before anything else runs on it, tells the two apart.
    static func classified(_ error: any Error, _ db: Database) -> any Error {
        guard let error = error as? DatabaseError, error.resultCode == .SQLITE_IOERR,
            let connection = db.sqliteConnection
        else { return error }
        return diskFull(ioError: error, systemErrno: sqlite3_system_errno(connection)) ?? error
    }

    /// `SQLITE_FULL` for an I/O error whose `errno` says the disk or the quota is full; `nil` otherwise.
    static func diskFull(ioError: DatabaseError, systemErrno: Int32) -> DatabaseError? {
        guard ioError.resultCode == .SQLITE_IOERR, systemErrno == ENOSPC || systemErrno == EDQUOT else { return nil }
        return DatabaseError(resultCode: .SQLITE_FULL, message: ioError.message)
    }
}
