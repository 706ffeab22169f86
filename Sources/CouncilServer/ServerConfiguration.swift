import CouncilAPI
import CouncilKit
import CouncilWire
import Foundation
import Logging

/// An error in councild's configuration: the file, the flags, or a value in them.
public struct ServerConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the setting.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Everything councild needs to start, read from a JSON file and overridden by flags.
///
/// ```json
/// { "listen": "127.0.0.1:7420", "database": "./council.sqlite", "seed": "./qiaoxi.json",
///   "keys": [ { "system": "petition-office", "keyHash": "<sha-256 hex>", "scopes": ["submit", "read"] } ],
///   "limits": { "maxConcurrentCalls": 100 } }
/// ```
///
/// Every key is optional; the defaults make a plain run useful.
public struct ServerConfiguration: Sendable, Codable {
    /// Limits every connection is held to. Defaults are those of `Schemas/PROTOCOL.md` §8.
    public struct Limits: Hashable, Sendable, Codable {
        /// The largest frame payload accepted, in bytes. Default 1 MiB.
        public var maxFrameBytes: Int = 1_048_576
        /// The most memory decoding one frame may claim, in bytes. Default 8 MiB.
        public var decodeBudgetBytes: Int = 8_388_608
        /// The most calls in flight on one connection. Default 100.
        public var maxConcurrentCalls: Int = 100
        /// The most authenticated connections. Default 1,024.
        public var maxConnections: Int = 1024
        /// The most connections waiting for their handshake to be accepted, a pool apart from
        /// ``maxConnections``. Default 128.
        public var maxUnauthenticatedConnections: Int = 128
        /// The most of ``maxUnauthenticatedConnections`` one peer address may hold. Default 32.
        public var maxUnauthenticatedPerAddress: Int = 32
        /// How long a new connection may send nothing before, with its address's share or the unauthenticated pool
        /// full, a newcomer that has sent something takes its place — or, beyond the queue of newcomers, it is closed
        /// — in milliseconds. Default 250.
        public var silentGraceMilliseconds: Int = 250
        /// Time from connect to a complete handshake, in milliseconds. Default 5 s.
        public var handshakeTimeoutMilliseconds: Int = 5_000
        /// Time from a frame's first byte to its last, in milliseconds. Default 10 s.
        public var frameReadTimeoutMilliseconds: Int = 10_000
        /// Time without frames or calls before a connection is closed, in milliseconds. Default 300 s.
        public var idleTimeoutMilliseconds: Int = 300_000
        /// The deadline of a call that gives none, in milliseconds. Default 30 s.
        public var defaultCallTimeoutMilliseconds: Int = 30_000
        /// The longest deadline a call may ask for, in milliseconds. Default 10 minutes.
        public var maxCallTimeoutMilliseconds: Int = 600_000
        /// How many unsent items a watch stream may fall behind before it is ended. Default 1,000.
        public var maxStreamBacklog: Int = 1000

        /// The defaults.
        public init() {}

        /// The limits as the handshake tells them to clients.
        public var wire: ConnectionLimits {
            ConnectionLimits(
                maxFrameBytes: UInt32(clamping: maxFrameBytes), decodeBudgetBytes: UInt32(clamping: decodeBudgetBytes),
                maxConcurrentCalls: UInt32(clamping: maxConcurrentCalls),
                idleTimeoutMilliseconds: UInt32(clamping: idleTimeoutMilliseconds),
                frameReadTimeoutMilliseconds: UInt32(clamping: frameReadTimeoutMilliseconds),
                defaultCallTimeoutMilliseconds: UInt32(clamping: defaultCallTimeoutMilliseconds))
        }

        private enum CodingKeys: String, CodingKey {
            case maxFrameBytes, decodeBudgetBytes, maxConcurrentCalls, maxConnections, maxUnauthenticatedConnections,
                maxUnauthenticatedPerAddress, silentGraceMilliseconds, handshakeTimeoutMilliseconds,
                frameReadTimeoutMilliseconds, idleTimeoutMilliseconds, defaultCallTimeoutMilliseconds,
                maxCallTimeoutMilliseconds, maxStreamBacklog
        }

