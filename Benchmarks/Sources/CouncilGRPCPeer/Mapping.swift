import CouncilKit

// CouncilKit values ↔ the swift-protobuf messages of Schemas/council.proto, written the way a team on
// grpc-swift-protobuf would write them. Enum numbers follow the schema's order, as CouncilWire's do.

enum PeerEnums {
    static let caseStatus: [CaseStatus] = [
        .submitted, .accepted, .dispatched, .awaitingDeliberation, .referred, .declined, .merged, .inProgress,
        .resolved, .awaitingEvaluation, .evaluated, .reopened, .closed, .withdrawn,
    ]
    static let loopStep: [LoopStep] = [.collect, .classifyAndDispose, .deliberate, .handleAndFeedBack, .evaluateAndAssess]
    static let caseOperation: [CaseOperation] = [
        .submit, .accept, .decline, .refer, .dispatch, .handleLocally, .return, .merge, .scheduleDeliberation,
        .recordDeliberationOutcome, .addProgress, .requestExtension, .approveExtension, .denyExtension, .resolve,
        .recordFeedback, .evaluate, .rework, .verify, .close, .withdraw, .closeUnrated, .alertDeadline,
    ]
    static let alertLevel: [DeadlineAlert.Level] = [.dueSoon, .overdue, .supervision]
    static let alertClock: [DeadlineAlert.Clock] = [.response, .handling, .evaluation]
    static let caseSource: [CaseSource] = [
        .walkIn, .meeting, .leaderVisit, .cadreVisit, .representative, .gridPlatform, .petitionOffice, .hotline, .app,
    ]
    static let priority: [Priority] = [.normal, .urgent]
    static let disposition: [Disposition] = [.handleLocally, .dispatch, .deliberation, .referral, .decline, .merge]
    static let deadlineState: [DeadlineState] = [.none, .onTime, .dueSoon, .overdue, .supervised]
    static let destination: [Referral.Destination] = [.court, .disciplineInspection, .higherLevel, .otherAgency]
    static let feedbackChannel: [Feedback.Channel] = [.phone, .textMessage, .inPerson, .app, .letter, .meeting, .sourceSystem]
    static let rating: [Rating] = [.satisfied, .basicallySatisfied, .dissatisfied]

    @inline(__always)
    static func number<T: Equatable>(_ values: [T], _ value: T) -> Int { values.firstIndex(of: value)! + 1 }
    @inline(__always)
    static func number<T: Equatable>(_ values: [T], _ value: T?) -> Int { value.map { number(values, $0) } ?? 0 }
}

/// A request the peer refuses, with the field it names.
struct PeerInvalidArgument: Error {
    var message: String
}

extension Council_V1_Case {
    init(view state: CouncilCase, disclosure: Council_V1_PersonalDataDisclosure, allowedOperations: [CaseOperation], deadlineState: DeadlineState) {
        self.init()
        let c = state
        id = c.id.rawValue
        number = c.number.description
        version = Int64(c.version)
        status = .init(rawValue: PeerEnums.number(PeerEnums.caseStatus, c.status))!
        submission = Council_V1_Submission(c.submission)
        submitterDisclosure = disclosure
        community = c.community
        if let v = c.category { category = v }
        priority = .init(rawValue: PeerEnums.number(PeerEnums.priority, c.priority))!
        disposition = .init(rawValue: PeerEnums.number(PeerEnums.disposition, c.disposition))!
        if let v = c.responsibleUnit { responsibleUnit = v }
        if let v = c.master { master = v.rawValue }
        meetings = c.meetings
        createdAt = c.createdAt.millisecondsSince1970
        updatedAt = c.updatedAt.millisecondsSince1970
        responseDue = c.responseDue.millisecondsSince1970
        if let v = c.respondedAt { respondedAt = v.millisecondsSince1970 }
        if let a = c.acceptance {
            var m = Council_V1_Acceptance()
            m.category = a.category
            m.priority = .init(rawValue: PeerEnums.number(PeerEnums.priority, a.priority))!
            if let v = a.note { m.note = v }
            m.handlingDue = a.handlingDue.millisecondsSince1970
            m.handlingLimit = Council_V1_TimeLimit(a.handlingLimit)
            m.evaluationWindow = Council_V1_TimeLimit(a.evaluationWindow)
            m.maxExtension = Council_V1_TimeLimit(a.maxExtension)
            m.reworkLimit = Int32(clamping: a.reworkLimit)
            acceptance = m
        }
        if let v = c.handlingDue { handlingDue = v.millisecondsSince1970 }
        if let v = c.pendingExtension {
            var m = Council_V1_ExtensionRequest()
            m.length = Int32(clamping: v.length)
            m.reason = v.reason
            pendingExtension = m
        }
        extensionCount = Int32(clamping: c.extensionCount)
        extendedLength = Int32(clamping: c.extendedLength)
        returnCount = Int32(clamping: c.returnCount)
        if let v = c.result {
            var m = Council_V1_HandlingResult()
            m.summary = v.summary
            if let r = v.completionReport { m.completionReport = r }
            result = m
        }
        if let v = c.resolvedAt { resolvedAt = v.millisecondsSince1970 }
        if let v = c.resolvedOnTime { resolvedOnTime = v }
        if let v = c.feedback {
            var m = Council_V1_Feedback()
            m.channel = .init(rawValue: PeerEnums.number(PeerEnums.feedbackChannel, v.channel))!
            m.message = v.message
            feedback = m
        }
        if let v = c.evaluationDue { evaluationDue = v.millisecondsSince1970 }
        if let v = c.evaluation {
            var m = Council_V1_Evaluation()
            m.rating = .init(rawValue: PeerEnums.number(PeerEnums.rating, v.rating))!
            m.solved = v.solved
            if let comment = v.comment { m.comment = comment }
            evaluation = m
        }
        reworkCount = Int32(clamping: c.reworkCount)
        requiresVerification = c.requiresVerification
        if let v = c.verification {
            var m = Council_V1_Verification()
            m.passed = v.passed
            if let note = v.note { m.note = note }
            verification = m
        }
        if let v = c.closingNote { closingNote = v }
        if let v = c.referral {
            var m = Council_V1_Referral()
            m.destination = .init(rawValue: PeerEnums.number(PeerEnums.destination, v.destination))!
            m.organization = v.organization
            m.reason = v.reason
            referral = m
        }
        if let v = c.closedAt { closedAt = v.millisecondsSince1970 }
        closedUnrated = c.closedUnrated
        failedVerificationCount = Int32(clamping: c.failedVerificationCount)
        deadlineAlerts = c.deadlineAlerts.map { alert in
            var m = Council_V1_DeadlineAlert()
            m.level = .init(rawValue: PeerEnums.number(PeerEnums.alertLevel, alert.level))!
            m.clock = .init(rawValue: PeerEnums.number(PeerEnums.alertClock, alert.clock))!
            m.due = alert.due.millisecondsSince1970
            return m
        }
        if let v = c.handlingDueLimit { handlingDueLimit = v.millisecondsSince1970 }
        step = .init(rawValue: PeerEnums.number(PeerEnums.loopStep, c.step))!
        self.allowedOperations = allowedOperations.map { .init(rawValue: PeerEnums.number(PeerEnums.caseOperation, $0))! }
        self.deadlineState = .init(rawValue: PeerEnums.number(PeerEnums.deadlineState, deadlineState))!
        if let v = c.currentDue { currentDue = v.millisecondsSince1970 }
    }
}

