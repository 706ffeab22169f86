import CouncilKit
import CouncilTestKit
import Testing

/// Every field of ``TextLimits``, through the operation that takes it: the longest value the limit allows passes the
/// check, one character more is refused naming the field, and nothing is written.
@Suite("Text limits: every field is checked against its limit in the table")
struct TextLimitsTests {
    /// One field and how to send a value in it.
    struct Probe: Sendable {
        /// The field as the refusal names it (CouncilKit's path).
        let refusedAs: String
        let send: @Sendable (String) async throws -> Void
    }

    /// A value of exactly `count` characters of the limit's kind.
    static func value(_ count: Int) -> String { "测" + String(repeating: "x", count: count - 1) }

    static func walkIn(_ change: (inout Submission) -> Void = { _ in }) -> Submission {
        var s = Submission(title: "楼道灯不亮", description: "", source: .walkIn, community: "QX02", category: "other")
        change(&s)
        return s
    }

    /// A service operation on a case that does not exist: the text is checked before the case is looked up, so a
    /// value that passes ends in NOT_FOUND.
    static func onMissingCase(_ field: String, _ operation: @escaping @Sendable (CaseService, CaseID, String) async throws -> Void) -> Probe {
        Probe(refusedAs: field) { value in
            let h = try Harness()
            do { try await operation(h.service, CaseID(), value) } catch let error as CouncilError where error.code == .notFound {}
        }
    }

    static func meeting(_ field: String, _ record: @escaping @Sendable (String) -> MeetingService.Record) -> Probe {
        Probe(refusedAs: field) { value in
            let b = try MeetingBench()
            let m = try await b.meetings.schedule(b.plan(topics: ["楼道堆物清理"], includeWaitingCases: false), by: staff)
            _ = try await b.meetings.hold(m.id, record(value), by: staff)
        }
    }

    static func item(_ change: (inout Meeting.ItemRecord) -> Void) -> MeetingService.Record {
        var item = Meeting.ItemRecord()
        change(&item)
        return MeetingService.Record(heldAt: MeetingBench.thursday, attendees: ["HS01"], residentCount: 3, items: [.init(number: 1, record: item, outcome: nil)])
    }

    static func visit(_ notes: String, help: String?) async throws {
        let h = try Harness()
        let linkage = LinkageService(cases: h.service)
        let link = try await linkage.establish(.leaderCommunity, holder: "L01", target: "QX02", start: localDay(2026, 11, 1))
        _ = try await linkage.logVisit(under: link.id, at: h.clock.now(), people: ["L01"], notes: notes, helpGiven: help)
    }

