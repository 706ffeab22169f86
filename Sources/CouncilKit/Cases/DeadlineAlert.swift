/// A running clock reached a threshold: due soon, overdue, or overdue long enough for supervision (督办).
///
/// Recorded as a ``CaseChange/deadlineAlert(_:)`` event by ``CaseService/raiseDeadlineAlert(_:by:)``, so it is
/// audited and notified like every other change. It does not change the case's status. A case remembers its alerts
/// in ``CouncilCase/deadlineAlerts``: each threshold fires once per due time, and a due time moved by an extension
/// or rework may alert again.
public struct DeadlineAlert: Hashable, Sendable, Codable {
    /// Which threshold was reached, in increasing severity.
    ///
    /// Not `Comparable` on purpose: `.dueSoon < .overdue` would become ambiguous beside ``DeadlineState``. Compare
    /// ``severity`` instead.
    public enum Level: String, CaseIterable, Hashable, Sendable, Codable {
        /// The due time is within the policy's due-soon window (``TimeLimitPolicy/dueSoonHours``).
        case dueSoon
        /// The due time has passed.
        case overdue
        /// Overdue for longer than ``TimeLimitPolicy/supervisionAfterHours``: the leader linked to the community
        /// supervises (督办).
        case supervision

        /// 0 for due soon, 1 for overdue, 2 for supervision.
        public var severity: Int { Self.allCases.firstIndex(of: self)! }

        /// Reads a stored level; `escalation` is how events recorded before the glossary's term name supervision.
        public init(from decoder: any Decoder) throws {
            let raw = try decoder.singleValueContainer().decode(String.self)
            guard let level = Self(rawValue: raw == "escalation" ? Self.supervision.rawValue : raw) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown deadline alert level"))
            }
            self = level
        }
    }

    /// Which of the case's clocks it is about.
    public enum Clock: String, CaseIterable, Hashable, Sendable, Codable {
        /// The response limit, while the case is submitted.
        case response
        /// The handling limit, from acceptance until the result is fed back.
        case handling
        /// The evaluation window, while the case awaits the submitter's rating.
        case evaluation
    }

    /// The threshold reached.
    public var level: Level
    /// The clock.
    public var clock: Clock
    /// The due time the alert is about.
    public var due: Timestamp

    /// Creates an alert.
    public init(level: Level, clock: Clock, due: Timestamp) {
        self.level = level
        self.clock = clock
        self.due = due
    }

    /// The change's topic for routing and templates, for example `deadlineAlert.overdue`.
    public var topic: String { "deadlineAlert.\(level.rawValue)" }
}

extension CouncilCase {
    /// Which clock ``currentDue`` belongs to; `nil` when no clock runs.
    public var runningClock: DeadlineAlert.Clock? {
        switch status {
        case .submitted: return .response
        case .accepted, .dispatched, .awaitingDeliberation, .inProgress, .reopened, .resolved:
            return handlingDue == nil ? nil : .handling
        case .awaitingEvaluation: return evaluationDue == nil ? nil : .evaluation
        case .evaluated, .referred, .declined, .merged, .closed, .withdrawn: return nil
        }
    }

    /// The alert the running clock calls for at `now` that the case has not recorded yet, or `nil`.
    ///
    /// Only the most severe threshold reached is returned: a case found already overdue gets no due-soon alert
    /// for the same due time, and one already alerted as overdue gets none again until supervision.
    ///
    /// The evaluation window calls for no alert: nobody is late when a resident does not rate. When it passes, the
    /// case is closed unrated (``DeadlineMonitor``).
    public func pendingDeadlineAlert(at now: Timestamp, policy: TimeLimitPolicy) -> DeadlineAlert? {
        guard !status.isFinal, let due = currentDue, let clock = runningClock, clock != .evaluation else { return nil }
        let level: DeadlineAlert.Level
        switch deadlineState(at: now, policy: policy) {
        case .dueSoon: level = .dueSoon
        case .overdue: level = .overdue
        case .supervised: level = .supervision
        case .none, .onTime: return nil
        }
        let alerted = deadlineAlerts.contains { $0.clock == clock && $0.due == due && $0.level.severity >= level.severity }
        return alerted ? nil : DeadlineAlert(level: level, clock: clock, due: due)
    }
}
