import CouncilKit
import Synchronization

/// Whether the store can write, as `check_health` reports it.
///
/// While calls write, their outcomes answer: the store's ``CaseStore/lastWrite`` has moved since the previous look,
/// and its most recent write either succeeded or failed for want of storage. While nothing is written — a quiet
/// night, or a store that refused every write so clients stopped sending — a probe write finds out
/// (``CaseStore/probeWrite()``), at most once per ``probeInterval`` however often health is asked, so a full disk is
/// reported and its end noticed without writing once per health call.
public final class WriteHealth: Sendable {
    /// The least time between two probe writes. Default 10 s.
    public let probeInterval: Duration
    private let store: any CaseStore
    private let clock: any CouncilClock
    private let state = Mutex(State())

    private struct State {
        /// ``WriteOutcome/count`` at the previous look; `nil` before the first.
        var seen: UInt64?
        var lastProbe: Timestamp?
    }

    /// Creates a health check of `store`'s writes.
    /// - Parameters:
    ///   - store: The store.
    ///   - clock: The clock the probe interval runs on.
    ///   - probeInterval: The least time between two probe writes.
    public init(store: any CaseStore, clock: any CouncilClock, probeInterval: Duration = .seconds(10)) {
        self.store = store
        self.clock = clock
        self.probeInterval = probeInterval
    }

    /// Why the store cannot write now, or `nil` when it can.
    public func check() async -> CouncilError? {
        let outcome = store.lastWrite
        let now = clock.now()
        let probe = state.withLock { state -> Bool in
            defer { state.seen = outcome.count }
            if let seen = state.seen, seen != outcome.count { return false }
            if let last = state.lastProbe, now < last.adding(probeInterval) { return false }
            state.lastProbe = now
            return true
        }
        guard probe else { return outcome.failure }
        let failure: CouncilError?
        do {
            try await store.probeWrite()
            failure = nil
        } catch let error as CouncilError where WriteOutcome.isStorageFailure(error) {
            failure = error
        } catch {
            failure = CouncilError(.storageUnavailable, "could not check that the store can write")
        }
        let after = store.lastWrite.count
        state.withLock { $0.seen = after }
        return failure
    }
}
