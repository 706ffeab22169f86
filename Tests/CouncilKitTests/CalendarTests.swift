import CouncilKit
import CouncilTestKit
import Foundation
import Testing

/// Work calendar, time limits, the policy table and deadline states, against hand-computed instants (UTC+8).
@Suite("Calendar and time limits")
struct CalendarTests {
    static let demo: WorkCalendar = try! DirectorySeed.qiaoxiDemo().calendar!
    static let weekendsOnly = WorkCalendar()

    static func day(_ y: Int, _ m: Int, _ d: Int) -> LocalDate { LocalDate(year: y, month: m, day: d)! }
    /// Local midnight starting the day, i.e. the end of the day before.
    static func midnight(_ y: Int, _ m: Int, _ d: Int) -> Timestamp { demo.startOfDay(day(y, m, d)) }
    static func local(_ y: Int, _ m: Int, _ d: Int, _ hour: Int, _ minute: Int = 0) -> Timestamp {
        midnight(y, m, d).adding(seconds: Int64(hour * 3600 + minute * 60))
    }

    // MARK: Local days and instants

    @Test("local midnight and the local date of an instant are UTC+8")
    func localDays() {
        #expect(Self.demo.utcOffsetSeconds == 28_800)
        #expect(Self.midnight(2026, 11, 30) == Timestamp(millisecondsSince1970: 1_795_968_000_000))
        #expect(Self.midnight(2026, 12, 2) == Timestamp(millisecondsSince1970: 1_796_140_800_000))
        #expect(Self.midnight(1970, 1, 1) == Timestamp(millisecondsSince1970: -28_800_000))
        #expect(Self.local(2026, 11, 30, 9) == CouncilFixtures.monday)
        // 2026-11-29T16:00:00Z is local midnight of the 30th.
        #expect(Self.demo.localDate(of: Timestamp(millisecondsSince1970: 1_795_968_000_000)) == Self.day(2026, 11, 30))
        #expect(Self.demo.localDate(of: Timestamp(millisecondsSince1970: 1_795_967_999_999)) == Self.day(2026, 11, 29))
        #expect(Self.demo.localDate(of: Timestamp(millisecondsSince1970: -28_800_001)) == Self.day(1969, 12, 31))
        #expect(WorkCalendar(utcOffsetSeconds: 0).localDate(of: Timestamp(millisecondsSince1970: 1_795_968_000_000)) == Self.day(2026, 11, 29))
    }

