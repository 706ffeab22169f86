import CouncilKit
import CouncilWire
import Logging
import Synchronization

/// What every call works with: the store, the directory, the rules, the clock and the live event feed.
///
/// Built once per server; the directory (with its work calendar) can be replaced while the server runs (the next
/// call sees the new one).
public final class ServerEnvironment: Sendable {
    /// Where cases and records live.
    public let store: any CaseStore
    /// The source of the current time.
    public let clock: any CouncilClock
    /// Follows the store for live watch streams.
    public let feed: EventFeed
    /// The instance's name.
    public let serverID: String
    /// The server's version, reported by get_server_info.
    public let serverVersion: String
    // The directory and the rules whose calendar came with it change together.
    private let current: Mutex<(directory: Directory, configuration: CaseService.Configuration)>
    private let drainingFlag = Atomic<Bool>(false)

    /// Creates an environment.
    public init(
        store: any CaseStore, directory: Directory, configuration: CaseService.Configuration,
        clock: any CouncilClock = SystemClock(), feed: EventFeed, serverID: String, serverVersion: String = "0.1.0"
    ) {
        self.store = store
        self.clock = clock
        self.feed = feed
        self.serverID = serverID
        self.serverVersion = serverVersion
        self.current = Mutex((directory, configuration))
    }

    /// The directory now in force.
    public var directory: Directory { current.withLock { $0.directory } }

    /// Rules and limits of the loop, with the work calendar now in force.
    public var configuration: CaseService.Configuration { current.withLock { $0.configuration } }

    /// Replaces the directory for every later call.
    public func replaceDirectory(_ directory: Directory) {
        current.withLock { $0.directory = directory }
    }

    /// Replaces the directory and the work calendar for every later call, together: a seed file brings both.
    public func replaceDirectory(_ directory: Directory, calendar: WorkCalendar) {
        current.withLock {
            $0.directory = directory
            $0.configuration.calendar = calendar
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
