import CCouncilWireSupport
import CProtobufC
import CouncilAPI
import CouncilKit
import CouncilWireC

// The three messages whose mapping is written by hand, because their Swift shape is not the schema's: a case (its
// state is a CouncilCase, its derived fields are computed when encoding), an event (its change is a CaseChange),
// and a time limit (its unit is the case of a CouncilKit enum). Everything else is in Mapping.generated.swift.

typealias CString = UnsafeMutablePointer<CChar>

extension Timestamp {
    @inline(__always) init(wire milliseconds: Int64) { self.init(millisecondsSince1970: milliseconds) }
}

/// The unit of a ``TimeLimit``, which CouncilKit keeps inside the enum's cases.
enum TimeLimitUnit: Equatable, Sendable {
    case hours, workingDays, calendarDays
}

extension Arena {
    func encode(_ view: CaseView) throws -> UnsafeMutablePointer<Council__V1__Case> {
        let c = view.state
        let m = make(council__v1__case__init)
        m.pointee.id = try string(c.id.rawValue, "id")
        m.pointee.number = try string(c.number.description, "number")
        m.pointee.version = Int64(c.version)
        m.pointee.status = .init(rawValue: c.status.wireNumber)
        m.pointee.submission = try within("submission") { try encode(c.submission) }
        m.pointee.submitter_disclosure = .init(rawValue: view.submitterDisclosure.wireNumber)
        m.pointee.community = try string(c.community, "community")
        if let v = c.category { m.pointee.category = try string(v, "category"); m.pointee._category_case = oneof(8) }
        m.pointee.priority = .init(rawValue: c.priority.wireNumber)
        m.pointee.disposition = .init(rawValue: c.disposition?.wireNumber ?? 0)
        if let v = c.responsibleUnit {
            m.pointee.responsible_unit = try string(v, "responsible_unit"); m.pointee._responsible_unit_case = oneof(11)
        }
        if let v = c.master { m.pointee.master = try string(v.rawValue, "master"); m.pointee._master_case = oneof(12) }
        (m.pointee.n_meetings, m.pointee.meetings) = try strings(c.meetings, "meetings")
        m.pointee.created_at = c.createdAt.millisecondsSince1970
        m.pointee.updated_at = c.updatedAt.millisecondsSince1970
        m.pointee.response_due = c.responseDue.millisecondsSince1970
        if let v = c.respondedAt { m.pointee.responded_at = v.millisecondsSince1970; m.pointee._responded_at_case = oneof(17) }
        if let v = c.acceptance { m.pointee.acceptance = try within("acceptance") { try encode(v) } }
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
        (m.pointee.n_deadline_alerts, m.pointee.deadline_alerts) = try messages(c.deadlineAlerts, "deadline_alerts") { try encode($0) }
        if let v = c.handlingDueLimit {
            m.pointee.handling_due_limit = v.millisecondsSince1970; m.pointee._handling_due_limit_case = oneof(38)
        }
        m.pointee.step = .init(rawValue: c.step.wireNumber)
        (m.pointee.n_allowed_operations, m.pointee.allowed_operations) = enums(view.allowedOperations)
        m.pointee.deadline_state = .init(rawValue: view.deadlineState.wireNumber)
        if let v = c.currentDue { m.pointee.current_due = v.millisecondsSince1970; m.pointee._current_due_case = oneof(43) }
        return m
    }

    func encode(_ limit: TimeLimit) throws -> UnsafeMutablePointer<Council__V1__TimeLimit> {
        let m = make(council__v1__time_limit__init)
        let unit: TimeLimitUnit
        switch limit {
        case .hours: unit = .hours
        case .workingDays: unit = .workingDays
        case .calendarDays: unit = .calendarDays
        }
        m.pointee.unit = .init(rawValue: unit.wireNumber)
        m.pointee.count = Int32(clamping: limit.count)
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
                c.pointee.submission = try within("submission") { try encode(intake.submission) }
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
            m.pointee.deadline_alert = try encode(alert); m.pointee.change_case = oneof(32)
        }
        return m
    }
}

