import CouncilKit
import CouncilTestKit
import Testing

/// Resident representatives (居民代表): elections and terms, attendance, commendations.
@Suite("Council representatives")
struct CouncilRepresentativeTests {
    typealias Candidate = Election.Candidate

    @Test("representatives on a day come from the election whose term covers it")
    func terms() async throws {
        let h = try Harness()
        let reps = RepresentativeService(cases: h.service)
        // Recorded out of order.
        let second = try await reps.recordElection(
            community: "QX01", date: localDay(2026, 6, 18), method: .householdVote,
            candidates: [Candidate(person: "RP02", votes: 130), Candidate(person: "VL01", votes: 110), Candidate(person: "RP01", votes: 60)],
            elected: ["RP02", "VL01"], termStart: localDay(2026, 7, 1), termEnd: localDay(2029, 6, 30))
        let first = try await reps.recordElection(
            community: "QX01", date: localDay(2023, 6, 20), method: .directVote,
            candidates: [Candidate(person: "RP01", votes: 120), Candidate(person: "RP02", votes: 95), Candidate(person: "VL01", votes: 40)],
            elected: ["RP01", "RP02"], termStart: localDay(2023, 7, 1), termEnd: localDay(2026, 6, 30))
        _ = try await reps.recordElection(
            community: "QX02", date: localDay(2026, 6, 18), method: .groupNomination,
            candidates: [Candidate(person: "RP03", votes: 80), Candidate(person: "RP04", votes: 70)], elected: ["RP03", "RP04"],
            termStart: localDay(2026, 7, 1), termEnd: localDay(2029, 6, 30))

        #expect(first.id == "QX01-20230620")
        #expect(first.method == .directVote && first.candidates.map(\.votes) == [120, 95, 40] && first.elected == ["RP01", "RP02"])
        #expect(try await reps.elections(community: "QX01").map(\.id) == [first.id, second.id])
        #expect(try await reps.elections(community: "QX01").first == first)

        #expect(try await reps.representatives(of: "QX01", on: localDay(2023, 6, 30)) == [])
        #expect(try await reps.representatives(of: "QX01", on: localDay(2023, 7, 1)) == ["RP01", "RP02"])
        #expect(try await reps.representatives(of: "QX01", on: localDay(2025, 1, 1)) == ["RP01", "RP02"])
        #expect(try await reps.representatives(of: "QX01", on: localDay(2026, 6, 30)) == ["RP01", "RP02"])
        #expect(try await reps.representatives(of: "QX01", on: localDay(2026, 7, 1)) == ["RP02", "VL01"])
        #expect(try await reps.representatives(of: "QX01", on: localDay(2029, 6, 30)) == ["RP02", "VL01"])
        #expect(try await reps.representatives(of: "QX01", on: localDay(2029, 7, 1)) == [])
        #expect(try await reps.representatives(of: "QX02", on: localDay(2026, 11, 30)) == ["RP03", "RP04"])

        // A by-election whose term overlaps the first one: from its start the latest election answers.
        _ = try await reps.recordElection(
            community: "QX01", date: localDay(2025, 3, 1), method: .other,
            candidates: [Candidate(person: "RP01", votes: 50), Candidate(person: "VL01", votes: 70)], elected: ["RP01", "VL01"],
            termStart: localDay(2025, 3, 1), termEnd: localDay(2026, 6, 30))
        #expect(try await reps.representatives(of: "QX01", on: localDay(2025, 2, 28)) == ["RP01", "RP02"])
        #expect(try await reps.representatives(of: "QX01", on: localDay(2025, 3, 1)) == ["RP01", "VL01"])
        #expect(try await reps.representatives(of: "QX01", on: localDay(2026, 7, 1)) == ["RP02", "VL01"])
        #expect(try await reps.representatives(of: "QX03", on: localDay(2026, 11, 30)) == [])
    }

