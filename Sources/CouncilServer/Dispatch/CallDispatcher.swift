import CouncilKit
import CouncilWire
import Foundation

/// Turns one call's request into its response: checks the caller's scopes, calls CouncilKit, masks personal data
/// for callers without the personal-data scope, and answers retries that carry an idempotency key with the first
/// result.
///
/// Knows nothing of sockets; the connection hands it decoded requests and sends what it returns.
public struct CallDispatcher: Sendable {
    /// What calls work with.
    public let environment: ServerEnvironment
    /// The limits clients are told in server info.
    public let limits: WireLimits
    /// The notification dispatcher whose dead letters the dead-letter methods reach; `nil` when the server delivers
    /// no notifications.
    public let notifications: NotificationDispatcher?

    /// Creates a dispatcher.
    public init(environment: ServerEnvironment, limits: WireLimits, notifications: NotificationDispatcher? = nil) {
        self.environment = environment
        self.limits = limits
        self.notifications = notifications
    }

    /// Answers a unary call.
    /// - Throws: ``CouncilError`` (permission, validation, transition, storage) or ``WireError``; the connection turns
    ///   either into the call's status with `WireStatus(error:)`.
    public func respond(to request: WireRequest, metadata: CallMetadata, as caller: Caller) async throws -> WireResponse {
        try caller.authorize(request.method)
        let service = environment.cases
        switch request {
        case .getServerInfo:
            return .getServerInfo(
                ServerInfo(
                    serverID: environment.serverID, serverVersion: environment.serverVersion,
                    protocolVersions: [WireProtocol.version], serverTime: environment.clock.now(), limits: limits,
                    district: service.directory.district))
        case .checkHealth:
            if environment.isDraining { return .checkHealth(.draining) }
            do {
                _ = try await environment.store.latestSequence()
                return .checkHealth(.serving)
            } catch {
                return .checkHealth(.notServing)
            }
        case .listCommunities(let community):
            return .listCommunities(try communities(service.directory, community))
        case .locateGridCell(let code):
            guard let cell = service.directory.gridCells[code], let community = service.directory.communities[cell.community] else {
                throw CouncilError.notFound("the directory has no grid cell \(code.prefix(64))")
            }
            return .locateGridCell(cell, community)
        case .listUnits(let kind):
            return .listUnits(service.directory.units.values.filter { kind == nil || $0.kind == kind }.sorted { $0.code < $1.code })
        case .listPeople(let community, let role):
            return .listPeople(
                service.directory.people.values
                    .filter { (community == nil || $0.community == community) && (role == nil || $0.roles.contains(role!)) }
                    .sorted { $0.id < $1.id })
        case .listCategories:
            let policy = service.configuration.policy
            return .listCategories(
                service.directory.categories.values.sorted { $0.code < $1.code }.map { CategoryInfo(category: $0, policy: policy) },
                policy: policy)
        case .getCase(let key):
            let found: CouncilCase
            switch key {
            case .id(let id): found = try await service.case(id)
            case .number(let number): found = try await service.case(number: number)
            case .externalReference(let reference): found = try await service.case(externalReference: reference)
            }
            return .getCase(view(found, service, caller))
        case .getHistory(let id):
            return .getHistory(try await service.history(of: id).map { mask($0, caller) }, disclosure: caller.disclosure)
        case .findCases(let query):
            let page = try await service.find(query)
            return .findCases(page.cases.map { view($0, service, caller) }, nextCursor: page.nextCursor)
        case .listChanges(let after, let limit):
            let events = try await service.changes(after: after, limit: limit)
            return .listChanges(
                events.map { mask($0, caller) }, latestSequence: try await environment.store.latestSequence(),
                disclosure: caller.disclosure)
        case .watchEvents:
            throw CouncilError(.invalidArgument, "watch_events is a stream", field: "call")
        case .submit(let submission):
            // A system files cases under its own references; only hall staff may enter another system's (a petition
            // brought in on paper, say), since that system may then evaluate, verify and withdraw the case.
            if let reference = submission.externalReference, reference.system != caller.principal.system,
                !caller.scopes.contains(.manage)
            {
                throw CouncilError(
                    .permissionDenied, "\(caller.principal.system) may not register cases under \(reference.system)'s references",
                    field: "submission.externalReference.system")
            }
            let result = try await idempotent(metadata, request, caller) {
                let result = try await service.submit(submission, by: caller.principal)
                return (result.case, result.created)
            }
            return .submit(view(result.0, service, caller), created: result.1)
        default:
            if let answer = try await council(request, caller) { return answer }
            guard let target = request.target, let operation = request.method.operation else {
                throw CouncilError(.invalidArgument, "the call names no method this server knows", field: "call")
            }
            let result = try await idempotent(metadata, request, caller) {
                (try await perform(request, on: target, operation: operation, service, caller), false)
            }
            return .updated(operation, view(result.0, service, caller))
        }
    }

