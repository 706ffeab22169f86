import Logging
import Metrics
import ServiceLifecycle

/// Watches every running clock and records due-soon, overdue and supervision alerts as case events (限时办结预警);
/// closes unrated the cases whose evaluation window has passed without a rating.
///
/// Every ``Configuration/interval`` it lists the cases whose running clock ends within the policy's due-soon window
/// (``CaseQuery/dueBefore``, an indexed query in every store) and asks ``CaseService/raiseDeadlineAlert(_:by:)`` for
/// each one that calls for an alert. The alert is a ``CaseChange/deadlineAlert(_:)`` event: audited, in the changes
/// feed, and notified by the ``NotificationCourier`` like every other change — the supervision (督办) alert to the leader
/// linked to the community (督办) included. The case remembers it, so each threshold fires once per case and due
/// time, also with several monitors on one database.
///
/// A case waiting for the resident's rating gets no alerts; once its evaluation window has passed, the monitor
/// closes it unrated (``CaseService/closeUnrated(_:by:expectedVersion:)``), which the routing tells the submitter
/// and the source system — unless on-site verification is still outstanding, which holds it open.
///
/// Run it in a `ServiceGroup`; it ends on graceful shutdown or cancellation. Pass the service's own clock so
/// "now" and sleeping agree; with a ``ManualClock`` tests advance time instead of sleeping.
public struct DeadlineMonitor: Service {
    /// Monitoring options.
    public struct Configuration: Sendable {
        /// How often the clocks are checked. Defaults to 1 minute.
        public var interval: Duration
        /// Who the alerts are recorded as. Defaults to the system `deadline-monitor`.
        public var principal: Principal
        /// How many cases are read at a time. Defaults to 200.
        public var pageSize: Int

        /// Creates the default configuration.
        public init() {
            self.interval = .seconds(60)
            self.principal = Principal(system: "deadline-monitor")
            self.pageSize = 200
        }
    }

    /// One alert a scan recorded.
    public struct RaisedAlert: Hashable, Sendable {
        /// The case.
        public var caseID: CaseID
        /// The case's number.
        public var caseNumber: CaseNumber
        /// The alert.
        public var alert: DeadlineAlert
    }

    /// The service alerts go through, as it stands now: each scan asks for it once, so a directory or work calendar
    /// replaced while the monitor runs takes effect at the next scan.
    public var service: CaseService { currentService() }
    /// Options.
    public let configuration: Configuration
    private let currentService: @Sendable () -> CaseService
    private let clock: any SleepingClock
    private let logger: Logger
    private let lag: Meter
    private let lastScan: Meter
    private let overdue: Meter

    /// Creates a monitor.
    /// - Parameters:
    ///   - service: The case service; its clock says what time it is.
    ///   - configuration: Options.
    ///   - clock: The clock to sleep on between scans: the service's clock, or a ``ManualClock`` in tests.
    ///   - logger: Where alerts and failures are logged (case numbers only).
    ///   - metrics: Where each scan's lateness (``CouncilMetrics/deadlineLag``), its end
    ///     (``CouncilMetrics/deadlineLastScan``) and the overdue cases it found (``CouncilMetrics/casesOverdue``) are
    ///     recorded.
    public init(
        service: CaseService, configuration: Configuration = Configuration(), clock: any SleepingClock = SystemClock(),
        logger: Logger = Logger(label: "council.deadlines"), metrics: any MetricsFactory = MetricsSystem.factory
    ) {
        self.init(currentService: { service }, configuration: configuration, clock: clock, logger: logger, metrics: metrics)
    }

    /// Creates a monitor whose service can change while it runs: `currentService` is asked once per scan.
    ///
    /// A server whose directory is replaced while it runs passes a closure returning its current service.
    /// - Parameters:
    ///   - currentService: The case service now in force; its clock says what time it is.
    ///   - configuration: Options.
    ///   - clock: The clock to sleep on between scans: the service's clock, or a ``ManualClock`` in tests.
    ///   - logger: Where alerts and failures are logged (case numbers only).
    ///   - metrics: Where each scan's lateness (``CouncilMetrics/deadlineLag``), its end
    ///     (``CouncilMetrics/deadlineLastScan``) and the overdue cases it found (``CouncilMetrics/casesOverdue``) are
    ///     recorded.
    public init(
        currentService: @escaping @Sendable () -> CaseService, configuration: Configuration = Configuration(),
        clock: any SleepingClock = SystemClock(), logger: Logger = Logger(label: "council.deadlines"),
        metrics: any MetricsFactory = MetricsSystem.factory
    ) {
        self.currentService = currentService
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.lag = metrics.meter(CouncilMetrics.deadlineLag)
        self.lastScan = metrics.meter(CouncilMetrics.deadlineLastScan)
        self.overdue = metrics.meter(CouncilMetrics.casesOverdue)
    }

