import ArgumentParser
import CouncilAPI
import CouncilKit
import Foundation

// The council's terms as people read them — the Chinese term beside the English one — and the command-line values
// for its enums and calendar days.

extension Meeting.Status {
    var chinese: String {
        switch self {
        case .scheduled: return "待召开"
        case .held: return "已召开"
        case .cancelled: return "已取消"
        }
    }

    var label: String { "\(chinese) \(rawValue)" }
}

extension Meeting.PlaceKind {
    var chinese: String {
        switch self {
        case .hall: return "议事厅"
        case .corridor: return "议事廊"
        case .pavilion: return "议事亭"
        case .other: return "其他"
        }
    }

    var label: String { "\(chinese) \(rawValue)" }
}

extension Meeting.Format {
    var chinese: String {
        switch self {
        case .jointMeeting: return "联席会"
        case .heartToHeartTalk: return "恳谈会"
        case .coordinationMeeting: return "协调会"
        case .other: return "其他"
        }
    }

    var label: String { "\(chinese) \(rawValue)" }
}

extension Meeting.Participant.Role {
    var chinese: String {
        switch self {
        case .representative: return "居民代表"
        case .cadre: return "党员干部"
        case .leader: return "区级领导"
        case .unit: return "责任单位"
        case .propertyCompany: return "物业公司"
        case .legalAdviser: return "法律顾问"
        case .resident: return "居民"
        case .other: return "其他"
        }
    }
}

extension Link.Kind {
    var chinese: String {
        switch self {
        case .leaderCommunity: return "包联"
        case .unitCompound: return "联系"
        case .cadreHousehold: return "结对"
        }
    }

    /// 包联 leader → community.
    var label: String {
        switch self {
        case .leaderCommunity: return "包联 leader→community"
        case .unitCompound: return "联系 unit→compound"
        case .cadreHousehold: return "结对 cadre→household"
        }
    }
}

extension Election.Method {
    var chinese: String {
        switch self {
        case .directVote: return "直接选举"
        case .householdVote: return "户代表选举"
        case .groupNomination: return "居民小组推选"
        case .other: return "其他"
        }
    }

    var label: String { "\(chinese) \(rawValue)" }
}

extension MeasureKind {
    /// The figure's English name.
    var english: String {
        switch self {
        case .responseRate: return "response rate"
        case .onTimeRate: return "on-time closure rate"
        case .resolutionRate: return "resolution rate"
        case .satisfactionRate: return "satisfaction rate"
        case .reworkRate: return "rework rate"
        case .extensionRate: return "extension rate"
        case .meetingCadence: return "meeting cadence"
        case .visitCadence: return "visit cadence"
        }
    }
}

extension DeliberationOutcome {
    /// 决议 resolution: …, in a line.
    func text(names: DirectoryNames) -> String {
        switch self {
        case .resolution(let r):
            var parts = ["决议 resolution: \(r.decision)"]
            parts.append("unit \(r.responsibleUnit.map { names.unit($0) } ?? "the community itself")")
            parts.append("deadline \(LocalTime.format(r.deadline))")
            if let vote = r.vote { parts.append("vote \(vote.inFavour)/\(vote.against)/\(vote.abstaining)") }
            return parts.joined(separator: " · ")
        case .deferred(let reason): return "暂缓 deferred: \(reason)"
        case .noConsensus(let note): return "未达成共识 no consensus" + (note.isEmpty ? "" : ": \(note)")
        }
    }

    /// resolution, deferred or noConsensus.
    var kind: String {
        switch self {
        case .resolution: return "resolution"
        case .deferred: return "deferred"
        case .noConsensus: return "noConsensus"
        }
    }
}

extension Meeting.PlaceKind: NamedArgument {
    static var aliases: [String: Meeting.PlaceKind] { Dictionary(uniqueKeysWithValues: allCases.map { ($0.chinese, $0) }) }
}

extension Meeting.Format: NamedArgument {
    static var aliases: [String: Meeting.Format] { Dictionary(uniqueKeysWithValues: allCases.map { ($0.chinese, $0) }) }
}

