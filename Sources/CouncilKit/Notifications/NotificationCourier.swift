import Logging
import Metrics
import ServiceLifecycle

/// Follows the changes feed and delivers every notification the routing calls for, surviving crashes and restarts
/// (通知投递).
///
/// Each registered notifier is a channel with its own durable ``NotificationCursor`` in the store, so a slow or
/// failing webhook never holds back text messages. A channel reads events after its cursor in sequence order, builds
/// the notifications with ``NotificationRouter`` and delivers them one by one:
///
/// * **Retries.** A retryable failure is tried again after an exponential backoff with jitter, up to
///   ``Configuration/maximumAttempts``; then, or at once for a permanent failure, a ``DeadLetter`` is written that
///   ``deadLetters(channel:community:states:)`` lists and ``replay(_:)`` delivers again.
/// * **Nothing lost.** The cursor moves only after every notification of the events before it was delivered or
///   dead-lettered, with an optimistic version, so two couriers on one database never move it twice from the
///   same place. A crash or cancellation at any point means at most a repeat of the notifications after the
///   cursor — within the ``Notifier`` contract (at-least-once, idempotent on the id).
/// * **Order per case.** Events are delivered in sequence order, which is each case's version order. The price: a
///   failing notification holds back its channel for at most its retry budget before it is dead-lettered.
/// * **Prompt, and quiet when idle.** A channel hears this process's writes on the store's ``CaseStore/commits`` and
///   delivers their events as committed, without reading them back; it reads the store for what it did not hear
///   (other processes' commits) and, when idle, once every ``Configuration/pollInterval``.
///
/// Run it in a `ServiceGroup`; it ends on graceful shutdown or cancellation. Time comes from the injected
/// ``SleepingClock``: with a ``ManualClock``, tests advance time instead of sleeping.
///
/// ```swift
/// let courier = try NotificationCourier(
///     store: store, router: NotificationRouter(routing: routing, directory: directory, calendar: calendar),
///     notifiers: ["log": LogNotifier(), "webhook": webhook])
/// let group = ServiceGroup(services: [courier, DeadlineMonitor(service: service)], logger: logger)
/// try await group.run()
/// ```
public final class NotificationCourier: Service {
    /// Delivery options.
    public struct Configuration: Sendable {
        /// Where a channel without a cursor starts.
        public enum StartPosition: String, Sendable, Codable {
            /// With the first event: every case's history is notified.
            case beginning
            /// After the last event stored when the channel first runs.
            case latest
        }

        /// How long an idle channel that hears no commit waits before reading the store. Defaults to 1 second.
        public var pollInterval: Duration
        /// How many events a channel reads at a time. Defaults to 100.
        public var batchSize: Int
        /// How many times a notification is tried before it is dead-lettered. Defaults to 8.
        public var maximumAttempts: Int
        /// The wait before the first retry; each further retry waits twice as long. Defaults to 1 second.
        public var initialBackoff: Duration
        /// The longest wait between retries. Defaults to 5 minutes.
        public var maximumBackoff: Duration
        /// The fraction of each backoff taken off at random, 0–1, so many couriers do not retry in step.
        /// Defaults to 0.2.
        public var jitter: Double
        /// Where a channel without a cursor starts. Defaults to ``StartPosition/beginning``.
        public var startPosition: StartPosition

        /// Creates the default configuration.
        public init() {
            self.pollInterval = .seconds(1)
            self.batchSize = 100
            self.maximumAttempts = 8
            self.initialBackoff = .seconds(1)
            self.maximumBackoff = .seconds(300)
            self.jitter = 0.2
            self.startPosition = .beginning
        }

        /// The wait before retry number `attempt` (1 for the first retry), before jitter.
        public func backoff(before attempt: Int) -> Duration {
            let doublings = max(0, min(attempt - 1, 30))
            let wait = initialBackoff * (1 << doublings)
            return min(wait, maximumBackoff)
        }
    }

    /// Where events, cursors and dead letters are kept.
    public let store: any CaseStore
    /// Builds notifications from events, as it stands now: each event is routed by the router in force when it is
    /// handled, so a directory replaced while the courier runs names the recipients of every later event.
    public var router: NotificationRouter { currentRouter() }
    /// The notifiers by channel name.
    public let notifiers: [String: any Notifier]
    /// Delivery options.
    public let configuration: Configuration
    private let currentRouter: @Sendable () -> NotificationRouter
    private let clock: any SleepingClock
    private let logger: Logger
    private let progress: ProgressBoard
    private let delivered: [String: Counter]

