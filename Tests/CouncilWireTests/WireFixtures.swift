import CouncilAPI
@testable import CouncilWire
import CouncilKit

/// Deterministic values covering every message of the schema, with every optional field set somewhere.
enum WireFixtures {
    static let monday = Timestamp(millisecondsSince1970: 1_796_000_400_000)
    static let caseID = CaseID("6f1c2a4e-8b3d-4c5e-9a7f-0123456789ab")!
    static let masterID = CaseID("0b9e6a52-7d41-4f0a-8c3e-5d2f1a9b7c60")!
    static let number = CaseNumber(prefix: "QX07-20261130", serial: 3)

    static func at(hours: Int) -> Timestamp { monday.adding(hours: hours) }

    /// A walk-in submission with every field set.
    static let submission = Submission(
        title: "小区垃圾清运不及时", description: "三号楼东侧垃圾站已经三天没有清运，气味很大。", source: .walkIn,
        community: "QX07", category: "environment", priority: .urgent,
        location: CaseLocation(
            compound: "QX07-C1", building: "QX07-C1-B3", gridCell: "130703007001", description: "3号楼东侧垃圾站",
            latitude: 40.8123, longitude: 114.8791),
        submitter: PersonalData(name: "张三", phone: "13812345678", address: "示例社区07第1小区3号楼2单元501", idNumber: "130703199001011234"),
        externalReference: ExternalReference(system: "petition-office", reference: "XF-2026-000123"),
        requestedDue: at(hours: 24 * 20), attachments: ["photo://hall/1.jpg", "photo://hall/2.jpg"])

    /// A submission with every optional field left out.
    static let minimalSubmission = Submission(title: "路灯不亮", description: "", source: .hotline)

    static let acceptance = Acceptance(
        category: "environment", priority: .urgent, note: "优先处理", handlingDue: at(hours: 72),
        handlingLimit: .workingDays(3), evaluationWindow: .calendarDays(7), maxExtension: .hours(48), reworkLimit: 2)

    /// A case with every optional field of the state set.
    static var fullCase: CouncilCase {
        var c = CouncilCase(
            id: caseID, number: number,
            intake: Intake(submission: submission, community: "QX07", responseDue: at(hours: 2), requiresVerification: true),
            at: monday)
        c.version = 12
        c.status = .reopened
        c.disposition = .dispatch
        c.responsibleUnit = "UM"
        c.master = masterID
        c.meetings = ["M-2026-48", "M-2026-49"]
        c.updatedAt = at(hours: 90)
        c.respondedAt = at(hours: 1)
        c.acceptance = acceptance
        c.handlingDue = at(hours: 120)
        c.pendingExtension = ExtensionRequest(length: 2, reason: "等待配件")
        c.extensionCount = 1
        c.extendedLength = 24
        c.returnCount = 1
        c.result = HandlingResult(summary: "已清运", completionReport: "办结报告：已于11月30日清运完毕。")
        c.resolvedAt = at(hours: 60)
        c.resolvedOnTime = true
        c.feedback = Feedback(channel: .textMessage, message: "已短信告知处理结果")
        c.evaluationDue = at(hours: 200)
        c.evaluation = Evaluation(rating: .dissatisfied, solved: false, comment: "仍有异味")
        c.reworkCount = 1
        c.failedVerificationCount = 1
        c.deadlineAlerts = [
            DeadlineAlert(level: .dueSoon, clock: .handling, due: Timestamp(millisecondsSince1970: 1_796_400_000_000)),
            DeadlineAlert(level: .supervision, clock: .handling, due: Timestamp(millisecondsSince1970: 1_796_400_000_000)),
        ]
        c.handlingDueLimit = Timestamp(millisecondsSince1970: 1_796_400_000_000)
        c.verification = Verification(passed: false, note: "现场仍有垃圾")
        c.closingNote = "备注"
        c.referral = Referral(destination: .higherLevel, organization: "桥西区人民政府", reason: "超出社区职权")
        c.closedAt = at(hours: 300)
        c.closedUnrated = true
        return c
    }

