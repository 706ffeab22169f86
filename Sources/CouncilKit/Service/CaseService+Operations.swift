// Steps 2–5 of the loop. Each operation checks its own inputs first, then `perform` checks the transition
// against the case's current state and appends the event.

extension CaseService {
    // MARK: Step 2 — classify and dispose

    /// Accepts a case (受理), fixing its category and priority and starting the handling clock.
    ///
    /// The handling due time comes from the policy, or is the sending system's requested due time when the
    /// submission carried one (the petition office may set its own).
    /// - Parameters:
    ///   - id: The case.
    ///   - category: The category code; defaults to the submission's suggestion, required when there was none.
    ///   - priority: The priority; defaults to the submission's.
    ///   - note: A note from the hall.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func accept(
        _ id: CaseID, category: String? = nil, priority: Priority? = nil, note: String? = nil,
        by principal: Principal, expectedVersion: Int? = nil
    ) async throws -> CouncilCase {
        if let category { try requireCategory(category, "category") }
        try Validate.text(note, "note", TextLimits.note)
        return try await perform(.accept, on: id, by: principal, expectedVersion: expectedVersion) { current, now in
            guard let chosen = category ?? current.category else {
                throw CouncilError.invalid("category", "the case has no category yet; give one to accept it")
            }
            let priority = priority ?? current.priority
            let limits = policy.limits(category: chosen, priority: priority, source: current.submission.source)
            return .accepted(
                Acceptance(
                    category: chosen, priority: priority, note: note,
                    handlingDue: current.submission.requestedDue ?? calendar.due(from: now, limit: limits.handling),
                    handlingLimit: limits.handling, evaluationWindow: limits.evaluationWindow,
                    maxExtension: limits.maxExtension, reworkLimit: policy.reworkLimit))
        }
    }

    /// Declines a case with a reason (不予受理). Final.
    /// - Parameters:
    ///   - id: The case.
    ///   - reason: Why, as told to the submitter.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func decline(_ id: CaseID, reason: String, by principal: Principal, expectedVersion: Int? = nil) async throws -> CouncilCase {
        try Validate.text(reason, "reason", TextLimits.reason)
        return try await perform(.decline, on: id, by: principal, expectedVersion: expectedVersion) { _, _ in
            .declined(reason: reason)
        }
    }

    /// Refers a case outside the community's remit (转送). Final.
    /// - Parameters:
    ///   - id: The case.
    ///   - referral: Where the case goes and why.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func refer(_ id: CaseID, _ referral: Referral, by principal: Principal, expectedVersion: Int? = nil) async throws -> CouncilCase {
        try Validate.text(referral.organization, "referral.organization", TextLimits.placeDescription)
        try Validate.text(referral.reason, "referral.reason", TextLimits.reason)
        return try await perform(.refer, on: id, by: principal, expectedVersion: expectedVersion) { _, _ in
            .referred(referral)
        }
    }

    /// Dispatches a case to a responsible unit (派遣).
    /// - Parameters:
    ///   - id: The case.
    ///   - unit: The unit's directory code.
    ///   - due: When the unit must finish; defaults to the case's handling due time and may not be later than it (more time needs an approved extension).
    ///   - instructions: What the hall asks of the unit.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func dispatch(
        _ id: CaseID, to unit: String, due: Timestamp? = nil, instructions: String? = nil,
        by principal: Principal, expectedVersion: Int? = nil
    ) async throws -> CouncilCase {
        try requireUnit(unit, "unit")
        try Validate.text(instructions, "instructions", TextLimits.account)
        return try await perform(.dispatch, on: id, by: principal, expectedVersion: expectedVersion) { current, now in
            .dispatched(Dispatch(unit: unit, due: try handlingDue(due, current, now), instructions: instructions))
        }
    }

    /// Has the community handle a case itself (即办).
    /// - Parameters:
    ///   - id: The case.
    ///   - note: A note from the hall.
    ///   - due: An earlier due time than the case's handling due time, if the hall sets one.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func handleLocally(
        _ id: CaseID, note: String? = nil, due: Timestamp? = nil, by principal: Principal, expectedVersion: Int? = nil
    ) async throws -> CouncilCase {
        try Validate.text(note, "note", TextLimits.note)
        return try await perform(.handleLocally, on: id, by: principal, expectedVersion: expectedVersion) { current, now in
            .handledLocally(note: note, due: try handlingDue(due, current, now))
        }
    }

    /// A unit sends a case back as not its responsibility (退回); the hall disposes of it again.
    /// - Parameters:
    ///   - id: The case.
    ///   - reason: Why the unit is not responsible.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func returnCase(_ id: CaseID, reason: String, by principal: Principal, expectedVersion: Int? = nil) async throws -> CouncilCase {
        try Validate.text(reason, "reason", TextLimits.reason)
        return try await perform(.return, on: id, by: principal, expectedVersion: expectedVersion) { current, _ in
            .returned(unit: current.responsibleUnit, reason: reason)
        }
    }

    /// Merges a duplicate into a master case (重复件). Final: the duplicate follows the master's outcome.
    /// - Parameters:
    ///   - id: The case.
    ///   - master: The case it duplicates; must not itself be merged, declined or withdrawn.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func merge(_ id: CaseID, into master: CaseID, by principal: Principal, expectedVersion: Int? = nil) async throws -> CouncilCase {
        guard master != id else { throw CouncilError.invalid("master", "a case cannot be merged into itself") }
        return try await perform(.merge, on: id, by: principal, expectedVersion: expectedVersion) { _, _ in
            guard let target = try await store.fetch(master) else {
                throw CouncilError.invalid("master", "no case with id \(master)")
            }
            switch target.status {
            case .merged:
                throw CouncilError.invalid("master", "case \(target.number) is itself a duplicate; merge into \(target.master.map { "\($0)" } ?? "its master")")
            case .declined, .withdrawn:
                throw CouncilError.invalid("master", "case \(target.number) is \(target.status.rawValue) and cannot be a master")
            default:
                return .merged(master: master, masterNumber: target.number)
            }
        }
    }

    /// Puts a case before a council meeting (上会协商).
    /// - Parameters:
    ///   - id: The case.
    ///   - meeting: The meeting's identifier, when it is already scheduled.
    ///   - note: A note for the agenda.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func scheduleDeliberation(
        _ id: CaseID, meeting: String? = nil, note: String? = nil, by principal: Principal, expectedVersion: Int? = nil
    ) async throws -> CouncilCase {
        if let meeting { try Validate.code(meeting, "meeting") }
        try Validate.text(note, "note", TextLimits.note)
        return try await perform(.scheduleDeliberation, on: id, by: principal, expectedVersion: expectedVersion) { _, _ in
            .scheduledForDeliberation(meeting: meeting, note: note)
        }
    }

    // MARK: Step 3 — deliberate

    /// Records what a meeting decided on a case (协商议事).
    ///
    /// A resolution sends the case to handling with the resolution's unit and deadline, which must fall within the
    /// case's handling due time (more time is an extension); a deferral keeps it on the agenda; no consensus returns
    /// it to the hall for another disposition.
    /// - Parameters:
    ///   - id: The case.
    ///   - record: The meeting, its summary and the outcome.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func recordDeliberationOutcome(
        _ id: CaseID, _ record: DeliberationRecord, by principal: Principal, expectedVersion: Int? = nil
    ) async throws -> CouncilCase {
        if let meeting = record.meeting { try Validate.code(meeting, "record.meeting") }
        try Validate.text(record.summary, "record.summary", TextLimits.summary)
        try validate(record.outcome, "record")
        return try await perform(.recordDeliberationOutcome, on: id, by: principal, expectedVersion: expectedVersion) { current, now in
            // A meeting sets when the work is due within the case's time limit, as a dispatch does; more is an extension.
            if case .resolution(let resolution) = record.outcome {
                _ = try handlingDue(resolution.deadline, current, now, field: "record.resolution.deadline")
            }
            return .deliberated(record)
        }
    }

    /// Checks a meeting's outcome for a case: decision, known unit, vote counts, reason or note.
    func validate(_ outcome: DeliberationOutcome, _ field: String) throws {
        switch outcome {
        case .resolution(let resolution):
            try Validate.text(resolution.decision, "\(field).resolution.decision", TextLimits.account)
            if let unit = resolution.responsibleUnit { try requireUnit(unit, "\(field).resolution.responsibleUnit") }
            if let vote = resolution.vote, vote.inFavour < 0 || vote.against < 0 || vote.abstaining < 0 {
                throw CouncilError.invalid("\(field).resolution.vote", "vote counts cannot be negative")
            }
        case .deferred(let reason):
            try Validate.text(reason, "\(field).reason", TextLimits.reason)
        case .noConsensus(let note):
            try Validate.text(note, "\(field).note", TextLimits.note)
        }
    }

    // MARK: Step 4 — handle and feed back

    /// Logs handling progress; a dispatched or reopened case is then in progress.
    /// - Parameters:
    ///   - id: The case.
    ///   - note: What was done.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func addProgress(_ id: CaseID, note: String, by principal: Principal, expectedVersion: Int? = nil) async throws -> CouncilCase {
        try Validate.text(note, "note", TextLimits.account)
        return try await perform(.addProgress, on: id, by: principal, expectedVersion: expectedVersion) { _, _ in
            .progressAdded(note: note)
        }
    }

    /// Asks for more handling time (延期). The length is in the unit of the case's maximum extension, and all
    /// approved extensions together may not exceed it.
    /// - Parameters:
    ///   - id: The case.
    ///   - request: How much more time and why.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func requestExtension(
        _ id: CaseID, _ request: ExtensionRequest, by principal: Principal, expectedVersion: Int? = nil
    ) async throws -> CouncilCase {
        try Validate.text(request.reason, "extension.reason", TextLimits.reason)
        return try await perform(.requestExtension, on: id, by: principal, expectedVersion: expectedVersion) { current, _ in
            let maximum = current.acceptance!.maxExtension  // requestExtension is refused without an acceptance
            let remaining = maximum.count - current.extendedLength
            guard request.length >= 1, request.length <= remaining else {
                throw CouncilError.invalid(
                    "extension.length",
                    "an extension must be 1 to \(remaining) \(maximum.unitName) (at most \(maximum.count) in all)")
            }
            return .extensionRequested(request)
        }
    }

    /// Approves the pending extension; the handling due time moves by its length.
    /// - Parameters:
    ///   - id: The case.
    ///   - approver: The approving person's directory id.
    ///   - messageToSubmitter: The reason as it is told to the submitter.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func approveExtension(
        _ id: CaseID, approver: String, messageToSubmitter: String, by principal: Principal, expectedVersion: Int? = nil
    ) async throws -> CouncilCase {
        try requirePerson(approver, "approver")
        try Validate.text(messageToSubmitter, "messageToSubmitter", TextLimits.note)
        return try await perform(.approveExtension, on: id, by: principal, expectedVersion: expectedVersion) { current, now in
            let request = current.pendingExtension!  // approveExtension is refused without one
            let unit = current.acceptance!.maxExtension
            let due = current.handlingDue ?? now
            return .extensionApproved(
                ExtensionApproval(
                    approver: approver, messageToSubmitter: messageToSubmitter, length: request.length,
                    newDue: calendar.extend(due, by: unit.withCount(request.length))))
        }
    }

    /// Denies the pending extension.
    /// - Parameters:
    ///   - id: The case.
    ///   - approver: The person who denies it, by directory id.
    ///   - reason: Why.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func denyExtension(
        _ id: CaseID, approver: String, reason: String, by principal: Principal, expectedVersion: Int? = nil
    ) async throws -> CouncilCase {
        try requirePerson(approver, "approver")
        try Validate.text(reason, "reason", TextLimits.reason)
        return try await perform(.denyExtension, on: id, by: principal, expectedVersion: expectedVersion) { _, _ in
            .extensionDenied(ExtensionDenial(approver: approver, reason: reason))
        }
    }

    /// Records the result of handling (办结). Cases from the petition office need a completion report (办结报告).
    /// - Parameters:
    ///   - id: The case.
    ///   - result: What was done, and the completion report.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func resolve(_ id: CaseID, _ result: HandlingResult, by principal: Principal, expectedVersion: Int? = nil) async throws -> CouncilCase {
        try Validate.text(result.summary, "result.summary", TextLimits.account)
        try Validate.text(result.completionReport, "result.completionReport", TextLimits.report)
        return try await perform(.resolve, on: id, by: principal, expectedVersion: expectedVersion) { current, _ in
            if current.submission.source == .petitionOffice, (result.completionReport ?? "").allSatisfy(\.isWhitespace) {
                throw CouncilError.invalid(
                    "result.completionReport", "a petition from the petition office needs a completion report")
            }
            return .resolved(result)
        }
    }

    /// Records that the result was told to the submitter, and how (反馈); the evaluation window starts.
    /// - Parameters:
    ///   - id: The case.
    ///   - feedback: The channel and what the submitter was told.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func recordFeedback(_ id: CaseID, _ feedback: Feedback, by principal: Principal, expectedVersion: Int? = nil) async throws -> CouncilCase {
        try Validate.text(feedback.message, "feedback.message", TextLimits.account)
        return try await perform(.recordFeedback, on: id, by: principal, expectedVersion: expectedVersion) { current, now in
            let window = current.acceptance?.evaluationWindow ?? policy.defaults.evaluationWindow
            return .feedbackRecorded(feedback, evaluationDue: calendar.due(from: now, limit: window))
        }
    }

    // MARK: Step 5 — evaluate and assess

    /// Records the submitter's rating (评价).
    /// - Parameters:
    ///   - id: The case.
    ///   - evaluation: The rating, whether the problem is solved, and any comment.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func evaluate(_ id: CaseID, _ evaluation: Evaluation, by principal: Principal, expectedVersion: Int? = nil) async throws -> CouncilCase {
        try Validate.text(evaluation.comment, "evaluation.comment", TextLimits.note)
        return try await perform(.evaluate, on: id, by: principal, expectedVersion: expectedVersion) { _, _ in
            .evaluated(evaluation)
        }
    }

    /// Sends a case back to handling after a dissatisfied or unsolved rating (返工), with a new handling due time.
    /// - Parameters:
    ///   - id: The case.
    ///   - reason: Why the handling must be done again.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func rework(_ id: CaseID, reason: String, by principal: Principal, expectedVersion: Int? = nil) async throws -> CouncilCase {
        try Validate.text(reason, "reason", TextLimits.reason)
        return try await perform(.rework, on: id, by: principal, expectedVersion: expectedVersion) { current, now in
            .reworkStarted(reason: reason, handlingDue: reworkDue(current, now))
        }
    }

    /// Records the source system's on-site verification (核查). A failure reopens the case for rework.
    ///
    /// When the case came with an external reference, only that system may verify it.
    /// - Parameters:
    ///   - id: The case.
    ///   - verification: Whether the result passed, and what the verifier saw.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func verify(_ id: CaseID, _ verification: Verification, by principal: Principal, expectedVersion: Int? = nil) async throws -> CouncilCase {
        try Validate.text(verification.note, "verification.note", TextLimits.account)
        return try await perform(.verify, on: id, by: principal, expectedVersion: expectedVersion) { current, now in
            if let source = current.submission.externalReference?.system, source != principal.system {
                throw CouncilError(
                    .permissionDenied, "case \(current.number) can be verified only by \(source), not \(principal.system)")
            }
            return .verified(verification, handlingDue: verification.passed ? nil : reworkDue(current, now))
        }
    }

    /// Closes a case (结案).
    /// - Parameters:
    ///   - id: The case.
    ///   - note: A closing note.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func close(_ id: CaseID, note: String? = nil, by principal: Principal, expectedVersion: Int? = nil) async throws -> CouncilCase {
        try Validate.text(note, "note", TextLimits.note)
        return try await perform(.close, on: id, by: principal, expectedVersion: expectedVersion) { _, _ in
            .closed(note: note)
        }
    }

    /// The submitter drops a case (撤回). Possible until it is resolved.
    /// - Parameters:
    ///   - id: The case.
    ///   - reason: Why, when the submitter says.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func withdraw(_ id: CaseID, reason: String? = nil, by principal: Principal, expectedVersion: Int? = nil) async throws -> CouncilCase {
        try Validate.text(reason, "reason", TextLimits.reason)
        return try await perform(.withdraw, on: id, by: principal, expectedVersion: expectedVersion) { _, _ in
            .withdrawn(reason: reason)
        }
    }

    /// Closes a case whose evaluation window passed without a rating.
    /// - Parameters:
    ///   - id: The case.
    ///   - principal: Who performs the step; recorded on the event.
    ///   - expectedVersion: The version the caller last read, to refuse a decision made on a stale view; `nil` to act
    ///     on the latest version.
    /// - Returns: The case after the step.
    /// - Throws: ``CouncilError``: `invalidArgument` naming the field at fault, `notFound`, `illegalTransition` or
    ///   `failedPrecondition` naming the status and the allowed operations, `versionConflict`, `storageUnavailable`, `storageFull`.
    public func closeUnrated(_ id: CaseID, by principal: Principal, expectedVersion: Int? = nil) async throws -> CouncilCase {
        try await perform(.closeUnrated, on: id, by: principal, expectedVersion: expectedVersion) { _, _ in
            .closedUnrated
        }
    }

    // MARK: Helpers

    /// The handling due time a step may set: `requested`, refused on `field` when it has passed or is later than the
    /// case's limit; the limit itself when none is requested.
    private func handlingDue(
        _ requested: Timestamp?, _ current: CouncilCase, _ now: Timestamp, field: String = "due"
    ) throws -> Timestamp {
        let limit = current.handlingDueLimit ?? current.handlingDue ?? now
        guard let requested else { return limit }
        guard requested > now else { throw CouncilError.invalid(field, "the due time \(requested) has already passed") }
        guard requested <= limit else {
            throw CouncilError.invalid(
                field, "the due time \(requested) is later than the case's handling due time \(limit); approve an extension instead")
        }
        return requested
    }

    private func reworkDue(_ current: CouncilCase, _ now: Timestamp) -> Timestamp {
        calendar.due(from: now, limit: current.acceptance?.handlingLimit ?? policy.defaults.handling)
    }

    func requireUnit(_ code: String, _ field: String) throws {
        guard directory.units[code] != nil else { throw unknown(field, "unit", code) }
    }

    private func requirePerson(_ id: String, _ field: String) throws {
        guard directory.people[id] != nil else { throw unknown(field, "person", id) }
    }
}
