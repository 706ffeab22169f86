import Metrics
import Synchronization

/// What a store saw of its own writes: how many have ended, and whether the most recent one failed for want of
/// storage.
///
/// A health check reads it (``CaseStore/lastWrite``) before it decides to make a probe write
/// (``CaseStore/probeWrite()``): while calls write, their outcomes say whether writing works, and nothing more has to
/// be written to find out.
public struct WriteOutcome: Hashable, Sendable {
    /// How many writes have ended since the store opened, whether they succeeded or failed. Probe writes count.
    public var count: UInt64
    /// The storage failure that ended the most recent write: ``CouncilError/Code/storageFull`` or
    /// ``CouncilError/Code/storageUnavailable``. `nil` when it succeeded, or when the domain refused it (a version
    /// conflict, say), which shows the store working.
    public var failure: CouncilError?

    /// Creates an outcome; the default is a store that has not written yet.
    public init(count: UInt64 = 0, failure: CouncilError? = nil) {
        self.count = count
        self.failure = failure
    }

    /// Whether `error` says the store could not write, rather than that the domain refused the write.
    public static func isStorageFailure(_ error: any Error) -> Bool {
        guard let error = error as? CouncilError else { return false }
        return error.code == .storageFull || error.code == .storageUnavailable
    }
}

/// Keeps a store's ``WriteOutcome`` up to date; a store wraps each of its writes in ``recording(_:)``.
///
/// It also records each write's time to its commit (``CouncilMetrics/commitDuration``) and counts the writes that
/// failed for want of storage (``CouncilMetrics/writeFailures``).
public final class WriteOutcomeRecorder: Sendable {
    private let outcome = Mutex(WriteOutcome())
    private let duration: CoreMetrics.Timer
    private let full: Counter
    private let unavailable: Counter

    /// Creates a recorder for a store that has not written yet.
    /// - Parameters:
    ///   - store: The store's kind, the `store` label of its metrics: `sqlite`, `postgres`, `memory`.
    ///   - metrics: Where its metrics are recorded.
    public init(store: String, metrics: any MetricsFactory = MetricsSystem.factory) {
        duration = metrics.timer(CouncilMetrics.commitDuration, store)
        full = metrics.counter(CouncilMetrics.writeFailures, "\(CouncilError.Code.storageFull)")
        unavailable = metrics.counter(CouncilMetrics.writeFailures, "\(CouncilError.Code.storageUnavailable)")
    }

    /// The outcome of the most recent write.
    public var current: WriteOutcome { outcome.withLock { $0 } }

    /// Runs one write and records how it ended.
    ///
    /// A write that ends while its task is cancelled is not recorded: its failure says nothing about the store.
    public func recording<T>(_ write: () async throws -> T) async throws -> T {
        let start = ContinuousClock.now
        do {
            let value = try await write()
            record(nil)
            duration.record(duration: ContinuousClock.now - start)
            return value
        } catch {
            if !Task.isCancelled { record(WriteOutcome.isStorageFailure(error) ? error as? CouncilError : nil) }
            throw error
        }
    }

    /// Runs one synchronous write and records how it ended.
    public func recordingSynchronously<T>(_ write: () throws -> T) throws -> T {
        let start = ContinuousClock.now
        do {
            let value = try write()
            record(nil)
            duration.record(duration: ContinuousClock.now - start)
            return value
        } catch {
            record(WriteOutcome.isStorageFailure(error) ? error as? CouncilError : nil)
            throw error
        }
    }

    private func record(_ failure: CouncilError?) {
        switch failure?.code {
        case .storageFull?: full.increment()
        case .storageUnavailable?: unavailable.increment()
        default: break
        }
        outcome.withLock { outcome in
            outcome.count &+= 1
            outcome.failure = failure
        }
    }
}