    static var fullView: CaseView {
        CaseView(
            state: fullCase, submitterDisclosure: .masked, allowedOperations: [.addProgress, .resolve, .withdraw],
            deadlineState: .dueSoon)
    }

    /// A just-submitted case with nothing optional.
    static var minimalView: CaseView {
        CaseView(
            state: CouncilCase(
                id: masterID, number: CaseNumber(prefix: "QX01-20261130", serial: 1),
                intake: Intake(submission: minimalSubmission, community: "QX01", responseDue: at(hours: 2), requiresVerification: false),
                at: monday),
            submitterDisclosure: .omitted, allowedOperations: [], deadlineState: .onTime)
    }

    static let record = DeliberationRecord(
        meeting: "M-2026-48", summary: "居民代表与物业公司问答辩论",
        outcome: .resolution(MeetingResolution(decision: "物业公司每日清运两次", responsibleUnit: "PC01", deadline: at(hours: 96),
                                               vote: Vote(inFavour: 11, against: 2, abstaining: 1))))

    /// One change of every kind.
    static let changes: [CaseChange] = [
        .submitted(Intake(submission: submission, community: "QX07", responseDue: at(hours: 2), requiresVerification: true)),
        .accepted(acceptance),
        .declined(reason: "不属于社区受理范围"),
        .referred(Referral(destination: .court, organization: "桥西区人民法院", reason: "需司法裁决")),
        .dispatched(Dispatch(unit: "UM", due: at(hours: 48), instructions: "请两日内清运")),
        .dispatched(Dispatch(unit: "UM", due: at(hours: 48), instructions: nil)),
        .handledLocally(note: "社区自行处理", due: at(hours: 24)),
        .handledLocally(note: nil, due: at(hours: 24)),
        .returned(unit: "UM", reason: "不属于本单位职责"),
        .returned(unit: nil, reason: "退回"),
        .merged(master: masterID, masterNumber: CaseNumber(prefix: "QX07-20261129", serial: 12)),
        .scheduledForDeliberation(meeting: "M-2026-48", note: "下周议事会"),
        .scheduledForDeliberation(meeting: nil, note: nil),
        .deliberated(record),
        .deliberated(DeliberationRecord(meeting: nil, summary: nil, outcome: .deferred(reason: "等待物业答复"))),
        .deliberated(DeliberationRecord(meeting: "M-1", summary: "", outcome: .noConsensus(note: "意见分歧"))),
        .deliberated(DeliberationRecord(
            meeting: nil, summary: nil,
            outcome: .resolution(MeetingResolution(decision: "社区自办", responsibleUnit: nil, deadline: at(hours: 10))))),
        .progressAdded(note: "已安排清运车辆"),
        .extensionRequested(ExtensionRequest(length: 3, reason: "等待配件")),
        .extensionApproved(ExtensionApproval(approver: "L01", messageToSubmitter: "因配件延期三天", length: 3, newDue: at(hours: 150))),
        .extensionDenied(ExtensionDenial(approver: "L01", reason: "理由不充分")),
        .resolved(HandlingResult(summary: "已清运", completionReport: "办结报告")),
        .resolved(HandlingResult(summary: "已清运")),
        .feedbackRecorded(Feedback(channel: .sourceSystem, message: "已回复信访系统"), evaluationDue: at(hours: 200)),
        .evaluated(Evaluation(rating: .basicallySatisfied, solved: true, comment: nil)),
        .evaluated(Evaluation(rating: .dissatisfied, solved: false, comment: "仍有异味")),
        .reworkStarted(reason: "居民不满意", handlingDue: at(hours: 260)),
        .verified(Verification(passed: true, note: nil), handlingDue: nil),
        .verified(Verification(passed: false, note: "现场仍有垃圾"), handlingDue: at(hours: 280)),
        .closed(note: "结案"),
        .closed(note: nil),
        .withdrawn(reason: "问题已自行解决"),
        .withdrawn(reason: nil),
        .closedUnrated,
        .deadlineAlert(DeadlineAlert(level: .overdue, clock: .response, due: at(hours: 2))),
        .deadlineAlert(DeadlineAlert(level: .supervision, clock: .evaluation, due: at(hours: 200))),
    ]

