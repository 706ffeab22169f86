import CouncilAPI
import CouncilKit

// Case queries and the five-step loop: each case operation is the CaseService operation of the same name.

extension CouncilService {
    // MARK: Queries

    public func getCase(_ request: GetCaseRequest, context: CallContext) async throws -> CaseView {
        let service = environment.cases
        switch request.key {
        case .id(let id): return view(try await service.case(id), context)
        case .number(let number): return view(try await service.case(number: number), context)
        case .externalReference(let reference): return view(try await service.case(externalReference: reference), context)
        }
    }

    public func getHistory(_ request: GetHistoryRequest, context: CallContext) async throws -> GetHistoryResponse {
        GetHistoryResponse(
            events: try await environment.cases.history(of: request.caseID).map { mask($0, context) },
            submitterDisclosure: context.caller.disclosure)
    }

    public func findCases(_ request: FindCasesRequest, context: CallContext) async throws -> FindCasesResponse {
        let page = try await environment.cases.find(request.query)
        return FindCasesResponse(cases: page.cases.map { view($0, context) }, nextCursor: page.nextCursor)
    }

    public func listChanges(_ request: ListChangesRequest, context: CallContext) async throws -> ListChangesResponse {
        let events = try await environment.cases.changes(after: request.after, limit: request.limit)
        return ListChangesResponse(
            events: events.map { mask($0, context) }, latestSequence: try await environment.store.latestSequence(),
            submitterDisclosure: context.caller.disclosure)
    }

    /// Streams every stored event after `after`, then each new one, until the task is cancelled or `send` returns
    /// `false`.
    ///
    /// Subscribes to the live feed before reading what is stored, so nothing committed in between is missed, and
    /// passes each event once, in sequence order.
    public func watchEvents(
        _ request: WatchEventsRequest, context: CallContext, send: @Sendable (WatchEventsResponse) async -> Bool
    ) async throws {
        guard request.after >= 0 else { throw CouncilError.invalid("after", "the sequence number cannot be negative") }
        let disclosure = context.caller.disclosure
        func deliver(_ events: [CaseEvent]) async -> Bool {
            await send(WatchEventsResponse(events: events.map { mask($0, context) }, submitterDisclosure: disclosure))
        }
        let subscription = try await environment.feed.subscribe()
        defer { Task { [feed = environment.feed] in await feed.unsubscribe(subscription.id) } }
        var last = request.after
        while true {
            let stored = try await environment.store.events(after: last, limit: 100)
            guard let newest = stored.last else { break }
            guard await deliver(stored) else { return }
            last = newest.sequence
            if stored.count < 100 { break }
        }
        for await batch in subscription.events {
            try Task.checkCancellation()
            let fresh = batch.filter { $0.sequence > last }
            guard let newest = fresh.last else { continue }
            guard await deliver(fresh) else { return }
            last = newest.sequence
        }
        try Task.checkCancellation()
        throw CouncilError(.storageUnavailable, "the server stopped following the store")
    }

    // MARK: The five-step loop

    public func submit(_ request: SubmitRequest, context: CallContext) async throws -> SubmitResponse {
        let result = try await environment.cases.submit(
            request.submission, by: context.caller.principal, forAnotherSystem: context.caller.scopes.contains(.manage))
        return SubmitResponse(case: view(result.case, context), created: result.created)
    }

    /// Runs a case operation of `service` for `request`'s case and answers with the case after it.
    private func operate(
        _ request: some CaseOperationRequest, _ context: CallContext,
        _ operation: (CaseService, CaseID, Principal, Int?) async throws -> CouncilCase
    ) async throws -> CaseView {
        view(try await operation(environment.cases, request.caseID, context.caller.principal, request.expectedVersion), context)
    }

    public func accept(_ request: AcceptRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) {
            try await $0.accept($1, category: request.category, priority: request.priority, note: request.note, by: $2, expectedVersion: $3)
        }
    }

    public func decline(_ request: DeclineRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) { try await $0.decline($1, reason: request.reason, by: $2, expectedVersion: $3) }
    }

    public func refer(_ request: ReferRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) { try await $0.refer($1, request.referral, by: $2, expectedVersion: $3) }
    }

    public func dispatch(_ request: DispatchRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) {
            try await $0.dispatch($1, to: request.unit, due: request.due, instructions: request.instructions, by: $2, expectedVersion: $3)
        }
    }

    public func handleLocally(_ request: HandleLocallyRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) {
            try await $0.handleLocally($1, note: request.note, due: request.due, by: $2, expectedVersion: $3)
        }
    }

    public func returnCase(_ request: ReturnCaseRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) { try await $0.returnCase($1, reason: request.reason, by: $2, expectedVersion: $3) }
    }

    public func merge(_ request: MergeRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) { try await $0.merge($1, into: request.master, by: $2, expectedVersion: $3) }
    }

    public func scheduleDeliberation(_ request: ScheduleDeliberationRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) {
            try await $0.scheduleDeliberation($1, meeting: request.meeting, note: request.note, by: $2, expectedVersion: $3)
        }
    }

    public func recordDeliberationOutcome(_ request: RecordDeliberationOutcomeRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) { try await $0.recordDeliberationOutcome($1, request.record, by: $2, expectedVersion: $3) }
    }

    public func addProgress(_ request: AddProgressRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) { try await $0.addProgress($1, note: request.note, by: $2, expectedVersion: $3) }
    }

    public func requestExtension(_ request: RequestExtensionRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) { try await $0.requestExtension($1, request.extension, by: $2, expectedVersion: $3) }
    }

    public func approveExtension(_ request: ApproveExtensionRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) {
            try await $0.approveExtension(
                $1, approver: request.approver, messageToSubmitter: request.messageToSubmitter, by: $2, expectedVersion: $3)
        }
    }

    public func denyExtension(_ request: DenyExtensionRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) {
            try await $0.denyExtension($1, approver: request.approver, reason: request.reason, by: $2, expectedVersion: $3)
        }
    }

    public func resolve(_ request: ResolveRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) { try await $0.resolve($1, request.result, by: $2, expectedVersion: $3) }
    }

    public func recordFeedback(_ request: RecordFeedbackRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) { try await $0.recordFeedback($1, request.feedback, by: $2, expectedVersion: $3) }
    }

    public func evaluate(_ request: EvaluateRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) { try await $0.evaluate($1, request.evaluation, by: $2, expectedVersion: $3) }
    }

    public func rework(_ request: ReworkRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) { try await $0.rework($1, reason: request.reason, by: $2, expectedVersion: $3) }
    }

    public func verify(_ request: VerifyRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) { try await $0.verify($1, request.verification, by: $2, expectedVersion: $3) }
    }

    public func close(_ request: CloseRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) { try await $0.close($1, note: request.note, by: $2, expectedVersion: $3) }
    }

    public func withdraw(_ request: WithdrawRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) { try await $0.withdraw($1, reason: request.reason, by: $2, expectedVersion: $3) }
    }

    public func closeUnrated(_ request: CloseUnratedRequest, context: CallContext) async throws -> CaseView {
        try await operate(request, context) { try await $0.closeUnrated($1, by: $2, expectedVersion: $3) }
    }
}
