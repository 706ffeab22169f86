// The stored and published form of a change: `{"kind": "<change>", ...}` with the payload under `data` or as
// named fields. Kinds are the case names of `CaseChange`; renaming one is a storage migration.
extension CaseChange: Codable {
    private enum Key: String, CodingKey {
        case kind, data, reason, note, due, unit, master, masterNumber, meeting, evaluationDue, handlingDue
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "submitted": self = .submitted(try c.decode(Intake.self, forKey: .data))
        case "accepted": self = .accepted(try c.decode(Acceptance.self, forKey: .data))
        case "declined": self = .declined(reason: try c.decode(String.self, forKey: .reason))
        case "referred": self = .referred(try c.decode(Referral.self, forKey: .data))
        case "dispatched": self = .dispatched(try c.decode(Dispatch.self, forKey: .data))
        case "handledLocally":
            self = .handledLocally(
                note: try c.decodeIfPresent(String.self, forKey: .note), due: try c.decode(Timestamp.self, forKey: .due))
        case "returned":
            self = .returned(
                unit: try c.decodeIfPresent(String.self, forKey: .unit), reason: try c.decode(String.self, forKey: .reason))
        case "merged":
            self = .merged(
                master: try c.decode(CaseID.self, forKey: .master),
                masterNumber: try c.decode(CaseNumber.self, forKey: .masterNumber))
        case "scheduledForDeliberation":
            self = .scheduledForDeliberation(
                meeting: try c.decodeIfPresent(String.self, forKey: .meeting),
                note: try c.decodeIfPresent(String.self, forKey: .note))
        case "deliberated": self = .deliberated(try c.decode(DeliberationRecord.self, forKey: .data))
        case "progressAdded": self = .progressAdded(note: try c.decode(String.self, forKey: .note))
        case "extensionRequested": self = .extensionRequested(try c.decode(ExtensionRequest.self, forKey: .data))
        case "extensionApproved": self = .extensionApproved(try c.decode(ExtensionApproval.self, forKey: .data))
        case "extensionDenied": self = .extensionDenied(try c.decode(ExtensionDenial.self, forKey: .data))
        case "resolved": self = .resolved(try c.decode(HandlingResult.self, forKey: .data))
        case "feedbackRecorded":
            self = .feedbackRecorded(
                try c.decode(Feedback.self, forKey: .data),
                evaluationDue: try c.decode(Timestamp.self, forKey: .evaluationDue))
        case "evaluated": self = .evaluated(try c.decode(Evaluation.self, forKey: .data))
        case "reworkStarted":
            self = .reworkStarted(
                reason: try c.decode(String.self, forKey: .reason),
                handlingDue: try c.decode(Timestamp.self, forKey: .handlingDue))
        case "verified":
            self = .verified(
                try c.decode(Verification.self, forKey: .data),
                handlingDue: try c.decodeIfPresent(Timestamp.self, forKey: .handlingDue))
        case "closed": self = .closed(note: try c.decodeIfPresent(String.self, forKey: .note))
        case "withdrawn": self = .withdrawn(reason: try c.decodeIfPresent(String.self, forKey: .reason))
        case "closedUnrated": self = .closedUnrated
        case "deadlineAlert": self = .deadlineAlert(try c.decode(DeadlineAlert.self, forKey: .data))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown change \"\(kind)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .submitted(let intake): try c.encode(intake, forKey: .data)
        case .accepted(let acceptance): try c.encode(acceptance, forKey: .data)
        case .declined(let reason): try c.encode(reason, forKey: .reason)
        case .referred(let referral): try c.encode(referral, forKey: .data)
        case .dispatched(let dispatch): try c.encode(dispatch, forKey: .data)
        case .handledLocally(let note, let due):
            try c.encodeIfPresent(note, forKey: .note)
            try c.encode(due, forKey: .due)
        case .returned(let unit, let reason):
            try c.encodeIfPresent(unit, forKey: .unit)
            try c.encode(reason, forKey: .reason)
        case .merged(let master, let masterNumber):
            try c.encode(master, forKey: .master)
            try c.encode(masterNumber, forKey: .masterNumber)
        case .scheduledForDeliberation(let meeting, let note):
            try c.encodeIfPresent(meeting, forKey: .meeting)
            try c.encodeIfPresent(note, forKey: .note)
        case .deliberated(let record): try c.encode(record, forKey: .data)
        case .progressAdded(let note): try c.encode(note, forKey: .note)
        case .extensionRequested(let request): try c.encode(request, forKey: .data)
        case .extensionApproved(let approval): try c.encode(approval, forKey: .data)
        case .extensionDenied(let denial): try c.encode(denial, forKey: .data)
        case .resolved(let result): try c.encode(result, forKey: .data)
        case .feedbackRecorded(let feedback, let evaluationDue):
            try c.encode(feedback, forKey: .data)
            try c.encode(evaluationDue, forKey: .evaluationDue)
        case .evaluated(let evaluation): try c.encode(evaluation, forKey: .data)
        case .reworkStarted(let reason, let handlingDue):
            try c.encode(reason, forKey: .reason)
            try c.encode(handlingDue, forKey: .handlingDue)
        case .verified(let verification, let handlingDue):
            try c.encode(verification, forKey: .data)
            try c.encodeIfPresent(handlingDue, forKey: .handlingDue)
        case .closed(let note): try c.encodeIfPresent(note, forKey: .note)
        case .withdrawn(let reason): try c.encodeIfPresent(reason, forKey: .reason)
        case .closedUnrated: break
        case .deadlineAlert(let alert): try c.encode(alert, forKey: .data)
        }
    }

    /// The change's topic for routing notifications: its ``kind``, except that a deadline alert names its level,
    /// for example `deadlineAlert.overdue`.
    public var topic: String {
        if case .deadlineAlert(let alert) = self { return alert.topic }
        return kind
    }

    /// The change's name in stored and published events, for example `accepted`.
    public var kind: String {
        switch self {
        case .submitted: return "submitted"
        case .accepted: return "accepted"
        case .declined: return "declined"
        case .referred: return "referred"
        case .dispatched: return "dispatched"
        case .handledLocally: return "handledLocally"
        case .returned: return "returned"
        case .merged: return "merged"
        case .scheduledForDeliberation: return "scheduledForDeliberation"
        case .deliberated: return "deliberated"
        case .progressAdded: return "progressAdded"
        case .extensionRequested: return "extensionRequested"
        case .extensionApproved: return "extensionApproved"
        case .extensionDenied: return "extensionDenied"
        case .resolved: return "resolved"
        case .feedbackRecorded: return "feedbackRecorded"
        case .evaluated: return "evaluated"
        case .reworkStarted: return "reworkStarted"
        case .verified: return "verified"
        case .closed: return "closed"
        case .withdrawn: return "withdrawn"
        case .closedUnrated: return "closedUnrated"
        case .deadlineAlert: return "deadlineAlert"
        }
    }
}

extension DeliberationOutcome {
    private enum Key: String, CodingKey { case kind, resolution, reason, note }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "resolution": self = .resolution(try c.decode(MeetingResolution.self, forKey: .resolution))
        case "deferred": self = .deferred(reason: try c.decode(String.self, forKey: .reason))
        case "noConsensus": self = .noConsensus(note: try c.decode(String.self, forKey: .note))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown outcome \"\(other)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .resolution(let resolution):
            try c.encode("resolution", forKey: .kind)
            try c.encode(resolution, forKey: .resolution)
        case .deferred(let reason):
            try c.encode("deferred", forKey: .kind)
            try c.encode(reason, forKey: .reason)
        case .noConsensus(let note):
            try c.encode("noConsensus", forKey: .kind)
            try c.encode(note, forKey: .note)
        }
    }
}
