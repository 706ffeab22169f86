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

/// The system's wall clock.
public struct SystemClock: CouncilClock {
    /// Creates the system clock.
    public init() {}

    public func now() -> Timestamp { Timestamp(Date()) }
}

/// A clock that moves only when told to; for tests and simulations.
public final class ManualClock: CouncilClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Timestamp

    /// Creates a clock that reads `start` until advanced.
    public init(_ start: Timestamp) {
        self.current = start
    }

    public func now() -> Timestamp {
        lock.withLock { current }
    }

    /// Moves the clock forward by `seconds`.
    public func advance(seconds: Int64) {
        lock.withLock { current = current.adding(seconds: seconds) }
    }

    /// Moves the clock forward by `hours`.
    public func advance(hours: Int) { advance(seconds: Int64(hours) * 3600) }

    /// Moves the clock forward by `days` of 24 hours.
    public func advance(days: Int) { advance(seconds: Int64(days) * 86_400) }

    /// Sets the clock to `instant`.
    public func set(_ instant: Timestamp) {
        lock.withLock { current = instant }
    }
}
