import CouncilAPI
import CouncilKit
import CouncilPostgres
import CouncilSQLite
import CouncilServer
import CouncilWebhook
import Foundation
import Logging
import ServiceLifecycle

/// Everything councild runs, built from a configuration: the store, the server, the live event feed, the deadline
/// monitor and the notification courier.
///
/// `councild` is a thin `@main` around it; tests build one on port 0 with the in-memory store and talk to it over
/// real sockets.
public final class CouncilDaemon: Service, Sendable {
    /// Keys `--demo` installs, one per typical client system. Development only: anyone who reads this can connect.
    public static let demoKeys: [(key: String, entry: KeyRing.Entry)] = [
        ("demo-hall-staff", KeyRing.Entry(system: "hall-staff", keyHash: KeyRing.hash("demo-hall-staff"), scopes: Set(Scope.allCases))),
        ("demo-petition-office", KeyRing.Entry(system: "petition-office", keyHash: KeyRing.hash("demo-petition-office"), scopes: [.submit, .read])),
        ("demo-grid-platform", KeyRing.Entry(system: "grid-platform", keyHash: KeyRing.hash("demo-grid-platform"), scopes: [.submit, .read])),
    ]

    /// The server.
    public let server: CouncilServer
    /// What calls work with.
    public let environment: ServerEnvironment
    /// Delivers the notifications of every change; its dead letters are what the dead-letter methods reach.
    public let notifications: NotificationCourier
    private let services: [any Service]
    private let webhook: WebhookNotifier?
    private let logger: Logger

    /// Opens the store the configuration names and builds every service.
    /// - Parameters:
    ///   - configuration: The configuration; `database` picks the store (a SQLite path, `:memory:`, or a
    ///     `postgres://` URL).
    ///   - demo: Whether to add the demo keys (``demoKeys``).
    ///   - clock: The clock the loop reads; the system clock by default.
    ///   - logger: Where the daemon logs.
    /// - Throws: ``ServerConfigurationError`` for a configuration that cannot work; ``CouncilError`` when the store or
    ///   the seed cannot be opened.
    public convenience init(
        configuration: ServerConfiguration, demo: Bool = false, clock: any SleepingClock = SystemClock(), logger: Logger
    ) async throws {
        try configuration.checkTransport()
        let store: any CaseStore
        if configuration.database == ":memory:" {
            store = InMemoryCaseStore()
        } else if configuration.database.hasPrefix("postgres://") || configuration.database.hasPrefix("postgresql://") {
            // Its pool runs from open to close on its own: the daemon closes it after every service has stopped.
            store = try await PostgresCaseStore(configuration: .init(url: configuration.database), logger: logger)
        } else {
            store = try SQLiteCaseStore(path: configuration.database)
        }
        try await self.init(configuration: configuration, store: store, demo: demo, clock: clock, logger: logger)
    }

