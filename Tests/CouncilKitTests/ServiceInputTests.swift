import CouncilKit
import CouncilTestKit
import Testing

/// The council services check the inputs of their queries themselves, so a Swift app gets the answer a wire client
/// gets.
@Suite("Council service inputs")
struct ServiceInputTests {
    let h: Harness
    let day = LocalDate(year: 2026, month: 11, day: 30)!
    let earlier = LocalDate(year: 2026, month: 11, day: 1)!

    init() throws {
        h = try Harness()
    }

    func field(_ body: () async throws -> Void) async -> String? {
        let error = await #expect(throws: CouncilError.self) { try await body() }
        #expect(error?.code == .invalidArgument)
        return error?.field
    }

    @Test("a period that ends before it starts is refused by the field that ends it")
    func periods() async {
        let meetings = MeetingService(cases: h.service), linkage = LinkageService(cases: h.service)
        let representatives = RepresentativeService(cases: h.service), assessment = AssessmentService(cases: h.service)
        #expect(await field { _ = try await meetings.cadenceGaps(from: day, through: earlier) } == "through")
        #expect(await field { _ = try await linkage.cadenceLapses(from: day, through: earlier) } == "through")
        #expect(await field { _ = try await assessment.scorecard(.community("QX01"), from: day, through: earlier) } == "through")
        let now = h.clock.now()
        #expect(await field { _ = try await representatives.attendance(of: "QX01", from: now, before: now) } == "before")
    }

    @Test("the cadence of a community the directory does not have is refused")
    func unknownCommunity() async {
        let meetings = MeetingService(cases: h.service)
        #expect(await field { _ = try await meetings.cadenceGaps(community: "QX99", from: earlier, through: day) } == "community")
    }

    @Test("the annual assessment takes a year of the calendar, finite weights and a share between 0 and 1")
    func assessmentInputs() async {
        let assessment = AssessmentService(cases: h.service)
        #expect(await field { _ = try await assessment.annualAssessment(year: 1969) } == "year")
        #expect(await field { _ = try await assessment.annualAssessment(year: 10_000) } == "year")
        #expect(await field { _ = try await assessment.annualAssessment(year: 2026, weights: .init([.onTimeRate: -1])) } == "weights")
        #expect(await field { _ = try await assessment.annualAssessment(year: 2026, weights: .init([.onTimeRate: .nan])) } == "weights")
        for share in [-0.1, 1.1, Double.nan] {
            #expect(await field {
                _ = try await assessment.annualAssessment(year: 2026, weights: .init([.onTimeRate: 1], minimumCountedShare: share))
            } == "weights.minimumCountedShare")
        }
    }
}