    /// Scans every ``Configuration/interval`` until graceful shutdown or cancellation, and sooner when the store's
    /// commit signal (``CaseStore/commits``) tells of a case that needs attention before then: a case accepted with a
    /// short time limit is alerted when its threshold comes, not up to an interval later.
    public func run() async throws {
        let commits = service.store.commits.subscribe()
        defer { commits.cancel() }
        await cancelWhenGracefulShutdown {
            var nextScan = clock.now()
            while !Task.isCancelled {
                if clock.now() >= nextScan {
                    lag.set(Double(clock.now().millisecondsSince1970 - nextScan.millisecondsSince1970) / 1000)
                    do {
                        _ = try await scan()
                    } catch {
                        if Task.isCancelled { return }
                        logger.error("deadline scan failed", metadata: ["error": "\(loggableSummary(of: error))"])
                    }
                    nextScan = clock.now().adding(configuration.interval)
                }
                let heard = await commits.next(timeout: max(.milliseconds(1), nextScan.duration(since: clock.now())), clock: clock)
                if let attention = attentionNeeded(by: heard), attention < nextScan { nextScan = attention }
            }
        }
    }

    /// The earliest instant a committed case needs a scan: now when it calls for an alert or for closing unrated,
    /// otherwise when its running clock comes within the due-soon window or falls due; `nil` when nothing was written
    /// here.
    private func attentionNeeded(by commits: [Commit]) -> Timestamp? {
        let now = clock.now(), policy = service.configuration.policy
        var earliest: Timestamp?
        for case .written(_, let cases) in commits {
            for state in cases {
                guard let due = state.currentDue, let running = state.runningClock, !state.status.isFinal else { continue }
                let first: Timestamp
                if running == .evaluation {
                    first = max(due, now)  // closed unrated once the window has passed
                } else if state.pendingDeadlineAlert(at: now, policy: policy) != nil {
                    first = now
                } else if let next = [due.adding(hours: -policy.dueSoonHours), due, due.adding(hours: policy.supervisionAfterHours)]
                    .first(where: { $0 > now })
                {
                    first = next
                } else {
                    continue
                }
                earliest = min(earliest ?? first, first)
            }
        }
        return earliest
    }


    /// Checks every case whose clock ends within the due-soon window once, records the alerts due, and closes
    /// unrated the cases whose evaluation window has passed.
    ///
    /// - Returns: The alerts recorded, oldest case first.
    /// - Throws: ``CouncilError/Code/storageUnavailable`` when the cases cannot be listed. A case that cannot be
    ///   alerted is logged and skipped; the next scan tries again.
    public func scan() async throws -> [RaisedAlert] {
        let service = self.service
        let now = service.clock.now()
        let horizon = now.adding(hours: service.configuration.policy.dueSoonHours).adding(milliseconds: 1)
        var raised: [RaisedAlert] = []
        var cursor: String?
        var overdueCases = 0
        repeat {
            let page = try await service.casesDue(before: horizon, cursor: cursor, limit: configuration.pageSize)
            overdueCases += page.cases.count { $0.runningClock != .evaluation && $0.deadlineState(at: now, policy: service.configuration.policy) >= .overdue }
            for state in page.cases where state.runningClock == .evaluation && state.allowedOperations(at: now).contains(.closeUnrated) {
                do {
                    _ = try await service.closeUnrated(state.id, by: configuration.principal, expectedVersion: state.version)
                    logger.info("closed unrated: the evaluation window passed", metadata: ["case": "\(state.number)"])
                } catch let error as CouncilError where [.versionConflict, .illegalTransition, .failedPrecondition].contains(error.code) {
                    continue  // rated, verified or closed meanwhile, here or by another monitor
                } catch {
                    try Task.checkCancellation()
                    logger.warning(
                        "closing unrated failed", metadata: ["case": "\(state.number)", "error": "\(loggableSummary(of: error))"])
                }
            }
            for state in page.cases where state.pendingDeadlineAlert(at: now, policy: service.configuration.policy) != nil {
                do {
                    if let alert = try await service.raiseDeadlineAlert(state.id, by: configuration.principal) {
                        raised.append(RaisedAlert(caseID: state.id, caseNumber: state.number, alert: alert))
                        logger.info(
                            "deadline alert", metadata: ["case": "\(state.number)", "alert": "\(alert.topic)", "clock": "\(alert.clock.rawValue)"])
                    }
                } catch {
                    try Task.checkCancellation()
                    logger.warning(
                        "deadline alert failed", metadata: ["case": "\(state.number)", "error": "\(loggableSummary(of: error))"])
                }
            }
            cursor = page.nextCursor
        } while cursor != nil
        overdue.set(overdueCases)
        lastScan.set(Double(service.clock.now().millisecondsSince1970) / 1000)
        return raised
    }
}
