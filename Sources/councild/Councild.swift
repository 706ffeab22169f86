import ArgumentParser
import CouncilAPI
import CouncilNode
import CouncilSQLite
import CouncilServer
import CouncilTerminal
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

@main
struct Councild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "councild",
        abstract: "The Council Hall server: other systems create and follow council cases over its wire protocol.",
        discussion: """
            Settings come from --config (JSON; see README) and are overridden by flags. SIGTERM or SIGINT shuts the \
            server down gracefully: no new calls, calls in flight finish within the grace period, exit 0. SIGHUP \
            reads the TLS certificate, key, client CA and revoked serials again, and the configuration file's keys \
            and log level: new handshakes use them, live connections keep theirs.
            """,
        subcommands: [Serve.self, Backup.self, NewKey.self],
        defaultSubcommand: Serve.self)
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (the default).")

    @Option(help: "A JSON configuration file.")
    var config: String?

    @Option(help: "Where to listen, HOST:PORT (default 127.0.0.1:7420; port 0 picks a free one).")
    var listen: String?

    @Option(help: "Where the HTTP admin listener serves /metrics, /healthz and /readyz, HOST:PORT (default 127.0.0.1:7421, or a free port when --listen's is 0), or off.")
    var adminListen: String?

    @Option(help: ArgumentHelp("The server's TLS certificate chain, PEM; turns TLS on (with --tls-private-key).", valueName: "file"))
    var tlsCertificate: String?

    @Option(help: ArgumentHelp("The private key of --tls-certificate, PEM.", valueName: "file"))
    var tlsPrivateKey: String?

    @Option(help: ArgumentHelp("CA certificates, PEM, that client certificates must chain to: mutual TLS.", valueName: "file"))
    var tlsClientCA: String?

    @Flag(help: "Allow a plaintext listener on an address other than loopback (only behind something that encrypts).")
    var allowPlaintext = false

    @Option(help: "The SQLite database file (default ./council.sqlite), or a postgres:// URL.")
    var database: String?

    @Flag(help: "Keep cases in memory only; they are gone when the server stops.")
    var memory = false

    @Option(help: ArgumentHelp("Before serving, restore this backup (`councild backup`) as the SQLite database, which must not exist yet.", valueName: "file"))
    var restore: String?

    @Option(help: "The directory seed file (default: the demo seed for Qiaoxi).")
    var seed: String?

    @Flag(help: "Add development keys for hall-staff, petition-office and grid-platform, and print how to connect.")
    var demo = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default: the configuration's logLevel, or info).")
    var logLevel: Logger.Level?

    @Option(help: "Log format: text (one line per event) or json (one JSON object per line). Either escapes what clients sent.")
    var logFormat: CouncilLogHandler.Format = .text

    @Option(help: ArgumentHelp("How many bytes of log lines may wait for standard error to be read; beyond, lines are dropped and counted.", valueName: "bytes"))
    var logBuffer: Int = 4 << 20

    @Flag(help: "Stop as on SIGTERM once standard input reaches its end: whoever started councild with a pipe for its standard input takes it along when it exits or dies (tests, supervisors).")
    var stopAtStdinEnd = false

    func run() async throws {
        var settings = ServerConfiguration()
        do {
            if let config { settings = try ServerConfiguration.load(contentsOf: config) }
        } catch {
            throw ValidationError("\(error)")
        }
        if let listen { settings.listen = listen }
        if let adminListen { settings.admin = .init(listen: adminListen) }
        if settings.admin == nil {
            // Beside a listener on a free port (tests, several nodes on one machine), the admin listener takes one too.
            let freePort = (try? settings.hostAndPort().port) == 0
            settings.admin = .init(listen: freePort ? "127.0.0.1:0" : ServerConfiguration.Admin.defaultListen)
        }
        if let admin = settings.admin, !admin.isOff {
            do { _ = try admin.hostAndPort() } catch { throw ValidationError("\(error)") }
        }
        switch (tlsCertificate, tlsPrivateKey) {
        case (let certificate?, let key?):
            var tls = settings.tls ?? ServerConfiguration.TLS(certificate: certificate, privateKey: key)
            (tls.certificate, tls.privateKey) = (certificate, key)
            settings.tls = tls
        case (nil, nil): break
        default: throw ValidationError("--tls-certificate and --tls-private-key go together")
        }
        if let tlsClientCA {
            guard settings.tls != nil else { throw ValidationError("--tls-client-ca needs TLS: give --tls-certificate and --tls-private-key") }
            settings.tls?.clientCA = tlsClientCA
        }
        if allowPlaintext { settings.allowPlaintext = true }
        if let database { settings.database = database }
        if memory { settings.database = ":memory:" }
        if let seed { settings.seed = seed }
        if let restore {
            guard !settings.database.hasPrefix("postgres"), settings.database != ":memory:" else {
                throw ValidationError("--restore restores a SQLite database; for PostgreSQL use pg_restore (README)")
            }
            let progress = TerminalProgress()
            do {
                let restored = try SQLiteBackup.restore(restore, to: settings.database, progress: progress.show)
                progress.finish()
                FileHandle.standardError.write(Data("restored \(restore) to \(settings.database): \(restored)\n".utf8))
            } catch {
                progress.finish()
                throw ValidationError("cannot restore \(restore): \(error)")
            }
        }

        // A log or client that went away must not end the server: writes to a closed pipe fail instead.
        signal(SIGPIPE, SIG_IGN)
        guard logBuffer > 0 else { throw ValidationError("--log-buffer must be positive") }
        let level = CouncilLogHandler.LevelSetting(logLevel ?? settings.logLevel ?? .info)
        let metrics = PrometheusMetrics()
        let (format, sink) = (logFormat, LogSink(capacityBytes: logBuffer, metrics: metrics.factory))
        LoggingSystem.bootstrap { label in CouncilLogHandler(label: label, format: format, level: level, output: sink.write) }
        let logger = Logger(label: "councild")

        let daemon: CouncilDaemon
        do {
            daemon = try await CouncilDaemon(configuration: settings, demo: demo, metrics: metrics, logger: logger)
        } catch {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            sink.flush()
            throw ExitCode(2)
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: daemon),
            .init(service: HangupReload(
                server: daemon.server, logger: logger, configuration: config, demo: demo, level: level,
                levelFromFlag: logLevel != nil)),
        ]
        if stopAtStdinEnd {
            services.append(.init(service: InputEndWatch(logger: logger), successTerminationBehavior: .gracefullyShutdownGroup))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger))
        if demo {
            Task {
                guard let address = try? await daemon.server.listeningAddress() else { return }
                let hostPort = "\(address.ipAddress ?? "127.0.0.1"):\(address.port ?? 7420)"
                var lines = ["", "councild is running in demo mode on \(hostPort)", "", "Development keys (never use them outside a demo):"]
                for (key, entry) in CouncilDaemon.demoKeys {
                    lines.append("  --system \(entry.system) --key \(key)    scopes: \(entry.scopes.map(\.rawValue).sorted().joined(separator: ","))")
                }
                lines += [
                    "", "Try, in another terminal:",
                    "  export COUNCIL_SERVER=\(hostPort) COUNCIL_SYSTEM=hall-staff COUNCIL_KEY=demo-hall-staff",
                    "  swift run councilctl health",
                    "  swift run councilctl submit --title 楼道灯不亮 --community QX01 --source walkIn",
                ]
                if let admin = try? await daemon.admin?.listeningAddress() {
                    let base = "http://\(admin.ipAddress ?? "127.0.0.1"):\(admin.port ?? 7421)"
                    lines += ["  curl \(base)/readyz    curl \(base)/metrics"]
                }
                lines += ["", "Stop with Ctrl-C (graceful: calls in flight finish).", ""]
                FileHandle.standardError.write(Data(lines.joined(separator: "\n").utf8))
            }
        }
        defer { sink.flush() }
        try await group.run()
    }
}