        /// Decodes limits; keys left out keep their defaults.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            func value(_ key: CodingKeys, _ fallback: Int) throws -> Int {
                let v = try c.decodeIfPresent(Int.self, forKey: key) ?? fallback
                guard v > 0 else { throw ServerConfigurationError("limits.\(key.stringValue) must be positive") }
                return v
            }
            let d = Limits()
            maxFrameBytes = try value(.maxFrameBytes, d.maxFrameBytes)
            decodeBudgetBytes = try value(.decodeBudgetBytes, d.decodeBudgetBytes)
            maxConcurrentCalls = try value(.maxConcurrentCalls, d.maxConcurrentCalls)
            maxConnections = try value(.maxConnections, d.maxConnections)
            maxUnauthenticatedConnections = try value(.maxUnauthenticatedConnections, d.maxUnauthenticatedConnections)
            maxUnauthenticatedPerAddress = try value(.maxUnauthenticatedPerAddress, d.maxUnauthenticatedPerAddress)
            silentGraceMilliseconds = try value(.silentGraceMilliseconds, d.silentGraceMilliseconds)
            handshakeTimeoutMilliseconds = try value(.handshakeTimeoutMilliseconds, d.handshakeTimeoutMilliseconds)
            frameReadTimeoutMilliseconds = try value(.frameReadTimeoutMilliseconds, d.frameReadTimeoutMilliseconds)
            idleTimeoutMilliseconds = try value(.idleTimeoutMilliseconds, d.idleTimeoutMilliseconds)
            defaultCallTimeoutMilliseconds = try value(.defaultCallTimeoutMilliseconds, d.defaultCallTimeoutMilliseconds)
            maxCallTimeoutMilliseconds = try value(.maxCallTimeoutMilliseconds, d.maxCallTimeoutMilliseconds)
            maxStreamBacklog = try value(.maxStreamBacklog, d.maxStreamBacklog)
        }
    }

    /// Host and port to listen on, `HOST:PORT`. Default `127.0.0.1:7420`; port 0 picks a free port.
    public var listen: String = "127.0.0.1:7420"
    /// TLS on the listener and, with a client CA, mutual TLS; absent: plaintext.
    public var tls: TLS?
    /// Whether councild may listen in plaintext on an address other than loopback. Default `false`: without
    /// ``tls`` it refuses to start there, since keys and residents' personal data would cross the network readable.
    public var allowPlaintext: Bool = false
    /// Where cases live: a SQLite file path (default `./council.sqlite`), or `:memory:` for the in-memory store.
    public var database: String = "./council.sqlite"
    /// The directory seed file; the demo seed for Qiaoxi when absent.
    public var seed: String?
    /// The time-limit policy; the standard policy when absent.
    public var policy: TimeLimitPolicy?
    /// This instance's name, sent in handshakes and logs. Default: the host name.
    public var serverID: String = ProcessInfo.processInfo.hostName
    /// The client systems allowed to connect.
    public var keys: [KeyRing.Entry] = []
    /// Limits.
    public var limits: Limits = Limits()
    /// How long a graceful shutdown waits for calls in flight, in milliseconds. Default 10 s.
    public var shutdownGracePeriodMilliseconds: Int = 10_000
    /// Where notifications go: the routing rules and the webhook endpoints. By default every route goes to the log.
    public var notifications: Notifications = Notifications()
    /// How often the store is read for a directory another node on the same database loaded, in milliseconds.
    /// Default 5 s.
    public var directoryRefreshMilliseconds: Int = 5_000
    /// The annual assessment's weights and ranking threshold for calls that give none.
    public var assessment: Assessment = Assessment()
    /// Options of the three-level linkage.
    public var linkage: LinkageService.Configuration = LinkageService.Configuration()
    /// What councild watches of the store's disk.
    public var storage: Storage = Storage()
    /// councild's log level (`trace` … `critical`) when `--log-level` does not say; `info` when neither does. A reload
    /// (SIGHUP) puts a changed value in force.
    public var logLevel: Logger.Level?
    /// The HTTP admin listener (`/metrics`, `/healthz`, `/readyz`); `nil` for none. councild listens on
    /// ``Admin/defaultListen`` when the file does not say, and not at all for `"listen": "off"`.
    public var admin: Admin?

    /// The HTTP admin listener: Prometheus metrics, liveness and readiness for the operator's tools.
    ///
    /// ```json
    /// "admin": { "listen": "127.0.0.1:7421" }
    /// ```
    public struct Admin: Hashable, Sendable, Codable {
        /// Where councild listens when the configuration does not say: loopback, port 7421.
        public static let defaultListen = "127.0.0.1:7421"
        /// Where to listen, `HOST:PORT` (port 0 picks a free one), or `off`.
        public var listen: String

        /// Creates the setting.
        public init(listen: String = Admin.defaultListen) {
            self.listen = listen
        }

        /// Whether the setting turns the listener off.
        public var isOff: Bool { listen == "off" }

        /// `listen` split into host and port.
        /// - Throws: ``ServerConfigurationError`` when it is not `HOST:PORT`.
        public func hostAndPort() throws -> (host: String, port: Int) {
            try ServerConfiguration.split(listen, setting: "admin.listen")
        }
    }

    /// What councild watches of the store's disk.
    ///
    /// ```json
    /// "storage": { "lowFreeSpaceWarningBytes": 1073741824 }
    /// ```
    public struct Storage: Hashable, Sendable, Codable {
        /// Below this much free space on the SQLite database's file system councild logs a warning, once as it
        /// falls below (checked every minute). 0 turns the warning off. Default 1 GiB. Not used with PostgreSQL,
        /// whose disk the database server's monitoring watches, nor in memory.
        public var lowFreeSpaceWarningBytes: Int64 = 1 << 30

        /// The defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case lowFreeSpaceWarningBytes
        }

        /// Decodes the settings; keys left out keep their defaults.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            lowFreeSpaceWarningBytes = try c.decodeIfPresent(Int64.self, forKey: .lowFreeSpaceWarningBytes) ?? Storage().lowFreeSpaceWarningBytes
            guard lowFreeSpaceWarningBytes >= 0 else {
                throw ServerConfigurationError("storage.lowFreeSpaceWarningBytes must be 0 or more")
            }
        }
    }

    /// The annual assessment's defaults (`docs/assessment.md`).
    ///
    /// ```json
    /// "assessment": { "weights": { "satisfactionRate": 30, "onTimeRate": 30, "resolutionRate": 20, "responseRate": 20 },
    ///                 "minimumCountedShare": 0.5 }
    /// ```
    public struct Assessment: Sendable, Codable {
        /// Weight by figure (`responseRate`, `onTimeRate`, `resolutionRate`, `satisfactionRate`, `reworkRate`,
        /// `extensionRate`, `meetingCadence`, `visitCadence`); figures left out weigh nothing. Absent: the standard
        /// weights.
        public var weights: [String: Double]?
        /// The least share of the total weight, 0–1, a subject's figures must carry for it to be ranked. Absent: 0.5.
        public var minimumCountedShare: Double?

        /// The standard weights and threshold.
        public init() {}

        /// The weights these settings give.
        /// - Throws: ``ServerConfigurationError`` naming an unknown figure or a value out of range.
        public func resolved() throws -> AssessmentService.Weights {
            var result = AssessmentService.Weights.standard
            if let weights {
                var chosen: [MeasureKind: Double] = [:]
                for (key, value) in weights {
                    guard let kind = MeasureKind(rawValue: key) else {
                        throw ServerConfigurationError(
                            "assessment.weights.\(key) is not a figure; one of: \(MeasureKind.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    guard value.isFinite, value >= 0 else { throw ServerConfigurationError("assessment.weights.\(key) must be 0 or more") }
                    chosen[kind] = value
                }
                guard chosen.values.contains(where: { $0 > 0 }) else {
                    throw ServerConfigurationError("assessment.weights must give at least one figure a weight above 0")
                }
                result.weights = chosen
            }
            if let share = minimumCountedShare {
                guard share.isFinite, (0.0...1.0).contains(share) else {
                    throw ServerConfigurationError("assessment.minimumCountedShare must be between 0 and 1")
                }
                result.minimumCountedShare = share
            }
            return result
        }
    }

    /// Notification routing and delivery.
    ///
    /// ```json
    /// "notifications": {
    ///   "webhook": { "endpoints": { "system:petition-office": { "url": "https://xf.example/council", "secret": "…" },
    ///                               "*": { "url": "https://hub.example/council", "secret": "…" } } },
    ///   "routing": { "rules": [ … ], "linkedLeaders": { "QX01": "L01" } }
    /// }
    /// ```
    /// Channels: `log` always; `webhook` when endpoints are configured. Without `routing`, or with `routing` but no
    /// `rules` (to give only `templates` or `linkedLeaders`), the standard routes of the loop go to `webhook` when it
    /// exists, else to `log`.
    public struct Notifications: Sendable, Codable {
        /// One webhook endpoint.
        public struct Endpoint: Hashable, Sendable, Codable {
            /// `https://` in production.
            public var url: String
            /// The shared signing secret (at least 32 random characters).
            public var secret: String

            /// Creates an endpoint.
            public init(url: String, secret: String) {
                self.url = url
                self.secret = secret
            }
        }

        /// Webhook endpoints by recipient key (`unit:UM`, `system:grid-platform`, `*` for the rest).
        public struct Webhook: Sendable, Codable {
            /// The endpoints.
            public var endpoints: [String: Endpoint]

            /// Creates webhook settings.
            public init(endpoints: [String: Endpoint]) {
                self.endpoints = endpoints
            }
        }

        /// Routing rules; the standard routes when absent.
        public var routing: NotificationRouting?
        /// Webhook delivery; none when absent.
        public var webhook: Webhook?

        /// No webhooks, standard routing to the log.
        public init() {}
    }

    /// The defaults.
    public init() {}

    private enum CodingKeys: String, CodingKey {
        case listen, tls, allowPlaintext, database, seed, policy, serverID, keys, limits, shutdownGracePeriodMilliseconds, notifications,
            directoryRefreshMilliseconds, assessment, linkage, storage, logLevel, admin
    }

    /// Decodes a configuration; keys left out keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ServerConfiguration()
        listen = try c.decodeIfPresent(String.self, forKey: .listen) ?? d.listen
        tls = try c.decodeIfPresent(TLS.self, forKey: .tls)
        allowPlaintext = try c.decodeIfPresent(Bool.self, forKey: .allowPlaintext) ?? false
        database = try c.decodeIfPresent(String.self, forKey: .database) ?? d.database
        seed = try c.decodeIfPresent(String.self, forKey: .seed)
        policy = try c.decodeIfPresent(TimeLimitPolicy.self, forKey: .policy)
        serverID = try c.decodeIfPresent(String.self, forKey: .serverID) ?? d.serverID
        keys = try c.decodeIfPresent([KeyRing.Entry].self, forKey: .keys) ?? []
        limits = try c.decodeIfPresent(Limits.self, forKey: .limits) ?? Limits()
        shutdownGracePeriodMilliseconds = try c.decodeIfPresent(Int.self, forKey: .shutdownGracePeriodMilliseconds) ?? d.shutdownGracePeriodMilliseconds
        notifications = try c.decodeIfPresent(Notifications.self, forKey: .notifications) ?? Notifications()
        directoryRefreshMilliseconds = try c.decodeIfPresent(Int.self, forKey: .directoryRefreshMilliseconds) ?? d.directoryRefreshMilliseconds
        guard directoryRefreshMilliseconds > 0 else {
            throw ServerConfigurationError("directoryRefreshMilliseconds must be positive")
        }
        assessment = try c.decodeIfPresent(Assessment.self, forKey: .assessment) ?? Assessment()
        _ = try assessment.resolved()
        linkage = try c.decodeIfPresent(LinkageService.Configuration.self, forKey: .linkage) ?? LinkageService.Configuration()
        guard linkage.householdVisitIntervalDays > 0 else {
            throw ServerConfigurationError("linkage.householdVisitIntervalDays must be positive")
        }
        storage = try c.decodeIfPresent(Storage.self, forKey: .storage) ?? Storage()
        admin = try c.decodeIfPresent(Admin.self, forKey: .admin)
        if let admin, !admin.isOff { _ = try admin.hostAndPort() }
        do {
            logLevel = try c.decodeIfPresent(Logger.Level.self, forKey: .logLevel)
        } catch {
            throw ServerConfigurationError("logLevel must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    /// Reads a configuration file.
    /// - Throws: ``ServerConfigurationError`` naming what is wrong, without echoing values.
    public static func load(contentsOf path: String) throws -> ServerConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServerConfigurationError("cannot read the configuration file \(path)")
        }
        do {
            return try JSONDecoder().decode(ServerConfiguration.self, from: data)
        } catch let error as ServerConfigurationError {
            throw error
        } catch let error as DecodingError {
            let where_: String
            switch error {
            case .keyNotFound(let key, let context): where_ = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                where_ = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            @unknown default: where_ = ""
            }
            throw ServerConfigurationError("the configuration file \(path) is not valid at \(where_.isEmpty ? "the top level" : where_)")
        } catch {
            throw ServerConfigurationError("the configuration file \(path) is not valid JSON")
        }
    }

    /// `listen` split into host and port.
    /// - Throws: ``ServerConfigurationError`` when it is not `HOST:PORT`.
    public func hostAndPort() throws -> (host: String, port: Int) {
        try Self.split(listen, setting: "listen")
    }

    static func split(_ address: String, setting: String) throws -> (host: String, port: Int) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]), (0...65535).contains(port) else {
            throw ServerConfigurationError("\(setting) must be HOST:PORT, for example 127.0.0.1:\(setting == "listen" ? 7420 : 7421)")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }

    /// Whether `listen` names a loopback address (`127.0.0.0/8`, `::1` or `localhost`), reachable from this
    /// machine only.
    public var listensOnLoopback: Bool {
        guard let host = try? hostAndPort().host else { return false }
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Refuses a plaintext listener on a non-loopback address unless ``allowPlaintext`` says so.
    /// - Throws: ``ServerConfigurationError`` saying why and what to configure.
    public func checkTransport() throws {
        guard tls == nil, !allowPlaintext, !listensOnLoopback else { return }
        throw ServerConfigurationError(
            "refusing to listen in plaintext on \(listen), which is not a loopback address: API keys and residents' "
                + "personal data would cross the network readable. Configure tls (certificate and privateKey), or set "
                + "allowPlaintext to true (councild --allow-plaintext) if a trusted network or proxy encrypts it")
    }
}
