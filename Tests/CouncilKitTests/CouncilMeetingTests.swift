import CouncilKit
import CouncilTestKit
import Testing

/// A store, clock and meeting service; the clock starts Monday 2026-11-30 09:00.
struct MeetingBench {
    let h: Harness
    let meetings: MeetingService

    init() throws {
        h = try Harness()
        meetings = MeetingService(cases: h.service)
    }

    /// Thursday 2026-12-03 15:00 and the Thursday after.
    static let thursday = dec26(3, 15)
    static let nextThursday = dec26(10, 15)

    func submitted(_ title: String, community: String = "QX01", submitter: PersonalData? = nil) async throws -> CouncilCase {
        try await h.service.submit(
            Submission(title: title, description: "居民反映：\(title)", source: .walkIn, community: community, category: "environment", submitter: submitter),
            by: staff
        ).case
    }

    func accepted(_ title: String, community: String = "QX01", submitter: PersonalData? = nil) async throws -> CouncilCase {
        try await h.service.accept(try await submitted(title, community: community, submitter: submitter).id, by: staff)
    }

    func plan(
        _ community: String = "QX01", at time: Timestamp = MeetingBench.thursday, cases: [CaseID] = [], topics: [String] = [],
        includeWaitingCases: Bool = true
    ) -> MeetingService.Plan {
        MeetingService.Plan(
            community: community, scheduledAt: time, placeKind: .hall, placeName: "社区议事厅", format: .jointMeeting,
            convener: community == "QX01" ? "HS01" : "HS02",
            invited: [Meeting.Participant(role: .representative, reference: "RP01"), Meeting.Participant(role: .unit, reference: "HC"),
                      Meeting.Participant(role: .resident)],
            cases: cases, topics: topics, includeWaitingCases: includeWaitingCases)
    }

    func record(
        at time: Timestamp = MeetingBench.thursday, _ items: [MeetingService.Record.Item], attendees: [String] = ["HS01", "RP01"],
        residents: Int = 10
    ) -> MeetingService.Record {
        MeetingService.Record(heldAt: time, attendees: attendees, residentCount: residents, items: items, minutes: "会议纪要")
    }

    static func resolution(_ number: Int, unit: String? = "HC", deadline: Timestamp = dec26(10, 18), vote: Vote? = nil) -> MeetingService.Record.Item {
        .init(number: number, record: Meeting.ItemRecord(questions: "谁来办？", answers: "住建局牵头", debate: "无异议"),
              outcome: .resolution(MeetingResolution(decision: "由责任单位限期整改", responsibleUnit: unit, deadline: deadline, vote: vote)))
    }

    static func deferral(_ number: Int) -> MeetingService.Record.Item {
        .init(number: number, record: Meeting.ItemRecord(questions: "费用谁出？"), outcome: .deferred(reason: "需补充维修报价"))
    }

    static func noConsensus(_ number: Int) -> MeetingService.Record.Item {
        .init(number: number, record: Meeting.ItemRecord(debate: "意见分歧"), outcome: .noConsensus(note: "未能达成一致"))
    }
}

@Suite("Council meetings")
struct CouncilMeetingTests {
    typealias B = MeetingBench

