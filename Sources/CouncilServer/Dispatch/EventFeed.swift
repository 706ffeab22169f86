import CouncilKit
import Logging
import ServiceLifecycle

/// Follows the store's event sequence and hands every new event to the live watch streams.
///
/// It reads the changes feed whenever this node commits something (``poke()``) and at least every poll interval,
/// so events committed by other nodes on the same database reach this node's watchers too, at most one interval
/// late. Subscribers receive batches in sequence order, without gaps.
public actor EventFeed: Service {
    private let store: any CaseStore
    private let pollInterval: Duration
    private let logger: Logger
    private var position: Int64?
    private var subscribers: [Int: AsyncStream<[CaseEvent]>.Continuation] = [:]
    private var nextSubscriber = 0
    private nonisolated let doorbell = Doorbell()

    /// Creates a feed.
    /// - Parameters:
    ///   - store: The store whose events to follow.
    ///   - pollInterval: How often to look for events committed elsewhere. Default 250 ms.
    ///   - logger: Where failures to read the store are logged.
    public init(store: any CaseStore, pollInterval: Duration = .milliseconds(250), logger: Logger) {
        self.store = store
        self.pollInterval = pollInterval
        self.logger = logger
    }

    /// Tells the feed that something was committed, so it reads the store now.
    public nonisolated func poke() {
        doorbell.ring()
    }

    /// A stream of the event batches committed after this call (and possibly a few before: filter by sequence).
    func subscribe() -> (id: Int, events: AsyncStream<[CaseEvent]>) {
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
        defer {
            for continuation in subscribers.values { continuation.finish() }
            subscribers.removeAll()
        }
        await cancelWhenGracefulShutdown {
            await self.follow()
        }
    }

    private func follow() async {
        while !Task.isCancelled {
            await readNewEvents()
            await doorbell.wait(upTo: pollInterval)
        }
    }

    private func readNewEvents() async {
        do {
            if position == nil { position = try await store.latestSequence() }
            while let after = position {
                let events = try await store.events(after: after, limit: 500)
                guard let last = events.last else { break }
                position = last.sequence
                for continuation in subscribers.values { continuation.yield(events) }
                if events.count < 500 { break }
            }
        } catch {
            logger.warning("reading the changes feed failed", metadata: ["error": "\(error)"])
        }
    }
}