    /// Runs a case operation.
    private func perform(
        _ request: WireRequest, on target: CaseTarget, operation: CaseOperation, _ service: CaseService, _ caller: Caller
    ) async throws -> CouncilCase {
        let id = target.id, version = target.expectedVersion, by = caller.principal
        if Caller.sourceSystemOperations.contains(operation), !caller.scopes.contains(.manage) {
            try caller.requireSourceSystem(of: try await service.case(id), for: operation)
        }
        switch request {
        case .accept(_, let category, let priority, let note):
            return try await service.accept(id, category: category, priority: priority, note: note, by: by, expectedVersion: version)
        case .decline(_, let reason): return try await service.decline(id, reason: reason, by: by, expectedVersion: version)
        case .refer(_, let referral): return try await service.refer(id, referral, by: by, expectedVersion: version)
        case .dispatch(_, let unit, let due, let instructions):
            return try await service.dispatch(id, to: unit, due: due, instructions: instructions, by: by, expectedVersion: version)
        case .handleLocally(_, let note, let due):
            return try await service.handleLocally(id, note: note, due: due, by: by, expectedVersion: version)
        case .returnCase(_, let reason): return try await service.returnCase(id, reason: reason, by: by, expectedVersion: version)
        case .merge(_, let master): return try await service.merge(id, into: master, by: by, expectedVersion: version)
        case .scheduleDeliberation(_, let meeting, let note):
            return try await service.scheduleDeliberation(id, meeting: meeting, note: note, by: by, expectedVersion: version)
        case .recordDeliberationOutcome(_, let record):
            return try await service.recordDeliberationOutcome(id, record, by: by, expectedVersion: version)
        case .addProgress(_, let note): return try await service.addProgress(id, note: note, by: by, expectedVersion: version)
        case .requestExtension(_, let request): return try await service.requestExtension(id, request, by: by, expectedVersion: version)
        case .approveExtension(_, let approver, let message):
            return try await service.approveExtension(id, approver: approver, messageToSubmitter: message, by: by, expectedVersion: version)
        case .denyExtension(_, let approver, let reason):
            return try await service.denyExtension(id, approver: approver, reason: reason, by: by, expectedVersion: version)
        case .resolve(_, let result): return try await service.resolve(id, result, by: by, expectedVersion: version)
        case .recordFeedback(_, let feedback): return try await service.recordFeedback(id, feedback, by: by, expectedVersion: version)
        case .evaluate(_, let evaluation): return try await service.evaluate(id, evaluation, by: by, expectedVersion: version)
        case .rework(_, let reason): return try await service.rework(id, reason: reason, by: by, expectedVersion: version)
        case .verify(_, let verification): return try await service.verify(id, verification, by: by, expectedVersion: version)
        case .close(_, let note): return try await service.close(id, note: note, by: by, expectedVersion: version)
        case .withdraw(_, let reason): return try await service.withdraw(id, reason: reason, by: by, expectedVersion: version)
        case .closeUnrated: return try await service.closeUnrated(id, by: by, expectedVersion: version)
        default:
            throw CouncilError(.invalidArgument, "the call names no case operation", field: "call")
        }
    }

    // MARK: Streaming

    /// Streams `watch_events`: every stored event after `after`, then each new one, until the task is cancelled
    /// or `send` returns `false`.
    ///
    /// Subscribes to the live feed before reading what is stored, so nothing committed in between is missed, and
    /// passes each event once, in sequence order.
    public func watch(after: Int64, as caller: Caller, send: @Sendable ([CaseEvent]) async -> Bool) async throws {
        try caller.authorize(.watchEvents)
        guard after >= 0 else { throw CouncilError.invalid("after", "the sequence number cannot be negative") }
        let subscription = await environment.feed.subscribe()
        defer { Task { [feed = environment.feed] in await feed.unsubscribe(subscription.id) } }
        var last = after
        while true {
            let stored = try await environment.store.events(after: last, limit: 100)
            guard let newest = stored.last else { break }
            guard await send(stored.map { mask($0, caller) }) else { return }
            last = newest.sequence
            if stored.count < 100 { break }
        }
        for await batch in subscription.events {
            try Task.checkCancellation()
            let fresh = batch.filter { $0.sequence > last }
            guard let newest = fresh.last else { continue }
            guard await send(fresh.map { mask($0, caller) }) else { return }
            last = newest.sequence
        }
        try Task.checkCancellation()
        throw CouncilError(.storageUnavailable, "the server stopped following the store")
    }