    /// Creates a courier.
    ///
    /// - Parameters:
    ///   - store: The store whose changes feed is followed and where cursors and dead letters are kept.
    ///   - router: The routing rules, templates and directory.
    ///   - notifiers: The notifiers by channel name, as the routing rules name them.
    ///   - configuration: Delivery options.
    ///   - clock: The clock to sleep on and to date records by; inject a ``ManualClock`` in tests.
    ///   - logger: Where progress, retries and dead letters are logged, never with personal data.
    ///   - metrics: Where deliveries are counted by channel (``CouncilMetrics/notificationsDelivered``); the backlog
    ///     and the dead letters are in ``progress()``.
    /// - Throws: ``CouncilError/Code/invalidArgument`` when the routing names a channel, unit, person or community
    ///   that does not exist, a template is malformed, or the configuration is out of range.
    public convenience init(
        store: any CaseStore, router: NotificationRouter, notifiers: [String: any Notifier],
        configuration: Configuration = Configuration(), clock: any SleepingClock = SystemClock(),
        logger: Logger = Logger(label: "council.notifications"), metrics: any MetricsFactory = MetricsSystem.factory
    ) throws {
        try self.init(
            store: store, currentRouter: { router }, notifiers: notifiers, configuration: configuration, clock: clock, logger: logger,
            metrics: metrics)
    }

    /// Creates a courier whose router can change while it runs: `currentRouter` is asked for each event handled.
    ///
    /// A server whose directory is replaced while it runs passes a closure returning the router over its current
    /// directory; it checks each new directory against the routing (``NotificationRouting/validate(channels:directory:)``)
    /// before putting it in force.
    /// - Parameters:
    ///   - store: The store whose changes feed is followed and where cursors and dead letters are kept.
    ///   - currentRouter: The router now in force: the routing rules, templates and directory.
    ///   - notifiers: The notifiers by channel name, as the routing rules name them.
    ///   - configuration: Delivery options.
    ///   - clock: The clock to sleep on and to date records by; inject a ``ManualClock`` in tests.
    ///   - logger: Where progress, retries and dead letters are logged, never with personal data.
    ///   - metrics: Where deliveries are counted by channel (``CouncilMetrics/notificationsDelivered``); the backlog
    ///     and the dead letters are in ``progress()``.
    /// - Throws: ``CouncilError/Code/invalidArgument`` when the routing of the router now in force names a channel,
    ///   unit, person or community that does not exist, a template is malformed, or the configuration is out of range.
    public init(
        store: any CaseStore, currentRouter: @escaping @Sendable () -> NotificationRouter, notifiers: [String: any Notifier],
        configuration: Configuration = Configuration(), clock: any SleepingClock = SystemClock(),
        logger: Logger = Logger(label: "council.notifications"), metrics: any MetricsFactory = MetricsSystem.factory
    ) throws {
        let router = currentRouter()
        try router.routing.validate(channels: Set(notifiers.keys), directory: router.directory)
        guard configuration.maximumAttempts >= 1 else {
            throw CouncilError.invalid("configuration.maximumAttempts", "at least one attempt is needed")
        }
        guard (1...1000).contains(configuration.batchSize) else {
            throw CouncilError.invalid("configuration.batchSize", "the batch size must be between 1 and 1000")
        }
        guard (0.0...1.0).contains(configuration.jitter) else {
            throw CouncilError.invalid("configuration.jitter", "jitter must be between 0 and 1")
        }
        for channel in notifiers.keys { try Validate.code(channel, "notifiers") }
        self.store = store
        self.currentRouter = currentRouter
        self.notifiers = notifiers
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.progress = ProgressBoard(channels: notifiers.keys)
        self.delivered = Dictionary(
            uniqueKeysWithValues: notifiers.keys.map { ($0, metrics.counter(CouncilMetrics.notificationsDelivered, $0)) })
    }

