import CouncilAPI
import CouncilKit
import Foundation

// Running the hall: loading a directory, and the notifications the server gave up on.

extension CouncilService {
    /// Checks the seed, stores it, then puts it in force: a load that could not be used or kept changes nothing.
    public func loadDirectory(_ request: LoadDirectoryRequest, context: CallContext) async throws -> LoadDirectoryResponse {
        let seed = try DirectorySeed.decode(Data(request.seed))
        let directory = try seed.directory()
        try environment.check(directory)
        let version = try await StoredDirectory(seed: seed, loadedAt: environment.clock.now(), loadedBy: context.caller.principal.system)
            .save(in: environment.store)
        try environment.replaceDirectory(directory, calendar: seed.calendar ?? WorkCalendar(), version: version)
        return LoadDirectoryResponse(
            district: directory.district, communities: directory.communities.count, compounds: directory.compounds.count,
            buildings: directory.buildings.count, households: directory.households.count, gridCells: directory.gridCells.count,
            units: directory.units.count, people: directory.people.count, categories: directory.categories.count,
            version: Int64(version))
    }

    /// No states: the pending ones.
    public func listDeadLetters(_ request: ListDeadLettersRequest, context: CallContext) async throws -> [DeadLetter] {
        try await deadLetters().deadLetters(
            channel: request.channel.isEmpty ? nil : request.channel, community: request.community.isEmpty ? nil : request.community,
            states: request.states.isEmpty ? [.pending] : request.states)
    }

    public func replayDeadLetter(_ request: ReplayDeadLetterRequest, context: CallContext) async throws -> DeadLetter {
        try await deadLetters().replay(request.id)
    }

    public func discardDeadLetter(_ request: DiscardDeadLetterRequest, context: CallContext) async throws -> DeadLetter {
        try await deadLetters().discard(request.id, note: request.note)
    }

    public func getNotificationProgress(_ request: GetNotificationProgressRequest, context: CallContext) async throws -> NotificationProgress {
        try await deadLetters().progress()
    }

    /// The notification courier, or FAILED_PRECONDITION when the server runs none.
    private func deadLetters() throws -> NotificationCourier {
        guard let notifications else { throw CouncilError(.failedPrecondition, "this server delivers no notifications") }
        return notifications
    }
}
