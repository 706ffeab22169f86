import CouncilKit
import Foundation
import Metrics
import NIOSSL
import PostgresNIO

extension PostgresCaseStore {
    /// Where the database is and how the store talks to it.
    ///
    /// Build one with ``init()`` and set what differs from the defaults, or from a URL with ``init(url:)``.
    public struct Configuration: Sendable {
        /// How the connection is encrypted.
        public enum TLSMode: String, Sendable, CaseIterable {
            /// Plain TCP. For loopback and private networks only.
            case disable
            /// TLS when the server offers it, plain TCP otherwise (libpq's default). When the server offers TLS its
            /// certificate is verified, unlike libpq's `prefer`.
            case prefer
            /// TLS with a verified certificate, or no connection.
            case require
        }

        /// The server's host name or address. Defaults to `localhost`.
        public var host: String
        /// The server's TCP port. Defaults to 5432.
        public var port: Int
        /// The role to log in as. Defaults to `postgres`.
        public var username: String
        /// The role's password; `nil` for none (trust or peer authentication). Defaults to `nil`.
        public var password: String?
        /// The database. Defaults to `council`.
        public var database: String
        /// The schema that holds the store's tables, created when missing. Several stores (or test runs) can share a
        /// database in separate schemas. Lowercase ASCII letters, digits and `_`, starting with a letter or `_`, at
        /// most 63 characters. Defaults to `public`.
        public var schema: String
        /// How the connection is encrypted. Defaults to ``TLSMode/prefer``.
        public var tls: TLSMode
        /// The most connections this store's pool opens. Each node of a deployment has its own pool, and
        /// PostgreSQL's default `max_connections` is 100, so keep nodes × this below it. Defaults to 10.
        public var maximumConnections: Int
        /// How long opening one TCP connection may take. Defaults to 10 seconds.
        public var connectTimeout: Duration
        /// How long opening the store (reaching the server and bringing the schema up to date) may take before it
        /// fails with ``CouncilError/Code/storageUnavailable``. Defaults to 30 seconds.
        public var startupTimeout: Duration
        /// The `application_name` the server shows for the store's connections. Defaults to `council-hall`.
        public var applicationName: String
        /// Where the store's metrics are recorded: write latency and write failures (``CouncilMetrics``). Defaults
        /// to the process's `MetricsSystem.factory`.
        public var metrics: any MetricsFactory

        /// Creates the default configuration: `postgres://postgres@localhost:5432/council`, schema `public`.
        public init() {
            self.host = "localhost"
            self.port = 5432
            self.username = "postgres"
            self.password = nil
            self.database = "council"
            self.schema = "public"
            self.tls = .prefer
            self.maximumConnections = 10
            self.connectTimeout = .seconds(10)
            self.startupTimeout = .seconds(30)
            self.applicationName = "council-hall"
            self.metrics = MetricsSystem.factory
        }

        /// Reads a configuration from a URL: `postgres://user:password@host:port/database`.
        ///
        /// `postgresql://` works too. User and password may be percent-encoded; a missing port is 5432, a missing
        /// database is `council`. Query items `sslmode` (`disable`, `prefer`, `require`) and `schema` set ``tls`` and
        /// ``schema``; everything else keeps its default.
        ///
        /// - Throws: ``CouncilError/Code/invalidArgument`` with field `configuration.url`. The message never repeats
        ///   the URL, which may hold a password.
        public init(url: String) throws {
            self.init()
            func invalid(_ reason: String) -> CouncilError { CouncilError.invalid("configuration.url", reason) }
            guard let components = URLComponents(string: url) else { throw invalid("the PostgreSQL URL cannot be parsed") }
            guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
                throw invalid("the PostgreSQL URL must start with postgres:// or postgresql://")
            }
            guard let host = components.host, !host.isEmpty else { throw invalid("the PostgreSQL URL names no host") }
            self.host = host
            if let port = components.port {
                guard (1...65535).contains(port) else { throw invalid("the PostgreSQL URL's port is out of range") }
                self.port = port
            }
            if let user = components.user, !user.isEmpty { self.username = user }
            if let password = components.password { self.password = password }
            let path = components.path.drop(while: { $0 == "/" })
            if !path.isEmpty {
                guard let database = String(path).removingPercentEncoding, !database.contains("/") else {
                    throw invalid("the PostgreSQL URL's path must be one database name")
                }
                self.database = database
            }
            for item in components.queryItems ?? [] {
                switch item.name {
                case "sslmode":
                    guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                        throw invalid("sslmode must be one of disable, prefer, require")
                    }
                    self.tls = mode
                case "schema":
                    guard let schema = item.value, Self.isValidSchemaName(schema) else {
                        throw invalid("schema must be lowercase ASCII letters, digits and _, not starting with a digit")
                    }
                    self.schema = schema
                default:
                    throw invalid("the PostgreSQL URL has an unknown query item; only sslmode and schema are read")
                }
            }
        }

        /// Checks the values a server would otherwise reject late or, for the schema, that are spliced into SQL.
        func validate() throws {
            guard Self.isValidSchemaName(schema) else {
                throw CouncilError.invalid(
                    "configuration.schema", "schema must be lowercase ASCII letters, digits and _, not starting with a digit")
            }
            guard maximumConnections >= 1 else {
                throw CouncilError.invalid("configuration.maximumConnections", "at least one connection is needed")
            }
            guard (1...65535).contains(port) else {
                throw CouncilError.invalid("configuration.port", "the port must be between 1 and 65535")
            }
        }

        static func isValidSchemaName(_ name: String) -> Bool {
            guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 63 else { return false }
            let lower = ("a"..."z") as ClosedRange<Unicode.Scalar>
            let digits = ("0"..."9") as ClosedRange<Unicode.Scalar>
            guard lower.contains(first) || first == "_" else { return false }
            return name.unicodeScalars.allSatisfy { lower.contains($0) || digits.contains($0) || $0 == "_" }
        }

        /// The postgres-nio client configuration this describes.
        func clientConfiguration() -> PostgresClient.Configuration {
            let tls: PostgresClient.Configuration.TLS
            switch self.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(.makeClientConfiguration())
            case .require: tls = .require(.makeClientConfiguration())
            }
            var configuration = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: tls)
            configuration.options.maximumConnections = maximumConnections
            configuration.options.connectTimeout = connectTimeout
            configuration.options.additionalStartupParameters = [("application_name", applicationName)]
            return configuration
        }
    }
}