    @Test("an election is checked: candidates, votes, the elected, the term, the date")
    func electionErrors() async throws {
        let h = try Harness()
        let reps = RepresentativeService(cases: h.service)
        let candidates = [Candidate(person: "RP01", votes: 100), Candidate(person: "RP02", votes: 90)]
        let june = localDay(2026, 6, 18), july = localDay(2026, 7, 1), end = localDay(2029, 6, 30)
        _ = try await reps.recordElection(community: "QX01", date: june, method: .directVote, candidates: candidates, elected: ["RP01"], termStart: july, termEnd: end)

        let bad: [(String, LocalDate, [Candidate], [String], LocalDate, LocalDate, String)] = [
            ("QX01", localDay(2026, 6, 19), candidates, ["RP01", "RP05"], july, end, "elected[1]"),  // elected but not a candidate
            ("QX01", localDay(2026, 6, 19), [candidates[0], Candidate(person: "RP02", votes: -1)], ["RP01"], july, end, "candidates[1].votes"),
            ("QX01", localDay(2026, 6, 19), [Candidate(person: "ZZ99", votes: 1)], [], july, end, "candidates[0].person"),
            ("QX01", localDay(2026, 6, 19), candidates, ["RP01"], end, july, "termEnd"),
            ("QX45", localDay(2026, 6, 19), candidates, ["RP01"], july, end, "community"),
            ("QX01", june, candidates, ["RP02"], july, end, "date"),  // a second election the same day
        ]
        for (community, date, candidates, elected, start, termEnd, field) in bad {
            let error = await #expect(throws: CouncilError.self) {
                try await reps.recordElection(community: community, date: date, method: .other, candidates: candidates, elected: elected, termStart: start, termEnd: termEnd)
            }
            #expect(error?.code == .invalidArgument, "\(field)")
            #expect(error?.field == field)
        }
        #expect(try await reps.elections(community: "QX01").map(\.elected) == [["RP01"]])
        #expect(try await reps.representatives(of: "QX01", on: localDay(2026, 12, 1)) == ["RP01"])
    }

    @Test("attendance counts the community's held meetings in the period and which the representatives came to")
    func attendance() async throws {
        let h = try Harness()
        let reps = RepresentativeService(cases: h.service)
        let meetings = MeetingService(cases: h.service)
        _ = try await reps.recordElection(
            community: "QX01", date: localDay(2026, 6, 18), method: .directVote,
            candidates: [Candidate(person: "RP01", votes: 100), Candidate(person: "RP02", votes: 90)], elected: ["RP01", "RP02"],
            termStart: localDay(2026, 7, 1), termEnd: localDay(2029, 6, 30))

        func held(_ community: String, _ at: Timestamp, _ attendees: [String]) async throws {
            let m = try await meetings.schedule(
                MeetingService.Plan(community: community, scheduledAt: at, placeKind: .hall, placeName: "社区议事厅", format: .jointMeeting,
                                    convener: community == "QX01" ? "HS01" : "HS02", topics: ["例会"]),
                by: staff)
            _ = try await meetings.hold(m.id, MeetingService.Record(heldAt: at, attendees: attendees, residentCount: 5, items: []), by: staff)
        }
        try await held("QX01", nov26(26, 15), ["HS01", "RP01", "RP02"])
        try await held("QX01", dec26(3, 15), ["HS01", "RP01"])
        try await held("QX01", dec26(10, 15), ["HS01"])
        try await held("QX02", dec26(3, 15), ["RP01", "RP02", "RP03"])  // another community's meeting
        _ = try await meetings.schedule(  // never held
            MeetingService.Plan(community: "QX01", scheduledAt: dec26(12, 15), placeKind: .hall, placeName: "社区议事厅", format: .jointMeeting, convener: "HS01", topics: ["例会"]),
            by: staff)
        let cancelled = try await meetings.schedule(
            MeetingService.Plan(community: "QX01", scheduledAt: dec26(8, 15), placeKind: .hall, placeName: "社区议事厅", format: .jointMeeting, convener: "HS01", topics: ["例会"]),
            by: staff)
        _ = try await meetings.cancel(cancelled.id, reason: "停电", by: staff)

        let calendar = WorkCalendar()
        func text(_ rows: [Attendance]) -> [String] { rows.map { "\($0.person) \($0.meetingsAttended)/\($0.meetingsHeld)" } }
        #expect(text(try await reps.attendance(of: "QX01", from: calendar.startOfDay(localDay(2026, 11, 23)), before: calendar.startOfDay(localDay(2026, 12, 14))))
            == ["RP01 2/3", "RP02 1/3"])
        #expect(text(try await reps.attendance(of: "QX01", from: calendar.startOfDay(localDay(2026, 11, 30)), before: calendar.startOfDay(localDay(2026, 12, 14))))
            == ["RP01 1/2", "RP02 0/2"])
        // Before the term began there were no representatives to count.
        #expect(try await reps.attendance(of: "QX01", from: calendar.startOfDay(localDay(2026, 1, 1)), before: calendar.startOfDay(localDay(2026, 7, 1))).isEmpty)
        #expect(try await reps.attendance(of: "QX02", from: calendar.startOfDay(localDay(2026, 11, 23)), before: calendar.startOfDay(localDay(2026, 12, 14))).isEmpty)
    }

    @Test("commendations are listed in date order, by community or all")
    func commendations() async throws {
        let h = try Harness()
        let reps = RepresentativeService(cases: h.service)
        _ = try await reps.commend(person: "RP02", community: "QX01", reason: "热心调解邻里纠纷", date: localDay(2026, 12, 1), awardedBy: "桥西区委")
        _ = try await reps.commend(person: "VL01", community: "QX01", reason: "志愿服务满一百小时", date: localDay(2026, 6, 1), awardedBy: "新华街街道")
        _ = try await reps.commend(person: "RP03", community: "QX02", reason: "议事积极", date: localDay(2026, 9, 10), awardedBy: "桥西区委")
        let district = try await reps.commend(person: "VL02", community: nil, reason: "抗洪抢险", date: localDay(2026, 3, 5), awardedBy: "桥西区人民政府")
        #expect(district.community == nil && district.reason == "抗洪抢险" && district.awardedBy == "桥西区人民政府" && district.date == localDay(2026, 3, 5))

        let all = try await reps.commendations()
        #expect(all.map(\.person) == ["VL02", "VL01", "RP03", "RP02"])
        #expect(all.map(\.date) == [localDay(2026, 3, 5), localDay(2026, 6, 1), localDay(2026, 9, 10), localDay(2026, 12, 1)])
        #expect(try await reps.commendations(community: "QX01").map(\.person) == ["VL01", "RP02"])
        #expect(try await reps.commendations(community: "QX03").isEmpty)

        let bad: [(String, String?, String, String, String)] = [
            ("ZZ99", "QX01", "理由", "桥西区委", "person"),
            ("RP01", "QX45", "理由", "桥西区委", "community"),
            ("RP01", "QX01", " ", "桥西区委", "reason"),
            ("RP01", "QX01", "理由", "", "awardedBy"),
        ]
        for (person, community, reason, awardedBy, field) in bad {
            let error = await #expect(throws: CouncilError.self) {
                try await reps.commend(person: person, community: community, reason: reason, date: localDay(2026, 12, 2), awardedBy: awardedBy)
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.field == field)
        }
        #expect(try await reps.commendations().count == 4)
    }
}