    static var events: [CaseEvent] {
        changes.enumerated().map { i, change in
            CaseEvent(
                sequence: Int64(1000 + i), caseID: caseID, caseNumber: number, version: i + 1,
                occurredAt: at(hours: i),
                principal: i.isMultiple(of: 2) ? Principal(system: "hall-staff", user: "HS01") : Principal(system: "grid-platform"),
                change: change)
        }
    }

    static let query = CaseQuery(
        community: "QX07", statuses: [.dispatched, .inProgress, .reopened], step: .handleAndFeedBack, category: "environment",
        source: .gridPlatform, unit: "UM", dueBefore: at(hours: 5), createdFrom: at(hours: -240), createdBefore: at(hours: 1),
        text: "垃圾", master: masterID, order: .oldestFirst, limit: 20, cursor: "1796000400000.\(caseID.rawValue)")

    /// Every request, with optional fields set and, where a method has them, left out. `caseID` at version 7 is the
    /// checked target of case operations; without a version, the unchecked one.
    static let requests: [WireRequest] = [
        .getServerInfo(GetServerInfoRequest()), .checkHealth(CheckHealthRequest()),
        .listCommunities(ListCommunitiesRequest()), .listCommunities(ListCommunitiesRequest(community: "QX07")),
        .locateGridCell(LocateGridCellRequest(gridCell: "130703007001")),
        .listUnits(ListUnitsRequest()), .listUnits(ListUnitsRequest(kind: .propertyCompany)),
        .listPeople(ListPeopleRequest()), .listPeople(ListPeopleRequest(community: "QX07", role: .gridWorker)),
        .listCategories(ListCategoriesRequest()),
        .getCase(GetCaseRequest(key: .id(caseID))), .getCase(GetCaseRequest(key: .number(number))),
        .getCase(GetCaseRequest(key: .externalReference(ExternalReference(system: "grid-platform", reference: "GR-1")))),
        .getHistory(GetHistoryRequest(caseID: caseID)),
        .findCases(FindCasesRequest(query: query)), .findCases(FindCasesRequest(query: CaseQuery())),
        .listChanges(ListChangesRequest(after: 0, limit: 100)), .listChanges(ListChangesRequest(after: 123_456, limit: 1000)),
        .watchEvents(WatchEventsRequest(after: 0)), .watchEvents(WatchEventsRequest(after: 99)),
        .submit(SubmitRequest(submission: submission)), .submit(SubmitRequest(submission: minimalSubmission)),
        .accept(AcceptRequest(caseID: caseID, expectedVersion: 7, category: "environment", priority: .urgent, note: "优先")),
        .accept(AcceptRequest(caseID: caseID)),
        .decline(DeclineRequest(caseID: caseID, expectedVersion: 7, reason: "不属于受理范围")),
        .refer(ReferRequest(
            caseID: caseID, expectedVersion: 7,
            referral: Referral(destination: .disciplineInspection, organization: "纪委", reason: "涉及干部作风"))),
        .dispatch(DispatchRequest(caseID: caseID, expectedVersion: 7, unit: "UM", due: at(hours: 30), instructions: "两日内清运")),
        .dispatch(DispatchRequest(caseID: caseID, unit: "UM")),
        .handleLocally(HandleLocallyRequest(caseID: caseID, expectedVersion: 7, note: "即办", due: at(hours: 8))),
        .handleLocally(HandleLocallyRequest(caseID: caseID)),
        .returnCase(ReturnCaseRequest(caseID: caseID, expectedVersion: 7, reason: "非本单位职责")),
        .merge(MergeRequest(caseID: caseID, expectedVersion: 7, master: masterID)),
        .scheduleDeliberation(ScheduleDeliberationRequest(caseID: caseID, expectedVersion: 7, meeting: "M-2026-48", note: "上会")),
        .scheduleDeliberation(ScheduleDeliberationRequest(caseID: caseID)),
        .recordDeliberationOutcome(RecordDeliberationOutcomeRequest(caseID: caseID, expectedVersion: 7, record: record)),
        .recordDeliberationOutcome(RecordDeliberationOutcomeRequest(
            caseID: caseID, record: DeliberationRecord(meeting: nil, summary: nil, outcome: .deferred(reason: "延后")))),
        .addProgress(AddProgressRequest(caseID: caseID, expectedVersion: 7, note: "已派车")),
        .requestExtension(RequestExtensionRequest(caseID: caseID, expectedVersion: 7, extension: ExtensionRequest(length: 2, reason: "等待配件"))),
        .approveExtension(ApproveExtensionRequest(caseID: caseID, expectedVersion: 7, approver: "L01", messageToSubmitter: "延期两天")),
        .denyExtension(DenyExtensionRequest(caseID: caseID, expectedVersion: 7, approver: "L01", reason: "理由不足")),
        .resolve(ResolveRequest(caseID: caseID, expectedVersion: 7, result: HandlingResult(summary: "已清运", completionReport: "办结报告"))),
        .resolve(ResolveRequest(caseID: caseID, result: HandlingResult(summary: "已清运"))),
        .recordFeedback(RecordFeedbackRequest(caseID: caseID, expectedVersion: 7, feedback: Feedback(channel: .inPerson, message: "当面告知"))),
        .evaluate(EvaluateRequest(caseID: caseID, expectedVersion: 7, evaluation: Evaluation(rating: .satisfied, solved: true, comment: "满意"))),
        .evaluate(EvaluateRequest(caseID: caseID, evaluation: Evaluation(rating: .dissatisfied, solved: false))),
        .rework(ReworkRequest(caseID: caseID, expectedVersion: 7, reason: "居民不满意")),
        .verify(VerifyRequest(caseID: caseID, expectedVersion: 7, verification: Verification(passed: true, note: "现场核查通过"))),
        .verify(VerifyRequest(caseID: caseID, verification: Verification(passed: false))),
        .close(CloseRequest(caseID: caseID, expectedVersion: 7, note: "结案")), .close(CloseRequest(caseID: caseID)),
        .withdraw(WithdrawRequest(caseID: caseID, expectedVersion: 7, reason: "已解决")), .withdraw(WithdrawRequest(caseID: caseID)),
        .closeUnrated(CloseUnratedRequest(caseID: caseID, expectedVersion: 7)),
    ]