/// On each SIGHUP until the server shuts down, reads again the TLS files and the configuration file's keys and log
/// level, and puts them in force without dropping a connection. What cannot be read leaves what is in force.
struct HangupReload: Service {
    let server: CouncilServer
    let logger: Logger
    /// The configuration file, if councild was started with one.
    let configuration: String?
    /// Whether the demo keys are added to the configured ones.
    let demo: Bool
    /// The level every log handler shares.
    let level: CouncilLogHandler.LevelSetting
    /// Whether `--log-level` set the level, which then outranks the file's.
    let levelFromFlag: Bool

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            logger.info("SIGHUP: reloading")
            do {
                if try server.reloadTransportSecurity() == nil { logger.info("nothing to reload: TLS is not configured") }
            } catch {
                // Logged by the server; the certificate in force stays.
            }
            reloadConfiguration()
        }
    }

    private func reloadConfiguration() {
        guard let configuration else { return logger.info("no configuration file: the keys and the log level stay") }
        let settings: ServerConfiguration
        let keys: KeyRing
        do {
            settings = try ServerConfiguration.load(contentsOf: configuration)
            keys = try KeyRing(settings.keys + (demo ? CouncilDaemon.demoKeys.map(\.entry) : []))
        } catch {
            return logger.error("could not reload the configuration; the keys and the log level in force stay", metadata: ["error": "\(error)"])
        }
        server.reloadKeys(keys)
        let wanted = levelFromFlag ? level.value : settings.logLevel ?? .info
        if wanted != level.value {
            logger.notice("log level changed", metadata: ["from": "\(level.value)", "to": "\(wanted)"])
            level.value = wanted
        }
    }
}

