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