extension Meeting.Participant.Role: NamedArgument {
    static var aliases: [String: Meeting.Participant.Role] { Dictionary(uniqueKeysWithValues: allCases.map { ($0.chinese, $0) }) }
}

extension Link.Kind: NamedArgument {
    static var aliases: [String: Link.Kind] {
        var aliases = Dictionary(uniqueKeysWithValues: allCases.map { ($0.chinese, $0) })
        aliases["leader"] = .leaderCommunity
        aliases["unit"] = .unitCompound
        aliases["cadre"] = .cadreHousehold
        return aliases
    }
}

extension Election.Method: NamedArgument {
    static var aliases: [String: Election.Method] { Dictionary(uniqueKeysWithValues: allCases.map { ($0.chinese, $0) }) }
}

extension MeasureKind: NamedArgument {
    static var aliases: [String: MeasureKind] { Dictionary(uniqueKeysWithValues: allCases.map { ($0.chineseName, $0) }) }
}

// MARK: Calendar days

extension LocalTime {
    /// The local (UTC+8) calendar day of an instant.
    static func date(of instant: Timestamp) -> LocalDate {
        let local = instant.millisecondsSince1970 + offsetSeconds * 1000
        let day = local >= 0 ? local / 86_400_000 : (local - 86_400_000 + 1) / 86_400_000
        return LocalDate(daysSince1970: Int(day))
    }

    /// The first day of `date`'s month.
    static func firstOfMonth(_ date: LocalDate) -> LocalDate { LocalDate(year: date.year, month: date.month, day: 1)! }

    /// The last day of `date`'s month.
    static func lastOfMonth(_ date: LocalDate) -> LocalDate {
        let next = date.month == 12 ? LocalDate(year: date.year + 1, month: 1, day: 1)! : LocalDate(year: date.year, month: date.month + 1, day: 1)!
        return next.adding(days: -1)
    }
}

/// The server's time, from which `today`, `now` and spans such as `-7d` or `+3d` on the command line are counted,
/// and the periods that default to "this month so far": so they agree with the due times and periods councild
/// works out, whatever this machine's clock says. ``Session/clock(_:)`` asks councild for it.
struct ServerClock: Sendable {
    /// councild's `server_time` when it answered.
    var now: Timestamp

    /// The server's day in UTC+8.
    var today: LocalDate { LocalTime.date(of: now) }
}

/// A calendar day on the command line: `2026-12-01`, `today`, `yesterday`, `tomorrow`, or days or weeks from today:
/// `-7d`, `+2w`. Days are UTC+8; "today" is the server's (``ServerClock``), so a relative day is resolved only once
/// councild has answered.
struct DayArgument: ExpressibleByArgument, Hashable, Sendable {
    private enum Value: Hashable, Sendable {
        case date(LocalDate)
        case fromToday(days: Int)
    }

    private var value: Value

    static let help = "DAY is 2026-12-01, today, yesterday, or -7d/+2w from today (the server's, UTC+8)"

    init(_ date: LocalDate) { value = .date(date) }

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        switch text {
        case "today": value = .fromToday(days: 0)
        case "yesterday": value = .fromToday(days: -1)
        case "tomorrow": value = .fromToday(days: 1)
        default:
            if let sign = text.first, sign == "+" || sign == "-", let unit = text.last, let count = Int(text.dropFirst().dropLast()), count >= 0 {
                let days: Int
                switch unit {
                case "d": days = count
                case "w": days = count * 7
                default: return nil
                }
                value = .fromToday(days: sign == "-" ? -days : days)
            } else if text.count == 10, let date = LocalDate(text) {
                value = .date(date)
            } else {
                return nil
            }
        }
    }

    /// The day `days` after this one.
    func adding(days: Int) -> DayArgument {
        var later = self
        switch value {
        case .date(let date): later.value = .date(date.adding(days: days))
        case .fromToday(let offset): later.value = .fromToday(days: offset + days)
        }
        return later
    }

    /// The day when it does not count from today.
    var fixedDate: LocalDate? {
        if case .date(let date) = value { return date }
        return nil
    }

    /// The day, counting from the server's today.
    func date(_ clock: ServerClock) -> LocalDate {
        switch value {
        case .date(let date): return date
        case .fromToday(let days): return clock.today.adding(days: days)
        }
    }
}

