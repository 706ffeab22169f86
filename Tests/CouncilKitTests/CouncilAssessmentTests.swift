import CouncilKit
import CouncilTestKit
import Foundation
import Testing

/// Scorecards, cadence, coverage, the annual assessment and the CSV export, checked against figures worked out by
/// hand from the fixture in CouncilScenario.swift (issue 5).
@Suite("Council assessment on the four-week fixture")
struct CouncilAssessmentTests {
    typealias S = CouncilScenario

    /// Points of a figure n/d where higher is better, at weight w (before sharing out missing weights).
    func up(_ n: Double, _ d: Double, _ w: Double) -> Double { n / d * w }
    /// Points of a figure n/d where lower is better (rework, extension): (1 − n/d) · w.
    func down(_ n: Double, _ d: Double, _ w: Double) -> Double { (1 - n / d) * w }

    static func m(_ kind: MeasureKind, _ numerator: Int, _ denominator: Int) -> Measure {
        Measure(kind: kind, numerator: numerator, denominator: denominator)
    }

    // MARK: The fixture itself

    @Test("the fixture's cases end where its comments say")
    func fixturePaths() async throws {
        let s = try await S.build()
        let expected: [String: CaseStatus] = [
            "A1": .closed, "A2": .closed, "A3": .submitted, "A4": .withdrawn, "A5": .closed, "A6": .closed, "A7": .declined,
            "A8": .closed, "A9": .evaluated, "A10": .inProgress, "A11": .dispatched, "A12": .submitted, "A13": .awaitingEvaluation,
            "A14": .withdrawn, "A15": .merged, "B1": .evaluated, "B2": .closed, "B3": .closed, "B4": .referred, "B5": .closed,
            "B6": .submitted, "B7": .dispatched, "B8": .dispatched, "X0": .accepted, "Y0": .submitted,
        ]
        for (label, status) in expected {
            #expect(try await s.h.service.case(s[label]).status == status, "\(label)")
        }
        let a5 = try await s.h.service.case(s["A5"])
        #expect(a5.extensionCount == 1 && a5.reworkCount == 1 && a5.handlingDue == dec26(17, 0) && a5.resolvedOnTime == true)
        let a8 = try await s.h.service.case(s["A8"])
        #expect(a8.submission.source == .gridPlatform && a8.community == "QX01")
        #expect(a8.failedVerificationCount == 1 && a8.reworkCount == 1 && a8.handlingDue == dec26(11, 0))
        let a9 = try await s.h.service.case(s["A9"])
        #expect(a9.responsibleUnit == "HC" && a9.handlingDue == nov26(26, 18) && a9.resolvedOnTime == false)
        let a11 = try await s.h.service.case(s["A11"])
        #expect(a11.submission.source == .leaderVisit && a11.community == "QX01")
        let a13 = try await s.h.service.case(s["A13"])
        #expect(a13.responsibleUnit == "HC" && a13.returnCount == 1 && a13.handlingDue == dec26(15, 0))
        let b1 = try await s.h.service.case(s["B1"])
        #expect(b1.responseDue == nov26(9, 11) && b1.handlingDue == nov26(17, 0))
        let b2 = try await s.h.service.case(s["B2"])
        #expect(b2.handlingDue == nov26(27, 0) && b2.resolvedOnTime == false)
        let b3 = try await s.h.service.case(s["B3"])
        #expect(b3.submission.source == .cadreVisit && b3.community == "QX02")
        #expect(try await s.h.service.case(s["A6"]).closedUnrated)
        #expect(try await s.h.service.case(s["B5"]).closedUnrated)
        #expect(try await s.h.service.case(s["A10"]).handlingDue == dec26(3, 0))
    }

    // MARK: Scorecards

