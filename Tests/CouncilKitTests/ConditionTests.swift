import CouncilKit
import CouncilTestKit
import Testing

/// The conditions that refuse an operation its status permits, and the inputs each operation checks.
@Suite("Conditions of the loop")
struct ConditionTests {
    // MARK: Extensions

    @Test("an extension moves the handling due by working days and counts toward the allowance")
    func extensionFlow() async throws {
        // Weekends only, so the dates below do not depend on the demo seed's holiday list.
        let h = try Harness(calendar: WorkCalendar())
        let s = h.service
        var c = try await h.driver.case(in: .dispatched)
        // Accepted Monday 2026-11-30 09:00: 15 working days end with Monday 2026-12-21.
        #expect(c.handlingDue == Local.at(2026, 12, 22))
        #expect(c.acceptance?.maxExtension == .workingDays(10))

        c = try await s.requestExtension(c.id, ExtensionRequest(length: 5, reason: "需协调清运车辆"), by: unitUser)
        #expect(c.pendingExtension == ExtensionRequest(length: 5, reason: "需协调清运车辆"))
        #expect(c.handlingDue == Local.at(2026, 12, 22))
        #expect(c.status == .dispatched)

        // A second request while one is pending.
        let pendingVersion = c.version
        let second = await #expect(throws: CouncilError.self) {
            try await s.requestExtension(c.id, ExtensionRequest(length: 1, reason: "再延一天"), by: unitUser)
        }
        #expect(second?.code == .failedPrecondition)
        #expect(second?.caseStatus == .dispatched)
        #expect(second?.allowedOperations == [.addProgress, .approveExtension, .denyExtension, .resolve, .return, .withdraw])
        #expect(try await h.store.fetch(c.id)?.version == pendingVersion)

        // Approved: 5 working days after Monday 12-21 are 22, 23, 24, 25 and Monday 28.
        c = try await s.approveExtension(c.id, approver: "L01", messageToSubmitter: "车辆紧张，延期五个工作日", by: staff)
        #expect(c.handlingDue == Local.at(2026, 12, 29))
        #expect(c.pendingExtension == nil)
        #expect(c.extensionCount == 1)
        #expect(c.extendedLength == 5)
        let approved = try await h.store.history(of: c.id).last?.change
        guard case .extensionApproved(let approval) = approved else {
            Issue.record("expected an extensionApproved event, found \(String(describing: approved))")
            return
        }
        #expect(approval.approver == "L01")
        #expect(approval.length == 5)
        #expect(approval.newDue == Local.at(2026, 12, 29))

