import CouncilKit
import CouncilTestKit
import Testing

/// Three-level linkage (三级联动): links, visits, cases raised on visits, coverage and cadence.
@Suite("Council linkage")
struct CouncilLinkageTests {
    struct Bench {
        let h: Harness
        let linkage: LinkageService

        init(configuration: LinkageService.Configuration = .init()) throws {
            h = try Harness()
            linkage = LinkageService(cases: h.service, configuration: configuration)
        }
    }

    struct BadLink: Sendable, CustomTestStringConvertible {
        let label: String
        let kind: Link.Kind
        let holder: String
        let target: String
        let field: String
        var testDescription: String { label }
    }

    static let badLinks = [
        BadLink(label: "a cadre as a leader", kind: .leaderCommunity, holder: "CD01", target: "QX01", field: "holder"),
        BadLink(label: "a representative as a leader", kind: .leaderCommunity, holder: "RP01", target: "QX01", field: "holder"),
        BadLink(label: "an unknown leader", kind: .leaderCommunity, holder: "L99", target: "QX01", field: "holder"),
        BadLink(label: "an unknown community", kind: .leaderCommunity, holder: "L01", target: "QX45", field: "target"),
        BadLink(label: "a leader as a cadre", kind: .cadreHousehold, holder: "L01", target: "QX01-C1-B1-H1", field: "holder"),
        BadLink(label: "an unknown household", kind: .cadreHousehold, holder: "CD01", target: "QX09-C1-B1-H1", field: "target"),
        BadLink(label: "an unknown unit", kind: .unitCompound, holder: "NOPE", target: "QX01-C1", field: "holder"),
        BadLink(label: "a person as a unit", kind: .unitCompound, holder: "L01", target: "QX01-C1", field: "holder"),
        BadLink(label: "an unknown compound", kind: .unitCompound, holder: "UM", target: "QX45-C1", field: "target"),
        BadLink(label: "a community as a compound", kind: .unitCompound, holder: "UM", target: "QX01", field: "target"),
    ]

