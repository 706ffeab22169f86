import CouncilKit
import CCouncilWireSupport
import CProtobufC
import CouncilWireC

// Cases, submissions and their records: CouncilKit values ↔ protobuf-c messages. Encoding builds messages in
// the arena; decoding reads unpacked messages straight into CouncilKit values. Oneof case values are the field
// numbers of the schema (protobuf-c's convention), which the round-trip tests pin.

typealias CString = UnsafeMutablePointer<CChar>

extension Timestamp {
    @inline(__always) init(wire milliseconds: Int64) { self.init(millisecondsSince1970: milliseconds) }
}

// MARK: - Encoding

extension Arena {
    func encode(_ view: CaseView) throws -> UnsafeMutablePointer<Council__V1__Case> {
        let c = view.state
        let m = make(council__v1__case__init)
        m.pointee.id = try string(c.id.rawValue, "id")
        m.pointee.number = try string(c.number.description, "number")
        m.pointee.version = Int64(c.version)
        m.pointee.status = .init(rawValue: WireEnums.caseStatus.number(c.status))
        m.pointee.submission = try encode(c.submission, "submission")
        m.pointee.submitter_disclosure = .init(rawValue: WireEnums.disclosure.number(view.submitterDisclosure))
        m.pointee.community = try string(c.community, "community")
        if let v = c.category { m.pointee.category = try string(v, "category"); m.pointee._category_case = oneof(8) }
        m.pointee.priority = .init(rawValue: WireEnums.priority.number(c.priority))
        m.pointee.disposition = .init(rawValue: WireEnums.disposition.number(c.disposition))
        if let v = c.responsibleUnit {
            m.pointee.responsible_unit = try string(v, "responsible_unit"); m.pointee._responsible_unit_case = oneof(11)
        }
        if let v = c.master { m.pointee.master = try string(v.rawValue, "master"); m.pointee._master_case = oneof(12) }
        (m.pointee.n_meetings, m.pointee.meetings) = try strings(c.meetings, "meetings")
        m.pointee.created_at = c.createdAt.millisecondsSince1970
        m.pointee.updated_at = c.updatedAt.millisecondsSince1970
        m.pointee.response_due = c.responseDue.millisecondsSince1970
        if let v = c.respondedAt { m.pointee.responded_at = v.millisecondsSince1970; m.pointee._responded_at_case = oneof(17) }
        if let v = c.acceptance { m.pointee.acceptance = try encode(v) }
        if let v = c.handlingDue { m.pointee.handling_due = v.millisecondsSince1970; m.pointee._handling_due_case = oneof(19) }
        if let v = c.pendingExtension { m.pointee.pending_extension = try within("pending_extension") { try encode(v) } }
        m.pointee.extension_count = Int32(clamping: c.extensionCount)
        m.pointee.extended_length = Int32(clamping: c.extendedLength)
        m.pointee.return_count = Int32(clamping: c.returnCount)
        if let v = c.result { m.pointee.result = try within("result") { try encode(v) } }
        if let v = c.resolvedAt { m.pointee.resolved_at = v.millisecondsSince1970; m.pointee._resolved_at_case = oneof(25) }
        if let v = c.resolvedOnTime { m.pointee.resolved_on_time = v ? 1 : 0; m.pointee._resolved_on_time_case = oneof(26) }
        if let v = c.feedback { m.pointee.feedback = try within("feedback") { try encode(v) } }
        if let v = c.evaluationDue {
            m.pointee.evaluation_due = v.millisecondsSince1970; m.pointee._evaluation_due_case = oneof(28)
        }
        if let v = c.evaluation { m.pointee.evaluation = try within("evaluation") { try encode(v) } }
        m.pointee.rework_count = Int32(clamping: c.reworkCount)
        m.pointee.requires_verification = c.requiresVerification ? 1 : 0
        if let v = c.verification { m.pointee.verification = try within("verification") { try encode(v) } }
        if let v = c.closingNote { m.pointee.closing_note = try string(v, "closing_note"); m.pointee._closing_note_case = oneof(33) }
        if let v = c.referral { m.pointee.referral = try within("referral") { try encode(v) } }
        if let v = c.closedAt { m.pointee.closed_at = v.millisecondsSince1970; m.pointee._closed_at_case = oneof(35) }
        m.pointee.closed_unrated = c.closedUnrated ? 1 : 0
        m.pointee.failed_verification_count = Int32(clamping: c.failedVerificationCount)
        (m.pointee.n_deadline_alerts, m.pointee.deadline_alerts) = messages(c.deadlineAlerts) { encode($0) }
        if let v = c.handlingDueLimit {
            m.pointee.handling_due_limit = v.millisecondsSince1970; m.pointee._handling_due_limit_case = oneof(38)
        }
        m.pointee.step = .init(rawValue: WireEnums.loopStep.number(c.step))
        let operations = view.allowedOperations
        if let array = array(Council__V1__CaseOperation.self, count: operations.count) {
            for (i, operation) in operations.enumerated() {
                (array + i).initialize(to: .init(rawValue: WireEnums.caseOperation.number(operation)))
            }
            m.pointee.n_allowed_operations = operations.count
            m.pointee.allowed_operations = array
        }
        m.pointee.deadline_state = .init(rawValue: WireEnums.deadlineState.number(view.deadlineState))
        if let v = c.currentDue { m.pointee.current_due = v.millisecondsSince1970; m.pointee._current_due_case = oneof(43) }
        return m
    }

