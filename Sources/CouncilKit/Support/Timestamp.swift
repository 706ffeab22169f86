import Foundation

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

/// A clock services can also wait on: the dispatcher's poll interval and retry backoff, the deadline monitor's scan
/// interval.
///
/// Inject ``ManualClock`` in tests: its sleepers wake only when the test advances it, so nothing sleeps for real.
public protocol SleepingClock: CouncilClock {
    /// Suspends the caller for `duration` of this clock's time.
    ///
    /// - Parameter duration: How long to wait; zero or negative returns at once.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    func sleep(for duration: Duration) async throws
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
}

/// A clock that moves only when told to; for tests and simulations.
///
/// Tasks sleeping on it wake when ``advance(seconds:)`` or ``set(_:)`` moves it past their wake-up time, never by
/// themselves; ``waitForSleepers(_:)`` lets a test wait until the code under test has gone to sleep.
public final class ManualClock: SleepingClock, @unchecked Sendable {
    private struct Sleeper {
        var until: Timestamp
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct Watcher {
        var count: Int
        var continuation: CheckedContinuation<Void, Never>
    }

    private let lock = NSLock()
    private var current: Timestamp
    private var sleepers: [UInt64: Sleeper] = [:]
    private var watchers: [Watcher] = []
    private var nextSleeper: UInt64 = 0

    /// Creates a clock that reads `start` until advanced.
    public init(_ start: Timestamp) {
        self.current = start
    }

    public func now() -> Timestamp {
        lock.withLock { current }
    }

    /// Moves the clock forward by `seconds`, waking every sleeper whose time has come.
    public func advance(seconds: Int64) {
        let woken = lock.withLock {
            current = current.adding(seconds: seconds)
            return takeDueSleepers()
        }
        for continuation in woken { continuation.resume() }
    }

    /// Moves the clock forward by `hours`.
    public func advance(hours: Int) { advance(seconds: Int64(hours) * 3600) }

    /// Moves the clock forward by `days` of 24 hours.
    public func advance(days: Int) { advance(seconds: Int64(days) * 86_400) }

    /// Sets the clock to `instant`, waking every sleeper whose time has come.
    public func set(_ instant: Timestamp) {
        let woken = lock.withLock {
            current = instant
            return takeDueSleepers()
        }
        for continuation in woken { continuation.resume() }
    }

    /// How many tasks are sleeping on the clock now.
    public var sleeperCount: Int { lock.withLock { sleepers.count } }

    /// When the first sleeper wakes, or `nil` when nobody sleeps: lets a test see how long the code under test
    /// chose to wait.
    public var nextWakeUp: Timestamp? { lock.withLock { sleepers.values.map(\.until).min() } }

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
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
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

    /// Removes and returns the watchers whose count of sleepers is reached. Call with the lock held.
    private func takeReadyWatchers() -> [CheckedContinuation<Void, Never>] {
        let ready = watchers.filter { $0.count <= sleepers.count }
        watchers.removeAll { $0.count <= sleepers.count }
        return ready.map(\.continuation)
    }
}
