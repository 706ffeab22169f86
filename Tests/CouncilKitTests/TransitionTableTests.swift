import CouncilKit
import CouncilTestKit
import Testing

/// Every status × every operation, with the outcome written out from DESIGN.md §2 and the doc comments.
@Suite("Transition table")
struct TransitionTableTests {
    enum Outcome: Equatable, CustomStringConvertible {
        /// The operation succeeds and the case ends in this status.
        case moves(CaseStatus)
        /// The status does not permit the operation.
        case illegal
        /// The status permits it, but a condition of the case refuses it now.
        case refused

        var description: String {
            switch self {
            case .moves(let status): return "→ \(status.rawValue)"
            case .illegal: return "illegalTransition"
            case .refused: return "failedPrecondition"
            }
        }
    }

    struct Row {
        /// The operations a fresh case in this status allows now (walk-in case, evaluation window open).
        let allowed: [CaseOperation]
        /// Outcomes of operations that are not illegal transitions.
        let outcomes: [CaseOperation: Outcome]
    }

    /// Every operation people perform on an existing case, in declaration order. `alertDeadline` is left out on
    /// purpose: the deadline monitor performs it, it is in no status's list, and DeadlineTests checks it.
    static let operations: [CaseOperation] = [
        .accept, .decline, .refer, .dispatch, .handleLocally, .return, .merge, .scheduleDeliberation,
        .recordDeliberationOutcome, .addProgress, .requestExtension, .approveExtension, .denyExtension, .resolve,
        .recordFeedback, .evaluate, .rework, .verify, .close, .withdraw, .closeUnrated,
    ]

    static let handling = Row(
        allowed: [.addProgress, .requestExtension, .resolve, .return, .withdraw],
        outcomes: [
            .addProgress: .moves(.inProgress), .approveExtension: .refused, .denyExtension: .refused,
            .resolve: .moves(.resolved), .return: .moves(.accepted), .withdraw: .moves(.withdrawn),
        ])

    static let final = Row(allowed: [], outcomes: [:])

    static let table: [CaseStatus: Row] = [
        .submitted: Row(
            allowed: [.accept, .decline, .refer, .merge, .withdraw],
            outcomes: [
                .accept: .moves(.accepted), .decline: .moves(.declined), .refer: .moves(.referred),
                .merge: .moves(.merged), .withdraw: .moves(.withdrawn),
            ]),
        .accepted: Row(
            allowed: [.dispatch, .handleLocally, .scheduleDeliberation, .refer, .decline, .merge, .withdraw],
            outcomes: [
                .dispatch: .moves(.dispatched), .handleLocally: .moves(.inProgress),
                .scheduleDeliberation: .moves(.awaitingDeliberation), .refer: .moves(.referred),
                .decline: .moves(.declined), .merge: .moves(.merged), .withdraw: .moves(.withdrawn),
            ]),
        .dispatched: Row(
            allowed: handling.allowed,
            outcomes: handling.outcomes.merging([.requestExtension: .moves(.dispatched)]) { $1 }),
        .awaitingDeliberation: Row(
            allowed: [.recordDeliberationOutcome, .withdraw],
            outcomes: [.recordDeliberationOutcome: .moves(.inProgress), .withdraw: .moves(.withdrawn)]),
        .inProgress: Row(
            allowed: handling.allowed,
            outcomes: handling.outcomes.merging([.requestExtension: .moves(.inProgress)]) { $1 }),
        .reopened: Row(
            allowed: handling.allowed,
            outcomes: handling.outcomes.merging([.requestExtension: .moves(.reopened)]) { $1 }),
        .resolved: Row(
            allowed: [.recordFeedback],
            // A walk-in case is not verified on site.
            outcomes: [.recordFeedback: .moves(.awaitingEvaluation), .verify: .refused]),
        .awaitingEvaluation: Row(
            allowed: [.evaluate],
            // Not verified on site; the evaluation window is still open.
            outcomes: [.evaluate: .moves(.evaluated), .verify: .refused, .closeUnrated: .refused]),
        .evaluated: Row(
            allowed: [.close],
            // Rated satisfied and solved: nothing to rework.
            outcomes: [.close: .moves(.closed), .rework: .refused, .verify: .refused]),
        .referred: final,
        .declined: final,
        .merged: final,
        .closed: final,
        .withdrawn: final,
    ]

    @Test("the operation list covers every operation but submit and the monitor's alertDeadline")
    func operationListIsComplete() {
        #expect(Self.operations.count == 21)
        #expect(Set(Self.operations + [.submit, .alertDeadline]) == Set(CaseOperation.allCases))
        #expect(Set(Self.table.keys) == Set(CaseStatus.allCases))
    }

    @Test("a fresh case allows exactly the listed operations", arguments: CaseStatus.allCases)
    func allowedOperations(_ status: CaseStatus) async throws {
        let h = try Harness()
        let c = try await h.driver.case(in: status)
        try #require(c.status == status)
        #expect(h.service.allowedOperations(for: c) == Self.table[status]!.allowed)
        #expect(c.allowedOperations(at: h.clock.now()) == Self.table[status]!.allowed)
    }