    /// Builds every service around a store the caller opened; the daemon closes it when it stops, after every service
    /// that uses it has returned.
    ///
    /// The directory is the one last loaded over the wire (`load_directory`) when the store holds one
    /// (``StoredDirectory``), so a restart and every node on the same database keep it; otherwise the configuration's
    /// seed file, or the demo seed. A directory another node loads later is put in force within
    /// ``ServerConfiguration/directoryRefreshMilliseconds`` (``DirectoryFollower``).
    /// - Parameters:
    ///   - configuration: The configuration (its `database` is not used).
    ///   - store: The store. A SQLite store's free space is watched (``FreeSpaceMonitor``,
    ///     ``ServerConfiguration/Storage``).
    ///   - demo: Whether to add the demo keys (``demoKeys``).
    ///   - clock: The clock the loop reads.
    ///   - logger: Where the daemon logs.
    public init(
        configuration: ServerConfiguration, store: any CaseStore, demo: Bool = false,
        clock: any SleepingClock = SystemClock(), logger: Logger
    ) async throws {
        var configuration = configuration
        if demo { configuration.keys += Self.demoKeys.map(\.entry) }
        let keys = try KeyRing(configuration.keys)
        let security = try configuration.tls.map(TransportSecurity.init)
        try configuration.checkTransport()
        if keys.isEmpty && (security?.configuration.clientSystems.isEmpty ?? true) {
            logger.warning("no client keys are configured: every handshake will be refused (add keys, or run with --demo)")
        }

        let seed: DirectorySeed
        var directoryVersion = 0
        if let stored = try await StoredDirectory.current(in: store) {
            seed = stored.record.seed
            directoryVersion = stored.version
            logger.info(
                "using the directory stored by load_directory instead of the seed file",
                metadata: ["version": "\(stored.version)", "loadedBy": "\(stored.record.loadedBy)"])
        } else {
            seed = try configuration.seed.map { try DirectorySeed.load(contentsOf: URL(fileURLWithPath: $0)) } ?? DirectorySeed.qiaoxiDemo()
        }
        let directory = try seed.directory()
        let rules = CaseService.Configuration(policy: configuration.policy ?? .standard, calendar: seed.calendar ?? WorkCalendar())

        let endpoints = configuration.notifications.webhook?.endpoints ?? [:]
        let channel = endpoints.isEmpty ? "log" : "webhook"
        let routing = configuration.notifications.routing?.withStandardRules(channel: channel) ?? .standard(channel: channel)
        let feed = EventFeed(store: store, clock: clock, logger: logger)
        // Checked before the webhook client exists: that client must be shut down once made.
        let environment = try ServerEnvironment(
            store: store, directory: directory, configuration: rules, clock: clock, feed: feed, serverID: configuration.serverID,
            routing: routing, notificationChannels: Set(["log", channel]), directoryVersion: directoryVersion,
            assessmentWeights: try configuration.assessment.resolved(), linkage: configuration.linkage)
        var notifiers: [String: any Notifier] = ["log": LogNotifier(logger: logger)]
        var webhook: WebhookNotifier?
        if !endpoints.isEmpty {
            let notifier = try WebhookNotifier(
                configuration: .init(endpoints: endpoints.mapValues { .init(url: $0.url, secret: $0.secret) }), clock: clock,
                logger: logger)
            notifiers["webhook"] = notifier
            webhook = notifier
        }
        // The monitor and the courier ask the environment for the directory in force each time, so a directory
        // loaded over the wire, here or on another node, reaches them without a restart.
        let notifications: NotificationCourier
        do {
            notifications = try NotificationCourier(
                store: store, currentRouter: { environment.router }, notifiers: notifiers, clock: clock, logger: logger)
        } catch {
            try? await webhook?.shutdown()
            throw error
        }
        let deadlines = DeadlineMonitor(currentService: { environment.cases }, clock: clock, logger: logger)
        let follower = DirectoryFollower(
            environment: environment, interval: .milliseconds(configuration.directoryRefreshMilliseconds), clock: clock, logger: logger)
        let server = CouncilServer(
            configuration: configuration, environment: environment, keys: keys, security: security, notifications: notifications,
            logger: logger)
        // Started in this order and stopped in reverse: the server drains first. The store is no service of the group:
        // ``run()`` closes it once the group has returned, so no follower still reads it, however the group ended.
        var services: [any Service] = [feed]
        let threshold = configuration.storage.lowFreeSpaceWarningBytes
        if let sqlite = store as? SQLiteCaseStore, threshold > 0 {
            services.append(FreeSpaceMonitor(threshold: threshold, clock: clock, logger: logger) { try await sqlite.availableBytes() })
        }
        services += [follower, deadlines, notifications, server] as [any Service]

        self.server = server
        self.environment = environment
        self.notifications = notifications
        self.services = services
        self.webhook = webhook
        self.logger = logger
    }

    /// Runs every service until graceful shutdown or cancellation, then closes the store.
    ///
    /// The store closes only after the group has returned, when each service has: on a graceful shutdown, which stops
    /// them one by one, and as much on cancellation or a service's failure, which stop them all at once.
    public func run() async throws {
        let group = ServiceGroup(
            configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
        do {
            try await group.run()
        } catch {
            try? await webhook?.shutdown()
            try? await environment.store.close()
            throw error
        }
        try? await webhook?.shutdown()
        try await environment.store.close()
        logger.info("stopped")
    }
}