    func encode(_ s: Submission, _ field: String) throws -> UnsafeMutablePointer<Council__V1__Submission> {
        try within(field) {
            let m = make(council__v1__submission__init)
            m.pointee.title = try string(s.title, "title")
            m.pointee.description = try string(s.description, "description")
            m.pointee.source = .init(rawValue: WireEnums.caseSource.number(s.source))
            if let v = s.community { m.pointee.community = try string(v, "community"); m.pointee._community_case = oneof(4) }
            if let v = s.category { m.pointee.category = try string(v, "category"); m.pointee._category_case = oneof(5) }
            m.pointee.priority = .init(rawValue: WireEnums.priority.number(s.priority))
            if let v = s.location { m.pointee.location = try within("location") { try encode(v) } }
            if let v = s.submitter { m.pointee.submitter = try within("submitter") { try encode(v) } }
            if let v = s.externalReference { m.pointee.external_reference = try within("external_reference") { try encode(v) } }
            if let v = s.requestedDue {
                m.pointee.requested_due = v.millisecondsSince1970; m.pointee._requested_due_case = oneof(10)
            }
            (m.pointee.n_attachments, m.pointee.attachments) = try strings(s.attachments, "attachments")
            return m
        }
    }

    func encode(_ l: CaseLocation) throws -> UnsafeMutablePointer<Council__V1__Location> {
        let m = make(council__v1__location__init)
        if let v = l.compound { m.pointee.compound = try string(v, "compound"); m.pointee._compound_case = oneof(1) }
        if let v = l.building { m.pointee.building = try string(v, "building"); m.pointee._building_case = oneof(2) }
        if let v = l.gridCell { m.pointee.grid_cell = try string(v, "grid_cell"); m.pointee._grid_cell_case = oneof(3) }
        if let v = l.description { m.pointee.description = try string(v, "description"); m.pointee._description_case = oneof(4) }
        if let v = l.latitude { m.pointee.latitude = v; m.pointee._latitude_case = oneof(5) }
        if let v = l.longitude { m.pointee.longitude = v; m.pointee._longitude_case = oneof(6) }
        return m
    }

    func encode(_ p: PersonalData) throws -> UnsafeMutablePointer<Council__V1__PersonalData> {
        let m = make(council__v1__personal_data__init)
        if let v = p.name { m.pointee.name = try string(v, "name"); m.pointee._name_case = oneof(1) }
        if let v = p.phone { m.pointee.phone = try string(v, "phone"); m.pointee._phone_case = oneof(2) }
        if let v = p.address { m.pointee.address = try string(v, "address"); m.pointee._address_case = oneof(3) }
        if let v = p.idNumber { m.pointee.id_number = try string(v, "id_number"); m.pointee._id_number_case = oneof(4) }
        return m
    }

    func encode(_ r: ExternalReference) throws -> UnsafeMutablePointer<Council__V1__ExternalReference> {
        let m = make(council__v1__external_reference__init)
        m.pointee.system = try string(r.system, "system")
        m.pointee.reference = try string(r.reference, "reference")
        return m
    }

    func encode(_ p: Principal) throws -> UnsafeMutablePointer<Council__V1__Principal> {
        let m = make(council__v1__principal__init)
        m.pointee.system = try string(p.system, "system")
        if let v = p.user { m.pointee.user = try string(v, "user"); m.pointee._user_case = oneof(2) }
        return m
    }

    func encode(_ limit: TimeLimit) -> UnsafeMutablePointer<Council__V1__TimeLimit> {
        let m = make(council__v1__time_limit__init)
        let unit: TimeLimitUnit
        switch limit {
        case .hours: unit = .hours
        case .workingDays: unit = .workingDays
        case .calendarDays: unit = .calendarDays
        }
        m.pointee.unit = .init(rawValue: WireEnums.timeLimitUnit.number(unit))
        m.pointee.count = Int32(clamping: limit.count)
        return m
    }

    func encode(_ a: Acceptance) throws -> UnsafeMutablePointer<Council__V1__Acceptance> {
        try within("acceptance") {
            let m = make(council__v1__acceptance__init)
            m.pointee.category = try string(a.category, "category")
            m.pointee.priority = .init(rawValue: WireEnums.priority.number(a.priority))
            if let v = a.note { m.pointee.note = try string(v, "note"); m.pointee._note_case = oneof(3) }
            m.pointee.handling_due = a.handlingDue.millisecondsSince1970
            m.pointee.handling_limit = encode(a.handlingLimit)
            m.pointee.evaluation_window = encode(a.evaluationWindow)
            m.pointee.max_extension = encode(a.maxExtension)
            m.pointee.rework_limit = Int32(clamping: a.reworkLimit)
            return m
        }
    }

