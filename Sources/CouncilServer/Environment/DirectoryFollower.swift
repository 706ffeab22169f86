import CouncilKit
import Logging
import ServiceLifecycle

/// Puts in force the directory another node loaded (`load_directory`) on the same database, without a restart.
///
/// Every interval it reads the stored directory (``StoredDirectory``); when its version is newer than the one in
/// force, it checks it and replaces the environment's directory and work calendar, so the next call, deadline scan
/// and notification use it. A stored directory the server cannot use (its notification routing names something the
/// directory lacks) is logged once and left alone; the server keeps the directory it has.
public struct DirectoryFollower: Service {
    /// The environment whose directory is kept current.
    public let environment: ServerEnvironment
    /// How often the store is read.
    public let interval: Duration
    private let clock: any SleepingClock
    private let logger: Logger

    /// Creates a follower.
    /// - Parameters:
    ///   - environment: The environment whose directory is kept current.
    ///   - interval: How often the store is read.
    ///   - clock: The clock to sleep on.
    ///   - logger: Where replacements and failures are logged.
    public init(environment: ServerEnvironment, interval: Duration, clock: any SleepingClock = SystemClock(), logger: Logger) {
        self.environment = environment
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    /// Follows the stored directory until graceful shutdown or cancellation.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var refused = 0
            while !Task.isCancelled {
                do { try await clock.sleep(for: interval) } catch { return }
                do {
                    _ = try await follow(refused: &refused)
                } catch {
                    if Task.isCancelled { return }
                    logger.error("reading the stored directory failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Puts the stored directory in force if it is newer than the one in force.
    /// - Returns: Whether the directory was replaced.
    @discardableResult
    public func follow() async throws -> Bool {
        var refused = 0
        return try await follow(refused: &refused)
    }

    private func follow(refused: inout Int) async throws -> Bool {
        guard let stored = try await StoredDirectory.current(in: environment.store), stored.version > environment.directoryVersion,
            stored.version != refused
        else { return false }
        do {
            let directory = try stored.record.seed.directory()
            guard try environment.replaceDirectory(directory, calendar: stored.record.seed.calendar ?? WorkCalendar(), version: stored.version)
            else { return false }
            logger.info(
                "put in force the directory loaded by another node",
                metadata: ["version": "\(stored.version)", "loadedBy": "\(stored.record.loadedBy)"])
            return true
        } catch let error as CouncilError {
            refused = stored.version
            logger.error(
                "the stored directory cannot be put in force; keeping the current one",
                metadata: ["version": "\(stored.version)", "error": "\(error)"])
            return false
        }
    }
}