    @Test("scheduling puts accepted cases on the agenda, awaiting deliberation, linked both ways")
    func scheduling() async throws {
        let b = try B()
        let c1 = try await b.accepted("垃圾站清运不及时")
        let c2 = try await b.accepted("楼道灯不亮")
        let m = try await b.meetings.schedule(b.plan(cases: [c1.id, c2.id, c1.id], topics: ["楼道堆物清理"]), by: staff)

        #expect(m.status == .scheduled)
        #expect(m.community == "QX01")
        #expect(m.id.hasPrefix("QX01-20261203-"))
        #expect(m.scheduledAt == B.thursday)
        #expect(m.caseIDs == [c1.id, c2.id])  // the repeated case is on the agenda once
        try #require(m.agenda.map(\.number) == [1, 2, 3])
        #expect(m.agenda.map(\.topic) == ["垃圾站清运不及时", "楼道灯不亮", "楼道堆物清理"])
        #expect(m.agenda[2].caseID == nil)
        #expect(m.agenda.allSatisfy { $0.outcome == nil && $0.record == nil })
        #expect(try await b.meetings.meeting(m.id) == m)

        for c in [c1, c2] {
            let now = try await b.h.service.case(c.id)
            #expect(now.status == .awaitingDeliberation)
            #expect(now.disposition == .deliberation)
            #expect(now.meetings.isEmpty, "the meeting has not discussed it yet")
            #expect(try await b.meetings.meetings(discussing: c.id).map(\.id) == [m.id])
            guard case .scheduledForDeliberation(let meeting, _)? = try await b.h.service.history(of: c.id).last?.change else {
                Issue.record("the last event is not the scheduling")
                continue
            }
            #expect(meeting == m.id)
        }
        #expect(try await b.meetings.meetings(community: "QX01").map(\.id) == [m.id])
        #expect(try await b.meetings.meetings(community: "QX02").isEmpty)
    }

    @Test("a resolution sends the case to handling with the resolution's unit and deadline")
    func resolution() async throws {
        let b = try B()
        let c1 = try await b.accepted("垃圾站清运不及时")
        let c2 = try await b.accepted("绿化带枯死")
        let m = try await b.meetings.schedule(b.plan(cases: [c1.id, c2.id]), by: staff)
        b.h.clock.set(dec26(3, 16))
        let vote = Vote(inFavour: 7, against: 1, abstaining: 1)
        let result = try await b.meetings.hold(
            m.id, b.record([B.resolution(1, unit: "HC", deadline: dec26(10, 18), vote: vote), B.resolution(2, unit: nil, deadline: dec26(8, 12))], residents: 12),
            by: staff)

        #expect(result.failures.isEmpty)
        #expect(result.carriedOver.isEmpty)
        #expect(result.cases.map(\.id) == [c1.id, c2.id])
        #expect(result.meeting.status == .held)
        #expect(result.meeting.heldAt == B.thursday)
        try #require(result.meeting.agenda.count == 2)
        #expect(result.meeting.attendees == ["HS01", "RP01"])
        #expect(result.meeting.residentCount == 12)
        #expect(result.meeting.minutes == "会议纪要")
        #expect(result.meeting.agenda[0].record == Meeting.ItemRecord(questions: "谁来办？", answers: "住建局牵头", debate: "无异议"))
        #expect(result.meeting.agenda[0].outcome == .resolution(MeetingResolution(decision: "由责任单位限期整改", responsibleUnit: "HC", deadline: dec26(10, 18), vote: vote)))
        #expect(try await b.meetings.meeting(m.id) == result.meeting)

        let moved = try await b.h.service.case(c1.id)
        #expect(moved.status == .inProgress)
        #expect(moved.step == .handleAndFeedBack)
        #expect(moved.responsibleUnit == "HC")
        #expect(moved.handlingDue == dec26(10, 18))
        #expect(moved.meetings == [m.id])
        guard case .deliberated(let record)? = try await b.h.service.history(of: c1.id).last?.change else {
            Issue.record("the last event is not the deliberation")
            return
        }
        #expect(record.meeting == m.id)
        #expect(record.summary == "问：谁来办？\n答：住建局牵头\n辩：无异议")

        // Without a unit the community handles it itself.
        let local = try await b.h.service.case(c2.id)
        #expect(local.status == .inProgress && local.responsibleUnit == nil && local.handlingDue == dec26(8, 12))
        #expect(try await b.meetings.meetings(discussing: c2.id).map(\.id) == [m.id])
    }