extension Decode {
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

    static func message(_ m: UnsafeMutablePointer<Council__V1__Case>) throws -> CaseView {
        let p = m.pointee
        let submission = try nested(p.submission, "submission") { try message($0) }
        let intake = Intake(
            submission: submission, community: text(p.community), responseDue: Timestamp(wire: p.response_due),
            requiresVerification: p.requires_verification != 0)
        let createdAt = Timestamp(wire: p.created_at)
        var c = CouncilCase(
            id: try caseID(p.id, "id"), number: try caseNumber(p.number, "number"), intake: intake, at: createdAt)
        guard p.version >= 1 else { throw WireError.invalid("version", "a case's version starts at 1") }
        c.version = Int(p.version)
        c.status = try CaseStatus(wire: p.status.rawValue, "status")
        c.category = isSet(p._category_case) ? text(p.category) : nil
        c.priority = try Priority(wire: p.priority.rawValue, "priority")
        c.disposition = try Disposition(optionalWire: p.disposition.rawValue, "disposition")
        c.responsibleUnit = isSet(p._responsible_unit_case) ? text(p.responsible_unit) : nil
        c.master = isSet(p._master_case) ? try caseID(p.master, "master") : nil
        c.meetings = texts(p.n_meetings, p.meetings)
        c.updatedAt = Timestamp(wire: p.updated_at)
        c.respondedAt = isSet(p._responded_at_case) ? Timestamp(wire: p.responded_at) : nil
        c.acceptance = try p.acceptance.map { m in try within("acceptance") { try message(m) } }
        c.handlingDue = isSet(p._handling_due_case) ? Timestamp(wire: p.handling_due) : nil
        c.pendingExtension = try p.pending_extension.map { m in try within("pending_extension") { try message(m) } }
        c.extensionCount = try count(p.extension_count, "extension_count")
        c.extendedLength = try count(p.extended_length, "extended_length")
        c.returnCount = try count(p.return_count, "return_count")
        c.result = try p.result.map { m in try within("result") { try message(m) } }
        c.resolvedAt = isSet(p._resolved_at_case) ? Timestamp(wire: p.resolved_at) : nil
        c.resolvedOnTime = isSet(p._resolved_on_time_case) ? p.resolved_on_time != 0 : nil
        c.feedback = try p.feedback.map { m in try within("feedback") { try message(m) } }
        c.evaluationDue = isSet(p._evaluation_due_case) ? Timestamp(wire: p.evaluation_due) : nil
        c.evaluation = try p.evaluation.map { m in try within("evaluation") { try message(m) } }
        c.reworkCount = try count(p.rework_count, "rework_count")
        c.verification = try p.verification.map { m in try within("verification") { try message(m) } }
        c.closingNote = isSet(p._closing_note_case) ? text(p.closing_note) : nil
        c.referral = try p.referral.map { m in try within("referral") { try message(m) } }
        c.closedAt = isSet(p._closed_at_case) ? Timestamp(wire: p.closed_at) : nil
        c.closedUnrated = p.closed_unrated != 0
        c.failedVerificationCount = try count(p.failed_verification_count, "failed_verification_count")
        c.deadlineAlerts = try elements(p.n_deadline_alerts, p.deadline_alerts, "deadline_alerts") { try message($0) }
        c.handlingDueLimit = isSet(p._handling_due_limit_case) ? Timestamp(wire: p.handling_due_limit) : nil
        return CaseView(
            state: c, submitterDisclosure: try PersonalDataDisclosure(wire: p.submitter_disclosure.rawValue, "submitter_disclosure"),
            allowedOperations: try wireEnums(p.n_allowed_operations, p.allowed_operations, "allowed_operations"),
            deadlineState: try DeadlineState(wire: p.deadline_state.rawValue, "deadline_state"))
    }