/// A month on the command line: `2026-11`, or `this` / `last` for the server's current or previous month (UTC+8).
struct MonthArgument: ExpressibleByArgument, Hashable, Sendable {
    private enum Value: Hashable, Sendable {
        case month(first: LocalDate)
        case fromThisMonth(months: Int)
    }

    private var value: Value

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        if text == "this" {
            value = .fromThisMonth(months: 0)
        } else if text == "last" {
            value = .fromThisMonth(months: -1)
        } else {
            let parts = text.split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
                let date = LocalDate(year: year, month: month, day: 1)
            else { return nil }
            value = .month(first: date)
        }
    }

    /// The month's first day.
    func first(_ clock: ServerClock) -> LocalDate {
        switch value {
        case .month(let first): return first
        case .fromThisMonth(let months):
            var first = LocalTime.firstOfMonth(clock.today)
            for _ in 0..<(-months) { first = LocalTime.firstOfMonth(first.adding(days: -1)) }
            return first
        }
    }

    /// The month's last day.
    func last(_ clock: ServerClock) -> LocalDate { LocalTime.lastOfMonth(first(clock)) }
}

/// A period of whole days from options: `--month`, or `--from`/`--through`, each defaulting as the command says.
struct Period {
    var from: LocalDate
    var through: LocalDate

    /// Refuses, before anything is sent, what ``resolve(month:from:through:clock:)`` would refuse whatever the
    /// server's today: a month together with days, or fixed days in the wrong order.
    static func check(month: MonthArgument?, from: DayArgument?, through: DayArgument?) throws {
        if month != nil, from != nil || through != nil { throw ValidationError("give --month, or --from and --through, not both") }
        if let first = from?.fixedDate, let last = through?.fixedDate, last < first {
            throw ValidationError("the period ends (\(last)) before it starts (\(first))")
        }
    }

    /// The period: `month` when given; else `from` (default: the 1st of the server's month) through `through`
    /// (default: the server's today).
    static func resolve(month: MonthArgument?, from: DayArgument?, through: DayArgument?, clock: ServerClock) throws -> Period {
        if let month {
            guard from == nil, through == nil else { throw Failure.usage("give --month, or --from and --through, not both") }
            return Period(from: month.first(clock), through: month.last(clock))
        }
        let period = Period(from: from?.date(clock) ?? LocalTime.firstOfMonth(clock.today), through: through?.date(clock) ?? clock.today)
        guard period.from <= period.through else {
            throw Failure.usage("the period ends (\(period.through)) before it starts (\(period.from))")
        }
        return period
    }

    var description: String { from == through ? "\(from)" : "\(from) – \(through)" }
}

// MARK: Numbers

/// `66.7%`, or `—` when there is no value.
func percent(_ value: Double?) -> String {
    guard let value else { return "—" }
    return String(format: "%.1f%%", value * 100)
}

/// A score or points with one decimal.
func oneDecimal(_ value: Double) -> String { String(format: "%.1f", value) }

/// A weight without a needless `.0`.
func weightText(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
}

// MARK: Reading JSON files

/// A number from JSONSerialization, not a boolean (which Foundation also hands over as an NSNumber).
func jsonNumber(_ value: Any?) -> Double? {
    guard let number = value as? NSNumber, String(cString: number.objCType) != "c", number.doubleValue.isFinite else { return nil }
    return number.doubleValue
}

/// A whole number from JSONSerialization.
func jsonInt(_ value: Any?) -> Int? {
    guard let number = jsonNumber(value), number == number.rounded(), abs(number) < 1e15 else { return nil }
    return Int(number)
}