    func encode(_ r: Referral) throws -> UnsafeMutablePointer<Council__V1__Referral> {
        let m = make(council__v1__referral__init)
        m.pointee.destination = .init(rawValue: WireEnums.destination.number(r.destination))
        m.pointee.organization = try string(r.organization, "organization")
        m.pointee.reason = try string(r.reason, "reason")
        return m
    }

    func encode(_ d: Dispatch) throws -> UnsafeMutablePointer<Council__V1__Dispatch> {
        let m = make(council__v1__dispatch__init)
        m.pointee.unit = try string(d.unit, "unit")
        m.pointee.due = d.due.millisecondsSince1970
        if let v = d.instructions { m.pointee.instructions = try string(v, "instructions"); m.pointee._instructions_case = oneof(3) }
        return m
    }

    func encode(_ r: DeliberationRecord) throws -> UnsafeMutablePointer<Council__V1__DeliberationRecord> {
        let m = make(council__v1__deliberation_record__init)
        if let v = r.meeting { m.pointee.meeting = try string(v, "meeting"); m.pointee._meeting_case = oneof(1) }
        if let v = r.summary { m.pointee.summary = try string(v, "summary"); m.pointee._summary_case = oneof(2) }
        switch r.outcome {
        case .resolution(let resolution):
            m.pointee.resolution = try within("resolution") { try encode(resolution) }
            m.pointee.outcome_case = oneof(3)
        case .deferred(let reason):
            m.pointee.deferred_reason = try string(reason, "deferred_reason")
            m.pointee.outcome_case = oneof(4)
        case .noConsensus(let note):
            m.pointee.no_consensus_note = try string(note, "no_consensus_note")
            m.pointee.outcome_case = oneof(5)
        }
        return m
    }

    func encode(_ r: ExtensionRequest) throws -> UnsafeMutablePointer<Council__V1__ExtensionRequest> {
        let m = make(council__v1__extension_request__init)
        m.pointee.length = Int32(clamping: r.length)
        m.pointee.reason = try string(r.reason, "reason")
        return m
    }

    func encode(_ a: ExtensionApproval) throws -> UnsafeMutablePointer<Council__V1__ExtensionApproval> {
        let m = make(council__v1__extension_approval__init)
        m.pointee.approver = try string(a.approver, "approver")
        m.pointee.message_to_submitter = try string(a.messageToSubmitter, "message_to_submitter")
        m.pointee.length = Int32(clamping: a.length)
        m.pointee.new_due = a.newDue.millisecondsSince1970
        return m
    }

    func encode(_ d: ExtensionDenial) throws -> UnsafeMutablePointer<Council__V1__ExtensionDenial> {
        let m = make(council__v1__extension_denial__init)
        m.pointee.approver = try string(d.approver, "approver")
        m.pointee.reason = try string(d.reason, "reason")
        return m
    }

    func encode(_ r: HandlingResult) throws -> UnsafeMutablePointer<Council__V1__HandlingResult> {
        let m = make(council__v1__handling_result__init)
        m.pointee.summary = try string(r.summary, "summary")
        if let v = r.completionReport {
            m.pointee.completion_report = try string(v, "completion_report"); m.pointee._completion_report_case = oneof(2)
        }
        return m
    }

    func encode(_ f: Feedback) throws -> UnsafeMutablePointer<Council__V1__Feedback> {
        let m = make(council__v1__feedback__init)
        m.pointee.channel = .init(rawValue: WireEnums.feedbackChannel.number(f.channel))
        m.pointee.message = try string(f.message, "message")
        return m
    }

    func encode(_ e: Evaluation) throws -> UnsafeMutablePointer<Council__V1__Evaluation> {
        let m = make(council__v1__evaluation__init)
        m.pointee.rating = .init(rawValue: WireEnums.rating.number(e.rating))
        m.pointee.solved = e.solved ? 1 : 0
        if let v = e.comment { m.pointee.comment = try string(v, "comment"); m.pointee._comment_case = oneof(3) }
        return m
    }

    func encode(_ a: DeadlineAlert) -> UnsafeMutablePointer<Council__V1__DeadlineAlert> {
        let m = make(council__v1__deadline_alert__init)
        m.pointee.level = Council__V1__DeadlineAlertLevel(rawValue: WireEnums.alertLevel.number(a.level))
        m.pointee.clock = Council__V1__DeadlineClock(rawValue: WireEnums.alertClock.number(a.clock))
        m.pointee.due = a.due.millisecondsSince1970
        return m
    }

    func encode(_ v: Verification) throws -> UnsafeMutablePointer<Council__V1__Verification> {
        let m = make(council__v1__verification__init)
        m.pointee.passed = v.passed ? 1 : 0
        if let note = v.note { m.pointee.note = try string(note, "note"); m.pointee._note_case = oneof(2) }
        return m
    }

