/// Which days are working days, and the local time zone due times are counted in.
///
/// Weekends, public holidays and adjusted working days (调休, a weekend day worked in exchange for a longer
/// holiday) come from configuration; the State Council publishes them each year.
public struct WorkCalendar: Hashable, Sendable, Codable {
    /// Offset of local time from UTC in seconds. Defaults to China Standard Time (UTC+8, no daylight saving).
    public var utcOffsetSeconds: Int
    /// Days of the week that are not working days unless listed in ``adjustedWorkdays``.
    public var weekend: Set<Weekday>
    /// Public holidays: not working days even when they fall on a weekday.
    public var holidays: Set<LocalDate>
    /// Weekend days that are working days.
    public var adjustedWorkdays: Set<LocalDate>

    /// Creates a calendar.
    /// - Parameters:
    ///   - utcOffsetSeconds: Offset of local time from UTC; defaults to UTC+8.
    ///   - weekend: Days off each week; defaults to Saturday and Sunday.
    ///   - holidays: Public holidays.
    ///   - adjustedWorkdays: Weekend days that are worked.
    public init(
        utcOffsetSeconds: Int = 8 * 3600,
        weekend: Set<Weekday> = [.saturday, .sunday],
        holidays: Set<LocalDate> = [],
        adjustedWorkdays: Set<LocalDate> = []
    ) {
        self.utcOffsetSeconds = utcOffsetSeconds
        self.weekend = weekend
        self.holidays = holidays
        self.adjustedWorkdays = adjustedWorkdays
    }

    /// Whether `date` is a working day.
    public func isWorkingDay(_ date: LocalDate) -> Bool {
        if adjustedWorkdays.contains(date) { return true }
        if holidays.contains(date) { return false }
        return !weekend.contains(date.weekday)
    }

    /// The local calendar day an instant falls on.
    public func localDate(of instant: Timestamp) -> LocalDate {
        let local = instant.millisecondsSince1970 + Int64(utcOffsetSeconds) * 1000
        let days = local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
        return LocalDate(daysSince1970: Int(days))
    }

    /// Local midnight at the start of `date`.
    public func startOfDay(_ date: LocalDate) -> Timestamp {
        Timestamp(millisecondsSince1970: (Int64(date.daysSince1970) * 86_400 - Int64(utcOffsetSeconds)) * 1000)
    }

    /// The instant a time limit starting at `start` runs out.
    ///
    /// See ``TimeLimit`` for how each unit is counted.
    public func due(from start: Timestamp, limit: TimeLimit) -> Timestamp {
        switch limit {
        case .hours(let n):
            return start.adding(hours: n)
        case .workingDays(let n):
            var day = localDate(of: start)
            var counted = 0, steps = 0
            while counted < n, steps < 3660 {  // bounded for a calendar with no working days
                day = day.adding(days: 1)
                steps += 1
                if isWorkingDay(day) { counted += 1 }
            }
            return startOfDay(day.adding(days: 1))
        case .calendarDays(let n):
            return startOfDay(nextWorkingDay(onOrAfter: localDate(of: start).adding(days: n)).adding(days: 1))
        }
    }

    /// A due time moved later by an extension of `limit`, counted from the old due time.
    public func extend(_ due: Timestamp, by limit: TimeLimit) -> Timestamp {
        switch limit {
        case .hours(let n):
            return due.adding(hours: n)
        case .workingDays, .calendarDays:
            // A day-counted due time is the midnight ending its last day; count on from that day.
            return self.due(from: Timestamp(millisecondsSince1970: due.millisecondsSince1970 - 1), limit: limit)
        }
    }

    private enum CodingKeys: String, CodingKey { case utcOffsetSeconds, weekend, holidays, adjustedWorkdays }

    /// Decodes a calendar; every key is optional and takes the default of ``init(utcOffsetSeconds:weekend:holidays:adjustedWorkdays:)``.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            utcOffsetSeconds: try c.decodeIfPresent(Int.self, forKey: .utcOffsetSeconds) ?? 8 * 3600,
            weekend: try c.decodeIfPresent(Set<Weekday>.self, forKey: .weekend) ?? [.saturday, .sunday],
            holidays: try c.decodeIfPresent(Set<LocalDate>.self, forKey: .holidays) ?? [],
            adjustedWorkdays: try c.decodeIfPresent(Set<LocalDate>.self, forKey: .adjustedWorkdays) ?? [])
    }

    private func nextWorkingDay(onOrAfter date: LocalDate) -> LocalDate {
        var day = date
        var steps = 0
        while !isWorkingDay(day), steps < 3660 {  // bounded for a calendar with no working days
            day = day.adding(days: 1)
            steps += 1
        }
        return day
    }
}
