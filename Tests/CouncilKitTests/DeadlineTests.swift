import CouncilKit
import CouncilTestKit
import Foundation
import Testing

@Suite("Deadline alerts and the deadline monitor")
struct DeadlineTests {
    static let monitor = Principal(system: "deadline-monitor")

    /// The alerts recorded in a case's history.
    static func alerts(_ h: Harness, _ id: CaseID) async throws -> [DeadlineAlert] {
        try await h.store.history(of: id).compactMap {
            if case .deadlineAlert(let alert) = $0.change { return alert }
            return nil
        }
    }

    @Test("the monitor fires due-soon, overdue and supervision once each as the clock runs")
    func exactlyOnce() async throws {
        let h = try Harness(calendar: WorkCalendar())
        let m = DeadlineMonitor(service: h.service, clock: h.clock, logger: LogCapture().logger())
        let c = try await h.driver.case(in: .dispatched)
        let due = try #require(c.handlingDue)
        var fired: [DeadlineAlert.Level] = []
        // Walk the clock across the thresholds an hour at a time, scanning after each step.
        h.clock.set(due.adding(hours: -30))
        while h.clock.now() < due.adding(hours: 60) {
            fired += try await m.scan().map(\.alert.level)
            h.clock.advance(hours: 1)
        }
        #expect(fired == [.dueSoon, .overdue, .supervision])
        let recorded = try await Self.alerts(h, c.id)
        #expect(recorded == [
            DeadlineAlert(level: .dueSoon, clock: .handling, due: due), DeadlineAlert(level: .overdue, clock: .handling, due: due),
            DeadlineAlert(level: .supervision, clock: .handling, due: due),
        ])
        let history = try await h.store.history(of: c.id)
        #expect(history.suffix(3).allSatisfy { $0.principal == DeadlineMonitor.Configuration().principal })
        // Each alert was recorded when its threshold was first passed.
        #expect(history.suffix(3).map(\.occurredAt) == [due.adding(hours: -24), due, due.adding(hours: 48)])
        let state = try #require(try await h.store.fetch(c.id))
        #expect(state.status == .dispatched, "alerts do not change the status")
        #expect(state.deadlineAlerts == recorded)
        #expect(try CouncilCase.replaying(history, number: c.number) == state)
    }

    @Test("a case found long overdue gets the most severe alert only")
    func jumpsToSupervision() async throws {
        let h = try Harness(calendar: WorkCalendar())
        let c = try await h.driver.case(in: .submitted)
        h.clock.set(c.responseDue.adding(hours: 100))
        let raised = try await DeadlineMonitor(service: h.service, clock: h.clock, logger: LogCapture().logger()).scan()
        #expect(raised.map(\.alert) == [DeadlineAlert(level: .supervision, clock: .response, due: c.responseDue)])
        #expect(try await h.service.raiseDeadlineAlert(c.id, by: Self.monitor) == nil)
    }

    @Test("a due time moved by an extension alerts again; the old one does not")
    func extensionAlertsAgain() async throws {
        let h = try Harness(calendar: WorkCalendar())
        var c = try await h.driver.case(in: .dispatched)
        let first = try #require(c.handlingDue)
        h.clock.set(first.adding(hours: -2))
        #expect(try await h.service.raiseDeadlineAlert(c.id, by: Self.monitor)?.level == .dueSoon)
        c = try await h.service.requestExtension(c.id, ExtensionRequest(length: 5, reason: "需协调"), by: unitUser)
        c = try await h.service.approveExtension(c.id, approver: "L01", messageToSubmitter: "延期五个工作日", by: staff)
        let second = try #require(c.handlingDue)
        #expect(second > first)
        #expect(try await h.service.raiseDeadlineAlert(c.id, by: Self.monitor) == nil, "the new due time is far off")
        h.clock.set(second.adding(hours: -1))
        #expect(try await h.service.raiseDeadlineAlert(c.id, by: Self.monitor) == DeadlineAlert(level: .dueSoon, clock: .handling, due: second))
        #expect(try await h.service.raiseDeadlineAlert(c.id, by: Self.monitor) == nil)
        #expect(try await Self.alerts(h, c.id).map(\.due) == [first, second])
    }

    @Test("every clock but the evaluation window alerts in its status; no alert where no clock runs", arguments: CaseStatus.allCases)
    func everyStatus(_ status: CaseStatus) async throws {
        let h = try Harness()
        let c = try await h.driver.case(in: status)
        h.clock.advance(days: 400)
        let alert = try await h.service.raiseDeadlineAlert(c.id, by: Self.monitor)
        let expected: DeadlineAlert.Clock? = switch status {
        case .submitted: .response
        case .accepted, .dispatched, .awaitingDeliberation, .inProgress, .reopened, .resolved: .handling
        case .awaitingEvaluation, .evaluated, .referred, .declined, .merged, .closed, .withdrawn: nil
        }
        #expect(alert?.clock == expected)
        #expect(alert.map(\.level) == expected.map { _ in DeadlineAlert.Level.supervision })
        let after = try #require(try await h.store.fetch(c.id))
        #expect(after.status == status)
        #expect(after.version == c.version + (expected == nil ? 0 : 1))
        #expect(!after.allowedOperations(at: h.clock.now()).contains(.alertDeadline), "never offered to people")
        if expected == nil {
            let clock = after.runningClock ?? .handling
            let refused = #expect(throws: CouncilError.self) {
                try after.checkDeadlineAlert(DeadlineAlert(level: .overdue, clock: clock, due: h.clock.now()), at: h.clock.now(), policy: .standard)
            }
            #expect(refused?.code == (status == .awaitingEvaluation ? .failedPrecondition : .illegalTransition))
        }
    }

    @Test("a case not rated within its evaluation window is closed unrated by the monitor, nobody alerted")
    func closesUnrated() async throws {
        let h = try Harness()
        let m = DeadlineMonitor(service: h.service, clock: h.clock, logger: LogCapture().logger())
        let waiting = try await h.driver.case(in: .awaitingEvaluation)
        let rated = try await h.driver.case(in: .awaitingEvaluation)
        let due = try #require(waiting.evaluationDue)
        h.clock.set(due.adding(hours: -1))
        #expect(try await m.scan().isEmpty, "no due-soon alert for a resident's rating")
        #expect(try await h.store.fetch(waiting.id)?.status == .awaitingEvaluation, "the window is still open")
        _ = try await h.service.evaluate(rated.id, Evaluation(rating: .satisfied, solved: true), by: staff)
        h.clock.set(due.adding(hours: 1))
        #expect(try await m.scan().isEmpty)
        let closed = try #require(try await h.store.fetch(waiting.id))
        #expect(closed.status == .closed && closed.closedUnrated)
        #expect(try await Self.alerts(h, waiting.id).isEmpty)
        let last = try #require(try await h.store.history(of: waiting.id).last)
        #expect(last.change == .closedUnrated && last.principal == Self.monitor)
        #expect(try await h.store.fetch(rated.id)?.status == .evaluated, "a rated case is left to the hall")
        #expect(try await m.scan().isEmpty)
        #expect(try await h.store.fetch(waiting.id)?.version == closed.version, "closed once")
    }

    @Test("a stale or premature alert is refused and writes nothing")
    func refusedAlerts() async throws {
        let h = try Harness()
        let c = try await h.driver.case(in: .dispatched)
        let due = try #require(c.handlingDue)
        let early = #expect(throws: CouncilError.self) {
            try c.checkDeadlineAlert(DeadlineAlert(level: .overdue, clock: .handling, due: due), at: due.adding(hours: -1), policy: .standard)
        }
        #expect(early?.code == .failedPrecondition)
        let wrongDue = #expect(throws: CouncilError.self) {
            try c.checkDeadlineAlert(DeadlineAlert(level: .overdue, clock: .handling, due: due.adding(hours: -5)), at: due.adding(hours: 1), policy: .standard)
        }
        #expect(wrongDue?.code == .failedPrecondition)
        try c.checkDeadlineAlert(DeadlineAlert(level: .overdue, clock: .handling, due: due), at: due.adding(hours: 1), policy: .standard)
    }

    @Test("monitors racing on one store record each alert once")
    func racingMonitors() async throws {
        let h = try Harness(calendar: WorkCalendar())
        var ids: [CaseID] = []
        for _ in 0..<5 { ids.append(try await h.driver.case(in: .dispatched).id) }
        let due = try #require(try await h.store.fetch(ids[0])?.handlingDue)
        h.clock.set(due.adding(hours: 1))
        let monitors = (0..<4).map { _ in DeadlineMonitor(service: h.service, clock: h.clock, logger: LogCapture().logger()) }
        let raised = try await withThrowingTaskGroup(of: Int.self) { group in
            for m in monitors { group.addTask { try await m.scan().count } }
            return try await group.reduce(0, +)
        }
        #expect(raised == 5)
        for id in ids { #expect(try await Self.alerts(h, id).count == 1) }
    }

    @Test("the monitor runs as a service on the injected clock and ends when cancelled")
    func runsAsService() async throws {
        let h = try Harness(calendar: WorkCalendar())
        let c = try await h.driver.case(in: .dispatched)
        let due = try #require(c.handlingDue)
        var configuration = DeadlineMonitor.Configuration()
        configuration.interval = .seconds(3600)
        let m = DeadlineMonitor(service: h.service, configuration: configuration, clock: h.clock, logger: LogCapture().logger())
        let running = Task { try await m.run() }
        await h.clock.waitForTimers(dueBy: h.clock.now().adding(hours: 1))  // the first scan found nothing due
        #expect(try await Self.alerts(h, c.id).isEmpty)
        h.clock.set(due.adding(hours: 1))  // wakes the monitor
        await h.clock.waitForTimers(dueBy: due.adding(hours: 2))  // it scanned and waits again
        #expect(try await Self.alerts(h, c.id).map(\.level) == [.overdue])
        h.clock.advance(hours: 1)
        await h.clock.waitForTimers(dueBy: due.adding(hours: 3))
        #expect(try await Self.alerts(h, c.id).map(\.level) == [.overdue], "still once")
        running.cancel()
        try await running.value
    }

    @Test("a case committed while the monitor waits is scanned when its threshold comes, not at the next interval", .timeLimit(.minutes(1)))
    func followsCommits() async throws {
        let h = try Harness(calendar: WorkCalendar())
        var configuration = DeadlineMonitor.Configuration()
        configuration.interval = .seconds(30 * 86_400)
        let m = DeadlineMonitor(service: h.service, configuration: configuration, clock: h.clock, logger: LogCapture().logger())
        let running = Task { try await m.run() }
        await h.clock.waitForTimers(dueBy: h.clock.now().adding(hours: 30 * 24))  // nothing to do for a month
        let c = try await h.driver.case(in: .dispatched)
        let dueSoon = try #require(c.handlingDue).adding(hours: -h.service.configuration.policy.dueSoonHours)
        await h.clock.waitForTimers(dueBy: dueSoon)  // the commit moved the next scan up
        h.clock.set(dueSoon)
        await h.clock.waitForTimers(dueBy: try #require(c.handlingDue))  // and its own alert's commit, to the due time
        #expect(try await Self.alerts(h, c.id).map(\.level) == [.dueSoon])
        running.cancel()
        try await running.value
    }

    @Test("alerts stored under the old name of supervision (escalation) read back as supervision")
    func legacyLevelName() throws {
        let stored = Data(#"{"level":"escalation","clock":"handling","due":1796400000000}"#.utf8)
        let alert = try JSONDecoder().decode(DeadlineAlert.self, from: stored)
        #expect(alert.level == .supervision)
        #expect(String(decoding: try JSONEncoder().encode(alert.level), as: UTF8.self) == #""supervision""#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DeadlineAlert.Level.self, from: Data(#""late""#.utf8)) }
    }

    @Test("cases stored before deadline alerts existed read back with none")
    func olderStates() async throws {
        let h = try Harness()
        let c = try await h.driver.case(in: .dispatched)
        var object = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(c)) as? [String: Any])
        #expect(object.removeValue(forKey: "deadlineAlerts") != nil)
        let old = try JSONSerialization.data(withJSONObject: object)
        #expect(try JSONDecoder().decode(CouncilCase.self, from: old) == c)
        let change = CaseChange.deadlineAlert(DeadlineAlert(level: .overdue, clock: .handling, due: Local.mondayNine))
        #expect(try JSONDecoder().decode(CaseChange.self, from: try JSONEncoder().encode(change)) == change)
        #expect(change.kind == "deadlineAlert" && change.topic == "deadlineAlert.overdue" && change.operation == .alertDeadline)
    }
}