    /// Delivers until graceful shutdown or cancellation; one task per channel.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for (channel, notifier) in self.notifiers {
                    group.addTask { await self.runChannel(channel, notifier) }
                }
            }
        }
    }

    /// Returns once every channel of this courier has handled the event with `sequence` (delivered or
    /// dead-lettered every notification of it and of the events before it), or when the task is cancelled.
    public func waitUntilHandled(through sequence: Int64) async {
        await progress.wait(through: sequence)
    }

    /// The channel's cursor as stored: the last event it fully handled, 0 before the first.
    /// - Throws: ``CouncilError/Code/notFound`` for a channel that is not registered.
    public func cursor(of channel: String) async throws -> Int64 {
        guard notifiers[channel] != nil else { throw CouncilError.notFound("no notifier is registered as \"\(channel)\"") }
        return try await store.fetch(NotificationCursor.self, id: channel)?.record.sequence ?? 0
    }

    /// How far each channel has got through the changes feed, and what it gave up on: what an operator looks at
    /// when notifications seem late. Read from the store, so it counts every courier on the same database.
    /// - Returns: The newest sequence number and every registered channel, by name.
    /// - Throws: ``CouncilError/Code/storageUnavailable`` when the store cannot be read.
    public func progress() async throws -> NotificationProgress {
        let latest = try await store.latestSequence()
        let pending = Dictionary(grouping: try await deadLetters(), by: \.channel)
        var channels: [ChannelProgress] = []
        for channel in notifiers.keys.sorted() {
            let handled = try await cursor(of: channel)
            channels.append(
                ChannelProgress(
                    channel: channel, handledThrough: handled, backlog: max(0, latest - handled),
                    pendingDeadLetters: pending[channel]?.count ?? 0))
        }
        return NotificationProgress(latestSequence: latest, channels: channels)
    }

    // MARK: The channel loop

    private struct Position {
        var sequence: Int64
        var version: Int
    }

    private func runChannel(_ channel: String, _ notifier: any Notifier) async {
        // Subscribed before the first read, so no commit falls between what is read and what is heard.
        let commits = store.commits.subscribe()
        defer { commits.cancel() }
        var position: Position?
        var heard: HeardCommits?
        var failures = 0
        while !Task.isCancelled {
            do {
                var current: Position
                if let position { current = position } else { current = try await loadCursor(channel) }
                position = current
                let events: [CaseEvent]
                if let heard, heard.events.first?.sequence == current.sequence + 1 {
                    events = heard.events  // this process's commits, as written: nothing to read back
                } else {
                    events = try await store.events(after: current.sequence, limit: configuration.batchSize)
                }
                failures = 0
                if events.isEmpty {
                    progress.update(channel, to: current.sequence)
                    heard = HeardCommits(await commits.next(timeout: configuration.pollInterval, clock: clock), after: current.sequence)
                    continue
                }
                for (index, event) in events.enumerated() {
                    let sent = try await handle(event, knownState: heard?.state(after: event), channel: channel, notifier: notifier)
                    guard sent > 0 || index == events.count - 1 else { continue }
                    current = try await advance(channel, from: current, to: event.sequence)
                    position = current
                    progress.update(channel, to: current.sequence)
                    if current.sequence > event.sequence { break }  // another courier is ahead: read on from there
                }
                heard = nil
            } catch {
                if Task.isCancelled { return }
                failures += 1
                position = nil
                heard = nil
                logger.error(
                    "notification channel failed; retrying", metadata: ["channel": "\(channel)", "error": "\(loggableSummary(of: error))"])
                do { try await clock.sleep(for: configuration.backoff(before: failures)) } catch { return }
            }
        }
    }

    private func loadCursor(_ channel: String) async throws -> Position {
        while true {
            if let stored = try await store.fetch(NotificationCursor.self, id: channel) {
                return Position(sequence: stored.record.sequence, version: stored.version)
            }
            guard configuration.startPosition == .latest else { return Position(sequence: 0, version: 0) }
            let start = try await store.latestSequence()
            do {
                let version = try await store.save(
                    NotificationCursor(channel: channel, sequence: start, updatedAt: clock.now()), expectedVersion: 0)
                return Position(sequence: start, version: version)
            } catch let error as CouncilError where error.code == .versionConflict {
                continue  // another courier created it first
            }
        }
    }

    /// Moves the cursor to `sequence` unless it is there already; adopts another courier's position when it is
    /// further.
    private func advance(_ channel: String, from position: Position, to sequence: Int64) async throws -> Position {
        var current = position
        while current.sequence < sequence {
            do {
                let version = try await store.save(
                    NotificationCursor(channel: channel, sequence: sequence, updatedAt: clock.now()),
                    expectedVersion: current.version)
                return Position(sequence: sequence, version: version)
            } catch let error as CouncilError where error.code == .versionConflict {
                let stored = try await store.fetch(NotificationCursor.self, id: channel)
                current = Position(sequence: stored?.record.sequence ?? 0, version: stored?.version ?? 0)
            }
        }
        return current
    }

    /// Delivers or dead-letters every notification of `event` on `channel`; returns how many there were.
    /// `knownState` is the case right after the event when the commit told it; otherwise it is read.
    private func handle(_ event: CaseEvent, knownState: CouncilCase?, channel: String, notifier: any Notifier) async throws -> Int {
        let router = self.router
        let rules = router.routing.rules.filter { $0.channel == channel }
        guard rules.contains(where: { $0.topics.isEmpty || $0.topics.contains(event.change.topic) || $0.topics.contains(event.change.kind) })
        else { return 0 }
        var state = knownState
        if state == nil { state = try await self.state(after: event) }
        guard let state else { return 0 }
        let notifications = try await notifications(for: event, of: state, channel: channel, router: router)
        for notification in notifications {
            try await deliver(notification, via: notifier)
        }
        return notifications.count
    }

    /// Delivers with retries; writes a dead letter when the attempts are used up or the failure is permanent.
    /// - Throws: `CancellationError` when cancelled; a store error when the dead letter cannot be written.
    private func deliver(_ notification: CaseNotification, via notifier: any Notifier) async throws {
        var attempt = 1
        while true {
            var current = notification
            current.attempt = attempt
            do {
                try await notifier.deliver(current)
                delivered[current.channel]?.increment()
                logger.debug("notification delivered", metadata: current.logMetadata)
                return
            } catch {
                if Task.isCancelled { throw CancellationError() }
                let failure = error as? NotificationError ?? .retryable(loggableSummary(of: error))
                if failure.isPermanent || attempt >= configuration.maximumAttempts {
                    try await bury(current, attempts: attempt, failure: failure)
                    return
                }
                var metadata = current.logMetadata
                metadata["error"] = "\(failure)"
                logger.notice("notification failed; will retry", metadata: metadata)
                try await clock.sleep(for: jittered(configuration.backoff(before: attempt)))
                attempt += 1
            }
        }
    }

    private func jittered(_ wait: Duration) -> Duration {
        guard configuration.jitter > 0 else { return wait }
        return wait * (1 - configuration.jitter * Double.random(in: 0..<1))
    }

    /// Writes (or updates) the dead letter for `notification`.
    private func bury(_ notification: CaseNotification, attempts: Int, failure: NotificationError) async throws {
        let now = clock.now()
        var metadata = notification.logMetadata
        metadata["error"] = "\(failure)"
        logger.warning("notification dead-lettered", metadata: metadata)
        while true {
            if let existing = try await store.fetch(DeadLetter.self, id: notification.id) {
                var letter = existing.record
                guard letter.state == .pending else { return }  // an operator dealt with it already
                letter.attempts += attempts
                letter.lastError = failure.description
                letter.permanent = failure.isPermanent
                letter.updatedAt = now
                do {
                    try await store.save(letter, expectedVersion: existing.version)
                    return
                } catch let error as CouncilError where error.code == .versionConflict { continue }
            }
            let letter = DeadLetter(
                id: notification.id, channel: notification.channel, sequence: notification.event.sequence,
                caseID: notification.event.caseID, caseNumber: notification.caseNumber, community: notification.community,
                topic: notification.topic, recipientKind: notification.recipient.kind, recipientID: notification.recipient.id,
                attempts: attempts, lastError: failure.description, permanent: failure.isPermanent, createdAt: now,
                updatedAt: now)
            do {
                try await store.save(letter, expectedVersion: 0)
                return
            } catch let error as CouncilError where error.code == .versionConflict { continue }
        }
    }

    func clockNow() -> Timestamp { clock.now() }

    /// The notifications of `event` on `channel`, with what the router needs from the store: the merged duplicates
    /// and the linked leader, read only when a matching rule reaches them.
    func notifications(
        for event: CaseEvent, of state: CouncilCase, channel: String, router: NotificationRouter
    ) async throws -> [CaseNotification] {
        let rules = router.routing.rules.filter { $0.channel == channel && $0.matches(event, of: state) }
        var duplicates: [CouncilCase] = []
        if rules.contains(where: { $0.recipients.contains(.duplicateSubmitters) }) {
            var query = CaseQuery(master: state.id, order: .oldestFirst, limit: CaseQuery.maximumLimit)
            repeat {
                let page = try await store.find(query)
                duplicates += page.cases
                query.cursor = page.nextCursor
            } while query.cursor != nil
        }
        var leader: String?
        if rules.contains(where: { $0.recipients.contains(.linkedLeader) }) {
            leader = try await linkedLeader(of: state, at: event.occurredAt, calendar: router.calendar)
        }
        return router.notifications(for: event, of: state, duplicates: duplicates, linkedLeader: leader, channel: channel)
    }

    /// The leader whose recorded link (包联) to the case's community was active on the day of `time`: the one linked
    /// last, or `nil` when there is none.
    func linkedLeader(of state: CouncilCase, at time: Timestamp, calendar: WorkCalendar) async throws -> String? {
        let day = calendar.localDate(of: time)
        return try await store.all(Link.self, community: state.community).map(\.record)
            .filter { $0.kind == .leaderCommunity && $0.target == state.community && $0.isActive(on: day) }
            .max { ($0.start, $1.id) < ($1.start, $0.id) }?.holder
    }

    /// The case as it stood right after `event`, so a message about an old event — a backlog, a replay — names the
    /// unit, result and due time of that moment. The stored state serves when no event has followed.
    func state(after event: CaseEvent) async throws -> CouncilCase? {
        guard let current = try await store.fetch(event.caseID) else { return nil }
        if current.version == event.version { return current }
        let history = try await store.history(of: event.caseID).filter { $0.version <= event.version }
        return try CouncilCase.replaying(history, number: current.number)
    }
}
