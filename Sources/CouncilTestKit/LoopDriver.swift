import CouncilKit

/// Takes cases to a given status through the public operations, for tests that start mid-loop.
public struct LoopDriver: Sendable {
    /// The service used.
    public let service: CaseService
    /// The clock the service reads; advanced where a step needs time to pass.
    public let clock: ManualClock

    /// Creates a driver over a service and its clock.
    public init(service: CaseService, clock: ManualClock) {
        self.service = service
        self.clock = clock
    }

    /// A new case brought to `status` by the shortest legal path. Grid-platform cases are used where the path
    /// needs verification.
    public func `case`(in status: CaseStatus, verifying: Bool = false) async throws -> CouncilCase {
        let staff = CouncilFixtures.staff
        let submission = verifying ? CouncilFixtures.gridReport("GR-\(CaseID().rawValue.prefix(8))") : CouncilFixtures.walkIn()
        var c = try await service.submit(submission, by: verifying ? CouncilFixtures.gridPlatform : staff).case
        if status == .submitted { return c }
        switch status {
        case .declined: return try await service.decline(c.id, reason: "不属于社区受理范围", by: staff)
        case .referred:
            return try await service.refer(c.id, Referral(destination: .court, organization: "桥西区人民法院", reason: "需司法裁决"), by: staff)
        case .merged:
            let master = try await service.submit(CouncilFixtures.walkIn("同一垃圾站问题"), by: staff).case
            return try await service.merge(c.id, into: master.id, by: staff)
        case .withdrawn: return try await service.withdraw(c.id, reason: "问题已自行解决", by: staff)
        default: break
        }
        c = try await service.accept(c.id, by: staff)
        if status == .accepted { return c }
        if status == .awaitingDeliberation { return try await service.scheduleDeliberation(c.id, meeting: "M-1", by: staff) }
        c = try await service.dispatch(c.id, to: "UM", by: staff)
        if status == .dispatched { return c }
        c = try await service.addProgress(c.id, note: "已安排清运车辆", by: CouncilFixtures.unitUser)
        if status == .inProgress { return c }
        c = try await service.resolve(c.id, HandlingResult(summary: "已清运并增加清运频次"), by: CouncilFixtures.unitUser)
        if status == .resolved { return c }
        c = try await service.recordFeedback(c.id, Feedback(channel: .phone, message: "已电话告知处理结果"), by: staff)
        if status == .awaitingEvaluation { return c }
        let dissatisfied = status == .reopened
        c = try await service.evaluate(c.id, Evaluation(rating: dissatisfied ? .dissatisfied : .satisfied, solved: !dissatisfied), by: staff)
        if status == .evaluated { return c }
        if status == .reopened { return try await service.rework(c.id, reason: "居民反映仍有异味", by: staff) }
        if verifying {
            c = try await service.verify(c.id, Verification(passed: true), by: CouncilFixtures.gridPlatform)
        }
        return try await service.close(c.id, by: staff)
    }
}
