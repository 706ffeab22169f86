import CouncilKit
import CouncilWire

// The protocol's methods as typed calls. Each case operation mirrors the CaseService method of the same name;
// `expectedVersion` makes it conditional on the version last read (ABORTED when stale).

extension CouncilClient {
    // MARK: Server and directory

    /// Who the server is, what it speaks and its limits.
    public func serverInfo() async throws -> ServerInfo {
        guard case .getServerInfo(let info) = try await call(.getServerInfo) else { throw Self.unexpected }
        return info
    }

    /// Whether the server can take work.
    public func health() async throws -> ServingStatus {
        guard case .checkHealth(let status) = try await call(.checkHealth) else { throw Self.unexpected }
        return status
    }

    /// The district and its communities, compounds, buildings and grid cells — all, or one community's.
    public func communities(_ community: String? = nil) async throws -> CommunityListing {
        guard case .listCommunities(let listing) = try await call(.listCommunities(community: community)) else { throw Self.unexpected }
        return listing
    }

    /// The community a grid cell lies in.
    public func locate(gridCell: String) async throws -> (GridCell, Community) {
        guard case .locateGridCell(let cell, let community) = try await call(.locateGridCell(gridCell)) else { throw Self.unexpected }
        return (cell, community)
    }

    /// Responsible units, optionally of one kind.
    public func units(kind: ResponsibleUnit.Kind? = nil) async throws -> [ResponsibleUnit] {
        guard case .listUnits(let units) = try await call(.listUnits(kind: kind)) else { throw Self.unexpected }
        return units
    }

    /// People, optionally of one community and role.
    public func people(community: String? = nil, role: Person.Role? = nil) async throws -> [Person] {
        guard case .listPeople(let people) = try await call(.listPeople(community: community, role: role)) else { throw Self.unexpected }
        return people
    }

    /// Categories with their time limits, and the whole policy.
    public func categories() async throws -> ([CategoryInfo], TimeLimitPolicy) {
        guard case .listCategories(let categories, let policy) = try await call(.listCategories) else { throw Self.unexpected }
        return (categories, policy)
    }

    // MARK: Queries

    /// One case by id, number or external reference.
    public func getCase(_ key: CaseKey) async throws -> CaseView {
        guard case .getCase(let view) = try await call(.getCase(key)) else { throw Self.unexpected }
        return view
    }

    /// Every event of a case, oldest first.
    public func history(of id: CaseID) async throws -> [CaseEvent] {
        guard case .getHistory(let events, _) = try await call(.getHistory(id)) else { throw Self.unexpected }
        return events
    }

    /// One page of the cases matching `query`, and the cursor of the next page.
    public func find(_ query: CaseQuery) async throws -> (cases: [CaseView], nextCursor: String?) {
        guard case .findCases(let views, let next) = try await call(.findCases(query)) else { throw Self.unexpected }
        return (views, next)
    }

    /// The changes feed: up to `limit` events after sequence `after`, and the latest sequence stored.
    public func changes(after: Int64, limit: Int = 100) async throws -> (events: [CaseEvent], latestSequence: Int64) {
        guard case .listChanges(let events, let latest, _) = try await call(.listChanges(after: after, limit: limit)) else {
            throw Self.unexpected
        }
        return (events, latest)
    }

