import CouncilKit
import CouncilAPI

// The `--json` shapes of cases and events. Keys are stable: new ones may be added, none renamed or removed.
// Times are ISO 8601 with the +08:00 offset; enum values are the schema's camelCase names; absent values are null.

extension CaseView {
    /// The case as `--json` prints it.
    var json: JSONValue {
        let c = state
        let s = c.submission
        return .object([
            ("id", .string(c.id.rawValue)),
            ("number", .string(c.number.description)),
            ("version", .int(c.version)),
            ("status", .string(c.status.rawValue)),
            ("statusName", .string(MessageTemplates.statusName(c.status))),
            ("step", .int(c.step.rawValue)),
            ("stepName", .string(c.step.chinese)),
            ("title", .string(s.title)),
            ("description", .string(s.description)),
            ("source", .string(s.source.rawValue)),
            ("community", .string(c.community)),
            ("category", .string(c.category)),
            ("priority", .string(c.priority.rawValue)),
            ("disposition", .string(c.disposition?.rawValue)),
            ("responsibleUnit", .string(c.responsibleUnit)),
            ("master", .string(c.master?.rawValue)),
            ("meetings", .strings(c.meetings)),
            ("externalReference", s.externalReference.map { .object([("system", .string($0.system)), ("reference", .string($0.reference))]) } ?? .null),
            ("submitter", s.submitter.map { p in
                .object([("name", .string(p.name)), ("phone", .string(p.phone)), ("address", .string(p.address)), ("idNumber", .string(p.idNumber))])
            } ?? .null),
            ("submitterDisclosure", .string(submitterDisclosure.rawValue)),
            ("location", s.location.map { l in
                .object([
                    ("compound", .string(l.compound)), ("building", .string(l.building)), ("gridCell", .string(l.gridCell)),
                    ("description", .string(l.description)), ("latitude", l.latitude.map(JSONValue.double) ?? .null),
                    ("longitude", l.longitude.map(JSONValue.double) ?? .null),
                ])
            } ?? .null),
            ("requestedDue", .time(s.requestedDue)),
            ("attachments", .strings(s.attachments)),
            ("createdAt", .time(c.createdAt)),
            ("updatedAt", .time(c.updatedAt)),
            ("responseDue", .time(c.responseDue)),
            ("respondedAt", .time(c.respondedAt)),
            ("handlingDue", .time(c.handlingDue)),
            ("evaluationDue", .time(c.evaluationDue)),
            ("currentDue", .time(c.currentDue)),
            ("deadlineState", .string(deadlineState.rawValue)),
            ("pendingExtension", c.pendingExtension.map { .object([("length", .int($0.length)), ("reason", .string($0.reason))]) } ?? .null),
            ("extensionCount", .int(c.extensionCount)),
            ("extendedLength", .int(c.extendedLength)),
            ("returnCount", .int(c.returnCount)),
            ("reworkCount", .int(c.reworkCount)),
            ("result", c.result.map { .object([("summary", .string($0.summary)), ("completionReport", .string($0.completionReport))]) } ?? .null),
            ("resolvedAt", .time(c.resolvedAt)),
            ("resolvedOnTime", .bool(c.resolvedOnTime)),
            ("feedback", c.feedback.map { .object([("channel", .string($0.channel.rawValue)), ("message", .string($0.message))]) } ?? .null),
            ("evaluation", c.evaluation.map {
                .object([("rating", .string($0.rating.rawValue)), ("solved", .bool($0.solved)), ("comment", .string($0.comment))])
            } ?? .null),
            ("requiresVerification", .bool(c.requiresVerification)),
            ("verification", c.verification.map { .object([("passed", .bool($0.passed)), ("note", .string($0.note))]) } ?? .null),
            ("referral", c.referral.map {
                .object([("destination", .string($0.destination.rawValue)), ("organization", .string($0.organization)), ("reason", .string($0.reason))])
            } ?? .null),
            ("closingNote", .string(c.closingNote)),
            ("closedAt", .time(c.closedAt)),
            ("closedUnrated", .bool(c.closedUnrated)),
            ("allowedOperations", .strings(allowedOperations.map(\.rawValue))),
        ])
    }
}

extension CaseEvent {
    /// The event as `--json` prints it.
    var json: JSONValue {
        .object([
            ("sequence", .int(sequence)),
            ("caseId", .string(caseID.rawValue)),
            ("caseNumber", .string(caseNumber.description)),
            ("version", .int(version)),
            ("occurredAt", .time(occurredAt)),
            ("actor", .object([("system", .string(principal.system)), ("user", .string(principal.user)), ("userAuthenticated", .bool(principal.userAuthenticated))])),
            ("operation", .string(change.operation.rawValue)),
            ("summary", .string(MessageTemplates.eventName(change))),
            ("summaryEn", .string(change.english)),
            ("details", .object(change.jsonDetails)),
        ])
    }
}

