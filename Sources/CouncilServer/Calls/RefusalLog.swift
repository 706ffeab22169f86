import CouncilKit
import Logging
import Synchronization

/// Logs refusals that an operator must hear of — the store could not write — without a line per call.
///
/// Refusals come in classes (their reason: `storageFull`, `storageUnavailable`). The first of a class is logged at
/// error at once, with what the call that met it says. The ones after it are counted; once ``interval`` has passed
/// on the clock, one line at error says how many were refused since, and the interval starts again. An interval in
/// which none came closes the class, and the next refusal is logged at once again.
public final class RefusalLog: Sendable {
    /// How long refusals of a class are counted before they are logged together. Default 60 s.
    public let interval: Duration
    private let clock: any SleepingClock
    private let logger: Logger
    private let classes = Mutex<[String: Counting]>([:])

    /// A class whose first refusal was logged: how many came since, and the timer that will tell.
    private struct Counting {
        var since = 0
        var timer: ScheduledTimer?
    }

    /// Creates a log.
    /// - Parameters:
    ///   - interval: How long refusals of a class are counted before they are logged together.
    ///   - clock: The clock the interval runs on.
    ///   - logger: Where the counts are logged.
    public init(interval: Duration = .seconds(60), clock: any SleepingClock, logger: Logger) {
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    /// Counts one refusal of `reason`, logging it to `logger` when it is the first of its class in an interval.
    /// - Parameters:
    ///   - reason: The refusal's class.
    ///   - message: What happened, safe to log.
    ///   - logger: The call's logger, for the first refusal.
    ///   - metadata: What the call says of itself (its method), for the first refusal.
    public func refused(
        _ reason: String, _ message: @autoclosure () -> Logger.Message, logger: Logger, metadata: Logger.Metadata = [:]
    ) {
        let first = classes.withLock { classes -> Bool in
            if classes[reason] != nil {
                classes[reason]!.since += 1
                return false
            }
            classes[reason] = Counting()
            return true
        }
        guard first else { return }
        logger.error(message(), metadata: metadata.merging(["class": "\(reason)"]) { $1 })
        arm(reason)
    }

    /// How many refusals of `reason` were counted since it was last logged; `nil` when the class is closed.
    public func pending(_ reason: String) -> Int? {
        classes.withLock { $0[reason]?.since }
    }

    private func arm(_ reason: String) {
        let timer = clock.schedule(after: interval) { [weak self] in self?.intervalPassed(reason) }
        classes.withLock { $0[reason]?.timer = timer }
    }

    private func intervalPassed(_ reason: String) {
        let count = classes.withLock { classes -> Int in
            let count = classes[reason]?.since ?? 0
            if count == 0 {
                classes[reason] = nil
            } else {
                classes[reason]?.since = 0
            }
            return count
        }
        guard count > 0 else { return }
        logger.error(
            "more calls were refused for the same cause",
            metadata: ["class": "\(reason)", "refused": "\(count)", "seconds": "\(interval.components.seconds)"])
        arm(reason)
    }

    deinit {
        for counting in classes.withLock({ Array($0.values) }) { counting.timer?.cancel() }
    }
}