    @Test("a deferral carries the case onto the next scheduled meeting; no consensus returns it to the hall")
    func deferralCarriedOver() async throws {
        let b = try B()
        let c1 = try await b.accepted("加装电梯")
        let c2 = try await b.accepted("停车位分配")
        let m1 = try await b.meetings.schedule(b.plan(cases: [c1.id, c2.id]), by: staff)
        // Scheduled before m1 is held: c1 and c2 are on m1's agenda, so m2 does not pick them up.
        let m2 = try await b.meetings.schedule(b.plan(at: B.nextThursday, topics: ["其他事项"]), by: staff)
        #expect(m2.caseIDs.isEmpty)

        b.h.clock.set(dec26(3, 16))
        let result = try await b.meetings.hold(m1.id, b.record([B.deferral(1), B.noConsensus(2)]), by: staff)
        #expect(result.failures.isEmpty)
        #expect(result.carriedOver == [c1.id: m2.id])
        #expect(result.cases.map(\.status) == [.awaitingDeliberation, .accepted])

        let deferred = try await b.h.service.case(c1.id)
        #expect(deferred.status == .awaitingDeliberation)
        #expect(deferred.meetings.first == m1.id)
        let back = try await b.h.service.case(c2.id)
        #expect(back.status == .accepted)
        #expect(back.disposition == nil)
        #expect(back.meetings == [m1.id])

        let next = try await b.meetings.meeting(m2.id)
        #expect(next.caseIDs == [c1.id])
        #expect(next.agenda.map(\.number) == [1, 2])
        #expect(next.agenda.map(\.topic) == ["其他事项", "加装电梯"])
        #expect(try await b.meetings.meetings(discussing: c1.id).map(\.id) == [m1.id, m2.id])
        #expect(try await b.meetings.meetings(discussing: c2.id).map(\.id) == [m1.id])

        b.h.clock.set(dec26(10, 16))
        let second = try await b.meetings.hold(m2.id, b.record(at: B.nextThursday, [B.resolution(2)]), by: staff)
        #expect(second.cases.map(\.status) == [.inProgress])
        #expect(try await b.h.service.case(c1.id).meetings == [m1.id, m2.id])
    }

    @Test("a deferred case with no meeting ahead waits for the next meeting scheduled")
    func deferralPickedUpLater() async throws {
        let b = try B()
        let c = try await b.accepted("加装电梯")
        let m1 = try await b.meetings.schedule(b.plan(cases: [c.id]), by: staff)
        b.h.clock.set(dec26(3, 16))
        let result = try await b.meetings.hold(m1.id, b.record([B.deferral(1)]), by: staff)
        #expect(result.carriedOver.isEmpty)
        #expect(try await b.h.service.case(c.id).status == .awaitingDeliberation)

        // Without includeWaitingCases the waiting case stays off the agenda…
        let without = try await b.meetings.schedule(b.plan(at: dec26(8, 15), topics: ["其他事项"], includeWaitingCases: false), by: staff)
        #expect(without.caseIDs.isEmpty)
        // …with it (the default) the next meeting scheduled picks it up, and only that one.
        let m2 = try await b.meetings.schedule(b.plan(at: B.nextThursday, topics: ["其他事项"]), by: staff)
        #expect(m2.caseIDs == [c.id])
        #expect(m2.agenda.map(\.topic) == ["加装电梯", "其他事项"])
        let m3 = try await b.meetings.schedule(b.plan(at: dec26(17, 15), topics: ["其他事项"]), by: staff)
        #expect(m3.caseIDs.isEmpty)
        #expect(try await b.meetings.meetings(discussing: c.id).map(\.id) == [m1.id, m2.id])
        // Another community's meeting never picks it up.
        let other = try await b.meetings.schedule(b.plan("QX02", at: B.nextThursday, topics: ["其他事项"]), by: staff)
        #expect(other.caseIDs.isEmpty)
    }

    @Test("holding a meeting twice, or a cancelled one, fails the precondition and changes nothing")
    func holdTwice() async throws {
        let b = try B()
        let c = try await b.accepted("加装电梯")
        let m = try await b.meetings.schedule(b.plan(cases: [c.id]), by: staff)
        b.h.clock.set(dec26(3, 16))
        _ = try await b.meetings.hold(m.id, b.record([B.resolution(1)]), by: staff)
        let before = try await b.h.footprint(c.id)

        let again = await #expect(throws: CouncilError.self) {
            try await b.meetings.hold(m.id, b.record([B.noConsensus(1)]), by: staff)
        }
        #expect(again?.code == .failedPrecondition)
        #expect(try await b.h.footprint(c.id) == before)
        #expect(try await b.meetings.meeting(m.id).agenda.first?.outcome?.isResolution == true)
        for attempt in [
            { _ = try await b.meetings.reschedule(m.id, to: dec26(4, 15), by: staff) },
            { _ = try await b.meetings.cancel(m.id, reason: "改期", by: staff) },
            { _ = try await b.meetings.addToAgenda(m.id, topic: "新议题", by: staff) },
        ] as [@Sendable () async throws -> Void] {
            let error = await #expect(throws: CouncilError.self) { try await attempt() }
            #expect(error?.code == .failedPrecondition)
        }

