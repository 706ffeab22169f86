import ArgumentParser
import CouncilAPI
import CouncilKit
import Foundation

/// Times as the hall reads them: China Standard Time, UTC+8, which has no daylight saving.
enum LocalTime {
    /// UTC+8 in seconds.
    static let offsetSeconds: Int64 = 8 * 3600

    private static func parts(_ instant: Timestamp) -> (date: LocalDate, hour: Int, minute: Int, second: Int, millisecond: Int) {
        let local = instant.millisecondsSince1970 + offsetSeconds * 1000
        let day = floorDivide(local, 86_400_000)
        let ofDay = local - day * 86_400_000
        return (LocalDate(daysSince1970: Int(day)), Int(ofDay / 3_600_000), Int(ofDay / 60_000 % 60), Int(ofDay / 1000 % 60), Int(ofDay % 1000))
    }

    /// `2026-11-29 09:30`, for people. Midnight is written as the end of the day before, `2026-11-29 24:00`, never as
    /// `2026-11-30 00:00`: a due time at midnight ends the last day to act on (当日24:00), as the notifications and
    /// public notices write it too. JSON (``iso(_:)``) keeps ISO 8601, `2026-11-30T00:00:00.000+08:00`.
    static func format(_ instant: Timestamp) -> String {
        let p = parts(instant)
        if p.hour == 0 && p.minute == 0 { return "\(p.date.adding(days: -1)) 24:00" }
        return "\(p.date) \(two(p.hour)):\(two(p.minute))"
    }

    /// `2026-11-29 09:30`, or `—` when absent.
    static func format(_ instant: Timestamp?) -> String { instant.map(format) ?? "—" }

    /// `2026-11-29T09:30:00.000+08:00`, for machines: ISO 8601 with the offset.
    static func iso(_ instant: Timestamp) -> String {
        let p = parts(instant)
        let millis = String(p.millisecond + 1000).dropFirst()
        return "\(p.date)T\(two(p.hour)):\(two(p.minute)):\(two(p.second)).\(millis)+08:00"
    }

    /// How long an interval is, roughly, for people: `3d 4h`, `5h 10m`, `12m`.
    static func span(milliseconds: Int64) -> String {
        let minutes = max(0, milliseconds) / 60_000
        let days = minutes / 1440, hours = minutes / 60 % 24, rest = minutes % 60
        if days > 0 { return hours > 0 ? "\(days)d \(hours)h" : "\(days)d" }
        if hours > 0 { return rest > 0 ? "\(hours)h \(rest)m" : "\(hours)h" }
        return "\(rest)m"
    }

    /// The instant a local wall-clock time names.
    static func instant(_ date: LocalDate, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) -> Timestamp {
        let seconds = Int64(date.daysSince1970) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - offsetSeconds
        return Timestamp(millisecondsSince1970: seconds * 1000 + Int64(millisecond))
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
}

/// A time given on the command line: `2026-12-01` (a day), `2026-12-01 18:00` or `2026-12-01T18:00:00` (UTC+8
/// unless it ends in `Z` or an offset such as `+08:00`; `24:00` is the end of the day), `now`, or a span from now:
/// `+30m`, `+12h`, `+3d`, `+2w`. "Now" is the server's (``ServerClock``).
enum TimeArgument: ExpressibleByArgument, Hashable, Sendable {
    /// An exact instant.
    case instant(Timestamp)
    /// A whole day; commands say whether they mean its start or its end.
    case day(LocalDate)
    /// A span from the server's now; `now` is 0.
    case fromNow(seconds: Int64)

    /// The instant: for a day, its start (00:00) or its end (24:00, the next day's start); for a span, from the
    /// server's now.
    func timestamp(endOfDay: Bool, clock: ServerClock) -> Timestamp {
        switch self {
        case .instant(let instant): return instant
        case .day(let date): return LocalTime.instant(endOfDay ? date.adding(days: 1) : date)
        case .fromNow(let seconds): return clock.now.adding(seconds: seconds)
        }
    }

    /// The instant when it does not count from now.
    func fixedTimestamp(endOfDay: Bool) -> Timestamp? {
        if case .fromNow = self { return nil }
        return timestamp(endOfDay: endOfDay, clock: ServerClock(now: Timestamp(millisecondsSince1970: 0)))
    }

    static let help = "TIME is 2026-12-01, '2026-12-01 18:00' (UTC+8 unless it ends in Z or +hh:mm), now, or +30m/+12h/+3d/+2w from now (the server's)"

    init?(argument: String) {
        guard let parsed = Self.parse(argument) else { return nil }
        self = parsed
    }

    static func parse(_ raw: String) -> TimeArgument? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text == "now" { return .fromNow(seconds: 0) }
        if text.hasPrefix("+"), let unit = text.last, let count = Int64(text.dropFirst().dropLast()), count >= 0 {
            let seconds: Int64
            switch unit {
            case "m": seconds = 60
            case "h": seconds = 3600
            case "d": seconds = 86_400
            case "w": seconds = 7 * 86_400
            default: return nil
            }
            return .fromNow(seconds: count * seconds)
        }
        guard text.count >= 10, let date = LocalDate(String(text.prefix(10))) else { return nil }
        var rest = Substring(text.dropFirst(10))
        if rest.isEmpty { return .day(date) }
        guard rest.first == "T" || rest.first == " " else { return nil }
        rest = rest.dropFirst()

        // Offset: Z, +hh:mm, -hh:mm, +hhmm; none means UTC+8.
        var offsetSeconds = LocalTime.offsetSeconds
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            offsetSeconds = 0
            rest = rest.dropLast()
        } else if let sign = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = rest[rest.index(after: sign)...].replacingOccurrences(of: ":", with: "")
            guard zone.count == 4, let hours = Int64(zone.prefix(2)), let minutes = Int64(zone.suffix(2)), hours < 24, minutes < 60 else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (rest[sign] == "-" ? -1 : 1)
            rest = rest[..<sign]
        }

        var millisecond = 0
        if let dot = rest.firstIndex(of: ".") {
            let digits = rest[rest.index(after: dot)...]
            guard (1...3).contains(digits.count), let value = Int(digits) else { return nil }
            millisecond = value * [100, 10, 1][digits.count - 1]
            rest = rest[..<dot]
        }
        let fields = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(fields.count), fields.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
            let hour = Int(fields[0]), let minute = Int(fields[1]), hour <= 24, minute < 60
        else { return nil }
        let second = fields.count == 3 ? Int(fields[2]) ?? 99 : 0
        guard second < 60, hour < 24 || (minute == 0 && second == 0 && millisecond == 0) else { return nil }
        let local = LocalTime.instant(date, hour: hour, minute: minute, second: second, millisecond: millisecond)
        return .instant(local.adding(seconds: LocalTime.offsetSeconds - offsetSeconds))
    }
}