    /// Every event after sequence `after`, then each new one as it is committed, in order, until the task is
    /// cancelled or the server ends the stream (it throws the ending status unless the stream was cancelled).
    ///
    /// Resume after any ending with the last sequence processed: nothing is lost and nothing repeats.
    public func watch(after: Int64) -> AsyncThrowingStream<[CaseEvent], any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: [CaseEvent].self)
        let task = Task {
            do {
                let (connection, _) = try await connection()
                for try await frame in try connection.stream(.watchEvents(after: after), metadata: CallMetadata()) {
                    if case .watchEvents(let events, _)? = frame.response { continuation.yield(events) }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    // MARK: The five-step loop

    /// Registers a case; `created` is false when an identical submission with the same external reference was
    /// registered before (retrying a submit is always safe).
    public func submit(_ submission: Submission, metadata: CallMetadata = CallMetadata()) async throws -> (case: CaseView, created: Bool) {
        guard case .submit(let view, let created) = try await call(.submit(submission), metadata: metadata) else { throw Self.unexpected }
        return (view, created)
    }

    /// Accepts a case (受理).
    public func accept(
        _ id: CaseID, category: String? = nil, priority: Priority? = nil, note: String? = nil, expectedVersion: Int? = nil,
        metadata: CallMetadata = CallMetadata()
    ) async throws -> CaseView {
        try await updated(.accept(CaseTarget(id, expectedVersion: expectedVersion), category: category, priority: priority, note: note), metadata)
    }

    /// Declines a case (不予受理).
    public func decline(_ id: CaseID, reason: String, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()) async throws -> CaseView {
        try await updated(.decline(CaseTarget(id, expectedVersion: expectedVersion), reason: reason), metadata)
    }

    /// Refers a case outside (转送).
    public func refer(_ id: CaseID, _ referral: Referral, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()) async throws -> CaseView {
        try await updated(.refer(CaseTarget(id, expectedVersion: expectedVersion), referral), metadata)
    }

    /// Dispatches a case to a unit (派遣).
    public func dispatch(
        _ id: CaseID, to unit: String, due: Timestamp? = nil, instructions: String? = nil, expectedVersion: Int? = nil,
        metadata: CallMetadata = CallMetadata()
    ) async throws -> CaseView {
        try await updated(.dispatch(CaseTarget(id, expectedVersion: expectedVersion), unit: unit, due: due, instructions: instructions), metadata)
    }

    /// Has the community handle a case itself (即办).
    public func handleLocally(
        _ id: CaseID, note: String? = nil, due: Timestamp? = nil, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()
    ) async throws -> CaseView {
        try await updated(.handleLocally(CaseTarget(id, expectedVersion: expectedVersion), note: note, due: due), metadata)
    }

    /// A unit sends a case back (退回).
    public func returnCase(_ id: CaseID, reason: String, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()) async throws -> CaseView {
        try await updated(.returnCase(CaseTarget(id, expectedVersion: expectedVersion), reason: reason), metadata)
    }

    /// Merges a duplicate into a master case (重复件).
    public func merge(_ id: CaseID, into master: CaseID, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()) async throws -> CaseView {
        try await updated(.merge(CaseTarget(id, expectedVersion: expectedVersion), master: master), metadata)
    }

    /// Puts a case before a council meeting (上会).
    public func scheduleDeliberation(
        _ id: CaseID, meeting: String? = nil, note: String? = nil, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()
    ) async throws -> CaseView {
        try await updated(.scheduleDeliberation(CaseTarget(id, expectedVersion: expectedVersion), meeting: meeting, note: note), metadata)
    }

    /// Records a meeting's outcome on a case (协商议事).
    public func recordDeliberationOutcome(
        _ id: CaseID, _ record: DeliberationRecord, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()
    ) async throws -> CaseView {
        try await updated(.recordDeliberationOutcome(CaseTarget(id, expectedVersion: expectedVersion), record), metadata)
    }

    /// Logs handling progress.
    public func addProgress(_ id: CaseID, note: String, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()) async throws -> CaseView {
        try await updated(.addProgress(CaseTarget(id, expectedVersion: expectedVersion), note: note), metadata)
    }

    /// Asks for more time (延期).
    public func requestExtension(
        _ id: CaseID, _ request: ExtensionRequest, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()
    ) async throws -> CaseView {
        try await updated(.requestExtension(CaseTarget(id, expectedVersion: expectedVersion), request), metadata)
    }

    /// Approves the pending extension.
    public func approveExtension(
        _ id: CaseID, approver: String, messageToSubmitter: String, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()
    ) async throws -> CaseView {
        try await updated(
            .approveExtension(CaseTarget(id, expectedVersion: expectedVersion), approver: approver, messageToSubmitter: messageToSubmitter), metadata)
    }

    /// Denies the pending extension.
    public func denyExtension(
        _ id: CaseID, approver: String, reason: String, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()
    ) async throws -> CaseView {
        try await updated(.denyExtension(CaseTarget(id, expectedVersion: expectedVersion), approver: approver, reason: reason), metadata)
    }

    /// Records the result of handling (办结).
    public func resolve(_ id: CaseID, _ result: HandlingResult, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()) async throws -> CaseView {
        try await updated(.resolve(CaseTarget(id, expectedVersion: expectedVersion), result), metadata)
    }

    /// Records that the result was told to the submitter (反馈).
    public func recordFeedback(_ id: CaseID, _ feedback: Feedback, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()) async throws -> CaseView {
        try await updated(.recordFeedback(CaseTarget(id, expectedVersion: expectedVersion), feedback), metadata)
    }

    /// Records the submitter's rating (评价).
    public func evaluate(_ id: CaseID, _ evaluation: Evaluation, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()) async throws -> CaseView {
        try await updated(.evaluate(CaseTarget(id, expectedVersion: expectedVersion), evaluation), metadata)
    }

    /// Sends a case back to handling (返工).
    public func rework(_ id: CaseID, reason: String, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()) async throws -> CaseView {
        try await updated(.rework(CaseTarget(id, expectedVersion: expectedVersion), reason: reason), metadata)
    }

    /// Records the source system's on-site verification (核查).
    public func verify(_ id: CaseID, _ verification: Verification, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()) async throws -> CaseView {
        try await updated(.verify(CaseTarget(id, expectedVersion: expectedVersion), verification), metadata)
    }

    /// Closes a case (结案).
    public func close(_ id: CaseID, note: String? = nil, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()) async throws -> CaseView {
        try await updated(.close(CaseTarget(id, expectedVersion: expectedVersion), note: note), metadata)
    }

    /// The submitter drops a case (撤回).
    public func withdraw(_ id: CaseID, reason: String? = nil, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()) async throws -> CaseView {
        try await updated(.withdraw(CaseTarget(id, expectedVersion: expectedVersion), reason: reason), metadata)
    }

    /// Closes a case whose evaluation window passed without a rating.
    public func closeUnrated(_ id: CaseID, expectedVersion: Int? = nil, metadata: CallMetadata = CallMetadata()) async throws -> CaseView {
        try await updated(.closeUnrated(CaseTarget(id, expectedVersion: expectedVersion)), metadata)
    }
}
