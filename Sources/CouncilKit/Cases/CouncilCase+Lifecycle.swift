// The transition rules of the five-step loop. `operations(from:)` is the table by status; `refusal(of:at:)`
// adds the conditions that depend on the rest of the state; `apply` folds a change into the state.

extension CouncilCase {
    /// The operations a status permits before any condition of the case is considered.
    public static func operations(from status: CaseStatus) -> [CaseOperation] {
        switch status {
        case .submitted:
            return [.accept, .decline, .refer, .merge, .withdraw]
        case .accepted:
            return [.dispatch, .handleLocally, .scheduleDeliberation, .refer, .decline, .merge, .withdraw]
        case .dispatched, .inProgress, .reopened:
            return [.addProgress, .requestExtension, .approveExtension, .denyExtension, .resolve, .return, .withdraw]
        case .awaitingDeliberation:
            return [.recordDeliberationOutcome, .withdraw]
        case .resolved:
            return [.recordFeedback, .verify]
        case .awaitingEvaluation:
            return [.evaluate, .verify, .closeUnrated]
        case .evaluated:
            return [.rework, .verify, .close]
        case .referred, .declined, .merged, .closed, .withdrawn:
            return []
        }
    }

    /// The operations the case's current state allows at `now`, in a stable order.
    public func allowedOperations(at now: Timestamp) -> [CaseOperation] {
        Self.operations(from: status).filter { refusal(of: $0, at: now) == nil }
    }

    /// Throws unless `operation` is allowed now.
    ///
    /// - Throws: ``CouncilError/Code/illegalTransition`` when the status does not permit the operation at all,
    ///   ``CouncilError/Code/failedPrecondition`` when a condition refuses it now. Both name the status and the
    ///   allowed operations.
    public func check(_ operation: CaseOperation, at now: Timestamp) throws {
        let allowed = allowedOperations(at: now)
        guard Self.operations(from: status).contains(operation) else {
            throw CouncilError(
                .illegalTransition, "cannot \(operation.rawValue) a case that is \(status.rawValue)",
                caseStatus: status, allowedOperations: allowed)
        }
        if let reason = refusal(of: operation, at: now) {
            throw CouncilError(
                .failedPrecondition, "cannot \(operation.rawValue) case \(number): \(reason)",
                caseStatus: status, allowedOperations: allowed)
        }
    }

    /// Throws unless `alert` may be recorded now: a clock runs, the alert is about it and its due time, the
    /// threshold is reached and the case has not recorded it (or a more severe one) for that due time.
    ///
    /// Deadline alerts are checked here rather than through ``operations(from:)``: they are not a step people take,
    /// so they stay out of every list of allowed operations.
    /// - Throws: ``CouncilError/Code/illegalTransition`` when no clock runs (evaluated or final);
    ///   ``CouncilError/Code/failedPrecondition`` when the alert is not, or no longer, due.
    public func checkDeadlineAlert(_ alert: DeadlineAlert, at now: Timestamp, policy: TimeLimitPolicy) throws {
        let allowed = allowedOperations(at: now)
        guard runningClock != nil, !status.isFinal else {
            throw CouncilError(
                .illegalTransition, "cannot alert a deadline of a case that is \(status.rawValue): no clock runs",
                caseStatus: status, allowedOperations: allowed)
        }
        guard pendingDeadlineAlert(at: now, policy: policy) == alert else {
            throw CouncilError(
                .failedPrecondition,
                "case \(number) does not call for a \(alert.level.rawValue) alert on its \(alert.clock.rawValue) clock due \(alert.due) now",
                caseStatus: status, allowedOperations: allowed)
        }
    }

    /// Why a condition of the case refuses an operation its status permits, or `nil` when nothing does.
    private func refusal(of operation: CaseOperation, at now: Timestamp) -> String? {
        let verificationOutstanding = requiresVerification && verification?.passed != true
        switch operation {
        case .requestExtension:
            if pendingExtension != nil { return "an extension request is already waiting for a decision" }
            guard let acceptance else { return "the case has no handling time limit" }
            if extendedLength >= acceptance.maxExtension.count {
                return "the extension allowance of \(acceptance.maxExtension.count) \(acceptance.maxExtension.unitName) is used up"
            }
        case .approveExtension, .denyExtension:
            if pendingExtension == nil { return "no extension request is waiting for a decision" }
        case .verify:
            if !requiresVerification { return "its source does not verify results on site" }
            if verification?.passed == true { return "it was verified already" }
        case .rework:
            if evaluation?.callsForRework != true { return "the submitter was satisfied and the problem is solved" }
        case .close:
            if verificationOutstanding { return "on-site verification by the source system is outstanding" }
            let reworksAfterEvaluation = reworkCount - failedVerificationCount
            if let evaluation, evaluation.callsForRework, reworksAfterEvaluation < (acceptance?.reworkLimit ?? 0) {
                return "the submitter was not satisfied; rework it first (\(reworksAfterEvaluation) of \(acceptance?.reworkLimit ?? 0) reworks done)"
            }
        case .closeUnrated:
            if let evaluationDue, now < evaluationDue { return "the evaluation window is open until \(evaluationDue)" }
            if verificationOutstanding { return "on-site verification by the source system is outstanding" }
        default:
            break
        }
        return nil
    }