    @Test("community QX01: every figure matches the hand count")
    func communityQX01() async throws {
        let s = try await S.build()
        let card = try await s.assessment.scorecard(.community("QX01"), from: S.from, through: S.through)
        // A1–A15 are registered in the period; X0 (Nov 6) and Y0 (Dec 7) are not.
        #expect(card.casesReceived == 15)
        #expect(card.asOf == S.asOf)
        #expect(card.from == S.from && card.through == S.through)
        #expect(card.measures == [
            // Responded by the due time: A1, A5, A6, A7 (declined), A8, A9, A10, A11, A13, A14 (accepted, then
            // withdrawn), A15 (merged) = 11. Late: A2 (accepted Nov 12, due Nov 11 00:00). Unanswered past due: A3.
            // Left out: A4 (withdrawn before a response), A12 (still within its limit at asOf).
            Self.m(.responseRate, 11, 13),
            // Handled: A1, A2, A5, A6, A8, A9, A10, A11, A13 (A14 withdrawn, A7 declined, A15 merged are not).
            // Latest resolution on time: A1, A5 (thanks to its extension, and again after rework), A6, A8 (after the
            // failed verification), A13 = 5; late: A2, A9. Unresolved past due: A10 (Dec 3), A11 (Dec 4).
            Self.m(.onTimeRate, 5, 9),
            // Rated (latest rating): A1 satisfied/solved, A2 basically/solved, A5 basically/solved (after its
            // dissatisfied rating and rework), A8 satisfied/solved, A9 basically/NOT solved. A6 closed unrated and A13
            // not yet rated are left out.
            Self.m(.resolutionRate, 4, 5),
            Self.m(.satisfactionRate, 5, 5),
            // Resolved at least once: A1, A2, A5, A6, A8, A9, A13. Sent back: A5 (rework), A8 (failed verification).
            Self.m(.reworkRate, 2, 7),
            // Of the 9 handled cases, A5 had an approved extension.
            Self.m(.extensionRate, 1, 9),
            // Held meetings in weeks Nov 9 (Mq1), Nov 16 (Mq2), Nov 30 (Mq4, Sunday evening); Mq3 (Nov 25) was cancelled.
            Self.m(.meetingCadence, 3, 4),
            // Link-months: L01↔QX01 Nov (visit Nov 18) and Dec (none); L02↔QX01 Nov 9–15 (none).
            Self.m(.visitCadence, 1, 3),
        ])
    }

    @Test("community QX02: every figure matches the hand count")
    func communityQX02() async throws {
        let s = try await S.build()
        let card = try await s.assessment.scorecard(.community("QX02"), from: S.from, through: S.through)
        #expect(card.casesReceived == 8)
        #expect(card.measures == [
            // On time: B2, B3, B4 (referred), B5, B7, B8. Late: B1 (hotline, accepted 12:00, due 11:00).
            // Unanswered past due: B6.
            Self.m(.responseRate, 6, 8),
            // Handled: B1, B2, B3, B5, B7, B8 (B4 referred). On time: B1, B3, B5; late: B2 (even with its extension).
            // Unresolved past due: B7 (Dec 4). B8 is unresolved but due Dec 22, so left out.
            Self.m(.onTimeRate, 3, 5),
            // Rated: B1 dissatisfied/not solved, B2 satisfied/solved, B3 satisfied/solved; B5 closed unrated.
            Self.m(.resolutionRate, 2, 3),
            Self.m(.satisfactionRate, 2, 3),
            // Resolved: B1, B2, B3, B5; none sent back.
            Self.m(.reworkRate, 0, 4),
            // B2's extension, of 6 handled.
            Self.m(.extensionRate, 1, 6),
            // Only Mr1 (Nov 18) was held; Mr2 cancelled, Mr3 is after the period.
            Self.m(.meetingCadence, 1, 4),
            // L01↔QX02 active Nov 9–20: visited Nov 12.
            Self.m(.visitCadence, 1, 1),
        ])
    }

    @Test("unit UM: only the cases now assigned to it count; its volunteer service is its visit cadence")
    func unitUM() async throws {
        let s = try await S.build()
        let card = try await s.assessment.scorecard(.unit("UM"), from: S.from, through: S.through)
        // A1, A2, A5, A8, A11, B1, B2, B7, B8. A13 was returned by UM and went to HC; A9 went to HC by resolution.
        #expect(card.casesReceived == 9)
        #expect(card.measures == [
            // Late: A2, B1.
            Self.m(.responseRate, 7, 9),
            // On time: A1, A5, A8, B1; late: A2, B2; unresolved past due: A11, B7; B8 within its time.
            Self.m(.onTimeRate, 4, 8),
            // Rated: A1, A2, A5, A8, B2 solved and satisfied; B1 dissatisfied and not solved.
            Self.m(.resolutionRate, 5, 6),
            Self.m(.satisfactionRate, 5, 6),
            // Resolved: A1, A2, A5, A8, B1, B2; sent back: A5, A8.
            Self.m(.reworkRate, 2, 6),
            // Extended: A5, B2.
            Self.m(.extensionRate, 2, 9),
            // No meeting cadence for a unit. Compound links: QX01-C1 Nov (Nov 14 ✓), Dec (✗);
            // QX02-C1 from Nov 23: Nov (✗), Dec (Dec 3 ✓).
            Self.m(.visitCadence, 2, 4),
        ])
    }

    @Test("unit HC: a returned case follows its new unit; a figure with nothing to count has no value")
    func unitHC() async throws {
        let s = try await S.build()
        let card = try await s.assessment.scorecard(.unit("HC"), from: S.from, through: S.through)
        #expect(card.casesReceived == 2)  // A9 (by resolution), A13 (after UM returned it)
        #expect(card.measures == [
            Self.m(.responseRate, 2, 2), Self.m(.onTimeRate, 1, 2), Self.m(.resolutionRate, 0, 1), Self.m(.satisfactionRate, 1, 1),
            Self.m(.reworkRate, 0, 2), Self.m(.extensionRate, 0, 2), Self.m(.visitCadence, 0, 0),
        ])
        #expect(card[.visitCadence]?.value == nil)
        #expect(card[.meetingCadence] == nil)
    }

    @Test("leader L01: cases of the communities linked on the day of registration, and the leader's visits")
    func leaderL01() async throws {
        let s = try await S.build()
        let card = try await s.assessment.scorecard(.leader("L01"), from: S.from, through: S.through)
        // QX01 from Nov 16: A8, A9, A11, A12, A13, A14, A15. QX02 through Nov 20: B1, B2, B3 (Nov 20, the link's last
        // day), B5, B7. Not: A1–A7, A10 (before Nov 16), B4, B6, B8 (after Nov 20).
        #expect(card.casesReceived == 12)
        #expect(card.measures == [
            // Responded: A8, A9, A11, A13, A14, A15, B1 (late), B2, B3, B5, B7. A12 still within its limit.
            Self.m(.responseRate, 10, 11),
            // Handled: A8, A9, A11, A13, B1, B2, B3, B5, B7. On time: A8, A13, B1, B3, B5; late: A9, B2;
            // unresolved past due: A11, B7.
            Self.m(.onTimeRate, 5, 9),
            // Rated: A8 sat/solved, A9 basically/not solved, B1 dissatisfied/not solved, B2 and B3 sat/solved.
            Self.m(.resolutionRate, 3, 5),
            Self.m(.satisfactionRate, 4, 5),
            // Resolved: A8, A9, A13, B1, B2, B3, B5; sent back: A8.
            Self.m(.reworkRate, 1, 7),
            Self.m(.extensionRate, 1, 9),
            // L01↔QX01: Nov 16–30 (visit Nov 18 ✓), Dec 1–6 (✗); L01↔QX02: Nov 9–20 (visit Nov 12 ✓).
            Self.m(.visitCadence, 2, 3),
        ])
    }

    @Test("a scorecard refuses an unknown subject and a period that ends before it starts")
    func scorecardErrors() async throws {
        let h = try Harness()
        let assessment = AssessmentService(cases: h.service)
        let day = localDay(2026, 11, 30)
        for subject in [ScorecardSubject.community("QX45"), .unit("NOPE"), .leader("CD01")] {
            let error = await #expect(throws: CouncilError.self) { try await assessment.scorecard(subject, from: day, through: day) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.field == "subject")
        }
        let error = await #expect(throws: CouncilError.self) {
            try await assessment.scorecard(.community("QX01"), from: day, through: day.adding(days: -1))
        }
        #expect(error?.field == "through")
    }

    // MARK: Cadence, coverage, lapses

    @Test("cadence gaps: the weeks each community held no meeting")
    func cadenceGaps() async throws {
        let s = try await S.build()
        func text(_ gaps: [CadenceGap]) -> [String] { gaps.map { "\($0.community) \($0.weekStarting)" } }
        #expect(text(try await s.meetings.cadenceGaps(community: "QX01", from: S.from, through: S.through)) == ["QX01 2026-11-23"])
        #expect(text(try await s.meetings.cadenceGaps(community: "QX02", from: S.from, through: S.through))
            == ["QX02 2026-11-09", "QX02 2026-11-23", "QX02 2026-11-30"])
        // A period starting on a Wednesday still covers the whole week it touches.
        #expect(text(try await s.meetings.cadenceGaps(community: "QX01", from: localDay(2026, 11, 11), through: localDay(2026, 11, 24)))
            == ["QX01 2026-11-23"])
        // Every community: QX03…QX44 never met.
        let all = text(try await s.meetings.cadenceGaps(from: S.from, through: S.through))
        #expect(all.count == 172)  // 1 (QX01) + 3 (QX02) + 42 × 4
        #expect(Array(all.prefix(6)) == ["QX01 2026-11-23", "QX02 2026-11-09", "QX02 2026-11-23", "QX02 2026-11-30", "QX03 2026-11-09", "QX03 2026-11-16"])
        #expect(all.last == "QX44 2026-11-30")
    }

    static func communities(except covered: Set<String>) -> [String] {
        (1...44).map { $0 < 10 ? "QX0\($0)" : "QX\($0)" }.filter { !covered.contains($0) }
    }

    static func compounds(except covered: Set<String>) -> [String] {
        communities(except: []).flatMap { ["\($0)-C1", "\($0)-C2"] }.filter { !covered.contains($0) }
    }

    @Test("coverage holes on a given day")
    func coverage() async throws {
        let s = try await S.build()
        // The demo directory's households in difficulty are H1 of building B1 in each compound of QX01–QX04; CD01 and
        // CD02 cover QX01-C1-B1-H1 and QX02-C1-B1-H1.
        let households = ["QX01-C2-B1-H1", "QX02-C2-B1-H1", "QX03-C1-B1-H1", "QX03-C2-B1-H1", "QX04-C1-B1-H1", "QX04-C2-B1-H1"]

        // Nov 12: L02 covers QX01 (until Nov 15), L01 covers QX02 (until Nov 20); UM covers QX01-C1 only.
        let nov12 = try await s.linkage.coverage(on: localDay(2026, 11, 12))
        #expect(nov12.communitiesWithoutLeader == Self.communities(except: ["QX01", "QX02"]))
        #expect(nov12.compoundsWithoutUnit == Self.compounds(except: ["QX01-C1"]))
        #expect(nov12.householdsWithoutCadre == households)
        #expect(nov12.communitiesWithoutLeader.first == "QX03" && nov12.compoundsWithoutUnit.count == 87)

        // Nov 16: L02's link ended the day before, L01's starts that day.
        let nov16 = try await s.linkage.coverage(on: localDay(2026, 11, 16))
        #expect(nov16.communitiesWithoutLeader == Self.communities(except: ["QX01", "QX02"]))

        // Nov 25: L01's link to QX02 ended Nov 20; UM's link to QX02-C1 started Nov 23.
        let nov25 = try await s.linkage.coverage(on: localDay(2026, 11, 25))
        #expect(nov25.communitiesWithoutLeader == Self.communities(except: ["QX01"]))
        #expect(nov25.communitiesWithoutLeader.prefix(2) == ["QX02", "QX03"])
        #expect(nov25.compoundsWithoutUnit == Self.compounds(except: ["QX01-C1", "QX02-C1"]))
        #expect(nov25.compoundsWithoutUnit.prefix(3) == ["QX01-C2", "QX02-C2", "QX03-C1"])
        #expect(nov25.householdsWithoutCadre == households)
    }

    @Test("cadence lapses: leaders' unvisited months and pairings visited too seldom")
    func lapses() async throws {
        let s = try await S.build()
        func text(_ lapses: [CadenceLapse]) -> [String] { lapses.map { "\($0.link) \($0.holder) \($0.target) \($0.missing)" } }
        // From Oct 1: CD01 visited Oct 5 and then only Nov 20 (46 days): due Nov 4. CD02 never visited before Nov 20:
        // due 30 days after its start, Oct 30. L01 did not visit QX01 in December; L02 did not visit QX01 in November
        // (its link ended Nov 15). L01↔QX02 was visited Oct 15 and Nov 12; unit links have no cadence.
        #expect(text(try await s.linkage.cadenceLapses(from: localDay(2026, 10, 1), through: S.through)) == [
            "cadreHousehold-CD01-QX01-C1-B1-H1-20261001 CD01 QX01-C1-B1-H1 2026-11-04",
            "cadreHousehold-CD02-QX02-C1-B1-H1-20261001 CD02 QX02-C1-B1-H1 2026-10-30",
            "leaderCommunity-L01-QX01-20261116 L01 QX01 2026-12-01",
            "leaderCommunity-L02-QX01-20260901 L02 QX01 2026-11-01",
        ])
        // Within the scorecard period both pairings are still late — they were overdue when it began and first
        // visited on Nov 20 — so the lapses are the same, due dates before the period included.
        #expect(text(try await s.linkage.cadenceLapses(from: S.from, through: S.through)) == [
            "cadreHousehold-CD01-QX01-C1-B1-H1-20261001 CD01 QX01-C1-B1-H1 2026-11-04",
            "cadreHousehold-CD02-QX02-C1-B1-H1-20261001 CD02 QX02-C1-B1-H1 2026-10-30",
            "leaderCommunity-L01-QX01-20261116 L01 QX01 2026-12-01",
            "leaderCommunity-L02-QX01-20260901 L02 QX01 2026-11-01",
        ])
    }

    // MARK: Ranking

    @Test("ranking with the standard weights: order, scores and every figure's points")
    func rankStandard() async throws {
        let s = try await S.build()
        var cards: [Scorecard] = []
        for subject in [ScorecardSubject.unit("HC"), .community("QX02"), .unit("UM"), .community("QX01")] {
            cards.append(try await s.assessment.scorecard(subject, from: S.from, through: S.through))
        }
        let ranking = AssessmentService.rank(cards, .standard)
        try #require(ranking.count == 4)
        #expect(ranking.map(\.subject) == [.community("QX01"), .unit("UM"), .community("QX02"), .unit("HC")])
        #expect(ranking.map(\.rank) == [1, 2, 3, 4])

        // up(n, d, w): a higher-is-better figure n/d with weight w; down(n, d, w): a lower-is-better one, 1 − n/d.
        // QX01 has all eight figures: the weights sum to 100, so a figure's points are its score × its weight.
        let qx01: [Double] = [up(11, 13, 15), up(5, 9, 20), up(4, 5, 20), up(5, 5, 25), down(2, 7, 5), down(1, 9, 5), up(3, 4, 5), up(1, 3, 5)]
        // UM has no meeting cadence: the other weights (95) share its part.
        let um: [Double] = [up(7, 9, 15), up(4, 8, 20), up(5, 6, 20), up(5, 6, 25), down(2, 6, 5), down(2, 9, 5), up(2, 4, 5)].map { $0 * 100 / 95 }
        let qx02: [Double] = [up(6, 8, 15), up(3, 5, 20), up(2, 3, 20), up(2, 3, 25), down(0, 4, 5), down(1, 6, 5), up(1, 4, 5), up(1, 1, 5)]
        // HC's visit cadence has no value (0/0): left out, the remaining 90 share its part, and it earns 0 points.
        let hcScored: [Double] = [up(2, 2, 15), up(1, 2, 20), up(0, 1, 20), up(1, 1, 25), down(0, 2, 5), down(0, 2, 5)].map { $0 * 100 / 90 }
        let hc: [Double] = hcScored + [0]
        for (ranked, points) in zip(ranking, [qx01, um, qx02, hc]) {
            #expect(ranked.contributions.count == points.count, "\(ranked.subject)")
            for (contribution, expected) in zip(ranked.contributions, points) {
                #expect(abs(contribution.points - expected) < 1e-9, "\(ranked.subject) \(contribution.measure.kind)")
            }
            #expect(abs(ranked.score - points.reduce(0, +)) < 1e-9, "\(ranked.subject)")
        }
        #expect(abs(ranking[0].score - 78.23595848595849) < 1e-9)
        #expect(abs(ranking[1].score - 72.51461988304094) < 1e-9)
        #expect(abs(ranking[2].score - 68.66666666666667) < 1e-9)
        #expect(abs(ranking[3].score - 66.66666666666667) < 1e-9)
        #expect(ranking[0].contributions.map(\.weight) == [15, 20, 20, 25, 5, 5, 5, 5])
        #expect(ranking[3].contributions.map(\.measure.kind) == [.responseRate, .onTimeRate, .resolutionRate, .satisfactionRate, .reworkRate, .extensionRate, .visitCadence])
        #expect(ranking[0].scorecard == cards[3])
    }

    @Test("ranking with custom weights; equal scores share a rank")
    func rankCustom() async throws {
        let s = try await S.build()
        var cards: [Scorecard] = []
        for subject in [ScorecardSubject.community("QX02"), .community("QX01"), .unit("UM"), .unit("HC")] {
            cards.append(try await s.assessment.scorecard(subject, from: S.from, through: S.through))
        }
        // Satisfaction only: QX01 5/5 and HC 1/1 tie at 100 (listed by code), UM 5/6, QX02 2/3.
        let satisfaction = AssessmentService.rank(cards, AssessmentService.Weights([.satisfactionRate: 1]))
        try #require(satisfaction.count == 4)
        #expect(satisfaction.map(\.subject) == [.unit("HC"), .community("QX01"), .unit("UM"), .community("QX02")])
        #expect(satisfaction.map(\.rank) == [1, 1, 3, 4])
        #expect(abs(satisfaction[0].score - 100) < 1e-9 && abs(satisfaction[1].score - 100) < 1e-9)
        #expect(abs(satisfaction[2].score - 500.0 / 6) < 1e-9)
        #expect(abs(satisfaction[3].score - 200.0 / 3) < 1e-9)
        // Figures without a weight add nothing.
        #expect(satisfaction[2].contributions.filter { $0.measure.kind != .satisfactionRate }.allSatisfy { $0.points == 0 && $0.weight == 0 })

        // Satisfaction 3, on-time closure 1: QX01 (3·1 + 5/9)/4, QX02 (3·2/3 + 3/5)/4, UM (3·5/6 + 4/8)/4, HC (3·1 + 1/2)/4.
        let mixed = AssessmentService.rank(cards, AssessmentService.Weights([.satisfactionRate: 3, .onTimeRate: 1]))
        try #require(mixed.count == 4)
        #expect(mixed.map(\.subject) == [.community("QX01"), .unit("HC"), .unit("UM"), .community("QX02")])
        let expected: [Double] = [
            (up(5, 5, 3) + up(5, 9, 1)) / 4 * 100, (up(1, 1, 3) + up(1, 2, 1)) / 4 * 100,
            (up(5, 6, 3) + up(4, 8, 1)) / 4 * 100, (up(2, 3, 3) + up(3, 5, 1)) / 4 * 100,
        ]
        for (ranked, score) in zip(mixed, expected) { #expect(abs(ranked.score - score) < 1e-9, "\(ranked.subject)") }
        let onTimePoints: Double = mixed[0].contributions.first { $0.measure.kind == .onTimeRate }?.points ?? -1
        let onTimeExpected: Double = up(5, 9, 1) / 4 * 100
        #expect(abs(onTimePoints - onTimeExpected) < 1e-9)
    }

    @Test("a subject whose figures carry less than the minimum counted share follows the ranked ones, unranked")
    func rankThreshold() async throws {
        let s = try await S.build()
        var cards: [Scorecard] = []
        for subject in [ScorecardSubject.unit("HC"), .community("QX02"), .unit("UM"), .community("QX01")] {
            cards.append(try await s.assessment.scorecard(subject, from: S.from, through: S.through))
        }
        func rank(_ share: Double) -> [AssessmentService.Ranking] {
            AssessmentService.rank(cards, AssessmentService.Weights(AssessmentService.Weights.standard.weights, minimumCountedShare: share))
        }
        // QX01 and QX02 have all eight figures (100 of 100), UM all but the meeting cadence (95), HC neither cadence (90).
        let standard = rank(0.5)
        #expect(zip(standard.map(\.countedShare), [1, 0.95, 1, 0.9]).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(standard.map(\.rank) == [1, 2, 3, 4])
        let strict = rank(0.95)
        #expect(strict.map(\.subject) == [.community("QX01"), .unit("UM"), .community("QX02"), .unit("HC")])
        #expect(strict.map(\.rank) == [1, 2, 3, nil])
        // Unranked subjects keep their scores and are listed best score first: UM 72.5 before HC 66.7.
        let all = rank(1)
        #expect(all.map(\.subject) == [.community("QX01"), .community("QX02"), .unit("UM"), .unit("HC")])
        #expect(all.map(\.rank) == [1, 2, nil, nil])
        #expect(abs(all[2].score - 72.51461988304094) < 1e-9 && abs(all[3].score - 66.66666666666667) < 1e-9)
    }

    @Test("a minimum counted share outside 0–1 is refused")
    func badThreshold() async throws {
        let s = try await S.build()
        for share in [-0.5, 1.01] {
            let error = await #expect(throws: CouncilError.self) {
                _ = try await s.assessment.annualAssessment(year: 2026, weights: AssessmentService.Weights([.onTimeRate: 1], minimumCountedShare: share))
            }
            #expect(error?.field == "weights.minimumCountedShare")
        }
    }

    @Test("annual assessment end to end: QX01 before QX02, the silent communities follow unranked")
    func annual() async throws {
        let s = try await S.build()
        let annual = try await s.assessment.annualAssessment(year: 2026)
        #expect(annual.year == 2026)
        #expect(annual.weights == .standard)
        try #require(annual.communities.count == 44)
        #expect(annual.communities.prefix(2).map(\.subject) == [.community("QX01"), .community("QX02")])
        #expect(annual.communities.prefix(2).map(\.rank) == [1, 2])
        // The year adds X0 to QX01 (responded on time, unresolved past Nov 28) and Y0 (still within its limit).
        // The year so far runs to asOf (Mon Dec 7): 50 weeks, Mon Dec 29 2025 – Sun Dec 13 2026, touch it; QX01's
        // leader link-months are L02 Sep–Nov (Oct 20 ✓) and L01 Nov–Dec (Nov 18 ✓; December counts for Dec 1–7).
        let qx01Points: [Double] = [up(12, 14, 15), up(5, 10, 20), up(4, 5, 20), up(5, 5, 25), down(2, 7, 5), down(1, 10, 5), up(3, 50, 5), up(2, 5, 5)]
        let qx01 = qx01Points.reduce(0, +)
        // QX02's link-months: L01 Oct (Oct 15 ✓) and Nov (Nov 12 ✓).
        let qx02Points: [Double] = [up(6, 8, 15), up(3, 5, 20), up(2, 3, 20), up(2, 3, 25), down(0, 4, 5), down(1, 6, 5), up(1, 50, 5), up(2, 2, 5)]
        let qx02 = qx02Points.reduce(0, +)
        #expect(abs(annual.communities[0].score - qx01) < 1e-9)
        #expect(abs(annual.communities[1].score - qx02) < 1e-9)
        #expect(annual.communities[0].scorecard.casesReceived == 17)
        #expect(annual.communities.prefix(2).allSatisfy { $0.countedShare == 1 })
        // QX03…QX44: no case, no meeting (0 of 50 weeks), no link: only the meeting cadence (5 of 100) counts, too
        // little to rank them; score 0, unranked, listed by code.
        let rest = annual.communities.dropFirst(2)
        #expect(rest.allSatisfy { $0.rank == nil && $0.score == 0 && abs($0.countedShare - 0.05) < 1e-9 })
        #expect(rest.map(\.subject.code) == Self.communities(except: ["QX01", "QX02"]))
        // Units with cases in the year: UM, HC, then PC01 — every figure it has is perfect, but its one case (B5) was
        // closed unrated: response, on-time closure, rework and extension carry 45 of 100, too little to rank it.
        try #require(annual.units.map(\.subject) == [.unit("UM"), .unit("HC"), .unit("PC01")])
        #expect(annual.units.map(\.rank) == [1, 2, nil])
        #expect(abs(annual.units[2].score - 100) < 1e-9 && abs(annual.units[2].countedShare - 0.45) < 1e-9)
    }

    // MARK: Export

    /// Splits RFC 4180 CSV (CRLF records, quoted fields with doubled quotes) into records of fields.
    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" { field.unicodeScalars.append("\""); scalars.removeFirst() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\r", scalars.first == "\n" {
                scalars.removeFirst()
                record.append(field); field = ""
                records.append(record); record = []
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    static let caseHeader = "case number,community,category,source,status,step,title,registered,response due,responded,handling due,unit,resolved,on time,rating,solved,reworks,extensions"

    @Test("the case export: BOM, header, one row per case, Chinese intact, no personal data")
    func casesCSV() async throws {
        let s = try await S.build()
        let calendar = WorkCalendar()
        let csv = try await s.assessment.casesCSV(
            CaseQuery(community: "QX01", createdFrom: calendar.startOfDay(S.from), createdBefore: calendar.startOfDay(S.through.adding(days: 1))))
        #expect(Array(csv.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let body = String(csv.unicodeScalars.dropFirst())
        #expect(body.hasSuffix("\r\n"))
        let lines = body.components(separatedBy: "\r\n")
        #expect(lines.first == Self.caseHeader)
        #expect(lines.count == 1 + 15 + 1)  // header, A1–A15, and the empty string after the final CRLF
        #expect(lines.contains(
            "QX01-20261109-0001,QX01,environment,walkIn,closed,5,垃圾站清运不及时,2026-11-09 09:30,2026-11-11 00:00,2026-11-09 10:00,2026-11-20 00:00,UM,2026-11-19 15:00,yes,satisfied,yes,0,0"))
        #expect(lines.contains(
            "QX01-20261111-0001,QX01,environment,walkIn,closed,5,绿化带枯死,2026-11-11 09:00,2026-11-13 00:00,2026-11-11 10:00,2026-12-17 00:00,UM,2026-11-30 10:30,yes,basicallySatisfied,yes,1,1"))
        #expect(lines.contains("QX01-20261110-0001,QX01,environment,walkIn,submitted,1,单元门禁损坏,2026-11-10 09:00,2026-11-12 00:00,,,,,,,,0,0"))
        let records = Self.parseCSV(body)
        #expect(records.count == 16)
        #expect(records.allSatisfy { $0.count == 18 })

        let everything = try await s.assessment.casesCSV(CaseQuery())
        #expect(Self.parseCSV(String(everything.unicodeScalars.dropFirst())).count == 1 + 25)
        for pd in s.allPersonalData {
            for value in [pd.name, pd.phone, pd.address, pd.idNumber].compactMap({ $0 }) {
                #expect(!everything.contains(value), "\(value) in the export")
            }
        }
    }

    @Test("the case export quotes fields with commas and quotes as RFC 4180 says")
    func casesCSVQuoting() async throws {
        let h = try Harness()
        let assessment = AssessmentService(cases: h.service)
        let titles = ["关于\"停车难\",请尽快处理", "物业费\"乱收费\"", "噪音,扰民", "普通标题"]
        for title in titles {
            _ = try await h.service.submit(Submission(title: title, description: "", source: .walkIn, community: "QX02", category: "other"), by: staff)
            h.clock.advance(seconds: 60)
        }
        let csv = try await assessment.casesCSV(CaseQuery(order: .oldestFirst))
        #expect(csv.contains(",\"关于\"\"停车难\"\",请尽快处理\","))
        #expect(csv.contains(",\"物业费\"\"乱收费\"\"\","))
        #expect(csv.contains(",\"噪音,扰民\","))
        #expect(csv.contains(",普通标题,"))
        let records = Self.parseCSV(String(csv.unicodeScalars.dropFirst()))
        #expect(records.count == 5)
        #expect(records.allSatisfy { $0.count == 18 })
        #expect(records.dropFirst().map { $0.count > 6 ? $0[6] : "" }.sorted() == titles.sorted())
    }

    @Test("the case export writes a title a spreadsheet would run as a formula as text", arguments: AssessmentService.formulaStarts.sorted())
    func casesCSVFormulas(_ start: Unicode.Scalar) async throws {
        let h = try Harness()
        let assessment = AssessmentService(cases: h.service)
        let title = "\(start)HYPERLINK(\"http://example.invalid\",\"点击查看\")"
        _ = try await h.service.submit(Submission(title: title, description: "", source: .walkIn, community: "QX02", category: "other"), by: staff)
        let csv = try await assessment.casesCSV(CaseQuery())
        let records = Self.parseCSV(String(csv.unicodeScalars.dropFirst()))
        #expect(records.count == 2 && records[1].count == 18)
        #expect(records[1][6] == "'" + title, "the cell starts with a quote mark, so it is text")
        #expect(!csv.contains(",\(start)HYPERLINK") && !csv.contains(",\"\(start)HYPERLINK"))
    }

    @Test("the case export leaves out personal data the submitter typed into the title")
    func casesCSVTitleWithPersonalData() async throws {
        let h = try Harness()
        let assessment = AssessmentService(cases: h.service)
        let pd = PersonalData(name: "欧阳秀芝", phone: "13512345678", address: "示例社区02第1小区2号楼1单元302")
        _ = try await h.service.submit(
            Submission(title: "欧阳秀芝（13512345678）反映楼道灯不亮", description: "", source: .walkIn, community: "QX02", category: "infrastructure", submitter: pd),
            by: staff)
        let csv = try await assessment.casesCSV(CaseQuery())
        #expect(csv.contains("楼道灯不亮"))
        #expect(!csv.contains("欧阳秀芝"))
        #expect(!csv.contains("13512345678"))
    }

    @Test("the scorecard export: BOM, one row per figure, empty value where nothing counted")
    func scorecardsCSV() async throws {
        let s = try await S.build()
        let qx01 = try await s.assessment.scorecard(.community("QX01"), from: S.from, through: S.through)
        let hc = try await s.assessment.scorecard(.unit("HC"), from: S.from, through: S.through)
        let l01 = try await s.assessment.scorecard(.leader("L01"), from: S.from, through: S.through)
        let csv = AssessmentService.scorecardsCSV([qx01, hc, l01])
        #expect(Array(csv.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lines = String(csv.unicodeScalars.dropFirst()).components(separatedBy: "\r\n")
        #expect(lines == [
            "subject,code,from,through,cases received,measure,名称,numerator,denominator,value",
            "community,QX01,2026-11-09,2026-12-06,15,responseRate,响应率,11,13,0.8462",
            "community,QX01,2026-11-09,2026-12-06,15,onTimeRate,按期办结率,5,9,0.5556",
            "community,QX01,2026-11-09,2026-12-06,15,resolutionRate,解决率,4,5,0.8000",
            "community,QX01,2026-11-09,2026-12-06,15,satisfactionRate,满意率,5,5,1.0000",
            "community,QX01,2026-11-09,2026-12-06,15,reworkRate,返工率,2,7,0.2857",
            "community,QX01,2026-11-09,2026-12-06,15,extensionRate,延期率,1,9,0.1111",
            "community,QX01,2026-11-09,2026-12-06,15,meetingCadence,议事频次,3,4,0.7500",
            "community,QX01,2026-11-09,2026-12-06,15,visitCadence,走访频次,1,3,0.3333",
            "unit,HC,2026-11-09,2026-12-06,2,responseRate,响应率,2,2,1.0000",
            "unit,HC,2026-11-09,2026-12-06,2,onTimeRate,按期办结率,1,2,0.5000",
            "unit,HC,2026-11-09,2026-12-06,2,resolutionRate,解决率,0,1,0.0000",
            "unit,HC,2026-11-09,2026-12-06,2,satisfactionRate,满意率,1,1,1.0000",
            "unit,HC,2026-11-09,2026-12-06,2,reworkRate,返工率,0,2,0.0000",
            "unit,HC,2026-11-09,2026-12-06,2,extensionRate,延期率,0,2,0.0000",
            "unit,HC,2026-11-09,2026-12-06,2,visitCadence,走访频次,0,0,",
            "leader,L01,2026-11-09,2026-12-06,12,responseRate,响应率,10,11,0.9091",
            "leader,L01,2026-11-09,2026-12-06,12,onTimeRate,按期办结率,5,9,0.5556",
            "leader,L01,2026-11-09,2026-12-06,12,resolutionRate,解决率,3,5,0.6000",
            "leader,L01,2026-11-09,2026-12-06,12,satisfactionRate,满意率,4,5,0.8000",
            "leader,L01,2026-11-09,2026-12-06,12,reworkRate,返工率,1,7,0.1429",
            "leader,L01,2026-11-09,2026-12-06,12,extensionRate,延期率,1,9,0.1111",
            "leader,L01,2026-11-09,2026-12-06,12,visitCadence,走访频次,2,3,0.6667",
            "",
        ])
    }
}
