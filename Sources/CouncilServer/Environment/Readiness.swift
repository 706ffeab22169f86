import CouncilKit

/// One condition a node must meet to be given traffic, as its admin listener's `/readyz` reports it.
public struct ReadinessCheck: Hashable, Sendable {
    /// What is checked: `store`, `directory`, `draining`, `disk`.
    public var name: String
    /// Whether the condition is met.
    public var isReady: Bool
    /// What was found, in words (never personal data).
    public var detail: String

    /// Creates a check's outcome.
    public init(name: String, isReady: Bool, detail: String) {
        self.name = name
        self.isReady = isReady
        self.detail = detail
    }
}

extension CouncilServer {
    /// The server's share of readiness: the store reads and writes (judged as `check_health` judges it, with a probe
    /// write at most every ten seconds while nothing else writes), a directory with at least one community is in
    /// force, and the server is not shutting down.
    public func readiness() async -> [ReadinessCheck] {
        let environment = service.environment
        var checks: [ReadinessCheck] = []
        do {
            let sequence = try await environment.store.latestSequence()
            if let failure = await service.writeHealth.check() {
                checks.append(ReadinessCheck(name: "store", isReady: false, detail: "cannot write: \(failure.code): \(failure.message)"))
            } else {
                checks.append(ReadinessCheck(name: "store", isReady: true, detail: "reads and writes; latest event \(sequence)"))
            }
        } catch {
            checks.append(ReadinessCheck(name: "store", isReady: false, detail: "cannot read: \((error as? CouncilError).map { "\($0.code): \($0.message)" } ?? "the store did not answer")"))
        }
        let directory = environment.directory
        checks.append(
            ReadinessCheck(
                name: "directory", isReady: !directory.communities.isEmpty,
                detail: "\(directory.district.name): \(directory.communities.count) communities, \(directory.units.count) units, version \(environment.directoryVersion)"))
        checks.append(
            ReadinessCheck(
                name: "draining", isReady: !environment.isDraining,
                detail: environment.isDraining ? "shutting down: no new connections" : "accepting connections"))
        return checks
    }
}