extension Council_V1_TimeLimit {
    init(_ limit: TimeLimit) {
        self.init()
        switch limit {
        case .hours: unit = .hours
        case .workingDays: unit = .workingDays
        case .calendarDays: unit = .calendarDays
        }
        count = Int32(clamping: limit.count)
    }
}

extension Council_V1_Submission {
    init(_ s: Submission) {
        self.init()
        title = s.title
        description_p = s.description
        source = .init(rawValue: PeerEnums.number(PeerEnums.caseSource, s.source))!
        if let v = s.community { community = v }
        if let v = s.category { category = v }
        priority = .init(rawValue: PeerEnums.number(PeerEnums.priority, s.priority))!
        if let l = s.location {
            var m = Council_V1_Location()
            if let v = l.compound { m.compound = v }
            if let v = l.building { m.building = v }
            if let v = l.gridCell { m.gridCell = v }
            if let v = l.description { m.description_p = v }
            if let v = l.latitude { m.latitude = v }
            if let v = l.longitude { m.longitude = v }
            location = m
        }
        if let p = s.submitter {
            var m = Council_V1_PersonalData()
            if let v = p.name { m.name = v }
            if let v = p.phone { m.phone = v }
            if let v = p.address { m.address = v }
            if let v = p.idNumber { m.idNumber = v }
            submitter = m
        }
        if let r = s.externalReference {
            var m = Council_V1_ExternalReference()
            m.system = r.system
            m.reference = r.reference
            externalReference = m
        }
        if let v = s.requestedDue { requestedDue = v.millisecondsSince1970 }
        attachments = s.attachments
    }
}

extension Submission {
    /// The submission a request carries; swift-protobuf has checked UTF-8, the peer checks enums.
    init(_ m: Council_V1_Submission) throws {
        func value<T>(_ values: [T], _ raw: Int, _ field: String) throws -> T? {
            if raw == 0 { return nil }
            guard raw <= values.count else { throw PeerInvalidArgument(message: "\(field) has an unknown value") }
            return values[raw - 1]
        }
        guard let source = try value(PeerEnums.caseSource, m.source.rawValue, "submission.source") else {
            throw PeerInvalidArgument(message: "submission.source is required")
        }
        var location: CaseLocation?
        if m.hasLocation {
            let l = m.location
            location = CaseLocation(
                compound: l.hasCompound ? l.compound : nil, building: l.hasBuilding ? l.building : nil,
                gridCell: l.hasGridCell ? l.gridCell : nil, description: l.hasDescription_p ? l.description_p : nil,
                latitude: l.hasLatitude ? l.latitude : nil, longitude: l.hasLongitude ? l.longitude : nil)
        }
        var submitter: PersonalData?
        if m.hasSubmitter {
            let p = m.submitter
            submitter = PersonalData(
                name: p.hasName ? p.name : nil, phone: p.hasPhone ? p.phone : nil,
                address: p.hasAddress ? p.address : nil, idNumber: p.hasIDNumber ? p.idNumber : nil)
        }
        self.init(
            title: m.title, description: m.description_p, source: source,
            community: m.hasCommunity ? m.community : nil, category: m.hasCategory ? m.category : nil,
            priority: try value(PeerEnums.priority, m.priority.rawValue, "submission.priority"), location: location,
            submitter: submitter,
            externalReference: m.hasExternalReference
                ? ExternalReference(system: m.externalReference.system, reference: m.externalReference.reference) : nil,
            requestedDue: m.hasRequestedDue ? Timestamp(millisecondsSince1970: m.requestedDue) : nil,
            attachments: m.attachments)
    }
}