    func encode(_ q: CaseQuery) throws -> UnsafeMutablePointer<Council__V1__CaseQuery> {
        let m = make(council__v1__case_query__init)
        if let v = q.community { m.pointee.community = try string(v, "community"); m.pointee._community_case = oneof(1) }
        let statuses = q.statuses.map { WireEnums.caseStatus.number($0) }.sorted()
        if let array = array(Council__V1__CaseStatus.self, count: statuses.count) {
            for (i, n) in statuses.enumerated() { (array + i).initialize(to: .init(rawValue: n)) }
            m.pointee.n_statuses = statuses.count
            m.pointee.statuses = array
        }
        m.pointee.step = .init(rawValue: WireEnums.loopStep.number(q.step))
        if let v = q.category { m.pointee.category = try string(v, "category"); m.pointee._category_case = oneof(4) }
        m.pointee.source = .init(rawValue: WireEnums.caseSource.number(q.source))
        if let v = q.unit { m.pointee.unit = try string(v, "unit"); m.pointee._unit_case = oneof(6) }
        if let v = q.dueBefore { m.pointee.due_before = v.millisecondsSince1970; m.pointee._due_before_case = oneof(7) }
        if let v = q.createdFrom { m.pointee.created_from = v.millisecondsSince1970; m.pointee._created_from_case = oneof(8) }
        if let v = q.createdBefore { m.pointee.created_before = v.millisecondsSince1970; m.pointee._created_before_case = oneof(9) }
        if let v = q.text { m.pointee.text = try string(v, "text"); m.pointee._text_case = oneof(10) }
        if let v = q.master { m.pointee.master = try string(v.rawValue, "master"); m.pointee._master_case = oneof(11) }
        m.pointee.order = .init(rawValue: WireEnums.order.number(q.order))
        guard q.limit >= 0, q.limit <= Int(UInt32.max) else { throw WireError.invalid("limit", "limit must be between 1 and 500") }
        m.pointee.limit = UInt32(q.limit)
        if let v = q.cursor { m.pointee.cursor = try string(v, "cursor"); m.pointee._cursor_case = oneof(14) }
        return m
    }

    func encode(_ e: CaseEvent) throws -> UnsafeMutablePointer<Council__V1__Event> {
        let m = make(council__v1__event__init)
        m.pointee.sequence = e.sequence
        m.pointee.case_id = try string(e.caseID.rawValue, "case_id")
        m.pointee.case_number = try string(e.caseNumber.description, "case_number")
        m.pointee.version = Int64(e.version)
        m.pointee.occurred_at = e.occurredAt.millisecondsSince1970
        m.pointee.principal = try within("principal") { try encode(e.principal) }
        switch e.change {
        case .submitted(let intake):
            let c = make(council__v1__submitted_change__init)
            try within("submitted") {
                c.pointee.submission = try encode(intake.submission, "submission")
                c.pointee.community = try string(intake.community, "community")
                c.pointee.response_due = intake.responseDue.millisecondsSince1970
                c.pointee.requires_verification = intake.requiresVerification ? 1 : 0
            }
            m.pointee.submitted = c; m.pointee.change_case = oneof(10)
        case .accepted(let a):
            m.pointee.accepted = try within("accepted") { try encode(a) }; m.pointee.change_case = oneof(11)
        case .declined(let reason):
            let c = make(council__v1__declined_change__init)
            c.pointee.reason = try string(reason, "declined.reason")
            m.pointee.declined = c; m.pointee.change_case = oneof(12)
        case .referred(let r):
            m.pointee.referred = try within("referred") { try encode(r) }; m.pointee.change_case = oneof(13)
        case .dispatched(let d):
            m.pointee.dispatched = try within("dispatched") { try encode(d) }; m.pointee.change_case = oneof(14)
        case .handledLocally(let note, let due):
            let c = make(council__v1__handled_locally_change__init)
            if let note { c.pointee.note = try string(note, "handled_locally.note"); c.pointee._note_case = oneof(1) }
            c.pointee.due = due.millisecondsSince1970
            m.pointee.handled_locally = c; m.pointee.change_case = oneof(15)
        case .returned(let unit, let reason):
            let c = make(council__v1__returned_change__init)
            if let unit { c.pointee.unit = try string(unit, "returned.unit"); c.pointee._unit_case = oneof(1) }
            c.pointee.reason = try string(reason, "returned.reason")
            m.pointee.returned = c; m.pointee.change_case = oneof(16)
        case .merged(let master, let number):
            let c = make(council__v1__merged_change__init)
            c.pointee.master = try string(master.rawValue, "merged.master")
            c.pointee.master_number = try string(number.description, "merged.master_number")
            m.pointee.merged = c; m.pointee.change_case = oneof(17)
        case .scheduledForDeliberation(let meeting, let note):
            let c = make(council__v1__scheduled_for_deliberation_change__init)
            if let meeting {
                c.pointee.meeting = try string(meeting, "scheduled_for_deliberation.meeting"); c.pointee._meeting_case = oneof(1)
            }
            if let note { c.pointee.note = try string(note, "scheduled_for_deliberation.note"); c.pointee._note_case = oneof(2) }
            m.pointee.scheduled_for_deliberation = c; m.pointee.change_case = oneof(18)
        case .deliberated(let record):
            m.pointee.deliberated = try within("deliberated") { try encode(record) }; m.pointee.change_case = oneof(19)
        case .progressAdded(let note):
            let c = make(council__v1__progress_added_change__init)
            c.pointee.note = try string(note, "progress_added.note")
            m.pointee.progress_added = c; m.pointee.change_case = oneof(20)
        case .extensionRequested(let r):
            m.pointee.extension_requested = try within("extension_requested") { try encode(r) }; m.pointee.change_case = oneof(21)
        case .extensionApproved(let a):
            m.pointee.extension_approved = try within("extension_approved") { try encode(a) }; m.pointee.change_case = oneof(22)
        case .extensionDenied(let d):
            m.pointee.extension_denied = try within("extension_denied") { try encode(d) }; m.pointee.change_case = oneof(23)
        case .resolved(let r):
            m.pointee.resolved = try within("resolved") { try encode(r) }; m.pointee.change_case = oneof(24)
        case .feedbackRecorded(let feedback, let due):
            let c = make(council__v1__feedback_recorded_change__init)
            c.pointee.feedback = try within("feedback_recorded.feedback") { try encode(feedback) }
            c.pointee.evaluation_due = due.millisecondsSince1970
            m.pointee.feedback_recorded = c; m.pointee.change_case = oneof(25)
        case .evaluated(let e):
            m.pointee.evaluated = try within("evaluated") { try encode(e) }; m.pointee.change_case = oneof(26)
        case .reworkStarted(let reason, let due):
            let c = make(council__v1__rework_started_change__init)
            c.pointee.reason = try string(reason, "rework_started.reason")
            c.pointee.handling_due = due.millisecondsSince1970
            m.pointee.rework_started = c; m.pointee.change_case = oneof(27)
        case .verified(let verification, let due):
            let c = make(council__v1__verified_change__init)
            c.pointee.verification = try within("verified.verification") { try encode(verification) }
            if let due { c.pointee.handling_due = due.millisecondsSince1970; c.pointee._handling_due_case = oneof(2) }
            m.pointee.verified = c; m.pointee.change_case = oneof(28)
        case .closed(let note):
            let c = make(council__v1__closed_change__init)
            if let note { c.pointee.note = try string(note, "closed.note"); c.pointee._note_case = oneof(1) }
            m.pointee.closed = c; m.pointee.change_case = oneof(29)
        case .withdrawn(let reason):
            let c = make(council__v1__withdrawn_change__init)
            if let reason { c.pointee.reason = try string(reason, "withdrawn.reason"); c.pointee._reason_case = oneof(1) }
            m.pointee.withdrawn = c; m.pointee.change_case = oneof(30)
        case .closedUnrated:
            m.pointee.closed_unrated = make(council__v1__closed_unrated_change__init); m.pointee.change_case = oneof(31)
        case .deadlineAlert(let alert):
            m.pointee.deadline_alert = encode(alert); m.pointee.change_case = oneof(32)
        }
        return m
    }
}

