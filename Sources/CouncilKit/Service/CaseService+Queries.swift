extension CaseService {
    /// The case with this id.
    /// - Throws: ``CouncilError/Code/notFound``.
    public func `case`(_ id: CaseID) async throws -> CouncilCase {
        guard let found = try await store.fetch(id) else { throw CouncilError.notFound("no case with id \(id)") }
        return found
    }

    /// The case with this number.
    /// - Throws: ``CouncilError/Code/notFound``.
    public func `case`(number: CaseNumber) async throws -> CouncilCase {
        guard let found = try await store.fetch(number: number) else { throw CouncilError.notFound("no case numbered \(number)") }
        return found
    }

    /// The case another system registered under its own reference.
    /// - Throws: ``CouncilError/Code/notFound``.
    public func `case`(externalReference: ExternalReference) async throws -> CouncilCase {
        guard let found = try await store.fetch(externalReference: externalReference) else {
            throw CouncilError.notFound("no case registered as \(externalReference)")
        }
        return found
    }

    /// Every event of a case, oldest first: who did what, when and why.
    /// - Throws: ``CouncilError/Code/notFound``.
    public func history(of id: CaseID) async throws -> [CaseEvent] {
        let events = try await store.history(of: id)
        guard !events.isEmpty else { throw CouncilError.notFound("no case with id \(id)") }
        return events
    }

    /// One page of the cases matching `query`.
    /// - Throws: ``CouncilError/Code/invalidArgument`` for a bad limit, text or cursor.
    public func find(_ query: CaseQuery) async throws -> CasePage {
        try query.validate()
        return try await store.find(query)
    }

    /// One page of the cases whose running clock has run out, oldest first.
    public func overdue(_ query: CaseQuery = CaseQuery(order: .oldestFirst)) async throws -> CasePage {
        var query = query
        query.dueBefore = clock.now()
        return try await find(query)
    }

    /// The changes feed: up to `limit` events after sequence number `sequence`, in order.
    public func changes(after sequence: Int64, limit: Int = 100) async throws -> [CaseEvent] {
        guard sequence >= 0 else { throw CouncilError.invalid("after", "the sequence number cannot be negative") }
        guard (1...1000).contains(limit) else { throw CouncilError.invalid("limit", "limit must be between 1 and 1000") }
        return try await store.events(after: sequence, limit: limit)
    }

    /// Where a case stands against its running clock now.
    public func deadlineState(of state: CouncilCase) -> DeadlineState {
        state.deadlineState(at: clock.now(), policy: policy)
    }

    /// The operations the case allows now.
    public func allowedOperations(for state: CouncilCase) -> [CaseOperation] {
        state.allowedOperations(at: clock.now())
    }
}
