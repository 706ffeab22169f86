extension CaseService {
    /// Records the deadline alert the case's running clock calls for now, if the case has not recorded it yet.
    ///
    /// The alert — due soon, overdue or supervision (督办) — becomes a ``CaseChange/deadlineAlert(_:)`` event: the
    /// status does not change, the audit trail and the changes feed carry it, and ``CouncilCase/deadlineAlerts``
    /// remembers it so it fires once per case, threshold and due time. When writers race, the case is read again
    /// and the alert is recorded at most once. ``DeadlineMonitor`` calls this for every case whose clock is near
    /// its end.
    /// - Parameters:
    ///   - id: The case.
    ///   - principal: Who raises the alert, usually the deadline monitor; recorded on the event.
    /// - Returns: The alert recorded, or `nil` when none is due or it was recorded already.
    /// - Throws: ``CouncilError``: `notFound`, `invalidArgument` for a malformed principal, `storageUnavailable`, `storageFull`.
    @discardableResult
    public func raiseDeadlineAlert(_ id: CaseID, by principal: Principal) async throws -> DeadlineAlert? {
        var raised: DeadlineAlert?
        _ = try await performIfNeeded(on: id, by: principal, expectedVersion: nil) { current, now in
            raised = current.pendingDeadlineAlert(at: now, policy: policy)
            guard let alert = raised else { return nil }
            try current.checkDeadlineAlert(alert, at: now, policy: policy)
            return .deadlineAlert(alert)
        }
        return raised
    }

    /// The cases whose running clock ends before `instant`, oldest first, page by page: the candidates for
    /// deadline alerts.
    /// - Parameters:
    ///   - instant: The end of the window; pass now plus the due-soon window to include cases due soon.
    ///   - cursor: Where the previous page ended.
    ///   - limit: The page size.
    /// - Throws: ``CouncilError/Code/invalidArgument`` for a bad cursor or limit.
    public func casesDue(before instant: Timestamp, cursor: String? = nil, limit: Int = 200) async throws -> CasePage {
        try await find(CaseQuery(dueBefore: instant, order: .oldestFirst, limit: limit, cursor: cursor))
    }
}

extension CaseService {
    /// How far from now a date of the council's calendar — a meeting's time, a visit — may lie: one year either way.
    public static let calendarReachMilliseconds: Int64 = 366 * 86_400_000

    /// The latest due time a case can have when it is registered or accepted at `now`: the longest handling limit of
    /// the policy, then the most its extensions may add. A requested due time or a resolution's deadline after it is
    /// refused, so no case can be made never to fall due.
    public func latestDue(from now: Timestamp) -> Timestamp {
        let all = [policy.defaults] + policy.rules.map(\.limits)
        return all.map { calendar.due(from: calendar.due(from: now, limit: $0.handling), limit: $0.maxExtension) }.max() ?? now
    }

    /// Refuses a due time after ``latestDue(from:)``.
    func checkBounded(_ due: Timestamp, _ field: String, now: Timestamp) throws {
        let latest = latestDue(from: now)
        guard due <= latest else {
            throw CouncilError.invalid(field, "\(due) is later than the longest time limit with extensions allows (\(latest))")
        }
    }

    /// Refuses a date of the council's calendar further than ``calendarReachMilliseconds`` from now.
    func checkWithinReach(_ date: Timestamp, _ field: String) throws {
        let now = clock.now().millisecondsSince1970
        guard abs(date.millisecondsSince1970 - now) <= Self.calendarReachMilliseconds else {
            throw CouncilError.invalid(field, "\(date) is more than a year from now")
        }
    }
}