        // More than the 5 working days left.
        let before = try await h.footprint(c.id)
        let tooLong = await #expect(throws: CouncilError.self) {
            try await s.requestExtension(c.id, ExtensionRequest(length: 6, reason: "需要更多时间"), by: unitUser)
        }
        #expect(tooLong?.code == .invalidArgument)
        #expect(tooLong?.field == "extension.length")
        let zero = await #expect(throws: CouncilError.self) {
            try await s.requestExtension(c.id, ExtensionRequest(length: 0, reason: "零天"), by: unitUser)
        }
        #expect(zero?.code == .invalidArgument)
        #expect(zero?.field == "extension.length")
        #expect(try await h.footprint(c.id) == before)

        // Denied: the request is gone, nothing else moves.
        c = try await s.requestExtension(c.id, ExtensionRequest(length: 2, reason: "再需两天"), by: unitUser)
        c = try await s.denyExtension(c.id, approver: "L01", reason: "不同意延期", by: staff)
        #expect(c.pendingExtension == nil)
        #expect(c.extensionCount == 1)
        #expect(c.extendedLength == 5)
        #expect(c.handlingDue == Local.at(2026, 12, 29))

        // The rest of the allowance: 29, 30, 31 December, 1 and 4 January (weekends-only calendar).
        c = try await s.requestExtension(c.id, ExtensionRequest(length: 5, reason: "最后一次延期"), by: unitUser)
        c = try await s.approveExtension(c.id, approver: "L01", messageToSubmitter: "再延期五个工作日", by: staff)
        #expect(c.handlingDue == Local.at(2027, 1, 5))
        #expect(c.extensionCount == 2)
        #expect(c.extendedLength == 10)

        let usedUp = await #expect(throws: CouncilError.self) {
            try await s.requestExtension(c.id, ExtensionRequest(length: 1, reason: "还要一天"), by: unitUser)
        }
        #expect(usedUp?.code == .failedPrecondition)
        #expect(usedUp?.caseStatus == .dispatched)
        #expect(usedUp?.allowedOperations == [.addProgress, .resolve, .return, .withdraw])
    }

    @Test("approving or denying with nothing pending is refused")
    func decisionWithoutRequest() async throws {
        let h = try Harness()
        let c = try await h.driver.case(in: .inProgress)
        for decide in [true, false] {
            let error = await #expect(throws: CouncilError.self) {
                if decide {
                    _ = try await h.service.approveExtension(c.id, approver: "L01", messageToSubmitter: "同意", by: staff)
                } else {
                    _ = try await h.service.denyExtension(c.id, approver: "L01", reason: "不同意", by: staff)
                }
            }
            #expect(error?.code == .failedPrecondition)
            #expect(error?.allowedOperations == [.addProgress, .requestExtension, .resolve, .return, .withdraw])
        }
    }

    @Test("an approver must be in the directory")
    func unknownApprover() async throws {
        let h = try Harness()
        var c = try await h.driver.case(in: .inProgress)
        c = try await h.service.requestExtension(c.id, ExtensionRequest(length: 1, reason: "需一天"), by: unitUser)
        let error = await #expect(throws: CouncilError.self) {
            try await h.service.approveExtension(c.id, approver: "NOBODY", messageToSubmitter: "同意", by: staff)
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "approver")
        #expect(try await h.store.fetch(c.id) == c)
    }

    // MARK: Evaluation window

    @Test("closeUnrated only once the evaluation window has passed")
    func closeUnratedAfterWindow() async throws {
        let h = try Harness()
        let c = try await h.driver.case(in: .awaitingEvaluation)
        // Fed back Monday 2026-11-30: 7 calendar days end with Monday 2026-12-07.
        #expect(c.evaluationDue == Local.at(2026, 12, 8))

        for instant in [Local.mondayNine, Local.at(2026, 12, 8).adding(seconds: -1)] {
            h.clock.set(instant)
            let error = await #expect(throws: CouncilError.self) {
                try await h.service.closeUnrated(c.id, by: staff)
            }
            #expect(error?.code == .failedPrecondition)
            #expect(error?.caseStatus == .awaitingEvaluation)
            #expect(error?.allowedOperations == [.evaluate])
            #expect(try await h.store.fetch(c.id) == c)
        }

        h.clock.set(Local.at(2026, 12, 8))
        #expect(h.service.allowedOperations(for: c) == [.evaluate, .closeUnrated])
        let closed = try await h.service.closeUnrated(c.id, by: staff)
        #expect(closed.status == .closed)
        #expect(closed.closedUnrated)
        #expect(closed.closedAt == Local.at(2026, 12, 8))
        #expect(closed.evaluation == nil)
    }

    @Test("a grid case cannot close unrated while its verification is outstanding")
    func closeUnratedNeedsVerification() async throws {
        let h = try Harness()
        let c = try await h.driver.case(in: .awaitingEvaluation, verifying: true)
        h.clock.set(Local.at(2027, 1, 1))
        let error = await #expect(throws: CouncilError.self) {
            try await h.service.closeUnrated(c.id, by: staff)
        }
        #expect(error?.code == .failedPrecondition)
        #expect(error?.allowedOperations == [.evaluate, .verify])

        _ = try await h.service.verify(c.id, Verification(passed: true), by: gridPlatform)
        let closed = try await h.service.closeUnrated(c.id, by: staff)
        #expect(closed.status == .closed && closed.closedUnrated)
    }

    // MARK: Verification

    @Test("only the source system may verify its case")
    func verifyByWrongSystem() async throws {
        let h = try Harness()
        let c = try await h.driver.case(in: .resolved, verifying: true)
        #expect(c.requiresVerification)
        for intruder in [staff, Principal(system: "petition-office")] {
            let error = await #expect(throws: CouncilError.self) {
                try await h.service.verify(c.id, Verification(passed: true), by: intruder)
            }
            #expect(error?.code == .permissionDenied)
            #expect(try await h.store.fetch(c.id) == c)
        }
        let verified = try await h.service.verify(c.id, Verification(passed: true, note: "现场核查通过"), by: gridPlatform)
        #expect(verified.status == .resolved)
        #expect(verified.verification == Verification(passed: true, note: "现场核查通过"))
    }

    @Test("a failed verification reopens the case with a new handling due")
    func failedVerification() async throws {
        let h = try Harness()
        let c = try await h.driver.case(in: .evaluated, verifying: true)
        #expect(c.reworkCount == 0)
        // Wednesday 2026-12-02 10:00: 15 working days end with Wednesday 2026-12-23.
        h.clock.set(Local.at(2026, 12, 2, hour: 10))
        let reopened = try await h.service.verify(c.id, Verification(passed: false, note: "井盖仍缺失"), by: gridPlatform)
        #expect(reopened.status == .reopened)
        #expect(reopened.reworkCount == 1)
        #expect(reopened.handlingDue == Local.at(2026, 12, 24))
        #expect(reopened.evaluation == nil)
        #expect(reopened.feedback == nil)
        #expect(reopened.evaluationDue == nil)
        #expect(reopened.verification == Verification(passed: false, note: "井盖仍缺失"))
        let last = try await h.store.history(of: c.id).last
        #expect(last?.change == .verified(Verification(passed: false, note: "井盖仍缺失"), handlingDue: Local.at(2026, 12, 24)))
        #expect(last?.principal == gridPlatform)
    }

    @Test("a grid case cannot close before it is verified")
    func closeNeedsVerification() async throws {
        let h = try Harness()
        let c = try await h.driver.case(in: .evaluated, verifying: true)
        let error = await #expect(throws: CouncilError.self) {
            try await h.service.close(c.id, by: staff)
        }
        #expect(error?.code == .failedPrecondition)
        #expect(error?.caseStatus == .evaluated)
        #expect(error?.allowedOperations == [.verify])
    }

    // MARK: Rework

    @Test("after a dissatisfied rating the case closes only once reworkLimit reworks were done")
    func reworkLimit() async throws {
        let h = try Harness()
        let s = h.service
        var c = try await h.driver.case(in: .awaitingEvaluation)
        #expect(c.acceptance?.reworkLimit == 2)
        let unhappy = Evaluation(rating: .dissatisfied, solved: false, comment: "仍有异味")

        for done in 0..<2 {
            c = try await s.evaluate(c.id, unhappy, by: staff)
            #expect(c.reworkCount == done)
            let before = try await h.footprint(c.id)
            let error = await #expect(throws: CouncilError.self) {
                try await s.close(c.id, by: staff)
            }
            #expect(error?.code == .failedPrecondition, "after \(done) reworks")
            #expect(error?.caseStatus == .evaluated)
            #expect(error?.allowedOperations == [.rework], "after \(done) reworks")
            #expect(try await h.footprint(c.id) == before)

            c = try await s.rework(c.id, reason: "居民不满意", by: staff)
            #expect(c.status == .reopened)
            #expect(c.reworkCount == done + 1)
            c = try await s.resolve(c.id, HandlingResult(summary: "再次清运"), by: unitUser)
            c = try await s.recordFeedback(c.id, Feedback(channel: .inPerson, message: "上门告知"), by: staff)
        }
        c = try await s.evaluate(c.id, unhappy, by: staff)
        #expect(s.allowedOperations(for: c) == [.rework, .close])
        let closed = try await s.close(c.id, note: "两次返工后结案", by: staff)
        #expect(closed.status == .closed)
        #expect(closed.reworkCount == 2)
        #expect(closed.closingNote == "两次返工后结案")
    }

    @Test("failed verifications do not count toward the reworks a dissatisfied rating needs")
    func verificationReworksAreNotRatingReworks() async throws {
        let h = try Harness()
        let s = h.service
        var c = try await h.driver.case(in: .resolved, verifying: true)
        for _ in 0..<2 {
            c = try await s.verify(c.id, Verification(passed: false, note: "未修复"), by: gridPlatform)
            c = try await s.resolve(c.id, HandlingResult(summary: "再次修复"), by: unitUser)
        }
        #expect(c.reworkCount == 2)
        c = try await s.verify(c.id, Verification(passed: true), by: gridPlatform)
        c = try await s.recordFeedback(c.id, Feedback(channel: .phone, message: "已告知"), by: staff)
        c = try await s.evaluate(c.id, Evaluation(rating: .dissatisfied, solved: false), by: staff)
        // Acceptance.reworkLimit: "How many times a dissatisfied rating must lead to rework before the hall may
        // close the case anyway". No dissatisfied rating has led to rework yet.
        #expect(s.allowedOperations(for: c) == [.rework])
    }

    @Test("a reworked grid case must be verified again before it closes")
    func reworkNeedsNewVerification() async throws {
        let h = try Harness()
        let s = h.service
        var c = try await h.driver.case(in: .resolved, verifying: true)
        c = try await s.verify(c.id, Verification(passed: true, note: "第一次核查通过"), by: gridPlatform)
        c = try await s.recordFeedback(c.id, Feedback(channel: .phone, message: "已告知"), by: staff)
        c = try await s.evaluate(c.id, Evaluation(rating: .dissatisfied, solved: false), by: staff)
        c = try await s.rework(c.id, reason: "居民反映井盖松动", by: staff)
        c = try await s.resolve(c.id, HandlingResult(summary: "重新安装井盖"), by: unitUser)
        c = try await s.recordFeedback(c.id, Feedback(channel: .phone, message: "已告知"), by: staff)
        c = try await s.evaluate(c.id, Evaluation(rating: .satisfied, solved: true), by: staff)
        // The passed verification was of the first result; the reworked result has not been seen on site.
        #expect(s.allowedOperations(for: c) == [.verify])
    }

    @Test("deliberation: deferral stays on the agenda, no consensus returns to the hall, a resolution starts handling")
    func deliberationOutcomes() async throws {
        let h = try Harness()
        let s = h.service
        var c = try await h.driver.case(in: .awaitingDeliberation)
        #expect(c.meetings.isEmpty, "a scheduled meeting has not discussed the case yet")
        c = try await s.recordDeliberationOutcome(
            c.id, DeliberationRecord(meeting: "M-2", summary: nil, outcome: .deferred(reason: "人数不足")), by: staff)
        #expect(c.status == .awaitingDeliberation)
        #expect(c.meetings == ["M-2"])
        c = try await s.recordDeliberationOutcome(
            c.id, DeliberationRecord(meeting: "M-3", summary: "分歧较大", outcome: .noConsensus(note: "未达成一致")), by: staff)
        #expect(c.status == .accepted)
        #expect(c.disposition == nil)
        #expect(c.meetings == ["M-2", "M-3"])
        #expect(s.allowedOperations(for: c) == [.dispatch, .handleLocally, .scheduleDeliberation, .refer, .decline, .merge, .withdraw])

        c = try await s.scheduleDeliberation(c.id, meeting: "M-4", by: staff)
        let limit = try #require(c.handlingDueLimit ?? c.handlingDue)
        let bad: [(MeetingResolution, String)] = [
            (MeetingResolution(decision: "加装路灯", responsibleUnit: "POWER", deadline: Local.mondayNine), "record.resolution.deadline"),
            // Beyond the case's handling due time: that needs an approved extension, not a meeting.
            (MeetingResolution(decision: "加装路灯", responsibleUnit: "POWER", deadline: limit.adding(hours: 1)), "record.resolution.deadline"),
            (MeetingResolution(decision: "加装路灯", responsibleUnit: "NOPE", deadline: Local.at(2026, 12, 10)), "record.resolution.responsibleUnit"),
            (MeetingResolution(decision: " ", responsibleUnit: nil, deadline: Local.at(2026, 12, 10)), "record.resolution.decision"),
            (MeetingResolution(decision: "加装路灯", responsibleUnit: nil, deadline: Local.at(2026, 12, 10), vote: Vote(inFavour: 3, against: -1, abstaining: 0)), "record.resolution.vote"),
        ]
        for (resolution, field) in bad {
            let error = await #expect(throws: CouncilError.self) {
                try await s.recordDeliberationOutcome(
                    c.id, DeliberationRecord(meeting: "M-4", summary: nil, outcome: .resolution(resolution)), by: staff)
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.field == field)
            #expect(try await h.store.fetch(c.id) == c)
        }
        c = try await s.recordDeliberationOutcome(
            c.id,
            DeliberationRecord(meeting: "M-4", summary: "同意", outcome: .resolution(
                MeetingResolution(decision: "加装路灯", responsibleUnit: "POWER", deadline: Local.at(2026, 12, 10)))),
            by: staff)
        #expect(c.status == .inProgress)
        #expect(c.responsibleUnit == "POWER")
        #expect(c.handlingDue == Local.at(2026, 12, 10))
        #expect(c.meetings == ["M-2", "M-3", "M-4"])
    }

    @Test("basically satisfied but unsolved still calls for rework")
    func unsolvedCallsForRework() async throws {
        let h = try Harness()
        var c = try await h.driver.case(in: .awaitingEvaluation)
        c = try await h.service.evaluate(c.id, Evaluation(rating: .basicallySatisfied, solved: false), by: staff)
        #expect(h.service.allowedOperations(for: c) == [.rework])
        let reopened = try await h.service.rework(c.id, reason: "问题未解决", by: staff)
        // Reworked at Monday 09:00 with the 15-working-day limit: end of Monday 2026-12-21.
        #expect(reopened.handlingDue == Local.at(2026, 12, 22))
    }

    // MARK: Petition office

    @Test("a petition cannot be resolved without a completion report")
    func petitionNeedsCompletionReport() async throws {
        let h = try Harness()
        let s = h.service
        var c = try await s.submit(petition("XF-2026-0001"), by: petitionOffice).case
        c = try await s.accept(c.id, by: staff)
        c = try await s.dispatch(c.id, to: "WATER", by: staff)
        for result in [HandlingResult(summary: "已维修"), HandlingResult(summary: "已维修", completionReport: " \n\t")] {
            let error = await #expect(throws: CouncilError.self) {
                try await s.resolve(c.id, result, by: unitUser)
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.field == "result.completionReport")
            #expect(try await h.store.fetch(c.id) == c)
        }
        let resolved = try await s.resolve(
            c.id, HandlingResult(summary: "已维修", completionReport: "办结报告：已更换漏水管道并回访。"), by: unitUser)
        #expect(resolved.status == .resolved)
        #expect(resolved.result?.completionReport == "办结报告：已更换漏水管道并回访。")
    }

    // MARK: Merge

    @Test("merge refuses itself, declined, withdrawn, merged and unknown masters")
    func mergeTargets() async throws {
        let h = try Harness()
        let d = h.driver
        let c = try await d.case(in: .submitted)
        let declined = try await d.case(in: .declined)
        let withdrawn = try await d.case(in: .withdrawn)
        let merged = try await d.case(in: .merged)
        for master in [c.id, declined.id, withdrawn.id, merged.id, CaseID()] {
            let error = await #expect(throws: CouncilError.self) {
                try await h.service.merge(c.id, into: master, by: staff)
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.field == "master")
        }
        #expect(try await h.store.fetch(c.id) == c)
        #expect(try await h.store.history(of: c.id).count == 1)

        let master = try await d.case(in: .accepted)
        let duplicate = try await h.service.merge(c.id, into: master.id, by: staff)
        #expect(duplicate.status == .merged)
        #expect(duplicate.master == master.id)
        #expect(try await h.store.history(of: c.id).last?.change == .merged(master: master.id, masterNumber: master.number))
    }

    // MARK: Dispatch

    @Test("dispatch checks the due time and the unit")
    func dispatchInputs() async throws {
        let h = try Harness()
        let c = try await h.driver.case(in: .accepted)
        #expect(c.handlingDue == Local.at(2026, 12, 22))
        let bad: [(due: Timestamp?, unit: String, field: String)] = [
            (Local.at(2026, 12, 22).adding(seconds: 1), "UM", "due"),
            (Local.at(2026, 11, 30, hour: 8), "UM", "due"),
            (Local.mondayNine, "UM", "due"),
            (nil, "NO-SUCH-UNIT", "unit"),
        ]
        for attempt in bad {
            let error = await #expect(throws: CouncilError.self) {
                try await h.service.dispatch(c.id, to: attempt.unit, due: attempt.due, by: staff)
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.field == attempt.field)
            #expect(try await h.store.fetch(c.id) == c)
        }
        let atLimit = try await h.service.dispatch(c.id, to: "PC03", due: Local.at(2026, 12, 22), by: staff)
        #expect(atLimit.handlingDue == Local.at(2026, 12, 22))
        #expect(atLimit.responsibleUnit == "PC03")
        #expect(atLimit.disposition == .dispatch)
    }

    @Test("an earlier dispatch due time becomes the handling due time")
    func earlierDispatchDue() async throws {
        let h = try Harness()
        let c = try await h.driver.case(in: .accepted)
        let dispatched = try await h.service.dispatch(c.id, to: "UM", due: Local.at(2026, 12, 5), by: staff)
        #expect(dispatched.handlingDue == Local.at(2026, 12, 5))
    }

    @Test("a return restores the handling due time a unit's tighter due replaced, so the next unit can have it")
    func returnRestoresDue() async throws {
        let h = try Harness()
        let c = try await h.driver.case(in: .accepted)
        let limit = try #require(c.handlingDue)
        _ = try await h.service.dispatch(c.id, to: "UM", due: Local.at(2026, 12, 5), by: staff)
        let returned = try await h.service.returnCase(c.id, reason: "不属本单位职责", by: unitUser)
        #expect(returned.handlingDue == limit)
        let redispatched = try await h.service.dispatch(c.id, to: "HC", due: limit, by: staff)
        #expect(redispatched.handlingDue == limit)
        let tooLate = await #expect(throws: CouncilError.self) {
            try await h.service.dispatch(c.id, to: "HC", due: limit.adding(hours: 1), by: staff)
        }
        #expect(tooLate?.code == .illegalTransition, "already dispatched")
    }

    // MARK: Concurrency and errors

    @Test("a stale expected version is a version conflict and writes nothing")
    func staleExpectedVersion() async throws {
        let h = try Harness()
        let c = try await h.driver.case(in: .submitted)
        for stale in [0, 2] {
            let error = await #expect(throws: CouncilError.self) {
                try await h.service.accept(c.id, by: staff, expectedVersion: stale)
            }
            #expect(error?.code == .versionConflict)
        }
        #expect(try await h.store.fetch(c.id) == c)
        #expect(try await h.store.latestSequence() == 1)
        let accepted = try await h.service.accept(c.id, by: staff, expectedVersion: 1)
        #expect(accepted.version == 2)
        let late = await #expect(throws: CouncilError.self) {
            try await h.service.decline(c.id, reason: "基于旧版本的决定", by: staff, expectedVersion: 1)
        }
        #expect(late?.code == .versionConflict)
        #expect(try await h.store.fetch(c.id)?.status == .accepted)
    }

    @Test("an operation on an unknown case is notFound")
    func unknownCase() async throws {
        let h = try Harness()
        let error = await #expect(throws: CouncilError.self) {
            try await h.service.accept(CaseID(), by: staff)
        }
        #expect(error?.code == .notFound)
        #expect(try await h.store.latestSequence() == 0)
    }

    @Test("a refused step's description names the status and the allowed operations")
    func refusalDescription() async throws {
        let h = try Harness()
        let submitted = try await h.driver.case(in: .submitted)
        let illegal = await #expect(throws: CouncilError.self) {
            try await h.service.evaluate(submitted.id, Evaluation(rating: .satisfied, solved: true), by: staff)
        }
        let text = try #require(illegal).description
        #expect(text.hasPrefix("illegalTransition: "))
        #expect(text.contains("evaluate"))
        #expect(text.hasSuffix("[status: submitted; allowed: accept, decline, refer, merge, withdraw]"))

        let dispatched = try await h.driver.case(in: .dispatched)
        let refused = await #expect(throws: CouncilError.self) {
            try await h.service.approveExtension(dispatched.id, approver: "L01", messageToSubmitter: "同意", by: staff)
        }
        #expect(try #require(refused).description.hasPrefix("failedPrecondition: "))
        #expect(refused?.description.hasSuffix("[status: dispatched; allowed: addProgress, requestExtension, resolve, return, withdraw]") == true)

        let closed = try await h.driver.case(in: .closed)
        let final = await #expect(throws: CouncilError.self) {
            try await h.service.withdraw(closed.id, by: staff)
        }
        #expect(final?.description.hasSuffix("[status: closed; allowed: none]") == true)
    }
}