// MARK: - Decoding

enum Decode {
    static func caseID(_ pointer: CString?, _ field: String) throws -> CaseID {
        let value = text(pointer)
        guard !value.isEmpty else { throw WireError.missing(field) }
        guard let id = CaseID(value) else { throw WireError.invalid(field, "\(field) is not a case id (a UUID)") }
        return id
    }

    static func caseNumber(_ pointer: CString?, _ field: String) throws -> CaseNumber {
        let value = text(pointer)
        guard !value.isEmpty else { throw WireError.missing(field) }
        guard let number = CaseNumber(value) else {
            throw WireError.invalid(field, "\(field) is not a case number such as QX07-20261129-0003")
        }
        return number
    }

    static func count(_ value: Int32, _ field: String) throws -> Int {
        guard value >= 0 else { throw WireError.invalid(field, "\(field) cannot be negative") }
        return Int(value)
    }

    static func caseView(_ m: UnsafeMutablePointer<Council__V1__Case>) throws -> CaseView {
        let p = m.pointee
        let submission = try self.submission(try required(p.submission, "submission"), "submission")
        let intake = Intake(
            submission: submission, community: text(p.community), responseDue: Timestamp(wire: p.response_due),
            requiresVerification: p.requires_verification != 0)
        let createdAt = Timestamp(wire: p.created_at)
        var c = CouncilCase(
            id: try caseID(p.id, "id"), number: try caseNumber(p.number, "number"), intake: intake, at: createdAt)
        guard p.version >= 1 else { throw WireError.invalid("version", "a case's version starts at 1") }
        c.version = Int(p.version)
        c.status = try WireEnums.caseStatus.value(p.status.rawValue, "status")
        c.category = isSet(p._category_case) ? text(p.category) : nil
        c.priority = try WireEnums.priority.value(p.priority.rawValue, "priority")
        c.disposition = try WireEnums.disposition.optional(p.disposition.rawValue, "disposition")
        c.responsibleUnit = isSet(p._responsible_unit_case) ? text(p.responsible_unit) : nil
        c.master = isSet(p._master_case) ? try caseID(p.master, "master") : nil
        c.meetings = texts(p.n_meetings, p.meetings)
        c.updatedAt = Timestamp(wire: p.updated_at)
        c.respondedAt = isSet(p._responded_at_case) ? Timestamp(wire: p.responded_at) : nil
        c.acceptance = try p.acceptance.map { m in try within("acceptance") { try acceptance(m) } }
        c.handlingDue = isSet(p._handling_due_case) ? Timestamp(wire: p.handling_due) : nil
        c.pendingExtension = try p.pending_extension.map { m in try within("pending_extension") { try extensionRequest(m) } }
        c.extensionCount = try count(p.extension_count, "extension_count")
        c.extendedLength = try count(p.extended_length, "extended_length")
        c.returnCount = try count(p.return_count, "return_count")
        c.result = p.result.map(handlingResult)
        c.resolvedAt = isSet(p._resolved_at_case) ? Timestamp(wire: p.resolved_at) : nil
        c.resolvedOnTime = isSet(p._resolved_on_time_case) ? p.resolved_on_time != 0 : nil
        c.feedback = try p.feedback.map { m in try within("feedback") { try feedback(m) } }
        c.evaluationDue = isSet(p._evaluation_due_case) ? Timestamp(wire: p.evaluation_due) : nil
        c.evaluation = try p.evaluation.map { m in try within("evaluation") { try evaluation(m) } }
        c.reworkCount = try count(p.rework_count, "rework_count")
        c.verification = p.verification.map(verification)
        c.closingNote = isSet(p._closing_note_case) ? text(p.closing_note) : nil
        c.referral = try p.referral.map { m in try within("referral") { try referral(m) } }
        c.closedAt = isSet(p._closed_at_case) ? Timestamp(wire: p.closed_at) : nil
        c.closedUnrated = p.closed_unrated != 0
        c.failedVerificationCount = try count(p.failed_verification_count, "failed_verification_count")
        c.deadlineAlerts = try elements(p.n_deadline_alerts, p.deadline_alerts, "deadline_alerts") { try deadlineAlert($0) }
        c.handlingDueLimit = isSet(p._handling_due_limit_case) ? Timestamp(wire: p.handling_due_limit) : nil
        var operations: [CaseOperation] = []
        if p.n_allowed_operations > 0, let array = p.allowed_operations {
            operations.reserveCapacity(p.n_allowed_operations)
            for i in 0..<p.n_allowed_operations {
                operations.append(try WireEnums.caseOperation.value(array[i].rawValue, "allowed_operations[\(i)]"))
            }
        }
        return CaseView(
            state: c, submitterDisclosure: try WireEnums.disclosure.value(p.submitter_disclosure.rawValue, "submitter_disclosure"),
            allowedOperations: operations,
            deadlineState: try WireEnums.deadlineState.value(p.deadline_state.rawValue, "deadline_state"))
    }