        let cancelled = try await b.meetings.schedule(b.plan(at: B.nextThursday, topics: ["其他事项"]), by: staff)
        _ = try await b.meetings.cancel(cancelled.id, reason: "主持人公出", by: staff)
        let error = await #expect(throws: CouncilError.self) {
            try await b.meetings.hold(cancelled.id, b.record(at: B.nextThursday, []), by: staff)
        }
        #expect(error?.code == .failedPrecondition)
        #expect(try await b.meetings.meeting(cancelled.id).status == .cancelled)

        let missing = await #expect(throws: CouncilError.self) { try await b.meetings.hold("QX01-20261203-nothere", b.record([]), by: staff) }
        #expect(missing?.code == .notFound)
    }

    struct BadRecord: Sendable, CustomTestStringConvertible {
        let label: String
        let record: MeetingService.Record
        let field: String
        var testDescription: String { label }
    }

    static let badRecords: [BadRecord] = {
        let b = { (items: [MeetingService.Record.Item]) in MeetingService.Record(heldAt: B.thursday, attendees: ["HS01"], residentCount: 3, items: items) }
        let record = Meeting.ItemRecord(questions: "？")
        return [
            BadRecord(label: "a case item without an outcome", record: b([.init(number: 1, record: record, outcome: nil)]), field: "record.items[0].outcome"),
            BadRecord(label: "the case item left out", record: b([.init(number: 2, record: record, outcome: nil)]), field: "record.items"),
            BadRecord(label: "an item the agenda does not have", record: b([B.resolution(1), .init(number: 9, record: record, outcome: nil)]), field: "record.items[1].number"),
            BadRecord(label: "an item recorded twice", record: b([B.resolution(1), B.deferral(1)]), field: "record.items[1].number"),
            BadRecord(label: "an unknown unit", record: b([B.resolution(1, unit: "NOPE")]), field: "record.items[0].outcome.resolution.responsibleUnit"),
            BadRecord(label: "a deadline before the meeting", record: b([B.resolution(1, deadline: dec26(3, 14))]), field: "record.items[0].outcome.resolution.deadline"),
            BadRecord(
                label: "an empty decision",
                record: b([.init(number: 1, record: record, outcome: .resolution(MeetingResolution(decision: " ", responsibleUnit: nil, deadline: dec26(9, 0))))]),
                field: "record.items[0].outcome.resolution.decision"),
            BadRecord(
                label: "an unknown attendee",
                record: MeetingService.Record(heldAt: B.thursday, attendees: ["HS01", "ZZ99"], residentCount: 3, items: [B.resolution(1)]),
                field: "record.attendees[1]"),
            BadRecord(
                label: "a negative resident count",
                record: MeetingService.Record(heldAt: B.thursday, attendees: [], residentCount: -1, items: [B.resolution(1)]),
                field: "record.residentCount"),
        ]
    }()

    @Test("a bad meeting record is refused, naming the field, and changes nothing", arguments: badRecords)
    func badRecord(_ bad: BadRecord) async throws {
        let b = try B()
        let c = try await b.accepted("加装电梯")
        let m = try await b.meetings.schedule(b.plan(cases: [c.id], topics: ["其他事项"]), by: staff)
        let before = try await b.h.footprint(c.id)
        b.h.clock.set(dec26(3, 16))
        let error = await #expect(throws: CouncilError.self) { try await b.meetings.hold(m.id, bad.record, by: staff) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == bad.field)
        #expect(try await b.meetings.meeting(m.id) == m)
        #expect(try await b.h.footprint(c.id) == before)
        #expect(try await b.h.service.case(c.id).status == .awaitingDeliberation)
    }

    @Test("an outcome the case would refuse is refused before the meeting is saved")
    func outcomeCheckedBeforeSaving() async throws {
        let negativeVote = B.resolution(1, vote: Vote(inFavour: 5, against: -1, abstaining: 0))
        let blankReason = MeetingService.Record.Item(number: 1, record: Meeting.ItemRecord(), outcome: .deferred(reason: " "))
        for item in [negativeVote, blankReason] {
            let b = try B()
            let c = try await b.accepted("加装电梯")
            let m = try await b.meetings.schedule(b.plan(cases: [c.id]), by: staff)
            b.h.clock.set(dec26(3, 16))
            var refusal: CouncilError?
            do { _ = try await b.meetings.hold(m.id, b.record([item]), by: staff) } catch let error as CouncilError { refusal = error }
            let status = try await b.meetings.meeting(m.id).status
            #expect(refusal?.code == .invalidArgument)
            #expect(status == .scheduled)
        }
    }

    @Test("scheduling refuses a case of another community, a case not yet accepted, and unknown people or places")
    func scheduleErrors() async throws {
        let b = try B()
        let ok = try await b.accepted("加装电梯")
        let elsewhere = try await b.accepted("路面塌陷", community: "QX02")
        let fresh = try await b.submitted("楼道灯不亮")
        var unknownUnit = b.plan(cases: [ok.id])
        unknownUnit.invited = [Meeting.Participant(role: .unit, reference: "NOPE")]
        var unknownPerson = b.plan(cases: [ok.id])
        unknownPerson.invited = [Meeting.Participant(role: .representative, reference: "RP01"), Meeting.Participant(role: .leader, reference: "ZZ99")]
        var noPlace = b.plan(cases: [ok.id])
        noPlace.placeName = ""
        var badConvener = b.plan(cases: [ok.id])
        badConvener.convener = "ZZ99"
        var badCommunity = b.plan(cases: [ok.id])
        badCommunity.community = "QX45"
        let cases: [(MeetingService.Plan, String)] = [
            (b.plan(cases: [ok.id, elsewhere.id]), "plan.cases[1]"),
            (b.plan(cases: [fresh.id]), "plan.cases[0]"),
            (b.plan(cases: [CaseID()]), "plan.cases[0]"),
            (badCommunity, "plan.community"),
            (badConvener, "plan.convener"),
            (unknownUnit, "plan.invited[0].reference"),
            (unknownPerson, "plan.invited[1].reference"),
            (noPlace, "plan.placeName"),
        ]
        for (plan, field) in cases {
            let error = await #expect(throws: CouncilError.self) { try await b.meetings.schedule(plan, by: staff) }
            #expect(error?.code == .invalidArgument, "\(field)")
            #expect(error?.field == field)
        }
        #expect(try await b.meetings.meetings().isEmpty)
        #expect(try await b.h.service.case(ok.id).status == .accepted)
        #expect(try await b.h.service.case(fresh.id).status == .submitted)

        // The same checks on a scheduled meeting's agenda.
        let m = try await b.meetings.schedule(b.plan(cases: [ok.id]), by: staff)
        for (caseID, topic, field) in [(ok.id, nil, "caseID"), (elsewhere.id, nil, "caseID"), (fresh.id, nil, "caseID"), (nil, nil, "topic"), (nil, "", "topic")] as [(CaseID?, String?, String)] {
            let error = await #expect(throws: CouncilError.self) { try await b.meetings.addToAgenda(m.id, caseID: caseID, topic: topic, by: staff) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.field == field)
        }
        #expect(try await b.meetings.meeting(m.id) == m)
        let another = try await b.accepted("楼顶漏水")
        let added = try await b.meetings.addToAgenda(m.id, caseID: another.id, by: staff)
        #expect(added.caseIDs == [ok.id, another.id])
        #expect(added.agenda.last?.number == 2)
        #expect(try await b.h.service.case(another.id).status == .awaitingDeliberation)
        #expect(try await b.meetings.meetings(discussing: another.id).map(\.id) == [m.id])
    }

    @Test("rescheduling keeps the earlier times")
    func reschedule() async throws {
        let b = try B()
        let m = try await b.meetings.schedule(b.plan(topics: ["楼道堆物清理"]), by: staff)
        _ = try await b.meetings.reschedule(m.id, to: dec26(4, 15), by: staff)
        let moved = try await b.meetings.reschedule(m.id, to: dec26(7, 10), by: staff)
        #expect(moved.scheduledAt == dec26(7, 10))
        #expect(moved.rescheduledFrom == [B.thursday, dec26(4, 15)])
        #expect(moved.status == .scheduled)
        #expect(try await b.meetings.meeting(m.id) == moved)
        let calendar = WorkCalendar()
        #expect(try await b.meetings.meetings(community: "QX01", from: calendar.startOfDay(localDay(2026, 12, 7)), before: calendar.startOfDay(localDay(2026, 12, 8))).map(\.id) == [m.id])
        #expect(try await b.meetings.meetings(community: "QX01", from: calendar.startOfDay(localDay(2026, 12, 3)), before: calendar.startOfDay(localDay(2026, 12, 4))).isEmpty)
    }

    @Test("a case withdrawn between scheduling and holding is reported; the others move")
    func withdrawnMeanwhile() async throws {
        let b = try B()
        let c1 = try await b.accepted("加装电梯")
        let c2 = try await b.accepted("停车位分配")
        let c3 = try await b.accepted("楼顶漏水")
        let m = try await b.meetings.schedule(b.plan(cases: [c1.id, c2.id, c3.id]), by: staff)
        _ = try await b.h.service.withdraw(c2.id, reason: "已自行解决", by: staff)
        let withdrawn = try await b.h.footprint(c2.id)

        b.h.clock.set(dec26(3, 16))
        let result = try await b.meetings.hold(m.id, b.record([B.resolution(1), B.resolution(2), B.noConsensus(3)]), by: staff)
        #expect(result.meeting.status == .held)
        #expect(Array(result.failures.keys) == [c2.id])
        #expect(result.failures[c2.id]?.code == .illegalTransition)
        #expect(result.failures[c2.id]?.caseStatus == .withdrawn)
        #expect(result.cases.map(\.id) == [c1.id, c3.id])
        #expect(try await b.h.service.case(c1.id).status == .inProgress)
        #expect(try await b.h.service.case(c3.id).status == .accepted)
        #expect(try await b.h.service.case(c2.id).status == .withdrawn)
        #expect(try await b.h.footprint(c2.id) == withdrawn)
    }

    @Test("a cancelled meeting keeps its reason; its cases wait for the next meeting scheduled")
    func cancel() async throws {
        let b = try B()
        let c = try await b.accepted("加装电梯")
        let m1 = try await b.meetings.schedule(b.plan(cases: [c.id]), by: staff)
        let blank = await #expect(throws: CouncilError.self) { try await b.meetings.cancel(m1.id, reason: "  ", by: staff) }
        #expect(blank?.field == "reason")
        let cancelled = try await b.meetings.cancel(m1.id, reason: "主持人公出", by: staff)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.cancellationReason == "主持人公出")
        #expect(try await b.h.service.case(c.id).status == .awaitingDeliberation)
        let m2 = try await b.meetings.schedule(b.plan(at: B.nextThursday), by: staff)
        #expect(m2.caseIDs == [c.id])
    }

    @Test("cancelling a meeting moves its cases onto the community's meeting already scheduled")
    func cancelOntoScheduled() async throws {
        let b = try B()
        let c = try await b.accepted("加装电梯")
        let m1 = try await b.meetings.schedule(b.plan(cases: [c.id]), by: staff)
        let m2 = try await b.meetings.schedule(b.plan(at: B.nextThursday, topics: ["其他事项"]), by: staff)
        _ = try await b.meetings.cancel(m1.id, reason: "主持人公出", by: staff)
        let agenda = try await b.meetings.meeting(m2.id).caseIDs
        #expect(agenda == [c.id])
    }
}

extension DeliberationOutcome {
    var isResolution: Bool {
        if case .resolution = self { return true }
        return false
    }
}