    static let probes: [String: Probe] = [
        "submission.title": Probe(refusedAs: "submission.title") { v in _ = try await Harness().service.submit(walkIn { $0.title = v }, by: staff) },
        "submission.description": Probe(refusedAs: "submission.description") { v in _ = try await Harness().service.submit(walkIn { $0.description = v }, by: staff) },
        "submission.attachments[]": Probe(refusedAs: "submission.attachments[0]") { v in _ = try await Harness().service.submit(walkIn { $0.attachments = [v] }, by: staff) },
        "submission.location.description": Probe(refusedAs: "submission.location.description") { v in
            _ = try await Harness().service.submit(walkIn { $0.location = CaseLocation(compound: "QX02-C1", description: v) }, by: staff)
        },
        "submission.external_reference.reference": Probe(refusedAs: "submission.externalReference.reference") { v in
            _ = try await Harness().service.submit(walkIn { $0.externalReference = ExternalReference(system: "hall-staff", reference: v) }, by: staff)
        },
        "principal.user": Probe(refusedAs: "principal.user") { v in _ = try await Harness().service.submit(walkIn(), by: Principal(system: "hall-staff", user: v)) },
        "submission.submitter.name": Probe(refusedAs: "submission.submitter.name") { v in _ = try await Harness().service.submit(walkIn { $0.submitter = PersonalData(name: v) }, by: staff) },
        "submission.submitter.address": Probe(refusedAs: "submission.submitter.address") { v in _ = try await Harness().service.submit(walkIn { $0.submitter = PersonalData(address: v) }, by: staff) },
        "submission.submitter.id_number": Probe(refusedAs: "submission.submitter.idNumber") { v in _ = try await Harness().service.submit(walkIn { $0.submitter = PersonalData(idNumber: v) }, by: staff) },
        "reason": onMissingCase("reason") { s, id, v in _ = try await s.decline(id, reason: v, by: staff) },
        "referral.reason": onMissingCase("referral.reason") { s, id, v in _ = try await s.refer(id, Referral(destination: .otherAgency, organization: "区信访局", reason: v), by: staff) },
        "referral.organization": onMissingCase("referral.organization") { s, id, v in _ = try await s.refer(id, Referral(destination: .otherAgency, organization: v, reason: "超出社区职责"), by: staff) },
        "extension.reason": onMissingCase("extension.reason") { s, id, v in _ = try await s.requestExtension(id, ExtensionRequest(length: 1, reason: v), by: staff) },
        "record.reason": onMissingCase("record.reason") { s, id, v in _ = try await s.recordDeliberationOutcome(id, DeliberationRecord(meeting: nil, summary: nil, outcome: .deferred(reason: v)), by: staff) },
        "record.note": onMissingCase("record.note") { s, id, v in _ = try await s.recordDeliberationOutcome(id, DeliberationRecord(meeting: nil, summary: nil, outcome: .noConsensus(note: v)), by: staff) },
        "record.resolution.decision": onMissingCase("record.resolution.decision") { s, id, v in
            _ = try await s.recordDeliberationOutcome(id, DeliberationRecord(meeting: nil, summary: nil, outcome: .resolution(MeetingResolution(decision: v, responsibleUnit: nil, deadline: dec26(10, 18)))), by: staff)
        },
        "record.summary": onMissingCase("record.summary") { s, id, v in _ = try await s.recordDeliberationOutcome(id, DeliberationRecord(meeting: nil, summary: v, outcome: .deferred(reason: "再议")), by: staff) },
        "note": onMissingCase("note") { s, id, v in _ = try await s.accept(id, note: v, by: staff) },
        "message_to_submitter": onMissingCase("messageToSubmitter") { s, id, v in _ = try await s.approveExtension(id, approver: "HS01", messageToSubmitter: v, by: staff) },
        "evaluation.comment": onMissingCase("evaluation.comment") { s, id, v in _ = try await s.evaluate(id, Evaluation(rating: .satisfied, solved: true, comment: v), by: staff) },
        "add_progress: note": onMissingCase("note") { s, id, v in _ = try await s.addProgress(id, note: v, by: staff) },
        "instructions": onMissingCase("instructions") { s, id, v in _ = try await s.dispatch(id, to: "UM", instructions: v, by: staff) },
        "result.summary": onMissingCase("result.summary") { s, id, v in _ = try await s.resolve(id, HandlingResult(summary: v), by: staff) },
        "result.completion_report": onMissingCase("result.completionReport") { s, id, v in _ = try await s.resolve(id, HandlingResult(summary: "已修复", completionReport: v), by: staff) },
        "feedback.message": onMissingCase("feedback.message") { s, id, v in _ = try await s.recordFeedback(id, Feedback(channel: .phone, message: v), by: staff) },
        "verification.note": onMissingCase("verification.note") { s, id, v in _ = try await s.verify(id, Verification(passed: true, note: v), by: staff) },
        "help_given": Probe(refusedAs: "helpGiven") { v in try await visit("走访", help: v) },
        "notes": Probe(refusedAs: "notes") { v in try await visit(v, help: nil) },
        "record.minutes": meeting("record.minutes") { v in
            MeetingService.Record(heldAt: MeetingBench.thursday, attendees: ["HS01"], residentCount: 3, items: [], minutes: v)
        },
        "record.items[].record.questions": meeting("record.items[0].record.questions") { v in item { $0.questions = v } },
        "record.items[].record.answers": meeting("record.items[0].record.answers") { v in item { $0.answers = v } },
        "record.items[].record.debate": meeting("record.items[0].record.debate") { v in item { $0.debate = v } },
        "plan.place_name": Probe(refusedAs: "plan.placeName") { v in
            let b = try MeetingBench()
            var plan = b.plan()
            plan.placeName = v
            _ = try await b.meetings.schedule(plan, by: staff)
        },
        "plan.topics[]": Probe(refusedAs: "plan.topics[0]") { v in
            let b = try MeetingBench()
            _ = try await b.meetings.schedule(b.plan(topics: [v]), by: staff)
        },
        "topic": Probe(refusedAs: "topic") { v in
            let b = try MeetingBench()
            let m = try await b.meetings.schedule(b.plan(), by: staff)
            _ = try await b.meetings.addToAgenda(m.id, topic: v, by: staff)
        },
        "awarded_by": Probe(refusedAs: "awardedBy") { v in
            let h = try Harness()
            _ = try await RepresentativeService(cases: h.service).commend(person: "RP02", community: "QX01", reason: "热心调解", date: localDay(2026, 12, 1), awardedBy: v)
        },
    ]

    struct Field: Sendable, CustomTestStringConvertible {
        let name: String
        let limit: FieldLimit
        var testDescription: String { "\(name) (\(limit.maxCharacters))" }
    }

    static let fields = TextLimits.all.flatMap { limit in limit.fields.map { Field(name: $0, limit: limit) } }

    @Test("every field of the table has a probe, and every probe a field")
    func complete() {
        #expect(Set(Self.fields.map(\.name)) == Set(Self.probes.keys))
        #expect(Self.fields.count == Set(Self.fields.map(\.name)).count, "each field is in one row")
    }

    @Test("the longest value passes, one character more is refused naming the field", arguments: fields)
    func limit(_ field: Field) async throws {
        let probe = try #require(Self.probes[field.name])
        let longest = field.limit.kind == .identifier ? "议事厅-" + String(repeating: "x", count: field.limit.maxCharacters - 4) : Self.value(field.limit.maxCharacters)
        try await probe.send(longest)
        let refused = await #expect(throws: CouncilError.self) { try await probe.send(longest + "x") }
        #expect(refused?.code == .invalidArgument && refused?.field == probe.refusedAs, "\(String(describing: refused))")
        #expect(refused?.message.contains("at most \(field.limit.maxCharacters)") == true)
    }
}