    static func submission(_ m: UnsafeMutablePointer<Council__V1__Submission>, _ field: String) throws -> Submission {
        try within(field) {
            let p = m.pointee
            return Submission(
                title: text(p.title), description: text(p.description),
                source: try WireEnums.caseSource.value(p.source.rawValue, "source"),
                community: isSet(p._community_case) ? text(p.community) : nil,
                category: isSet(p._category_case) ? text(p.category) : nil,
                priority: try WireEnums.priority.optional(p.priority.rawValue, "priority"),
                location: p.location.map(location),
                submitter: p.submitter.map(personalData),
                externalReference: try p.external_reference.map { m in try within("external_reference") { try externalReference(m) } },
                requestedDue: isSet(p._requested_due_case) ? Timestamp(wire: p.requested_due) : nil,
                attachments: texts(p.n_attachments, p.attachments))
        }
    }

    static func location(_ m: UnsafeMutablePointer<Council__V1__Location>) -> CaseLocation {
        let p = m.pointee
        return CaseLocation(
            compound: isSet(p._compound_case) ? text(p.compound) : nil,
            building: isSet(p._building_case) ? text(p.building) : nil,
            gridCell: isSet(p._grid_cell_case) ? text(p.grid_cell) : nil,
            description: isSet(p._description_case) ? text(p.description) : nil,
            latitude: isSet(p._latitude_case) ? p.latitude : nil,
            longitude: isSet(p._longitude_case) ? p.longitude : nil)
    }

    static func personalData(_ m: UnsafeMutablePointer<Council__V1__PersonalData>) -> PersonalData {
        let p = m.pointee
        return PersonalData(
            name: isSet(p._name_case) ? text(p.name) : nil, phone: isSet(p._phone_case) ? text(p.phone) : nil,
            address: isSet(p._address_case) ? text(p.address) : nil,
            idNumber: isSet(p._id_number_case) ? text(p.id_number) : nil)
    }

    static func externalReference(_ m: UnsafeMutablePointer<Council__V1__ExternalReference>) throws -> ExternalReference {
        let system = text(m.pointee.system)
        guard !system.isEmpty else { throw WireError.missing("system") }
        return ExternalReference(system: system, reference: text(m.pointee.reference))
    }

    static func principal(_ m: UnsafeMutablePointer<Council__V1__Principal>) -> Principal {
        Principal(system: text(m.pointee.system), user: isSet(m.pointee._user_case) ? text(m.pointee.user) : nil)
    }

    static func timeLimit(_ m: UnsafeMutablePointer<Council__V1__TimeLimit>?, _ field: String) throws -> TimeLimit {
        let m = try required(m, field)
        return try within(field) {
            let count = try self.count(m.pointee.count, "count")
            switch try WireEnums.timeLimitUnit.value(m.pointee.unit.rawValue, "unit") {
            case .hours: return .hours(count)
            case .workingDays: return .workingDays(count)
            case .calendarDays: return .calendarDays(count)
            }
        }
    }

