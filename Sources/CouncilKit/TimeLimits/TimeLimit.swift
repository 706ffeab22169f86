/// A length of time a step may take (限时办结), counted the way Chinese administrative time limits are.
///
/// * `.hours(n)`: elapsed hours, day or night — for urgent matters.
/// * `.workingDays(n)`: ends at midnight after the n-th working day following the start day.
/// * `.calendarDays(n)`: ends at midnight after the n-th day following the start day; when that day is not a
///   working day the limit runs to the end of the next working day, as statutory periods do.
///
/// In configuration files a limit is written as text: `"2h"`, `"15wd"` (working days) or `"60d"` (calendar days).
public enum TimeLimit: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Clock hours from the start (`"2h"`).
    case hours(Int)
    /// Working days of the work calendar (`"15wd"`).
    case workingDays(Int)
    /// Calendar days (`"60d"`).
    case calendarDays(Int)

    /// The number of units.
    public var count: Int {
        switch self {
        case .hours(let n), .workingDays(let n), .calendarDays(let n): return n
        }
    }

    /// The same unit with another count.
    public func withCount(_ count: Int) -> TimeLimit {
        switch self {
        case .hours: return .hours(count)
        case .workingDays: return .workingDays(count)
        case .calendarDays: return .calendarDays(count)
        }
    }

    /// The unit in words, for messages: "hours", "working days", "calendar days".
    public var unitName: String {
        switch self {
        case .hours: return "hours"
        case .workingDays: return "working days"
        case .calendarDays: return "calendar days"
        }
    }

    /// The configuration-file form: `2h`, `15wd`, `60d`.
    public var description: String {
        switch self {
        case .hours(let n): return "\(n)h"
        case .workingDays(let n): return "\(n)wd"
        case .calendarDays(let n): return "\(n)d"
        }
    }

    /// Parses the configuration-file form; `nil` for anything else or a negative count.
    public init?(_ text: String) {
        let suffixes: [(String, (Int) -> TimeLimit)] = [("wd", { .workingDays($0) }), ("h", { .hours($0) }), ("d", { .calendarDays($0) })]
        for (suffix, make) in suffixes where text.hasSuffix(suffix) {
            let digits = text.dropLast(suffix.count)
            guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }), let n = Int(digits) else { return nil }
            self = make(n)
            return
        }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let limit = TimeLimit(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a time limit such as \"2h\", \"15wd\" or \"60d\"")
        }
        self = limit
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