    /// The state after `change`, which happened at `at`. Performs no checks: call ``check(_:at:)`` first.
    public func applying(_ change: CaseChange, at: Timestamp) -> CouncilCase {
        var next = self
        next.apply(change, at: at)
        return next
    }

    mutating func apply(_ change: CaseChange, at: Timestamp) {
        version += 1
        updatedAt = at
        switch change {
        case .submitted:
            break  // only ever the first event; handled by init(id:number:intake:at:)
        case .accepted(let acceptance):
            status = .accepted
            self.acceptance = acceptance
            category = acceptance.category
            priority = acceptance.priority
            respondedAt = respondedAt ?? at
            handlingDue = acceptance.handlingDue
            handlingDueLimit = acceptance.handlingDue
        case .declined(let reason):
            finish(.declined, at: at, note: reason)
            disposition = .decline
        case .referred(let referral):
            finish(.referred, at: at, note: referral.reason)
            self.referral = referral
            disposition = .referral
        case .dispatched(let dispatch):
            status = .dispatched
            disposition = .dispatch
            responsibleUnit = dispatch.unit
            handlingDue = dispatch.due
        case .handledLocally(_, let due):
            status = .inProgress
            disposition = .handleLocally
            responsibleUnit = nil
            handlingDue = due
        case .returned:
            status = .accepted
            disposition = nil
            responsibleUnit = nil
            pendingExtension = nil
            handlingDue = handlingDueLimit ?? handlingDue
            returnCount += 1
        case .merged(let master, _):
            finish(.merged, at: at, note: nil)
            self.master = master
            disposition = .merge
        case .scheduledForDeliberation:
            status = .awaitingDeliberation
            disposition = .deliberation
        case .deliberated(let record):
            if let meeting = record.meeting, !meetings.contains(meeting) { meetings.append(meeting) }
            switch record.outcome {
            case .resolution(let resolution):
                status = .inProgress
                responsibleUnit = resolution.responsibleUnit
                handlingDue = resolution.deadline
                handlingDueLimit = resolution.deadline
            case .deferred:
                break
            case .noConsensus:
                status = .accepted
                disposition = nil
            }
        case .progressAdded:
            status = .inProgress
        case .extensionRequested(let request):
            pendingExtension = request
        case .extensionApproved(let approval):
            pendingExtension = nil
            extensionCount += 1
            extendedLength += approval.length
            handlingDue = approval.newDue
            handlingDueLimit = max(handlingDueLimit ?? approval.newDue, approval.newDue)
        case .extensionDenied:
            pendingExtension = nil
        case .resolved(let result):
            status = .resolved
            self.result = result
            resolvedAt = at
            resolvedOnTime = handlingDue.map { at <= $0 } ?? true
            pendingExtension = nil
        case .feedbackRecorded(let feedback, let evaluationDue):
            status = .awaitingEvaluation
            self.feedback = feedback
            self.evaluationDue = evaluationDue
        case .evaluated(let evaluation):
            status = .evaluated
            self.evaluation = evaluation
        case .reworkStarted(_, let due):
            reopen(due: due)
            verification = nil  // the new result must be verified again
        case .verified(let verification, let due):
            self.verification = verification
            if !verification.passed {
                failedVerificationCount += 1
                reopen(due: due ?? handlingDue)
            }
        case .closed(let note):
            finish(.closed, at: at, note: note)
        case .withdrawn(let reason):
            finish(.withdrawn, at: at, note: reason)
        case .closedUnrated:
            finish(.closed, at: at, note: nil)
            closedUnrated = true
        case .deadlineAlert(let alert):
            deadlineAlerts.append(alert)
        }
    }

    private mutating func finish(_ final: CaseStatus, at: Timestamp, note: String?) {
        if status == .submitted || status == .accepted, final != .withdrawn { respondedAt = respondedAt ?? at }
        status = final
        closedAt = at
        closingNote = note
        pendingExtension = nil
    }

    private mutating func reopen(due: Timestamp?) {
        status = .reopened
        reworkCount += 1
        handlingDue = due
        handlingDueLimit = due
        feedback = nil
        evaluation = nil
        evaluationDue = nil
        resolvedOnTime = nil
    }
}
