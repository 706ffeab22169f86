import Synchronization

/// What a store committed, as it tells those who follow it.
public enum Commit: Hashable, Sendable {
    /// Written through this store in this process: the events as stored (with their sequence numbers) and the cases
    /// as they stand after them.
    case written(events: [CaseEvent], cases: [CouncilCase])
    /// Written by another process on the same database, up to `latestSequence` when it is known; the events are in
    /// the store. Also said to a subscriber that fell too far behind to be told each commit.
    case elsewhere(latestSequence: Int64?)
}

/// Carries every commit of a store to whoever follows it in this process: the live event feed, the notification
/// channels, the deadline monitor.
///
/// A store publishes each write once it is durable (``CaseStore/commits``), so followers learn of it without reading
/// back what was just written. Commits may reach a subscriber out of sequence order when several writers commit at
/// once; a subscriber that finds a gap reads the store, where every event below the newest one it heard of is.
///
/// Waiting is one mechanism for everyone: ``CommitSubscription/next(timeout:clock:)`` returns on a commit, or once a
/// timeout on an injected clock passes, so followers that also poll (for other nodes' commits) never sleep for real
/// in tests.
public final class CommitSignal: Sendable {
    private let subscribers = Mutex<[UInt64: CommitSubscription]>([:])
    private let nextID = Atomic<UInt64>(0)

    /// Creates a signal with no subscribers.
    public init() {}

    /// Tells every subscriber of `commit`.
    public func publish(_ commit: Commit) {
        let current = subscribers.withLock { Array($0.values) }
        for subscription in current { subscription.deliver(commit) }
    }

    /// A subscription to the commits published from now on. Cancel it when done: the signal keeps it, and what it
    /// has not taken, until then.
    public func subscribe() -> CommitSubscription {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let subscription = CommitSubscription(id: id) { [weak self] id in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = subscription }
        return subscription
    }

    /// How many subscriptions are open.
    public var subscriberCount: Int { subscribers.withLock { $0.count } }
}

/// One follower's commits: those published since it last asked, kept until it asks.
public final class CommitSubscription: Sendable {
    /// The most commits kept for a follower that does not ask; past it they collapse into one
    /// ``Commit/elsewhere(latestSequence:)``, and the follower reads the store.
    public static let maximumPending = 1024

    private struct State {
        var pending: [Commit] = []
        var waiter: CheckedContinuation<Void, Never>?
        var overflowed = false
        var cancelled = false
    }

    let id: UInt64
    private let state = Mutex(State())
    private let onCancel: @Sendable (UInt64) -> Void

    init(id: UInt64, onCancel: @escaping @Sendable (UInt64) -> Void) {
        self.id = id
        self.onCancel = onCancel
    }


    func deliver(_ commit: Commit) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.cancelled else { return nil }
            if state.overflowed {
                // Already collapsed: the follower will read the store.
            } else if state.pending.count >= Self.maximumPending {
                state.pending = [.elsewhere(latestSequence: nil)]
                state.overflowed = true
            } else {
                state.pending.append(commit)
            }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// The commits published since the last call: at once when there are any; otherwise when the next one is
    /// published, `timeout` of `clock`'s time passes (no timeout: only a commit), or the task is cancelled. Empty
    /// when it returns for the timeout or the cancellation.
    public func next(timeout: Duration?, clock: any SleepingClock) async -> [Commit] {
        if let ready = take() { return ready }
        let timer = Mutex<ScheduledTimer?>(nil)
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if !state.pending.isEmpty || state.cancelled || Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow {
                    continuation.resume()
                } else if let timeout {
                    timer.withLock { $0 = clock.schedule(after: timeout) { [self] in wake() } }
                }
            }
        } onCancel: {
            wake()
        }
        timer.withLock { $0?.cancel() }
        return take() ?? []
    }

    /// Stops the subscription: nothing more is kept, and a waiting ``next(timeout:clock:)`` returns.
    public func cancel() {
        state.withLock { $0.cancelled = true }
        wake()
        onCancel(id)
    }

    private func take() -> [Commit]? {
        state.withLock { state in
            guard !state.pending.isEmpty else { return nil }
            defer {
                state.pending.removeAll(keepingCapacity: true)
                state.overflowed = false
            }
            return state.pending
        }
    }

    private func wake() {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state.waiter = nil }
            return state.waiter
        }?.resume()
    }
}

/// What a follower heard: the events that come next for it, or word that it must read the store.
public struct HeardCommits: Sendable {
    /// The events after the follower's position, gapless and in sequence order; empty when nothing new was heard.
    public var events: [CaseEvent]
    /// The cases as they stand after those events, by id.
    public var cases: [CaseID: CouncilCase]

    /// Sorts out what a follower at `position` heard in `commits`.
    ///
    /// - Returns: The events that follow `position` without a gap, or `nil` when the store must be read: nothing was
    ///   heard (a poll interval passed), another process committed, or a commit in between has not been heard.
    public init?(_ commits: [Commit], after position: Int64) {
        guard !commits.isEmpty else { return nil }
        var heard: [CaseEvent] = []
        var cases: [CaseID: CouncilCase] = [:]
        for commit in commits {
            guard case .written(let events, let states) = commit else { return nil }
            heard += events.filter { $0.sequence > position }
            for state in states where state.version >= cases[state.id]?.version ?? 0 { cases[state.id] = state }
        }
        heard.sort { $0.sequence < $1.sequence }
        for (offset, event) in heard.enumerated() where event.sequence != position + 1 + Int64(offset) { return nil }
        self.events = heard
        self.cases = cases
    }

    /// The case as it stood right after `event`, when what was heard says so.
    public func state(after event: CaseEvent) -> CouncilCase? {
        guard let state = cases[event.caseID], state.version == event.version else { return nil }
        return state
    }
}