/// With `--stop-at-stdin-end`: returns, which shuts the server down gracefully, once standard input reaches its end
/// or can no longer be read — the process holding the pipe's other end exited or died. A test process killed with
/// SIGKILL runs no cleanup, and councild ignores SIGPIPE, so without this its councild children would serve on.
struct InputEndWatch: Service {
    let logger: Logger

    func run() async throws {
        let ended = AsyncStream<Void> { continuation in
            // A blocking read on a thread of its own: it costs nothing while the pipe stays open and quiet.
            let thread = Thread {
                var buffer = [UInt8](repeating: 0, count: 512)
                while true {
                    let count = read(STDIN_FILENO, &buffer, buffer.count)
                    if count > 0 || (count < 0 && errno == EINTR) { continue }
                    break
                }
                continuation.yield()
                continuation.finish()
            }
            thread.name = "councild stdin watch"
            thread.start()
        }
        for await _ in ended.cancelOnGracefulShutdown() {
            logger.notice("standard input ended: shutting down (--stop-at-stdin-end)")
            return
        }
    }
}

extension Scope: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}

extension CouncilLogHandler.Format: ExpressibleByArgument {}

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a SQLite store consistently while councild keeps serving, and check the copy.",
        discussion: """
            The copy holds every write committed before it began. Restore it with `councild --restore FILE \
            --database NEW`. For PostgreSQL, use pg_dump and pg_restore (README).
            """)

    @Option(help: "The SQLite database file councild serves (default ./council.sqlite).")
    var database = "council.sqlite"

    @Argument(help: ArgumentHelp("The backup file to write; it must not exist yet.", valueName: "file"))
    var destination: String

    @Flag(help: "Draw no progress line (it is drawn on standard error only when that is a terminal).")
    var noProgress = false

    func run() throws {
        let progress = TerminalProgress(terminal: noProgress ? nil : .standardError())
        do {
            let summary = try SQLiteBackup.backup(database: database, to: destination, progress: progress.show)
            progress.finish()
            print("backed up \(database) to \(destination), checked: \(summary)")
        } catch {
            progress.finish()
            FileHandle.standardError.write(Data("councild backup: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

extension TerminalProgress {
    /// Shows a step of a SQLite backup or restore: the file being checked, or the pages copied of all.
    func show(_ step: SQLiteBackup.Step) {
        switch step {
        case .checking(let path): begin("checking \(path)")
        case .copying(let path): begin("copying \(path)", unit: .items("pages"))
        case .copied(let pages, let pageCount): update(Int64(pages), total: Int64(pageCount))
        }
    }
}