    static func message(_ m: UnsafeMutablePointer<Council__V1__TimeLimit>) throws -> TimeLimit {
        let count = try self.count(m.pointee.count, "count")
        switch try TimeLimitUnit(wire: m.pointee.unit.rawValue, "unit") {
        case .hours: return .hours(count)
        case .workingDays: return .workingDays(count)
        case .calendarDays: return .calendarDays(count)
        }
    }

    static func message(_ m: UnsafeMutablePointer<Council__V1__Event>) throws -> CaseEvent {
        let p = m.pointee
        let change: CaseChange
        switch p.change_case.rawValue {
        case 10:
            let c = try required(p.submitted, "submitted").pointee
            let submission = try within("submitted") { try nested(c.submission, "submission") { try message($0) } }
            change = .submitted(
                Intake(
                    submission: submission, community: text(c.community), responseDue: Timestamp(wire: c.response_due),
                    requiresVerification: c.requires_verification != 0))
        case 11: change = .accepted(try nested(p.accepted, "accepted") { try message($0) })
        case 12: change = .declined(reason: text(try required(p.declined, "declined").pointee.reason))
        case 13: change = .referred(try nested(p.referred, "referred") { try message($0) })
        case 14: change = .dispatched(try nested(p.dispatched, "dispatched") { try message($0) })
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
            change = .deliberated(try nested(p.deliberated, "deliberated") { try message($0) })
        case 20: change = .progressAdded(note: text(try required(p.progress_added, "progress_added").pointee.note))
        case 21: change = .extensionRequested(try nested(p.extension_requested, "extension_requested") { try message($0) })
        case 22:
            let c = try required(p.extension_approved, "extension_approved").pointee
            change = .extensionApproved(
                ExtensionApproval(
                    approver: text(c.approver), messageToSubmitter: text(c.message_to_submitter), length: Int(c.length),
                    newDue: Timestamp(wire: c.new_due)))
        case 23:
            let c = try required(p.extension_denied, "extension_denied").pointee
            change = .extensionDenied(ExtensionDenial(approver: text(c.approver), reason: text(c.reason)))
        case 24: change = .resolved(try nested(p.resolved, "resolved") { try message($0) })
        case 25:
            let c = try required(p.feedback_recorded, "feedback_recorded").pointee
            change = .feedbackRecorded(
                try within("feedback_recorded") { try nested(c.feedback, "feedback") { try message($0) } },
                evaluationDue: Timestamp(wire: c.evaluation_due))
        case 26: change = .evaluated(try nested(p.evaluated, "evaluated") { try message($0) })
        case 27:
            let c = try required(p.rework_started, "rework_started").pointee
            change = .reworkStarted(reason: text(c.reason), handlingDue: Timestamp(wire: c.handling_due))
        case 28:
            let c = try required(p.verified, "verified").pointee
            change = .verified(
                try within("verified") { try nested(c.verification, "verification") { try message($0) } },
                handlingDue: isSet(c._handling_due_case) ? Timestamp(wire: c.handling_due) : nil)
        case 29:
            let c = try required(p.closed, "closed").pointee
            change = .closed(note: isSet(c._note_case) ? text(c.note) : nil)
        case 30:
            let c = try required(p.withdrawn, "withdrawn").pointee
            change = .withdrawn(reason: isSet(c._reason_case) ? text(c.reason) : nil)
        case 31: change = .closedUnrated
        case 32: change = .deadlineAlert(try nested(p.deadline_alert, "deadline_alert") { try message($0) })
        case 0 where p.base.n_unknown_fields > 0:
            throw WireError(.unknownEnumValue, "the event's change is of a kind this version does not know", field: "change")
        default: throw WireError.missing("change")
        }
        guard p.version >= 1 else { throw WireError.invalid("version", "an event's version starts at 1") }
        return CaseEvent(
            sequence: p.sequence, caseID: try caseID(p.case_id, "case_id"), caseNumber: try caseNumber(p.case_number, "case_number"),
            version: Int(p.version),
            occurredAt: Timestamp(wire: p.occurred_at),
            principal: try nested(p.principal, "principal") { try message($0) }, change: change)
    }
}