    static let district = District(code: "130703", name: "桥西区")
    static let policy = TimeLimitPolicy.standard
    static let limits = ConnectionLimits()

    /// Every response.
    static var responses: [WireResponse] {
        [
            .getServerInfo(GetServerInfoResponse(
                serverID: "councild-01", serverVersion: "councild 1.0.0", protocolVersions: [1], serverTime: monday, limits: limits,
                district: district)),
            .checkHealth(.serving), .checkHealth(.draining),
            .listCommunities(ListCommunitiesResponse(
                district: district,
                communities: [Community(code: "QX07", name: "示例社区07", street: "东山坡街道"), Community(code: "QX08", name: "示例社区08")],
                compounds: [Compound(code: "QX07-C1", name: "第1小区", community: "QX07", propertyCompany: "PC01"),
                            Compound(code: "QX07-C2", name: "第2小区", community: "QX07")],
                buildings: [Building(code: "QX07-C1-B3", name: "3号楼", compound: "QX07-C1")],
                gridCells: [GridCell(code: "130703007001", community: "QX07", gridWorker: "GW07"),
                            GridCell(code: "130703007002", community: "QX07")])),
            .listCommunities(ListCommunitiesResponse(district: district)),
            .locateGridCell(LocateGridCellResponse(
                gridCell: GridCell(code: "130703007001", community: "QX07"), community: Community(code: "QX07", name: "示例社区07"))),
            .listUnits([ResponsibleUnit(code: "UM", name: "城市管理综合行政执法局", kind: .department),
                        ResponsibleUnit(code: "PC01", name: "物业公司", kind: .propertyCompany)]),
            .listPeople([Person(id: "GW07", name: "李四", roles: [.gridWorker, .volunteer], community: "QX07"),
                         Person(id: "L01", name: "王五", roles: [.leader], unit: "UM"),
                         Person(id: "V1", name: "赵六", roles: [])]),
            .listCategories(ListCategoriesResponse(
                categories: [CategoryInfo(category: CouncilKit.Category(code: "heating", name: "供暖"), policy: policy)], policy: policy)),
            .getCase(fullView), .getCase(minimalView),
            .getHistory(GetHistoryResponse(events: events, submitterDisclosure: .full)),
            .findCases(FindCasesResponse(cases: [fullView, minimalView], nextCursor: "1796000400000.\(caseID.rawValue)")),
            .findCases(FindCasesResponse()),
            .listChanges(ListChangesResponse(events: events, latestSequence: 5000, submitterDisclosure: .masked)),
            .watchEvents(WatchEventsResponse(events: Array(events.prefix(3)), submitterDisclosure: .omitted)),
            .submit(SubmitResponse(case: fullView, created: true)), .submit(SubmitResponse(case: minimalView, created: false)),
            .accept(fullView), .decline(fullView), .refer(fullView), .dispatch(fullView), .handleLocally(fullView),
            .returnCase(fullView), .merge(fullView), .scheduleDeliberation(fullView), .recordDeliberationOutcome(fullView),
            .addProgress(fullView), .requestExtension(fullView), .approveExtension(fullView), .denyExtension(fullView),
            .resolve(fullView), .recordFeedback(fullView), .evaluate(fullView), .rework(minimalView), .verify(fullView),
            .close(fullView), .withdraw(fullView), .closeUnrated(fullView),
        ]
    }