    @Test("every operation from every status", arguments: CaseStatus.allCases)
    func everyOperation(_ status: CaseStatus) async throws {
        let row = try #require(Self.table[status])
        for operation in Self.operations {
            let expected = row.outcomes[operation] ?? .illegal
            let h = try Harness()
            let c = try await h.driver.case(in: status)
            try #require(c.status == status)
            let before = try await h.footprint(c.id)

            switch expected {
            case .moves(let target):
                let after = try await Self.perform(operation, on: c, in: h)
                #expect(after.status == target, "\(operation) from \(status)")
                #expect(after.version == before.version + 1, "\(operation) from \(status)")
                let history = try await h.store.history(of: c.id)
                #expect(history.count == before.events + 1, "\(operation) from \(status)")
                #expect(history.last?.change.operation == operation, "\(operation) from \(status)")
                #expect(try await h.store.fetch(c.id) == after, "\(operation) from \(status)")

            case .illegal, .refused:
                let error = await #expect(throws: CouncilError.self, "\(operation) from \(status)") {
                    _ = try await Self.perform(operation, on: c, in: h)
                }
                #expect(error?.code == (expected == .illegal ? .illegalTransition : .failedPrecondition), "\(operation) from \(status)")
                #expect(error?.caseStatus == status, "\(operation) from \(status)")
                #expect(error?.allowedOperations == row.allowed, "\(operation) from \(status)")
                let after = try await h.footprint(c.id)
                #expect(after.version == before.version, "\(operation) from \(status) changed the version")
                #expect(after.events == before.events, "\(operation) from \(status) appended an event")
                #expect(try await h.store.fetch(c.id) == c, "\(operation) from \(status) changed the case")
            }
        }
    }

    /// Calls the service operation with valid inputs.
    static func perform(_ operation: CaseOperation, on c: CouncilCase, in h: Harness) async throws -> CouncilCase {
        let s = h.service
        let id = c.id
        switch operation {
        case .submit, .alertDeadline:
            Issue.record("\(operation) is not an operation people perform on an existing case")
            return c
        case .accept: return try await s.accept(id, by: staff)
        case .decline: return try await s.decline(id, reason: "不属于社区受理范围", by: staff)
        case .refer:
            return try await s.refer(
                id, Referral(destination: .court, organization: "桥西区人民法院", reason: "需司法裁决"), by: staff)
        case .dispatch: return try await s.dispatch(id, to: "UM", instructions: "请三日内清运", by: staff)
        case .handleLocally: return try await s.handleLocally(id, note: "社区自行处理", by: staff)
        case .return: return try await s.returnCase(id, reason: "不属于本单位职责", by: unitUser)
        case .merge:
            let master = try await s.submit(CouncilFixtures.walkIn("同一垃圾站问题"), by: staff).case
            return try await s.merge(id, into: master.id, by: staff)
        case .scheduleDeliberation: return try await s.scheduleDeliberation(id, meeting: "M-2", note: "下周议事会", by: staff)
        case .recordDeliberationOutcome:
            let resolution = MeetingResolution(
                decision: "由城管局增加清运频次", responsibleUnit: "UM", deadline: h.clock.now().adding(hours: 24 * 5),
                vote: Vote(inFavour: 9, against: 1, abstaining: 1))
            return try await s.recordDeliberationOutcome(
                id, DeliberationRecord(meeting: "M-1", summary: "居民代表发言", outcome: .resolution(resolution)), by: staff)
        case .addProgress: return try await s.addProgress(id, note: "已联系清运公司", by: unitUser)
        case .requestExtension:
            return try await s.requestExtension(id, ExtensionRequest(length: 2, reason: "需协调清运车辆"), by: unitUser)
        case .approveExtension:
            return try await s.approveExtension(id, approver: "L01", messageToSubmitter: "车辆紧张，延期两天", by: staff)
        case .denyExtension: return try await s.denyExtension(id, approver: "L01", reason: "不同意延期", by: staff)
        case .resolve: return try await s.resolve(id, HandlingResult(summary: "已清运"), by: unitUser)
        case .recordFeedback: return try await s.recordFeedback(id, Feedback(channel: .phone, message: "已电话告知"), by: staff)
        case .evaluate: return try await s.evaluate(id, Evaluation(rating: .satisfied, solved: true), by: staff)
        case .rework: return try await s.rework(id, reason: "居民仍不满意", by: staff)
        case .verify: return try await s.verify(id, Verification(passed: true, note: "现场已清理"), by: staff)
        case .close: return try await s.close(id, note: "结案", by: staff)
        case .withdraw: return try await s.withdraw(id, reason: "已自行解决", by: staff)
        case .closeUnrated: return try await s.closeUnrated(id, by: staff)
        }
    }
}
