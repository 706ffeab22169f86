import CouncilKit
import CouncilWire
import Logging
import Synchronization

/// What every call works with: the store, the directory, the rules, the clock and the live event feed.
///
/// Built once per server; the directory can be replaced while the server runs (the next call sees the new one).
public final class ServerEnvironment: Sendable {
    /// Where cases and records live.
    public let store: any CaseStore
    /// Rules and limits of the loop.
    public let configuration: CaseService.Configuration
    /// The source of the current time.
    public let clock: any CouncilClock
    /// Follows the store for live watch streams.
    public let feed: EventFeed
    /// The instance's name.
    public let serverID: String
    /// The server's version, reported by get_server_info.
    public let serverVersion: String
    private let currentDirectory: Mutex<Directory>
    private let drainingFlag = Atomic<Bool>(false)

    /// Creates an environment.
    public init(
        store: any CaseStore, directory: Directory, configuration: CaseService.Configuration,
        clock: any CouncilClock = SystemClock(), feed: EventFeed, serverID: String, serverVersion: String = "0.1.0"
    ) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
        self.feed = feed
        self.serverID = serverID
        self.serverVersion = serverVersion
        self.currentDirectory = Mutex(directory)
    }

    /// The directory now in force.
    public var directory: Directory { currentDirectory.withLock { $0 } }

    /// Replaces the directory for every later call.
    public func replaceDirectory(_ directory: Directory) {
        currentDirectory.withLock { $0 = directory }
    }

    /// The case service over the current directory.
    public var cases: CaseService {
        CaseService(store: store, directory: directory, configuration: configuration, clock: clock)
    }

    /// Whether the server is shutting down.
    public var isDraining: Bool { drainingFlag.load(ordering: .relaxed) }

    func beginDraining() { drainingFlag.store(true, ordering: .relaxed) }
}