    @Test("working days of the demo calendar")
    func workingDays() {
        let c = Self.demo
        #expect(c.isWorkingDay(Self.day(2026, 11, 30)))   // Monday
        #expect(!c.isWorkingDay(Self.day(2026, 11, 28)))  // Saturday
        #expect(!c.isWorkingDay(Self.day(2026, 11, 29)))  // Sunday
        for d in 1...7 { #expect(!c.isWorkingDay(Self.day(2026, 10, d)), "2026-10-0\(d) is National Day") }
        #expect(c.isWorkingDay(Self.day(2026, 10, 8)))
        #expect(c.isWorkingDay(Self.day(2026, 10, 10)))   // adjusted Saturday
        #expect(!c.isWorkingDay(Self.day(2026, 10, 11)))  // ordinary Sunday
        #expect(c.isWorkingDay(Self.day(2026, 9, 20)))    // adjusted Sunday
        #expect(!c.isWorkingDay(Self.day(2026, 9, 25)))   // Mid-Autumn Friday
    }

    // MARK: Working days

    struct Due: Sendable, CustomTestStringConvertible {
        let label: String
        let start: Timestamp
        let limit: TimeLimit
        let due: Timestamp
        var testDescription: String { label }
    }

    static let dues: [Due] = [
        Due(label: "Friday + 1wd → end of Monday", start: local(2026, 11, 27, 10), limit: .workingDays(1), due: midnight(2026, 12, 1)),
        Due(label: "Friday late night + 1wd → end of Monday", start: local(2026, 11, 27, 23, 59), limit: .workingDays(1), due: midnight(2026, 12, 1)),
        Due(label: "Saturday + 1wd → end of Monday", start: local(2026, 11, 28, 10), limit: .workingDays(1), due: midnight(2026, 12, 1)),
        Due(label: "Monday + 1wd → end of Tuesday", start: local(2026, 11, 30, 0), limit: .workingDays(1), due: midnight(2026, 12, 2)),
        Due(label: "Monday + 5wd → end of next Monday", start: local(2026, 11, 30, 9), limit: .workingDays(5), due: midnight(2026, 12, 8)),
        Due(label: "Monday + 15wd → end of Monday three weeks on", start: local(2026, 11, 30, 9), limit: .workingDays(15), due: midnight(2026, 12, 22)),
        Due(label: "Monday + 0wd → end of the same day", start: local(2026, 11, 30, 9), limit: .workingDays(0), due: midnight(2026, 12, 1)),
        Due(label: "30 September + 1wd → end of 8 October", start: local(2026, 9, 30, 10), limit: .workingDays(1), due: midnight(2026, 10, 9)),
        Due(label: "30 September + 3wd → end of adjusted Saturday 10 October", start: local(2026, 9, 30, 10), limit: .workingDays(3), due: midnight(2026, 10, 11)),
        Due(label: "30 September + 4wd → end of Monday 12 October", start: local(2026, 9, 30, 10), limit: .workingDays(4), due: midnight(2026, 10, 13)),
        Due(label: "National Day + 1wd → end of 8 October", start: local(2026, 10, 3, 15), limit: .workingDays(1), due: midnight(2026, 10, 9)),
        Due(label: "Thursday before Mid-Autumn + 1wd → end of Monday 28 September", start: local(2026, 9, 24, 9), limit: .workingDays(1), due: midnight(2026, 9, 29)),
        Due(label: "Friday 18 September + 1wd → end of adjusted Sunday 20 September", start: local(2026, 9, 18, 9), limit: .workingDays(1), due: midnight(2026, 9, 21)),
        // Calendar days.
        Due(label: "Monday + 7d → end of next Monday", start: local(2026, 11, 30, 9), limit: .calendarDays(7), due: midnight(2026, 12, 8)),
        Due(label: "Friday + 1d (Saturday) → end of Monday", start: local(2026, 11, 27, 9), limit: .calendarDays(1), due: midnight(2026, 12, 1)),
        Due(label: "24 September + 7d (1 October, a holiday) → end of 8 October", start: local(2026, 9, 24, 9), limit: .calendarDays(7), due: midnight(2026, 10, 9)),
        Due(label: "3 October + 7d (10 October, adjusted workday) → end of 10 October", start: local(2026, 10, 3, 9), limit: .calendarDays(7), due: midnight(2026, 10, 11)),
        Due(label: "Monday 30 November + 60d → end of Friday 29 January 2027", start: local(2026, 11, 30, 9), limit: .calendarDays(60), due: midnight(2027, 1, 30)),
        // Hours run day and night, holidays included.
        Due(label: "2h on National Day", start: local(2026, 10, 1, 10), limit: .hours(2), due: local(2026, 10, 1, 12)),
        Due(label: "30h over a weekend", start: local(2026, 11, 28, 22), limit: .hours(30), due: local(2026, 11, 30, 4)),
        Due(label: "2h across midnight", start: local(2026, 11, 30, 23, 30), limit: .hours(2), due: local(2026, 12, 1, 1, 30)),
    ]

    @Test("due times", arguments: dues)
    func due(_ d: Due) {
        #expect(Self.demo.due(from: d.start, limit: d.limit) == d.due)
    }

    @Test("without the holiday list, National Day counts as working days")
    func weekendsOnlyCalendar() {
        #expect(Self.weekendsOnly.due(from: Self.local(2026, 9, 30, 10), limit: .workingDays(1)) == Self.midnight(2026, 10, 2))
        #expect(!Self.weekendsOnly.isWorkingDay(Self.day(2026, 10, 10)))
    }

    // MARK: Extending a due time

    @Test("extend continues from the old due time")
    func extend() {
        let c = Self.demo
        // Due at the end of Monday 2026-12-21; 5 more working days end with Monday 2026-12-28.
        #expect(c.extend(Self.midnight(2026, 12, 22), by: .workingDays(5)) == Self.midnight(2026, 12, 29))
        // Due at the end of 30 September; 1 working day more skips National Day.
        #expect(c.extend(Self.midnight(2026, 10, 1), by: .workingDays(1)) == Self.midnight(2026, 10, 9))
        // 1 calendar day more lands on 1 October, a holiday: runs to the end of 8 October.
        #expect(c.extend(Self.midnight(2026, 10, 1), by: .calendarDays(1)) == Self.midnight(2026, 10, 9))
        // Due at the end of Friday 27 November; 3 calendar days end with Monday 30 November.
        #expect(c.extend(Self.midnight(2026, 11, 28), by: .calendarDays(3)) == Self.midnight(2026, 12, 1))
        // Hours are added to the due time itself.
        #expect(c.extend(Self.local(2026, 11, 30, 11), by: .hours(3)) == Self.local(2026, 11, 30, 14))
        // A due time inside a day counts from that day.
        #expect(c.extend(Self.local(2026, 12, 4, 15), by: .workingDays(1)) == Self.midnight(2026, 12, 8))
    }

    // MARK: The petition clock

    @Test("a petition accepted Monday 2026-11-30 is due at the end of 2027-01-29, extendable by 30 days")
    func petitionClock() async throws {
        let h = try Harness(start: Self.local(2026, 11, 30, 9))
        let s = h.service
        var c = try await s.submit(petition("XF-2026-0300"), by: petitionOffice).case
        #expect(c.responseDue == Self.midnight(2026, 12, 16))
        c = try await s.accept(c.id, by: staff)
        #expect(c.handlingDue == Self.midnight(2027, 1, 30))
        #expect(c.acceptance?.maxExtension == .calendarDays(30))
        c = try await s.dispatch(c.id, to: "WATER", by: staff)

        let tooLong = await #expect(throws: CouncilError.self) {
            try await s.requestExtension(c.id, ExtensionRequest(length: 31, reason: "需更换主管道"), by: unitUser)
        }
        #expect(tooLong?.code == .invalidArgument)
        #expect(tooLong?.field == "extension.length")

        c = try await s.requestExtension(c.id, ExtensionRequest(length: 30, reason: "需更换主管道"), by: unitUser)
        c = try await s.approveExtension(c.id, approver: "L01", messageToSubmitter: "因需更换主管道，延期三十日", by: staff)
        // 29 January + 30 days = Sunday 28 February 2027: runs to the end of Monday 1 March.
        #expect(c.handlingDue == Self.midnight(2027, 3, 2))
        #expect(c.extendedLength == 30)

        let more = await #expect(throws: CouncilError.self) {
            try await s.requestExtension(c.id, ExtensionRequest(length: 1, reason: "再延一天"), by: unitUser)
        }
        #expect(more?.code == .failedPrecondition)
    }

    // MARK: LocalDate

    struct Weekdays: Sendable, CustomTestStringConvertible {
        let text: String
        let weekday: Weekday
        let daysSince1970: Int
        var testDescription: String { text }
    }

    @Test("known dates", arguments: [
        Weekdays(text: "2026-11-30", weekday: .monday, daysSince1970: 20_787),
        Weekdays(text: "2000-02-29", weekday: .tuesday, daysSince1970: 11_016),
        Weekdays(text: "1970-01-01", weekday: .thursday, daysSince1970: 0),
        Weekdays(text: "1969-12-31", weekday: .wednesday, daysSince1970: -1),
        Weekdays(text: "2027-01-29", weekday: .friday, daysSince1970: 20_847),
        Weekdays(text: "2026-10-10", weekday: .saturday, daysSince1970: 20_736),
    ])
    func knownDates(_ w: Weekdays) throws {
        let date = try #require(LocalDate(w.text))
        #expect(date.weekday == w.weekday)
        #expect(date.daysSince1970 == w.daysSince1970)
        #expect(LocalDate(daysSince1970: w.daysSince1970) == date)
        #expect(date.description == w.text)
    }

    @Test("LocalDate parsing and arithmetic")
    func localDateParsing() throws {
        #expect(LocalDate("2026-02-30") == nil)
        #expect(LocalDate("2026-02-29") == nil)
        #expect(LocalDate("2024-02-29") != nil)
        #expect(LocalDate("1900-02-29") == nil)
        #expect(LocalDate("2026-13-01") == nil)
        #expect(LocalDate("2026-00-10") == nil)
        #expect(LocalDate("2026-1-05") == nil)
        #expect(LocalDate("20261130") == nil)
        #expect(LocalDate("") == nil)
        #expect(LocalDate(year: 2026, month: 4, day: 31) == nil)
        let d = try #require(LocalDate("2026-12-31"))
        #expect((d.year, d.month, d.day) == (2026, 12, 31))
        #expect(d.adding(days: 1) == LocalDate(year: 2027, month: 1, day: 1))
        #expect(d.adding(days: -365) == LocalDate(year: 2025, month: 12, day: 31))
        #expect(d.compactText == "20261231")
        #expect(LocalDate(year: 2026, month: 3, day: 1)!.adding(days: -1) == LocalDate(year: 2026, month: 2, day: 28))
        #expect(LocalDate(year: 2026, month: 1, day: 9)! < LocalDate(year: 2026, month: 1, day: 10)!)
        #expect(LocalDate(year: 2025, month: 12, day: 31)! < LocalDate(year: 2026, month: 1, day: 1)!)
        #expect(String(data: try JSONEncoder().encode(d), encoding: .utf8) == "\"2026-12-31\"")
        #expect(try JSONDecoder().decode(LocalDate.self, from: Data("\"2026-10-01\"".utf8)) == LocalDate(year: 2026, month: 10, day: 1))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LocalDate.self, from: Data("\"2026-02-30\"".utf8)) }
    }

    // MARK: TimeLimit text

    @Test("TimeLimit parses and prints its text form", arguments: [
        ("2h", TimeLimit.hours(2)), ("15wd", .workingDays(15)), ("60d", .calendarDays(60)), ("0d", .calendarDays(0)),
    ])
    func timeLimitText(_ text: String, _ limit: TimeLimit) throws {
        #expect(TimeLimit(text) == limit)
        #expect(limit.description == text)
        #expect(String(data: try JSONEncoder().encode(limit), encoding: .utf8) == "\"\(text)\"")
        #expect(try JSONDecoder().decode(TimeLimit.self, from: Data("\"\(text)\"".utf8)) == limit)
    }

    @Test("TimeLimit rejects other text", arguments: ["5x", "-1d", "-2h", "", "d", "wd", "h", "1.5h", "2 h", "15WD", "d15"])
    func timeLimitInvalid(_ text: String) {
        #expect(TimeLimit(text) == nil)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TimeLimit.self, from: Data("\"\(text)\"".utf8)) }
    }

    @Test("TimeLimit unit names and counts")
    func timeLimitUnits() {
        #expect(TimeLimit.workingDays(10).withCount(3) == .workingDays(3))
        #expect(TimeLimit.calendarDays(30).withCount(31) == .calendarDays(31))
        #expect(TimeLimit.hours(2).count == 2)
        #expect(TimeLimit.calendarDays(30).unitName == "calendar days")
        #expect(TimeLimit.workingDays(1).unitName == "working days")
    }

    // MARK: The policy table

    static func limits(_ hours: Int) -> TimeLimits {
        TimeLimits(response: .hours(hours), handling: .workingDays(hours), evaluationWindow: .calendarDays(hours), maxExtension: .workingDays(hours))
    }

    @Test("the most specific matching rule wins; among equals the later one")
    func ruleSpecificity() {
        let policy = TimeLimitPolicy(
            defaults: Self.limits(1),
            rules: [
                Rule(category: "heating", priority: .urgent, limits: Self.limits(2)),
                Rule(category: "heating", limits: Self.limits(3)),
                Rule(priority: .urgent, limits: Self.limits(4)),
                Rule(source: .hotline, limits: Self.limits(5)),
                Rule(category: "noise", source: .walkIn, limits: Self.limits(6)),
                Rule(category: "noise", source: .walkIn, limits: Self.limits(7)),
            ])
        // Two keys beat one key even though the one-key rules come later.
        #expect(policy.limits(category: "heating", priority: .urgent, source: .walkIn) == Self.limits(2))
        #expect(policy.limits(category: "heating", priority: .normal, source: .walkIn) == Self.limits(3))
        // Equal specificity: the later rule.
        #expect(policy.limits(category: "heating", priority: .normal, source: .hotline) == Self.limits(5))
        #expect(policy.limits(category: "parking", priority: .urgent, source: .hotline) == Self.limits(5))
        #expect(policy.limits(category: "parking", priority: .urgent, source: .walkIn) == Self.limits(4))
        #expect(policy.limits(category: "noise", priority: .normal, source: .walkIn) == Self.limits(7))
        // Nothing matches.
        #expect(policy.limits(category: "parking", priority: .normal, source: .app) == Self.limits(1))
        #expect(policy.limits(category: nil, priority: .normal, source: .walkIn) == Self.limits(1))
    }

    typealias Rule = TimeLimitPolicy.Rule

    @Test("the standard policy's rows")
    func standardPolicy() {
        let p = TimeLimitPolicy.standard
        #expect(p.limits(category: "environment", priority: .normal, source: .walkIn)
            == TimeLimits(response: .workingDays(1), handling: .workingDays(15), evaluationWindow: .calendarDays(7), maxExtension: .workingDays(10)))
        #expect(p.limits(category: "environment", priority: .urgent, source: .walkIn)
            == TimeLimits(response: .hours(2), handling: .workingDays(3), evaluationWindow: .calendarDays(7), maxExtension: .workingDays(2)))
        #expect(p.limits(category: nil, priority: .normal, source: .petitionOffice)
            == TimeLimits(response: .calendarDays(15), handling: .calendarDays(60), evaluationWindow: .calendarDays(30), maxExtension: .calendarDays(30)))
        // An urgent petition: both one-key rules match, the petition rule comes later.
        #expect(p.limits(category: nil, priority: .urgent, source: .petitionOffice).handling == .calendarDays(60))
        // Heating by the hotline: the heating rule comes later.
        #expect(p.limits(category: "heating", priority: .normal, source: .hotline).handling == .workingDays(2))
        #expect(p.limits(category: "environment", priority: .normal, source: .hotline).handling == .workingDays(5))
        #expect(p.reworkLimit == 2)
        #expect(p.dueSoonHours == 24)
        #expect(p.supervisionAfterHours == 48)
        #expect(p.verifyingSources == [.gridPlatform])
    }

    @Test("a policy decoded with keys left out takes the standard values")
    func policyDecoding() throws {
        let empty = try JSONDecoder().decode(TimeLimitPolicy.self, from: Data("{}".utf8))
        #expect(empty == TimeLimitPolicy.standard)

        let partial = try JSONDecoder().decode(TimeLimitPolicy.self, from: Data("""
            {"reworkLimit": 3, "dueSoonHours": 8,
             "rules": [{"category": "noise", "limits": {"response": "4h", "handling": "5wd", "evaluationWindow": "3d", "maxExtension": "2wd"}}]}
            """.utf8))
        #expect(partial.reworkLimit == 3)
        #expect(partial.dueSoonHours == 8)
        #expect(throws: DecodingError.self, "the old name of supervisionAfterHours is refused, not ignored") {
            try JSONDecoder().decode(TimeLimitPolicy.self, from: Data(#"{"escalateAfterHours": 24}"#.utf8))
        }
        #expect(partial.supervisionAfterHours == 48)
        #expect(partial.defaults == TimeLimitPolicy.standard.defaults)
        #expect(partial.verifyingSources == [.gridPlatform])
        #expect(partial.rules == [
            Rule(category: "noise", limits: TimeLimits(response: .hours(4), handling: .workingDays(5), evaluationWindow: .calendarDays(3), maxExtension: .workingDays(2)))
        ])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(TimeLimitPolicy.self, from: Data(#"{"defaults": {"response": "1x"}}"#.utf8))
        }
    }

    // MARK: Deadline states

    @Test("deadline states at literal instants")
    func deadlineStates() async throws {
        let h = try Harness(start: Self.local(2026, 11, 30, 9))
        let c = try await h.service.submit(CouncilFixtures.walkIn(), by: staff).case
        // Response due at the end of Tuesday 2026-12-01 = 2026-12-01T16:00:00Z.
        #expect(c.currentDue == Timestamp(millisecondsSince1970: 1_796_140_800_000))
        let p = TimeLimitPolicy.standard
        let expected: [(Int64, DeadlineState)] = [
            (1_796_000_400_000, .onTime),      // Monday 09:00
            (1_796_054_399_999, .onTime),      // just over 24 h before
            (1_796_054_400_000, .dueSoon),     // exactly 24 h before
            (1_796_140_799_999, .dueSoon),     // the last millisecond
            (1_796_140_800_000, .overdue),     // due
            (1_796_313_599_999, .overdue),     // just under 48 h late
            (1_796_313_600_000, .supervised),   // 48 h late
        ]
        for (ms, state) in expected {
            #expect(c.deadlineState(at: Timestamp(millisecondsSince1970: ms), policy: p) == state, "at \(ms)")
            h.clock.set(Timestamp(millisecondsSince1970: ms))
            #expect(h.service.deadlineState(of: c) == state, "at \(ms)")
        }
        let strict = TimeLimitPolicy(defaults: p.defaults, rules: p.rules, dueSoonHours: 1, supervisionAfterHours: 1)
        #expect(c.deadlineState(at: Timestamp(millisecondsSince1970: 1_796_054_400_000), policy: strict) == .onTime)
        #expect(c.deadlineState(at: Timestamp(millisecondsSince1970: 1_796_144_400_000), policy: strict) == .supervised)
        #expect(DeadlineState.onTime < .dueSoon && .dueSoon < .overdue && .overdue < .supervised && .none < .onTime)
    }

    @Test("no clock runs on an evaluated or final case")
    func noDeadline() async throws {
        let h = try Harness()
        let evaluated = try await h.driver.case(in: .evaluated)
        let declined = try await h.driver.case(in: .declined)
        h.clock.set(Local.at(2030, 1, 1))
        #expect(evaluated.currentDue == nil)
        #expect(h.service.deadlineState(of: evaluated) == DeadlineState.none)
        #expect(h.service.deadlineState(of: declined) == DeadlineState.none)
    }
}
