import Foundation
import Synchronization

/// An instant, to the millisecond, as stored in events and carried on the wire.
///
/// Cases compare and round-trip exactly through every store because a timestamp is a whole number of
/// milliseconds since 1970-01-01T00:00:00Z, not a floating-point `Date`.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSince1970: Int64

    /// Creates a timestamp from milliseconds since 1970-01-01T00:00:00Z.
    public init(millisecondsSince1970: Int64) {
        self.millisecondsSince1970 = millisecondsSince1970
    }

    /// Creates a timestamp from a `Date`, truncated to the millisecond.
    public init(_ date: Date) {
        self.millisecondsSince1970 = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The same instant as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(millisecondsSince1970) / 1000) }

    /// The instant `seconds` later (earlier when negative).
    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(millisecondsSince1970: millisecondsSince1970 + seconds * 1000)
    }

    /// The instant `hours` later (earlier when negative).
    public func adding(hours: Int) -> Timestamp { adding(seconds: Int64(hours) * 3600) }

    /// The instant `milliseconds` later (earlier when negative).
    public func adding(milliseconds: Int64) -> Timestamp {
        Timestamp(millisecondsSince1970: millisecondsSince1970 + milliseconds)
    }

    /// The instant `duration` later (earlier when negative), to the millisecond.
    public func adding(_ duration: Duration) -> Timestamp {
        adding(milliseconds: duration.milliseconds)
    }

    /// The time from `earlier` to this instant.
    public func duration(since earlier: Timestamp) -> Duration {
        .milliseconds(millisecondsSince1970 - earlier.millisecondsSince1970)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSince1970 < rhs.millisecondsSince1970
    }

    /// ISO 8601 in UTC, for example `2026-11-29T01:30:00.000Z`.
    public var description: String {
        let ms = millisecondsSince1970
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = ms - seconds * 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let date = LocalDate(daysSince1970: Int(days))
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            date.year, date.month, date.day,
            Int(secondOfDay / 3600), Int(secondOfDay % 3600 / 60), Int(secondOfDay % 60), Int(millis))
    }

    public init(from decoder: any Decoder) throws {
        self.millisecondsSince1970 = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(millisecondsSince1970)
    }
}

/// The source of "now" for everything that depends on time: due times, overdue checks, event times.
///
/// Inject ``ManualClock`` in tests so nothing sleeps and every deadline is reproducible.
public protocol CouncilClock: Sendable {
    /// The current instant.
    func now() -> Timestamp
}

/// A clock services can also wait on: the courier's poll interval and retry backoff, the deadline monitor's scan
/// interval, a server's handshake, idle, frame-read and call-deadline timers.
///
/// Inject ``ManualClock`` in tests: its sleepers wake and its timers fire only when the test advances it, so nothing
/// waits for real.
public protocol SleepingClock: CouncilClock {
    /// Suspends the caller for `duration` of this clock's time.
    ///
    /// - Parameter duration: How long to wait; zero or negative returns at once.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    func sleep(for duration: Duration) async throws

    /// Runs `action` once `delay` of this clock's time has passed, unless the timer is cancelled first.
    ///
    /// The timer is set when this returns, so a test that advances a ``ManualClock`` right after cannot miss it.
    /// `action` runs on no particular thread and must not block.
    /// - Returns: The timer, to cancel.
    func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> ScheduledTimer
}

/// A timer set with ``SleepingClock/schedule(after:_:)``.
public final class ScheduledTimer: Sendable {
    private let cancelled = Atomic<Bool>(false)
    private let onCancel: @Sendable () -> Void

    /// Creates a timer; `onCancel` runs when it is cancelled, to forget it.
    public init(onCancel: @escaping @Sendable () -> Void = {}) {
        self.onCancel = onCancel
    }

    /// Stops the timer; its action does not run unless it has started already.
    public func cancel() {
        cancelled.store(true, ordering: .relaxed)
        onCancel()
    }

    /// Whether ``cancel()`` was called.
    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
}

/// The system's wall clock.
public struct SystemClock: SleepingClock {
    /// Creates the system clock.
    public init() {}