    @Test("establishing a link checks the holder's role and the target", arguments: badLinks)
    func badLink(_ bad: BadLink) async throws {
        let b = try Bench()
        let error = await #expect(throws: CouncilError.self) {
            try await b.linkage.establish(bad.kind, holder: bad.holder, target: bad.target, start: localDay(2026, 11, 1))
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == bad.field)
        #expect(try await b.linkage.links().isEmpty)
    }

    @Test("links record holder, target, community and dates; a duplicate is refused")
    func links() async throws {
        let b = try Bench()
        let leader = try await b.linkage.establish(.leaderCommunity, holder: "L01", target: "QX02", start: localDay(2026, 11, 1))
        #expect(leader.id == "leaderCommunity-L01-QX02-20261101")
        #expect(leader.kind == .leaderCommunity && leader.holder == "L01" && leader.target == "QX02" && leader.community == "QX02")
        #expect(leader.start == localDay(2026, 11, 1) && leader.end == nil)
        let unit = try await b.linkage.establish(.unitCompound, holder: "UM", target: "QX02-C2", start: localDay(2026, 11, 1))
        #expect(unit.community == "QX02")
        let cadre = try await b.linkage.establish(.cadreHousehold, holder: "CD03", target: "QX01-C2-B1-H1", start: localDay(2026, 11, 1))
        #expect(cadre.community == "QX01")

        let duplicate = await #expect(throws: CouncilError.self) {
            try await b.linkage.establish(.leaderCommunity, holder: "L01", target: "QX02", start: localDay(2026, 11, 1))
        }
        #expect(duplicate?.code == .invalidArgument)
        #expect(duplicate?.field == "start")
        #expect(try await b.linkage.links().count == 3)
        #expect(try await b.linkage.links(community: "QX02").map(\.id).sorted() == [leader.id, unit.id].sorted())

        // A link runs through its end day inclusive; it cannot end before it starts.
        let tooEarly = await #expect(throws: CouncilError.self) { try await b.linkage.end(leader.id, on: localDay(2026, 10, 31)) }
        #expect(tooEarly?.field == "day")
        let ended = try await b.linkage.end(leader.id, on: localDay(2026, 11, 20))
        #expect(ended.end == localDay(2026, 11, 20))
        #expect(ended.isActive(on: localDay(2026, 11, 20)) && !ended.isActive(on: localDay(2026, 11, 21)) && !ended.isActive(on: localDay(2026, 10, 31)))
        #expect(try await b.linkage.coverage(on: localDay(2026, 11, 20)).communitiesWithoutLeader.contains("QX02") == false)
        #expect(try await b.linkage.coverage(on: localDay(2026, 11, 21)).communitiesWithoutLeader.contains("QX02"))
        let unknown = await #expect(throws: CouncilError.self) { try await b.linkage.end("leaderCommunity-L09-QX09-20261101", on: localDay(2026, 11, 20)) }
        #expect(unknown?.code == .notFound)
        // A new link of the same pair from another day is a different link.
        let again = try await b.linkage.establish(.leaderCommunity, holder: "L01", target: "QX02", start: localDay(2026, 12, 1))
        #expect(again.id == "leaderCommunity-L01-QX02-20261201")
    }

    @Test("a visit must fall within its link's dates and name known people")
    func visits() async throws {
        let b = try Bench()
        let link = try await b.linkage.establish(.unitCompound, holder: "UM", target: "QX01-C1", start: localDay(2026, 11, 10))
        _ = try await b.linkage.end(link.id, on: localDay(2026, 11, 30))
        let visit = try await b.linkage.logVisit(under: link.id, at: nov26(14, 9), people: ["CD01", "VL01"], hours: 3.5, notes: "志愿清扫")
        #expect(visit.link == link.id && visit.kind == .unitCompound && visit.community == "QX01")
        #expect(visit.at == nov26(14, 9) && visit.hours == 3.5 && visit.people == ["CD01", "VL01"] && visit.raisedCases.isEmpty)
        // The first and last days count.
        _ = try await b.linkage.logVisit(under: link.id, at: nov26(10, 0), people: ["CD01"], notes: "")
        _ = try await b.linkage.logVisit(under: link.id, at: nov26(30, 23, 59), people: ["CD01"], notes: "")

        let bad: [(Timestamp, [String], Double?, String, String)] = [
            (nov26(9, 23, 59), ["CD01"], nil, link.id, "at"),  // the day before the start
            (dec26(1, 0), ["CD01"], nil, link.id, "at"),  // the day after the end
            (nov26(14, 9), ["ZZ99"], nil, link.id, "people[0]"),
            (nov26(14, 9), ["CD01"], 25, link.id, "hours"),
            (nov26(14, 9), ["CD01"], -1, link.id, "hours"),
            (nov26(14, 9), ["CD01"], nil, "unitCompound-UM-QX09-C1-20261110", "link"),
        ]
        for (at, people, hours, linkID, field) in bad {
            let error = await #expect(throws: CouncilError.self) {
                try await b.linkage.logVisit(under: linkID, at: at, people: people, hours: hours, notes: "走访")
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.field == field)
        }
        let all = try await b.linkage.visits()
        #expect(all.map(\.at) == [nov26(10, 0), nov26(14, 9), nov26(30, 23, 59)])
        #expect(try await b.linkage.visits(community: "QX02").isEmpty)
    }

    @Test("a case raised on a visit takes the visit's source and community and is recorded on the visit")
    func raiseCase() async throws {
        let b = try Bench()
        let leaderLink = try await b.linkage.establish(.leaderCommunity, holder: "L01", target: "QX01", start: localDay(2026, 11, 1))
        let cadreLink = try await b.linkage.establish(.cadreHousehold, holder: "CD02", target: "QX02-C1-B1-H1", start: localDay(2026, 11, 1))
        let leaderVisit = try await b.linkage.logVisit(under: leaderLink.id, at: Local.mondayNine, people: ["L01"], notes: "包联走访")
        let cadreVisit = try await b.linkage.logVisit(under: cadreLink.id, at: Local.mondayNine, people: ["CD02"], notes: "入户", helpGiven: "送米面油")

        // Given as a hotline case, it becomes a leader-visit case with the default limits (respond by the end of the
        // next working day, Tuesday Dec 1), not the hotline's two hours.
        let first = try await b.linkage.raiseCase(
            onVisit: leaderVisit.id, Submission(title: "小区路灯不亮", description: "", source: .hotline, category: "infrastructure"), by: staff)
        #expect(first.submission.source == .leaderVisit)
        #expect(first.community == "QX01")
        #expect(first.status == .submitted)
        #expect(first.responseDue == Local.at(2026, 12, 2))
        let second = try await b.linkage.raiseCase(
            onVisit: leaderVisit.id, Submission(title: "楼道堆物", description: "", source: .walkIn, category: "property"), by: staff)
        let third = try await b.linkage.raiseCase(
            onVisit: cadreVisit.id, Submission(title: "需要助餐服务", description: "", source: .walkIn, category: "elderly"), by: staff)
        #expect(third.submission.source == .cadreVisit)
        #expect(third.community == "QX02")

        let visits = try await b.linkage.visits()
        #expect(visits.first { $0.id == leaderVisit.id }?.raisedCases == [first.id, second.id])
        #expect(visits.first { $0.id == cadreVisit.id }?.raisedCases == [third.id])
        #expect(try await b.h.service.case(first.id).submission.source == .leaderVisit)

        let unknown = await #expect(throws: CouncilError.self) {
            try await b.linkage.raiseCase(onVisit: "no-such-visit", Submission(title: "x", description: "", source: .walkIn, community: "QX01"), by: staff)
        }
        #expect(unknown?.field == "visit")
        let invalid = await #expect(throws: CouncilError.self) {
            try await b.linkage.raiseCase(onVisit: leaderVisit.id, Submission(title: "", description: "", source: .walkIn), by: staff)
        }
        #expect(invalid?.field == "submission.title")
        #expect(try await b.linkage.visits().first { $0.id == leaderVisit.id }?.raisedCases.count == 2)
    }

    @Test("a pairing's lapse uses the configured interval")
    func configuredInterval() async throws {
        let b = try Bench(configuration: LinkageService.Configuration(householdVisitIntervalDays: 14))
        let link = try await b.linkage.establish(.cadreHousehold, holder: "CD01", target: "QX01-C1-B1-H1", start: localDay(2026, 11, 1))
        _ = try await b.linkage.logVisit(under: link.id, at: nov26(2, 10), people: ["CD01"], notes: "")
        _ = try await b.linkage.logVisit(under: link.id, at: nov26(20, 10), people: ["CD01"], notes: "")  // 18 days later
        _ = try await b.linkage.logVisit(under: link.id, at: nov26(30, 10), people: ["CD01"], notes: "")  // 10 days later
        let lapses = try await b.linkage.cadenceLapses(from: localDay(2026, 11, 1), through: localDay(2026, 12, 20))
        // Due Nov 16 (Nov 2 + 14); after Nov 30 the next was due Dec 14, and Dec 20 has passed it.
        #expect(lapses.map { "\($0.holder) \($0.target) \($0.missing)" } == ["CD01 QX01-C1-B1-H1 2026-11-16", "CD01 QX01-C1-B1-H1 2026-12-14"])
        let standard = try await LinkageService(cases: b.h.service).cadenceLapses(from: localDay(2026, 11, 1), through: localDay(2026, 12, 20))
        #expect(standard.isEmpty)
    }

    @Test("a pairing long unvisited before the period is late within it")
    func lapseAcrossPeriodStart() async throws {
        let b = try Bench()
        let link = try await b.linkage.establish(.cadreHousehold, holder: "CD01", target: "QX01-C1-B1-H1", start: localDay(2026, 8, 15))
        _ = try await b.linkage.logVisit(under: link.id, at: Local.at(2026, 9, 1, hour: 10), people: ["CD01"], notes: "")
        // From Sep 1 to Nov 20 nobody visited: 80 days. Over the whole stretch the visit was due Oct 1.
        let whole = try await b.linkage.cadenceLapses(from: localDay(2026, 8, 1), through: localDay(2026, 11, 20))
        #expect(whole.map(\.missing) == [localDay(2026, 10, 1)])
        // Asked about Nov 1–20 only, the household is still unvisited for far more than 30 days.
        let november = try await b.linkage.cadenceLapses(from: localDay(2026, 11, 1), through: localDay(2026, 11, 20))
        #expect(november.map(\.missing) == [localDay(2026, 10, 1)])
    }
}