    /// Envelope frames other than calls and responses.
    static let controlFrames: [WireFrame] = [
        .handshake(Handshake(clientSystem: "petition-office", clientInstance: "xf-bridge/2.3 host xf-01", bearerToken: "s3cr3t-token")),
        .handshake(Handshake(clientSystem: "grid-platform")),
        .handshakeResult(HandshakeResult(status: .ok, serverID: "councild-01", limits: limits)),
        .handshakeResult(HandshakeResult(
            status: CallStatus(.unauthenticated, "the credential is not valid", reason: "unauthenticated"), serverID: "councild-01",
            limits: nil)),
        .cancel(callID: 42),
        .ping(0x0102_0304_0506_0708), .pong(0x0102_0304_0506_0708), .ping(0),
        .goAway(GoAway(lastCallID: 17, status: CallStatus(.ok, "draining for restart", reason: "drain"))),
        .goAway(GoAway(lastCallID: 0, status: CallStatus(.resourceExhausted, "frame too large", reason: "frameTooLarge"))),
    ]

    /// Response frames that carry statuses rather than results.
    static let statusFrames: [WireFrame] = [
        .response(WireResponseFrame(
            callID: 9,
            status: CallStatus(.failedPrecondition, "cannot evaluate a case that is inProgress", reason: "illegalTransition",
                               caseStatus: .inProgress, allowedOperations: [.addProgress, .requestExtension, .resolve, .return, .withdraw]),
            response: nil)),
        .response(WireResponseFrame(
            callID: 10, status: CallStatus(.invalidArgument, "submission.title must not be empty", field: "submission.title",
                                           reason: "invalidArgument"), response: nil)),
        .response(WireResponseFrame(callID: 11, status: .ok, endOfStream: true, response: nil)),
    ]
}