    public func now() -> Timestamp { Timestamp(Date()) }

    public func sleep(for duration: Duration) async throws {
        guard duration > .zero else { return try Task.checkCancellation() }
        try await Task.sleep(for: duration)
    }

    public func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> ScheduledTimer {
        // Dispatch keeps its closure until the deadline even when the timer is cancelled: the action, and whatever it
        // holds (a connection's pipeline), is let go at cancel instead.
        let pending = PendingAction(action)
        let timer = ScheduledTimer { pending.take() }
        let (seconds, attoseconds) = delay.components
        let nanoseconds = max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: nanoseconds))) {
            pending.take()?()
        }
        return timer
    }

    /// A timer's action until it runs or is cancelled, whichever comes first.
    private final class PendingAction: Sendable {
        private let action: Mutex<(@Sendable () -> Void)?>

        init(_ action: @escaping @Sendable () -> Void) {
            self.action = Mutex(action)
        }

        /// The action, once: later calls get `nil`.
        @discardableResult
        func take() -> (@Sendable () -> Void)? {
            action.withLock { action in
                defer { action = nil }
                return action
            }
        }
    }
}

/// A clock that moves only when told to; for tests and simulations.
///
/// Tasks sleeping on it wake, and timers set on it fire, when ``advance(seconds:)`` or ``set(_:)`` moves it past their
/// time, never by themselves; ``waitForSleepers(_:)`` and ``waitForTimers(_:)`` let a test wait until the code under
/// test has gone to sleep or armed a timer.
public final class ManualClock: SleepingClock, @unchecked Sendable {
    private struct Sleeper {
        var until: Timestamp
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct Watcher {
        var count: Int
        /// For a timer watcher: only timers due at or before this instant count.
        var dueBy: Timestamp? = nil
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct Timer {
        var until: Timestamp
        var action: @Sendable () -> Void
    }

    private let lock = NSLock()
    private var current: Timestamp
    private var sleepers: [UInt64: Sleeper] = [:]
    private var timers: [UInt64: Timer] = [:]
    private var watchers: [Watcher] = []
    private var timerWatchers: [Watcher] = []
    private var nextSleeper: UInt64 = 0

    /// Creates a clock that reads `start` until advanced.
    public init(_ start: Timestamp) {
        self.current = start
    }

    public func now() -> Timestamp {
        lock.withLock { current }
    }

    /// Moves the clock forward by `seconds`, waking every sleeper and firing every timer whose time has come.
    public func advance(seconds: Int64) {
        advance(milliseconds: seconds * 1000)
    }

    /// Moves the clock forward by `milliseconds`, waking every sleeper and firing every timer whose time has come.
    public func advance(milliseconds: Int64) {
        let (woken, fired) = lock.withLock {
            current = current.adding(milliseconds: milliseconds)
            return (takeDueSleepers(), takeDueTimers())
        }
        for continuation in woken { continuation.resume() }
        for action in fired { action() }
    }

    /// Moves the clock forward by `duration`.
    public func advance(by duration: Duration) {
        advance(milliseconds: duration.milliseconds)
    }

    /// Moves the clock forward by `hours`.
    public func advance(hours: Int) { advance(seconds: Int64(hours) * 3600) }

    /// Moves the clock forward by `days` of 24 hours.
    public func advance(days: Int) { advance(seconds: Int64(days) * 86_400) }

    /// Sets the clock to `instant`, waking every sleeper whose time has come.
    public func set(_ instant: Timestamp) {
        let (woken, fired) = lock.withLock {
            current = instant
            return (takeDueSleepers(), takeDueTimers())
        }
        for continuation in woken { continuation.resume() }
        for action in fired { action() }
    }

    /// How many tasks are sleeping on the clock now.
    public var sleeperCount: Int { lock.withLock { sleepers.count } }

    /// When the first sleeper wakes, or `nil` when nobody sleeps: lets a test see how long the code under test
    /// chose to wait.
    public var nextWakeUp: Timestamp? { lock.withLock { sleepers.values.map(\.until).min() } }

    /// How many timers are set and have not fired or been cancelled.
    public var timerCount: Int { lock.withLock { timers.count } }

    /// Returns once at least `count` timers are set, counting only those due at or before `dueBy` when it is given:
    /// the code under test has armed what the test is about to make fire.
    ///
    /// Prefer `dueBy` where other timers may be set (another connection's, a follower's poll): a bare count can be
    /// reached by them before the timer the test means is armed.
    public func waitForTimers(_ count: Int = 1, dueBy: Timestamp? = nil) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = lock.withLock {
                if timerCount(dueBy: dueBy) >= count { return true }
                timerWatchers.append(Watcher(count: count, dueBy: dueBy, continuation: continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// The timers set, only those due at or before `dueBy` when given. Call with the lock held.
    private func timerCount(dueBy: Timestamp?) -> Int {
        guard let dueBy else { return timers.count }
        return timers.values.count { $0.until <= dueBy }
    }

    public func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> ScheduledTimer {
        let milliseconds = delay.milliseconds
        let id = lock.withLock {
            nextSleeper += 1
            return nextSleeper
        }
        let timer = ScheduledTimer { [weak self] in
            guard let self else { return }
            _ = self.lock.withLock { self.timers.removeValue(forKey: id) }
        }
        guard milliseconds > 0 else {
            action()
            return timer
        }
        let ready = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            timers[id] = Timer(until: current.adding(milliseconds: milliseconds)) { if !timer.isCancelled { action() } }
            let isReady = { (watcher: Watcher) in watcher.count <= self.timerCount(dueBy: watcher.dueBy) }
            let ready = timerWatchers.filter(isReady)
            timerWatchers.removeAll(where: isReady)
            return ready.map(\.continuation)
        }
        for watcher in ready { watcher.resume() }
        return timer
    }


    /// Returns once at least `count` tasks are sleeping on the clock: the code under test has gone idle or is
    /// waiting out a backoff.
    public func waitForSleepers(_ count: Int = 1) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = lock.withLock {
                if sleepers.count >= count { return true }
                watchers.append(Watcher(count: count, continuation: continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        let milliseconds = duration.milliseconds
        guard milliseconds > 0 else { return }
        let id = lock.withLock {
            nextSleeper += 1
            return nextSleeper
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (immediate, ready) = lock.withLock { () -> (Bool, [CheckedContinuation<Void, Never>]) in
                    if Task.isCancelled { return (true, []) }
                    sleepers[id] = Sleeper(until: current.adding(milliseconds: milliseconds), continuation: continuation)
                    return (false, takeReadyWatchers())
                }
                if immediate { continuation.resume(throwing: CancellationError()) }
                for watcher in ready { watcher.resume() }
            }
        } onCancel: {
            let sleeper = lock.withLock { sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Removes and returns the sleepers due at `current`. Call with the lock held.
    private func takeDueSleepers() -> [CheckedContinuation<Void, any Error>] {
        let due = sleepers.filter { $0.value.until <= current }
        for id in due.keys { sleepers.removeValue(forKey: id) }
        return due.sorted { ($0.value.until, $0.key) < ($1.value.until, $1.key) }.map(\.value.continuation)
    }

    /// Removes and returns the actions of the timers due at `current`, earliest first. Call with the lock held.
    private func takeDueTimers() -> [@Sendable () -> Void] {
        let due = timers.filter { $0.value.until <= current }
        for id in due.keys { timers.removeValue(forKey: id) }
        return due.sorted { ($0.value.until, $0.key) < ($1.value.until, $1.key) }.map(\.value.action)
    }

    /// Removes and returns the watchers whose count of sleepers is reached. Call with the lock held.
    private func takeReadyWatchers() -> [CheckedContinuation<Void, Never>] {
        let ready = watchers.filter { $0.count <= sleepers.count }
        watchers.removeAll { $0.count <= sleepers.count }
        return ready.map(\.continuation)
    }
}

extension Duration {
    /// The duration in whole milliseconds, rounded toward zero.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