    static func acceptance(_ m: UnsafeMutablePointer<Council__V1__Acceptance>) throws -> Acceptance {
        let p = m.pointee
        return Acceptance(
            category: text(p.category), priority: try WireEnums.priority.value(p.priority.rawValue, "priority"),
            note: isSet(p._note_case) ? text(p.note) : nil, handlingDue: Timestamp(wire: p.handling_due),
            handlingLimit: try timeLimit(p.handling_limit, "handling_limit"),
            evaluationWindow: try timeLimit(p.evaluation_window, "evaluation_window"),
            maxExtension: try timeLimit(p.max_extension, "max_extension"),
            reworkLimit: try count(p.rework_limit, "rework_limit"))
    }

    static func referral(_ m: UnsafeMutablePointer<Council__V1__Referral>) throws -> Referral {
        Referral(
            destination: try WireEnums.destination.value(m.pointee.destination.rawValue, "destination"),
            organization: text(m.pointee.organization), reason: text(m.pointee.reason))
    }

    static func dispatch(_ m: UnsafeMutablePointer<Council__V1__Dispatch>) -> Dispatch {
        Dispatch(
            unit: text(m.pointee.unit), due: Timestamp(wire: m.pointee.due),
            instructions: isSet(m.pointee._instructions_case) ? text(m.pointee.instructions) : nil)
    }

    static func deliberationRecord(_ m: UnsafeMutablePointer<Council__V1__DeliberationRecord>) throws -> DeliberationRecord {
        let p = m.pointee
        let outcome: DeliberationOutcome
        switch p.outcome_case.rawValue {
        case 3: outcome = .resolution(meetingResolution(try required(p.resolution, "resolution")))
        case 4: outcome = .deferred(reason: text(p.deferred_reason))
        case 5: outcome = .noConsensus(note: text(p.no_consensus_note))
        default: throw WireError.missing("outcome")
        }
        return DeliberationRecord(
            meeting: isSet(p._meeting_case) ? text(p.meeting) : nil, summary: isSet(p._summary_case) ? text(p.summary) : nil,
            outcome: outcome)
    }

    static func extensionRequest(_ m: UnsafeMutablePointer<Council__V1__ExtensionRequest>) throws -> ExtensionRequest {
        ExtensionRequest(length: Int(m.pointee.length), reason: text(m.pointee.reason))
    }

    static func handlingResult(_ m: UnsafeMutablePointer<Council__V1__HandlingResult>) -> HandlingResult {
        HandlingResult(
            summary: text(m.pointee.summary),
            completionReport: isSet(m.pointee._completion_report_case) ? text(m.pointee.completion_report) : nil)
    }

    static func feedback(_ m: UnsafeMutablePointer<Council__V1__Feedback>) throws -> Feedback {
        Feedback(
            channel: try WireEnums.feedbackChannel.value(m.pointee.channel.rawValue, "channel"), message: text(m.pointee.message))
    }

    static func evaluation(_ m: UnsafeMutablePointer<Council__V1__Evaluation>) throws -> Evaluation {
        Evaluation(
            rating: try WireEnums.rating.value(m.pointee.rating.rawValue, "rating"), solved: m.pointee.solved != 0,
            comment: isSet(m.pointee._comment_case) ? text(m.pointee.comment) : nil)
    }

    static func deadlineAlert(_ m: UnsafeMutablePointer<Council__V1__DeadlineAlert>) throws -> DeadlineAlert {
        DeadlineAlert(
            level: try WireEnums.alertLevel.value(m.pointee.level.rawValue, "level"),
            clock: try WireEnums.alertClock.value(m.pointee.clock.rawValue, "clock"), due: Timestamp(wire: m.pointee.due))
    }

    static func verification(_ m: UnsafeMutablePointer<Council__V1__Verification>) -> Verification {
        Verification(passed: m.pointee.passed != 0, note: isSet(m.pointee._note_case) ? text(m.pointee.note) : nil)
    }

    static func caseQuery(_ m: UnsafeMutablePointer<Council__V1__CaseQuery>) throws -> CaseQuery {
        let p = m.pointee
        var statuses = Set<CaseStatus>()
        if p.n_statuses > 0, let array = p.statuses {
            for i in 0..<p.n_statuses { statuses.insert(try WireEnums.caseStatus.value(array[i].rawValue, "statuses[\(i)]")) }
        }
        return CaseQuery(
            community: isSet(p._community_case) ? text(p.community) : nil, statuses: statuses,
            step: try WireEnums.loopStep.optional(p.step.rawValue, "step"),
            category: isSet(p._category_case) ? text(p.category) : nil,
            source: try WireEnums.caseSource.optional(p.source.rawValue, "source"),
            unit: isSet(p._unit_case) ? text(p.unit) : nil,
            dueBefore: isSet(p._due_before_case) ? Timestamp(wire: p.due_before) : nil,
            createdFrom: isSet(p._created_from_case) ? Timestamp(wire: p.created_from) : nil,
            createdBefore: isSet(p._created_before_case) ? Timestamp(wire: p.created_before) : nil,
            text: isSet(p._text_case) ? text(p.text) : nil,
            master: isSet(p._master_case) ? try caseID(p.master, "master") : nil,
            order: try WireEnums.order.optional(p.order.rawValue, "order") ?? .newestFirst,
            limit: p.limit == 0 ? 50 : Int(p.limit),
            cursor: isSet(p._cursor_case) ? text(p.cursor) : nil)
    }

