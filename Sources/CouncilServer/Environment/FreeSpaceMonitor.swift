import CouncilKit
import Logging
import Metrics
import ServiceLifecycle

/// Measures the store's free space every ``interval`` and warns when it falls below a threshold: once as it
/// crosses below, not at every measure, and once more (at notice) when it is back above.
///
/// councild runs it for a SQLite store, measuring with `SQLiteCaseStore.availableBytes()` (the file system's space,
/// by `statvfs`). A PostgreSQL store's disk belongs to the database server, which its own monitoring watches; an
/// in-memory store has no disk.
public actor FreeSpaceMonitor: Service {
    /// Below this many bytes the monitor warns.
    public nonisolated let threshold: Int64
    /// How often it measures. Default 60 s.
    public let interval: Duration
    private let measure: @Sendable () async throws -> Int64
    private let clock: any SleepingClock
    private let logger: Logger
    private let gauge: Meter
    /// Whether the last measure was below the threshold; `nil` before the first.
    private var below: Bool?
    private var measuring = true
    /// The free space the last measure found, in bytes; `nil` before the first, or when the last could not measure.
    public private(set) var lastMeasured: Int64?

    /// Creates a monitor.
    /// - Parameters:
    ///   - threshold: Below this many bytes it warns.
    ///   - interval: How often it measures.
    ///   - clock: The clock the interval runs on.
    ///   - logger: Where it warns.
    ///   - metrics: Where each measure is recorded (``CouncilMetrics/freeBytes``).
    ///   - measure: The free space, in bytes.
    public init(
        threshold: Int64, interval: Duration = .seconds(60), clock: any SleepingClock, logger: Logger,
        metrics: any MetricsFactory = MetricsSystem.factory, measure: @escaping @Sendable () async throws -> Int64
    ) {
        self.gauge = metrics.meter(CouncilMetrics.freeBytes)
        self.threshold = threshold
        self.interval = interval
        self.clock = clock
        self.logger = logger
        self.measure = measure
    }

    /// Measures at once and then every interval, until cancelled or shut down gracefully.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.check()
                try await self.clock.sleep(for: self.interval)
            }
        }
    }

    /// Measures once and logs a crossing of the threshold.
    /// - Returns: The free space, or `nil` when it could not be measured.
    @discardableResult
    public func check() async -> Int64? {
        let free: Int64
        do {
            free = try await measure()
        } catch {
            // Said once for a run of failures: the store's own errors tell the rest.
            if measuring { logger.notice("could not measure the store's free space", metadata: ["error": "\(error)"]) }
            measuring = false
            lastMeasured = nil
            return nil
        }
        measuring = true
        lastMeasured = free
        gauge.set(free)
        let isBelow = free < threshold
        defer { below = isBelow }
        let metadata: Logger.Metadata = ["freeBytes": "\(free)", "thresholdBytes": "\(threshold)"]
        if isBelow, below != true {
            logger.warning("the store's free space is below the threshold: writes will fail when it runs out", metadata: metadata)
        } else if !isBelow, below == true {
            logger.notice("the store's free space is above the threshold again", metadata: metadata)
        }
        return free
    }
}