    // MARK: Idempotency keys

    /// Remembers the outcome of a case operation under the caller's idempotency key for 24 hours, so a retry with
    /// the same key is answered with the case as it is now instead of being done again.
    private func idempotent(
        _ metadata: CallMetadata, _ request: WireRequest, _ caller: Caller,
        _ body: () async throws -> (CouncilCase, Bool)
    ) async throws -> (CouncilCase, Bool) {
        guard let key = metadata.idempotencyKey, !key.isEmpty else { return try await body() }
        let id = "\(caller.principal.system)\n\(key)"
        let now = environment.clock.now()
        if let earlier = try await environment.store.fetch(IdempotencyRecord.self, id: id)?.record,
            now.millisecondsSince1970 - earlier.at.millisecondsSince1970 < IdempotencyRecord.lifetimeMilliseconds
        {
            guard earlier.method == request.method.rawValue else {
                throw CouncilError.invalid(
                    "metadata.idempotencyKey", "this idempotency key was used for another operation; use a new key per operation")
            }
            guard let caseID = CaseID(earlier.caseID) else { throw CouncilError(.dataCorrupted, "a stored idempotency record is malformed") }
            return (try await environment.cases.case(caseID), false)
        }
        let result = try await body()
        let record = IdempotencyRecord(id: id, method: request.method.rawValue, caseID: result.0.id.rawValue, at: now)
        do {
            let existing = try await environment.store.fetch(IdempotencyRecord.self, id: id)
            try await environment.store.save(record, expectedVersion: existing?.version ?? 0)
        } catch let error as CouncilError where error.code == .versionConflict {
            // A concurrent retry with the same key recorded it first; either record answers later retries.
        }
        return result
    }

    // MARK: Views

    func view(_ state: CouncilCase, _ service: CaseService, _ caller: Caller) -> CaseView {
        CaseView(
            state: caller.disclosure == .full ? state : state.maskingPersonalData(), submitterDisclosure: caller.disclosure,
            allowedOperations: service.allowedOperations(for: state), deadlineState: service.deadlineState(of: state))
    }

    private func mask(_ event: CaseEvent, _ caller: Caller) -> CaseEvent {
        caller.disclosure == .full ? event : event.maskingPersonalData()
    }

    private func communities(_ directory: Directory, _ community: String?) throws -> CommunityListing {
        guard let community else {
            return CommunityListing(
                district: directory.district, communities: directory.sortedCommunities,
                compounds: directory.compounds.values.sorted { $0.code < $1.code },
                buildings: directory.buildings.values.sorted { $0.code < $1.code },
                gridCells: directory.gridCells.values.sorted { $0.code < $1.code })
        }
        guard let found = directory.communities[community] else {
            throw CouncilError.notFound("the directory has no community \(community.prefix(64))")
        }
        let compounds = directory.compounds.values.filter { $0.community == community }.sorted { $0.code < $1.code }
        let compoundCodes = Set(compounds.map(\.code))
        return CommunityListing(
            district: directory.district, communities: [found], compounds: compounds,
            buildings: directory.buildings.values.filter { compoundCodes.contains($0.compound) }.sorted { $0.code < $1.code },
            gridCells: directory.gridCells.values.filter { $0.community == community }.sorted { $0.code < $1.code })
    }
}

/// A case operation done under an idempotency key: which method, which case, when.
struct IdempotencyRecord: CouncilRecord {
    static let recordKind = "idempotencyKey"
    /// Keys are remembered for 24 hours.
    static let lifetimeMilliseconds: Int64 = 24 * 3600 * 1000

    var id: String
    var method: Int
    var caseID: String
    var at: Timestamp

    var recordID: String { id }
    var recordCommunity: String? { nil }
    var recordDate: Timestamp? { at }
}