extension CaseChange {
    /// What the change recorded, one key per fact.
    var jsonDetails: [(String, JSONValue)] {
        switch self {
        case .submitted(let intake):
            return [
                ("source", .string(intake.submission.source.rawValue)), ("community", .string(intake.community)),
                ("responseDue", .time(intake.responseDue)), ("requiresVerification", .bool(intake.requiresVerification)),
                ("externalReference", .string(intake.submission.externalReference?.description)),
            ]
        case .accepted(let a):
            return [
                ("category", .string(a.category)), ("priority", .string(a.priority.rawValue)), ("note", .string(a.note)),
                ("handlingDue", .time(a.handlingDue)), ("handlingLimit", .string(a.handlingLimit.description)),
                ("evaluationWindow", .string(a.evaluationWindow.description)), ("maxExtension", .string(a.maxExtension.description)),
            ]
        case .declined(let reason): return [("reason", .string(reason))]
        case .referred(let r):
            return [("destination", .string(r.destination.rawValue)), ("organization", .string(r.organization)), ("reason", .string(r.reason))]
        case .dispatched(let d): return [("unit", .string(d.unit)), ("due", .time(d.due)), ("instructions", .string(d.instructions))]
        case .handledLocally(let note, let due): return [("note", .string(note)), ("due", .time(due))]
        case .returned(let unit, let reason): return [("unit", .string(unit)), ("reason", .string(reason))]
        case .merged(let master, let number): return [("master", .string(master.rawValue)), ("masterNumber", .string(number.description))]
        case .scheduledForDeliberation(let meeting, let note): return [("meeting", .string(meeting)), ("note", .string(note))]
        case .deliberated(let record):
            var details: [(String, JSONValue)] = [("meeting", .string(record.meeting)), ("summary", .string(record.summary))]
            switch record.outcome {
            case .resolution(let r):
                details += [
                    ("outcome", .string("resolution")), ("decision", .string(r.decision)), ("responsibleUnit", .string(r.responsibleUnit)),
                    ("deadline", .time(r.deadline)),
                    ("vote", r.vote.map { .object([("inFavour", .int($0.inFavour)), ("against", .int($0.against)), ("abstaining", .int($0.abstaining))]) } ?? .null),
                ]
            case .deferred(let reason): details += [("outcome", .string("deferred")), ("reason", .string(reason))]
            case .noConsensus(let note): details += [("outcome", .string("noConsensus")), ("note", .string(note))]
            }
            return details
        case .progressAdded(let note): return [("note", .string(note))]
        case .extensionRequested(let r): return [("length", .int(r.length)), ("reason", .string(r.reason))]
        case .extensionApproved(let a):
            return [("approver", .string(a.approver)), ("length", .int(a.length)), ("newDue", .time(a.newDue)), ("messageToSubmitter", .string(a.messageToSubmitter))]
        case .extensionDenied(let d): return [("approver", .string(d.approver)), ("reason", .string(d.reason))]
        case .resolved(let r): return [("summary", .string(r.summary)), ("completionReport", .string(r.completionReport))]
        case .feedbackRecorded(let f, let due): return [("channel", .string(f.channel.rawValue)), ("message", .string(f.message)), ("evaluationDue", .time(due))]
        case .evaluated(let e): return [("rating", .string(e.rating.rawValue)), ("solved", .bool(e.solved)), ("comment", .string(e.comment))]
        case .reworkStarted(let reason, let due): return [("reason", .string(reason)), ("handlingDue", .time(due))]
        case .verified(let v, let due): return [("passed", .bool(v.passed)), ("note", .string(v.note)), ("handlingDue", .time(due))]
        case .closed(let note): return [("note", .string(note))]
        case .withdrawn(let reason): return [("reason", .string(reason))]
        case .closedUnrated: return []
        case .deadlineAlert(let alert): return [("level", .string(alert.level.rawValue)), ("clock", .string(alert.clock.rawValue)), ("due", .time(alert.due))]
        }
    }
}

/// Documentation of the JSON output, for `councilctl --help`.
let jsonDocumentation = """
    JSON OUTPUT (--json)
      Keys are stable: keys may be added, never renamed or removed. Times
      are ISO 8601 in UTC+8 (2026-11-29T09:30:00.000+08:00), enum values
      the protocol's camelCase names, absent values null.
      submit      {created, case}
      show        {case, history: [event]}
      find        {cases: [case], nextCursor}
      overdue     {now, cases: [case]}
      changes     {events: [event], latestSequence}
      watch       one event per line
      a loop step {operation, case}
      a failure   {error: {exitCode, message, code, reason, field,
                  caseStatus, allowedOperations}}
      case: id number version status statusName step stepName title
        description source community category priority disposition
        responsibleUnit master meetings externalReference{system,reference}
        submitter{name,phone,address,idNumber} submitterDisclosure
        location{compound,building,gridCell,description,latitude,longitude}
        requestedDue attachments createdAt updatedAt responseDue
        respondedAt handlingDue evaluationDue currentDue deadlineState
        pendingExtension{length,reason} extensionCount extendedLength
        returnCount reworkCount result{summary,completionReport}
        resolvedAt resolvedOnTime feedback{channel,message}
        evaluation{rating,solved,comment} requiresVerification
        verification{passed,note} referral{destination,organization,reason}
        closingNote closedAt closedUnrated allowedOperations
      event: sequence caseId caseNumber version occurredAt
        actor{system,user} operation summary summaryEn details{…}
    """
