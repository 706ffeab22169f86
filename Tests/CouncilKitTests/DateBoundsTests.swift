import CouncilKit
import CouncilTestKit
import Testing

@Suite("Dates without bounds are refused: no case can be made never to fall due")
struct DateBoundsTests {
    /// The far ends a hostile client sends, and a date just past each bound.
    static let farFuture = Timestamp(millisecondsSince1970: Int64.max / 2)
    static let farPast = Timestamp(millisecondsSince1970: Int64.min / 2)

    @Test("a requested due time is bounded by the longest time limit plus extensions", arguments: [
        farFuture, Timestamp(millisecondsSince1970: 253_402_300_799_000), /* 9999-12-31 */
    ])
    func requestedDue(_ due: Timestamp) async throws {
        let h = try Harness()
        var submission = Submission(title: "路灯不亮", description: "", source: .walkIn, community: "QX02", category: "other")
        submission.requestedDue = due
        let error = await #expect(throws: CouncilError.self) { try await h.service.submit(submission, by: staff) }
        #expect(error?.code == .invalidArgument && error?.field == "submission.requestedDue")
        #expect(try await h.store.latestSequence() == 0)

        submission.requestedDue = h.service.latestDue(from: h.clock.now())
        #expect(try await h.service.submit(submission, by: staff).created, "the bound itself is allowed")
    }

    @Test("the bound is the policy's: longer limits move it")
    func boundFollowsPolicy() throws {
        let h = try Harness()
        var policy = TimeLimitPolicy.standard
        policy.rules.append(.init(category: "other", limits: TimeLimits(
            response: .workingDays(1), handling: .workingDays(120), evaluationWindow: .workingDays(5), maxExtension: .workingDays(60))))
        let longer = try Harness(policy: policy)
        #expect(longer.service.latestDue(from: h.clock.now()) > h.service.latestDue(from: h.clock.now()))
    }

    @Test("meeting times, visits and resolution deadlines are bounded", arguments: [farFuture, farPast])
    func councilDates(_ date: Timestamp) async throws {
        let b = try MeetingBench()
        let scheduled = await #expect(throws: CouncilError.self) { try await b.meetings.schedule(b.plan(at: date), by: staff) }
        #expect(scheduled?.field == "plan.scheduledAt")

        let c = try await b.accepted("楼道堆物")
        let m = try await b.meetings.schedule(b.plan(cases: [c.id]), by: staff)
        let moved = await #expect(throws: CouncilError.self) { try await b.meetings.reschedule(m.id, to: date, by: staff) }
        #expect(moved?.field == "scheduledAt")
        let held = await #expect(throws: CouncilError.self) {
            try await b.meetings.hold(m.id, b.record(at: date, [MeetingBench.resolution(1)]), by: staff)
        }
        #expect(held?.field == "record.heldAt")
        if date == Self.farFuture {
            let deadline = await #expect(throws: CouncilError.self) {
                try await b.meetings.hold(m.id, b.record([MeetingBench.resolution(1, deadline: date)]), by: staff)
            }
            #expect(deadline?.field == "record.items[0].outcome.resolution.deadline")
        }
    }
}
