import CouncilKit
import Logging
import ServiceLifecycle

/// Follows the store's event sequence and hands every new event to the live watch streams.
///
/// It hears this node's commits from the store's ``CommitSignal`` and passes their events on as they are, without
/// reading them back. It reads the store only for what it did not hear: commits of other nodes on the same database
/// (which a PostgreSQL store announces), a gap in what it heard, and, every poll interval, whatever may have come
/// unannounced. Subscribers receive batches in sequence order, without gaps.
public actor EventFeed: Service {
    private let store: any CaseStore
    private let pollInterval: Duration
    private let clock: any SleepingClock
    private let logger: Logger
    private var position: Int64?
    private var subscribers: [Int: AsyncStream<[CaseEvent]>.Continuation] = [:]
    private var nextSubscriber = 0

    /// Creates a feed.
    /// - Parameters:
    ///   - store: The store whose events to follow.
    ///   - pollInterval: How often to look for events committed unannounced. Default 1 s.
    ///   - clock: The clock the poll interval runs on.
    ///   - logger: Where failures to read the store are logged.
    public init(
        store: any CaseStore, pollInterval: Duration = .seconds(1), clock: any SleepingClock = SystemClock(), logger: Logger
    ) {
        self.store = store
        self.pollInterval = pollInterval
        self.clock = clock
        self.logger = logger
    }

    /// A stream of the event batches committed after this call (and possibly a few before: filter by sequence).
    ///
    /// Read the store's backlog after subscribing: every event the backlog does not hold comes on the stream. For that
    /// the feed must know where it stands before it answers; otherwise a feed that starts late would begin past events
    /// committed between the caller's backlog read and its own start, and never pass them on.
    /// - Throws: ``CouncilError/Code/storageUnavailable`` when the feed has no position yet and the store cannot say
    ///   where it stands.
    func subscribe() async throws -> (id: Int, events: AsyncStream<[CaseEvent]>) {
        try await startIfNeeded()
        let (stream, continuation) = AsyncStream.makeStream(of: [CaseEvent].self)
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        return (id, stream)
    }

    /// Stops delivering to a subscriber.
    func unsubscribe(_ id: Int) {
        subscribers.removeValue(forKey: id)?.finish()
    }

    /// Follows the store until cancelled or shut down gracefully; then ends every subscription.
    public func run() async throws {
        let commits = store.commits.subscribe()
        defer {
            commits.cancel()
            for continuation in subscribers.values { continuation.finish() }
            subscribers.removeAll()
        }
        await cancelWhenGracefulShutdown {
            await self.follow(commits)
        }
    }

    private func follow(_ commits: CommitSubscription) async {
        while !Task.isCancelled {
            do { try await startIfNeeded() } catch { logger.warning("reading the latest sequence failed") }
            let heard = await commits.next(timeout: pollInterval, clock: clock)
            if Task.isCancelled { return }  // shutting down: nothing to read, nobody to tell
            take(heard)
            if needsRead { await readNewEvents() }
        }
    }

    /// Sets the position the feed starts from, the store's latest event, unless it has one: a position is never
    /// moved back by a read that finished after another.
    private func startIfNeeded() async throws {
        guard position == nil else { return }
        let latest = try await store.latestSequence()
        if position == nil { position = latest }
    }

    /// Whether the store holds events the feed did not hear of.
    private var needsRead = false

    /// Passes on the events heard, when they follow the last one passed on; otherwise (or after a poll interval of
    /// silence) the store is to be read.
    private func take(_ commits: [Commit]) {
        guard let start = position else {
            needsRead = true
            return
        }
        guard let heard = HeardCommits(commits, after: start) else {
            needsRead = true
            return
        }
        needsRead = false
        deliver(heard.events)
    }

    private func deliver(_ events: [CaseEvent]) {
        guard let last = events.last else { return }
        position = last.sequence
        for continuation in subscribers.values { continuation.yield(events) }
    }

    private func readNewEvents() async {
        do {
            try await startIfNeeded()
            while let after = position {
                let events = try await store.events(after: after, limit: 500)
                deliver(events)
                if events.count < 500 { break }
            }
            needsRead = false
        } catch {
            if Task.isCancelled { return }
            logger.warning("reading the changes feed failed", metadata: ["error": "\(error)"])
        }
    }
}
