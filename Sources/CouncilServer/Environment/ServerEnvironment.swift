import CouncilKit
import CouncilWire
import Logging
import Metrics
import Synchronization

/// What every call works with: the store, the directory, the rules, the clock and the live event feed.
///
/// Built once per server; the directory (with its work calendar) can be replaced while the server runs: the next
/// call, the next deadline scan and the next notification routed see the new one.
public final class ServerEnvironment: Sendable {
    /// Where cases and records live.
    public let store: any CaseStore
    /// The source of the current time, and the clock every server timer runs on.
    public let clock: any SleepingClock
    /// Follows the store for live watch streams.
    public let feed: EventFeed
    /// The instance's name.
    public let serverID: String
    /// The server's version, reported by get_server_info.
    public let serverVersion: String
    /// The notification routing rules, checked against every directory put in force.
    public let routing: NotificationRouting
    /// The notification channels the routing may name.
    public let notificationChannels: Set<String>
    /// The annual assessment's weights and threshold for calls that give none.
    public let assessmentWeights: AssessmentService.Weights
    /// Options of the three-level linkage.
    public let linkage: LinkageService.Configuration
    /// Where the server records its metrics (``CouncilMetrics``).
    public let metrics: any MetricsFactory
    // The directory, the rules whose calendar came with it and the router over it change together.
    private let current: Mutex<Current>
    private let drainingFlag = Atomic<Bool>(false)

    private struct Current {
        var directory: Directory
        var configuration: CaseService.Configuration
        var router: NotificationRouter
        var directoryVersion: Int
    }

    /// Creates an environment.
    /// - Parameters:
    ///   - store: Where cases and records live.
    ///   - directory: The directory in force at the start.
    ///   - configuration: The rules and limits of the loop, with the work calendar.
    ///   - clock: The source of the current time.
    ///   - feed: The live event feed.
    ///   - serverID: The instance's name.
    ///   - serverVersion: The server's version.
    ///   - routing: The notification routing rules.
    ///   - notificationChannels: The channels the routing may name.
    ///   - directoryVersion: The version of the stored directory `directory` came from (``StoredDirectory``); 0 for a
    ///     seed file.
    ///   - assessmentWeights: The annual assessment's weights and threshold for calls that give none.
    ///   - linkage: Options of the three-level linkage.
    ///   - metrics: Where the server records its metrics; the process's `MetricsSystem.factory` by default.
    /// - Throws: ``CouncilError/Code/invalidArgument`` when the routing names a channel, unit, person or community
    ///   that does not exist.
    public init(
        store: any CaseStore, directory: Directory, configuration: CaseService.Configuration,
        clock: any SleepingClock = SystemClock(), feed: EventFeed, serverID: String, serverVersion: String = "0.1.0",
        routing: NotificationRouting = .standard(channel: "log"), notificationChannels: Set<String> = ["log"],
        directoryVersion: Int = 0, assessmentWeights: AssessmentService.Weights = .standard,
        linkage: LinkageService.Configuration = LinkageService.Configuration(),
        metrics: any MetricsFactory = MetricsSystem.factory
    ) throws {
        try routing.validate(channels: notificationChannels, directory: directory)
        self.store = store
        self.clock = clock
        self.feed = feed
        self.serverID = serverID
        self.serverVersion = serverVersion
        self.routing = routing
        self.notificationChannels = notificationChannels
        self.assessmentWeights = assessmentWeights
        self.linkage = linkage
        self.metrics = metrics
        self.current = Mutex(Current(
            directory: directory, configuration: configuration,
            router: NotificationRouter(routing: routing, directory: directory, calendar: configuration.calendar),
            directoryVersion: directoryVersion))
    }

    /// The directory now in force.
    public var directory: Directory { current.withLock { $0.directory } }

    /// Rules and limits of the loop, with the work calendar now in force.
    public var configuration: CaseService.Configuration { current.withLock { $0.configuration } }

    /// The notification router over the directory now in force.
    public var router: NotificationRouter { current.withLock { $0.router } }

    /// The version of the stored directory now in force (``StoredDirectory``); 0 while it is the seed file's.
    public var directoryVersion: Int { current.withLock { $0.directoryVersion } }

    /// Checks that `directory` can be put in force: the notification routing names nothing it lacks.
    /// - Throws: ``CouncilError/Code/invalidArgument`` on field `seed`, naming what the routing needs.
    public func check(_ directory: Directory) throws {
        do {
            try routing.validate(channels: notificationChannels, directory: directory)
        } catch let error as CouncilError {
            throw CouncilError.invalid(
                "seed", "the server's notification routing (\(error.field ?? "routing")) needs what this directory lacks: \(error.message)")
        }
    }

    /// Puts `directory` and its work calendar in force for every later call, scan and notification, unless a
    /// stored directory of `version` or later is already in force.
    /// - Parameters:
    ///   - directory: The directory.
    ///   - calendar: Its work calendar: a seed file brings both.
    ///   - version: The version it was stored as (``StoredDirectory/save(in:)``).
    /// - Returns: Whether it was put in force.
    /// - Throws: What ``check(_:)`` throws; nothing changes then.
    @discardableResult
    public func replaceDirectory(_ directory: Directory, calendar: WorkCalendar, version: Int) throws -> Bool {
        try check(directory)
        return current.withLock {
            guard version > $0.directoryVersion else { return false }
            $0.directory = directory
            $0.configuration.calendar = calendar
            $0.router = NotificationRouter(routing: routing, directory: directory, calendar: calendar)
            $0.directoryVersion = version
            return true
        }
    }

    /// The case service over the current directory.
    public var cases: CaseService {
        let (directory, configuration) = current.withLock { ($0.directory, $0.configuration) }
        return CaseService(store: store, directory: directory, configuration: configuration, clock: clock)
    }

    /// Whether the server is shutting down.
    public var isDraining: Bool { drainingFlag.load(ordering: .relaxed) }

    func beginDraining() { drainingFlag.store(true, ordering: .relaxed) }
}
