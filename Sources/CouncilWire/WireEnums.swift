import CouncilKit

/// The mapping between a Swift enum and a schema enum: value `n` on the wire is `values[n - 1]`, and 0 is the
/// schema's `…_UNSPECIFIED`. Tests check that every Swift case has a number.
struct WireEnum<Value: Equatable & Sendable>: Sendable {
    let values: [Value]

    @inline(__always)
    func number(_ value: Value) -> UInt32 {
        guard let index = values.firstIndex(of: value) else { preconditionFailure("\(value) has no wire number") }
        return UInt32(index + 1)
    }

    @inline(__always)
    func number(_ value: Value?) -> UInt32 { value.map { number($0) } ?? 0 }

    /// The value of a required enum field.
    /// - Throws: ``WireError/Code/missingField`` for 0, ``WireError/Code/unknownEnumValue`` for a number past the end.
    @inline(__always)
    func value(_ number: UInt32, _ field: @autoclosure () -> String) throws -> Value {
        guard number != 0 else { throw WireError.missing(field()) }
        guard Int(number) <= values.count else {
            throw WireError(.unknownEnumValue, "\(field()) has the unknown value \(number)", field: field())
        }
        return values[Int(number) - 1]
    }

    /// The value of an optional enum field: `nil` for 0 (`…_UNSPECIFIED`).
    @inline(__always)
    func optional(_ number: UInt32, _ field: @autoclosure () -> String) throws -> Value? {
        number == 0 ? nil : try value(number, field())
    }
}

/// Every enum of the schema, in wire order (value 1 first).
enum WireEnums {
    static let deadLetterState = WireEnum<DeadLetter.State>(values: [.pending, .replayed, .discarded])
    static let caseStatus = WireEnum<CaseStatus>(values: [
        .submitted, .accepted, .dispatched, .awaitingDeliberation, .referred, .declined, .merged, .inProgress,
        .resolved, .awaitingEvaluation, .evaluated, .reopened, .closed, .withdrawn,
    ])
    static let loopStep = WireEnum<LoopStep>(values: [
        .collect, .classifyAndDispose, .deliberate, .handleAndFeedBack, .evaluateAndAssess,
    ])
    static let caseOperation = WireEnum<CaseOperation>(values: [
        .submit, .accept, .decline, .refer, .dispatch, .handleLocally, .return, .merge, .scheduleDeliberation,
        .recordDeliberationOutcome, .addProgress, .requestExtension, .approveExtension, .denyExtension, .resolve,
        .recordFeedback, .evaluate, .rework, .verify, .close, .withdraw, .closeUnrated, .alertDeadline,
    ])
    static let alertLevel = WireEnum<DeadlineAlert.Level>(values: [.dueSoon, .overdue, .escalation])
    static let alertClock = WireEnum<DeadlineAlert.Clock>(values: [.response, .handling, .evaluation])
    static let caseSource = WireEnum<CaseSource>(values: [
        .walkIn, .meeting, .leaderVisit, .cadreVisit, .representative, .gridPlatform, .petitionOffice, .hotline, .app,
    ])
    static let priority = WireEnum<Priority>(values: [.normal, .urgent])
    static let disposition = WireEnum<Disposition>(values: [
        .handleLocally, .dispatch, .deliberation, .referral, .decline, .merge,
    ])
    static let deadlineState = WireEnum<DeadlineState>(values: [.none, .onTime, .dueSoon, .overdue, .escalated])
    static let disclosure = WireEnum<PersonalDataDisclosure>(values: [.full, .masked, .omitted])
    static let timeLimitUnit = WireEnum<TimeLimitUnit>(values: [.hours, .workingDays, .calendarDays])
    static let destination = WireEnum<Referral.Destination>(values: [
        .court, .disciplineInspection, .higherLevel, .otherAgency,
    ])
    static let feedbackChannel = WireEnum<Feedback.Channel>(values: [
        .phone, .textMessage, .inPerson, .app, .letter, .meeting, .sourceSystem,
    ])
    static let rating = WireEnum<Rating>(values: [.satisfied, .basicallySatisfied, .dissatisfied])
    static let order = WireEnum<CaseQuery.Order>(values: [.newestFirst, .oldestFirst])
    static let unitKind = WireEnum<ResponsibleUnit.Kind>(values: [
        .department, .propertyCompany, .utility, .legalAdviser, .other,
    ])
    static let personRole = WireEnum<Person.Role>(values: [
        .leader, .cadre, .representative, .gridWorker, .volunteer, .hallStaff,
    ])
    static let servingStatus = WireEnum<ServingStatus>(values: [.serving, .notServing, .draining])
    static let meetingStatus = WireEnum<Meeting.Status>(values: [.scheduled, .held, .cancelled])
    static let placeKind = WireEnum<Meeting.PlaceKind>(values: [.hall, .corridor, .pavilion, .other])
    static let meetingFormat = WireEnum<Meeting.Format>(values: [.jointMeeting, .heartToHeartTalk, .coordinationMeeting, .other])
    static let participantRole = WireEnum<Meeting.Participant.Role>(values: [
        .representative, .cadre, .leader, .unit, .propertyCompany, .legalAdviser, .resident, .other,
    ])
    static let linkKind = WireEnum<Link.Kind>(values: [.leaderCommunity, .unitCompound, .cadreHousehold])
    static let electionMethod = WireEnum<Election.Method>(values: [.directVote, .householdVote, .groupNomination, .other])
    static let measureKind = WireEnum<MeasureKind>(values: [
        .responseRate, .onTimeRate, .resolutionRate, .satisfactionRate, .reworkRate, .extensionRate, .meetingCadence,
        .visitCadence,
    ])
}

/// The unit of a ``TimeLimit``, which CouncilKit keeps inside the enum's cases.
enum TimeLimitUnit: Equatable, Sendable {
    case hours, workingDays, calendarDays
}