    static func event(_ m: UnsafeMutablePointer<Council__V1__Event>) throws -> CaseEvent {
        let p = m.pointee
        let change: CaseChange
        switch p.change_case.rawValue {
        case 10:
            let c = try required(p.submitted, "submitted").pointee
            let submission = try within("submitted") { try self.submission(try required(c.submission, "submission"), "submission") }
            change = .submitted(
                Intake(
                    submission: submission, community: text(c.community), responseDue: Timestamp(wire: c.response_due),
                    requiresVerification: c.requires_verification != 0))
        case 11: change = .accepted(try within("accepted") { try acceptance(try required(p.accepted, "accepted")) })
        case 12: change = .declined(reason: text(try required(p.declined, "declined").pointee.reason))
        case 13: change = .referred(try within("referred") { try referral(try required(p.referred, "referred")) })
        case 14: change = .dispatched(dispatch(try required(p.dispatched, "dispatched")))
        case 15:
            let c = try required(p.handled_locally, "handled_locally").pointee
            change = .handledLocally(note: isSet(c._note_case) ? text(c.note) : nil, due: Timestamp(wire: c.due))
        case 16:
            let c = try required(p.returned, "returned").pointee
            change = .returned(unit: isSet(c._unit_case) ? text(c.unit) : nil, reason: text(c.reason))
        case 17:
            let c = try required(p.merged, "merged").pointee
            change = try within("merged") {
                .merged(master: try caseID(c.master, "master"), masterNumber: try caseNumber(c.master_number, "master_number"))
            }
        case 18:
            let c = try required(p.scheduled_for_deliberation, "scheduled_for_deliberation").pointee
            change = .scheduledForDeliberation(
                meeting: isSet(c._meeting_case) ? text(c.meeting) : nil, note: isSet(c._note_case) ? text(c.note) : nil)
        case 19:
            change = .deliberated(try within("deliberated") { try deliberationRecord(try required(p.deliberated, "deliberated")) })
        case 20: change = .progressAdded(note: text(try required(p.progress_added, "progress_added").pointee.note))
        case 21: change = .extensionRequested(try extensionRequest(try required(p.extension_requested, "extension_requested")))
        case 22:
            let c = try required(p.extension_approved, "extension_approved").pointee
            change = .extensionApproved(
                ExtensionApproval(
                    approver: text(c.approver), messageToSubmitter: text(c.message_to_submitter), length: Int(c.length),
                    newDue: Timestamp(wire: c.new_due)))
        case 23:
            let c = try required(p.extension_denied, "extension_denied").pointee
            change = .extensionDenied(ExtensionDenial(approver: text(c.approver), reason: text(c.reason)))
        case 24: change = .resolved(handlingResult(try required(p.resolved, "resolved")))
        case 25:
            let c = try required(p.feedback_recorded, "feedback_recorded").pointee
            change = .feedbackRecorded(
                try within("feedback_recorded") { try feedback(try required(c.feedback, "feedback")) },
                evaluationDue: Timestamp(wire: c.evaluation_due))
        case 26: change = .evaluated(try within("evaluated") { try evaluation(try required(p.evaluated, "evaluated")) })
        case 27:
            let c = try required(p.rework_started, "rework_started").pointee
            change = .reworkStarted(reason: text(c.reason), handlingDue: Timestamp(wire: c.handling_due))
        case 28:
            let c = try required(p.verified, "verified").pointee
            change = .verified(
                verification(try within("verified") { try required(c.verification, "verification") }),
                handlingDue: isSet(c._handling_due_case) ? Timestamp(wire: c.handling_due) : nil)
        case 29:
            let c = try required(p.closed, "closed").pointee
            change = .closed(note: isSet(c._note_case) ? text(c.note) : nil)
        case 30:
            let c = try required(p.withdrawn, "withdrawn").pointee
            change = .withdrawn(reason: isSet(c._reason_case) ? text(c.reason) : nil)
        case 31: change = .closedUnrated
        case 32: change = .deadlineAlert(try within("deadline_alert") { try deadlineAlert(try required(p.deadline_alert, "deadline_alert")) })
        case 0 where p.base.n_unknown_fields > 0:
            throw WireError(.unknownEnumValue, "the event's change is of a kind this version does not know", field: "change")
        default: throw WireError.missing("change")
        }
        guard p.version >= 1 else { throw WireError.invalid("version", "an event's version starts at 1") }
        return CaseEvent(
            sequence: p.sequence, caseID: try caseID(p.case_id, "case_id"), caseNumber: try caseNumber(p.case_number, "case_number"),
            version: Int(p.version),
            occurredAt: Timestamp(wire: p.occurred_at),
            principal: principal(try required(p.principal, "principal")), change: change)
    }
}
