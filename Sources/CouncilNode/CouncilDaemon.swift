import CouncilAPI
import CouncilKit
import CouncilPostgres
import CouncilSQLite
import CouncilServer
import CouncilWebhook
import Foundation
import Logging
import Metrics
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
    /// The node's metrics, which the admin listener serves.
    public let metrics: PrometheusMetrics
    /// The HTTP admin listener (`/metrics`, `/healthz`, `/readyz`), when the configuration asks for one.
    public let admin: AdminListener?
    private let services: [any Service]
    private let webhook: WebhookNotifier?
    private let logger: Logger

    /// Opens the store the configuration names and builds every service.
    /// - Parameters:
    ///   - configuration: The configuration; `database` picks the store (a SQLite path, `:memory:`, or a
    ///     `postgres://` URL).
    ///   - demo: Whether to add the demo keys (``demoKeys``).
    ///   - clock: The clock the loop reads; the system clock by default.
    ///   - metrics: Where every component records its metrics, the store's included.
    ///   - logger: Where the daemon logs.
    /// - Throws: ``ServerConfigurationError`` for a configuration that cannot work; ``CouncilError`` when the store or
    ///   the seed cannot be opened.
    public convenience init(
        configuration: ServerConfiguration, demo: Bool = false, clock: any SleepingClock = SystemClock(),
        metrics: PrometheusMetrics = PrometheusMetrics(), logger: Logger
    ) async throws {
        try configuration.checkTransport()
        let store: any CaseStore
        if configuration.database == ":memory:" {
            store = InMemoryCaseStore(metrics: metrics.factory)
        } else if configuration.database.hasPrefix("postgres://") || configuration.database.hasPrefix("postgresql://") {
            // Its pool runs from open to close on its own: the daemon closes it after every service has stopped.
            var postgres = try PostgresCaseStore.Configuration(url: configuration.database)
            postgres.metrics = metrics.factory
            store = try await PostgresCaseStore(configuration: postgres, logger: logger)
        } else {
            var sqlite = SQLiteCaseStore.Configuration()
            sqlite.metrics = metrics.factory
            store = try SQLiteCaseStore(path: configuration.database, configuration: sqlite)
        }
        try await self.init(configuration: configuration, store: store, demo: demo, clock: clock, metrics: metrics, logger: logger)
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
    ///   - metrics: Where every component but the store records its metrics (the store records where it was told
    ///     when it was opened).
    ///   - logger: Where the daemon logs.
    public init(
        configuration: ServerConfiguration, store: any CaseStore, demo: Bool = false,
        clock: any SleepingClock = SystemClock(), metrics: PrometheusMetrics = PrometheusMetrics(), logger: Logger
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
            assessmentWeights: try configuration.assessment.resolved(), linkage: configuration.linkage, metrics: metrics.factory)
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
                store: store, currentRouter: { environment.router }, notifiers: notifiers, clock: clock, logger: logger,
                metrics: metrics.factory)
        } catch {
            try? await webhook?.shutdown()
            throw error
        }
        let deadlines = DeadlineMonitor(currentService: { environment.cases }, clock: clock, logger: logger, metrics: metrics.factory)
        let follower = DirectoryFollower(
            environment: environment, interval: .milliseconds(configuration.directoryRefreshMilliseconds), clock: clock, logger: logger)
        let server = CouncilServer(
            configuration: configuration, environment: environment, keys: keys, security: security, notifications: notifications,
            logger: logger)
        // Started in this order and stopped in reverse: the server drains first. The store is no service of the group:
        // ``run()`` closes it once the group has returned, so no follower still reads it, however the group ended.
        var services: [any Service] = [feed]
        let threshold = configuration.storage.lowFreeSpaceWarningBytes
        var disk: FreeSpaceMonitor?
        if let sqlite = store as? SQLiteCaseStore, threshold > 0 {
            disk = FreeSpaceMonitor(threshold: threshold, clock: clock, logger: logger, metrics: metrics.factory) {
                try await sqlite.availableBytes()
            }
            services.append(disk!)
        }
        services += [follower, deadlines, notifications, server] as [any Service]
        var admin: AdminListener?
        if let setting = configuration.admin, !setting.isOff {
            _ = try setting.hostAndPort()
            let readiness = Readiness(server: server, disk: disk, notifications: notifications, metrics: metrics)
            admin = AdminListener(
                listen: setting.listen, metrics: { await readiness.exposition() }, readiness: { await readiness.checks() },
                clock: clock, logger: logger)
            // First to start and last to stop: /readyz reports the drain while the server finishes its calls.
            services.insert(admin!, at: 0)
        }

        self.server = server
        self.environment = environment
        self.notifications = notifications
        self.metrics = metrics
        self.admin = admin
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

/// What the admin listener asks of the node: its readiness, and the metrics that are read when scraped rather than
/// recorded as they happen (readiness, notification backlogs and dead letters).
private struct Readiness: Sendable {
    let server: CouncilServer
    let disk: FreeSpaceMonitor?
    let notifications: NotificationCourier
    let metrics: PrometheusMetrics

    /// The server's checks and, for a SQLite store, free disk space above the warning threshold.
    func checks() async -> [ReadinessCheck] {
        var checks = await server.readiness()
        if let disk {
            if let free = await disk.check() {
                checks.append(
                    ReadinessCheck(
                        name: "disk", isReady: free >= disk.threshold,
                        detail: "\(free) bytes free, threshold \(disk.threshold) (storage.lowFreeSpaceWarningBytes)"))
            } else {
                checks.append(ReadinessCheck(name: "disk", isReady: false, detail: "the store's free space cannot be measured"))
            }
        }
        return checks
    }

    /// Brings the metrics read at scrape time up to date, then exposes every metric.
    func exposition() async -> [UInt8] {
        let factory = metrics.factory
        factory.meter(CouncilMetrics.ready).set(await checks().allSatisfy(\.isReady) ? 1 : 0)
        if let progress = try? await notifications.progress() {
            for channel in progress.channels {
                factory.meter(CouncilMetrics.notificationBacklog, channel.channel).set(channel.backlog)
                factory.meter(CouncilMetrics.deadLetters, channel.channel).set(channel.pendingDeadLetters)
            }
        }
        return metrics.exposition()
    }
}
