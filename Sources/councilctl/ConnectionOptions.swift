import ArgumentParser
import CouncilClient
import CouncilKit
import CouncilAPI
import CouncilTerminal
import Foundation
import Synchronization

/// The options every command that talks to councild takes. They may come before the subcommand or after it, and
/// the connection ones fall back to COUNCIL_SERVER, COUNCIL_SYSTEM, COUNCIL_KEY, COUNCIL_USER and, for TLS,
/// COUNCIL_TLS_CA, COUNCIL_TLS_CERT and COUNCIL_TLS_KEY.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("councild's address, HOST:PORT (env COUNCIL_SERVER; default 127.0.0.1:7420).", valueName: "host:port"))
    var server: String?

    @Option(help: ArgumentHelp("This client system's code (env COUNCIL_SYSTEM; default hall-staff).", valueName: "system"))
    var system: String?

    @Option(help: ArgumentHelp("The system's API key (env COUNCIL_KEY).", valueName: "key"))
    var key: String?

    @Option(help: ArgumentHelp("The person acting, recorded on the events (env COUNCIL_USER).", valueName: "person-id"))
    var actingUser: String?

    @Option(help: ArgumentHelp("Speak TLS, trusting these CA certificates, PEM (env COUNCIL_TLS_CA).", valueName: "file"))
    var ca: String?

    @Option(help: ArgumentHelp("Speak TLS with this client certificate, PEM (env COUNCIL_TLS_CERT); with --cert-key.", valueName: "file"))
    var cert: String?

    @Option(help: ArgumentHelp("The private key of --cert, PEM (env COUNCIL_TLS_KEY).", valueName: "file"))
    var certKey: String?

    @Flag(help: "Speak TLS, trusting the system's CA certificates (implied by --ca and --cert).")
    var tls = false

    @Option(help: ArgumentHelp("Seconds to wait for an answer (default 30).", valueName: "seconds"))
    var timeout: Double?

    @Flag(help: "Print JSON for scripts instead of tables (keys: see `councilctl --help`).")
    var json = false

    @Flag(help: "Draw no progress line for exports and directory loads (it is drawn only when stderr is a terminal).")
    var noProgress = false

    /// These options where given, else `fallback`'s.
    func over(_ fallback: ConnectionOptions) -> ConnectionOptions {
        var merged = self
        merged.server = server ?? fallback.server
        merged.system = system ?? fallback.system
        merged.key = key ?? fallback.key
        merged.actingUser = actingUser ?? fallback.actingUser
        merged.ca = ca ?? fallback.ca
        merged.cert = cert ?? fallback.cert
        merged.certKey = certKey ?? fallback.certKey
        merged.tls = tls || fallback.tls
        merged.timeout = timeout ?? fallback.timeout
        merged.json = json || fallback.json
        merged.noProgress = noProgress || fallback.noProgress
        return merged
    }

    func validate() throws {
        if let timeout, !(timeout > 0 && timeout <= 600) { throw ValidationError("--timeout must be between 0 and 600 seconds") }
        if let server, Endpoint(server) == nil { throw ValidationError("--server must be HOST:PORT, for example 127.0.0.1:7420") }
    }
}

/// A host and port.
struct Endpoint: CustomStringConvertible {
    var host: String
    var port: Int

    /// Parses `HOST:PORT`, `HOST` (port 7420), `:PORT` (127.0.0.1) or `[IPv6]:PORT`.
    init?(_ text: String) {
        var host = text, port = 7420
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let p = Int(rest.dropFirst()) else { return nil }
                port = p
            }
        } else if let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon {
            host = String(text[..<colon])
            guard let p = Int(text[text.index(after: colon)...]) else { return nil }
            port = p
        }
        if host.isEmpty { host = "127.0.0.1" }
        guard (1...65535).contains(port), !host.contains(where: \.isWhitespace) else { return nil }
        self.host = host
        self.port = port
    }

    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// One command's dealings with councild and the terminal: the resolved settings, the client, output, and failures
/// turned into exit codes.
struct Session {
    let endpoint: Endpoint
    let system: String
    let key: String?
    let actingUser: String?
    let tls: CouncilClient.Configuration.TLS?
    let timeout: Duration
    let json: Bool
    /// Whether long work may draw a progress line (`--no-progress` says no).
    let showsProgress: Bool
    /// The server's clock once asked for (``clock(_:)``).
    private let serverClock = KnownClock()

    /// Resolves flags (the subcommand's first, then those before it), then the environment, then the defaults.
    init(_ options: ConnectionOptions, parent: ConnectionOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let merged = options.over(parent)
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let server = merged.server ?? env("COUNCIL_SERVER") ?? "127.0.0.1:7420"
        guard let endpoint = Endpoint(server) else {
            throw Failure.usage("the server address \"\(server)\" is not HOST:PORT, for example 127.0.0.1:7420")
        }
        self.endpoint = endpoint
        self.system = merged.system ?? env("COUNCIL_SYSTEM") ?? "hall-staff"
        self.key = merged.key ?? env("COUNCIL_KEY")
        self.actingUser = merged.actingUser ?? env("COUNCIL_USER")
        let ca = merged.ca ?? env("COUNCIL_TLS_CA"), cert = merged.cert ?? env("COUNCIL_TLS_CERT")
        let certKey = merged.certKey ?? env("COUNCIL_TLS_KEY")
        if (cert == nil) != (certKey == nil) {
            throw Failure.usage("a client certificate and its key go together: give both --cert and --cert-key (or COUNCIL_TLS_CERT and COUNCIL_TLS_KEY)")
        }
        self.tls = merged.tls || ca != nil || cert != nil ? CouncilClient.Configuration.TLS(trustRoots: ca, certificate: cert, privateKey: certKey) : nil
        self.timeout = .milliseconds(Int64((merged.timeout ?? 30) * 1000))
        self.json = merged.json
        self.showsProgress = !merged.noProgress
    }

    /// How to make a call: the session's deadline, the acting user and, for case operations, an idempotency key.
    func options(idempotencyKey: String? = nil) -> CallOptions {
        CallOptions(timeout: timeout, metadata: CallMetadata(idempotencyKey: idempotencyKey, actingUser: actingUser))
    }

    /// The server's time, from which `today`, `now`, spans such as `+3d` and this month's periods are counted.
    /// Asked of councild once per command, when first needed.
    func clock(_ client: CouncilClient) async throws -> ServerClock {
        if let known = serverClock.value.withLock({ $0 }) { return known }
        let clock = ServerClock(now: try await client.getServerInfo(options: CallOptions(timeout: timeout)).serverTime)
        serverClock.value.withLock { $0 = clock }
        return clock
    }

    /// `time` as an instant; councild is asked for its clock only when `time` counts from now.
    func instant(_ time: TimeArgument?, endOfDay: Bool, client: CouncilClient) async throws -> Timestamp? {
        guard let time else { return nil }
        if let fixed = time.fixedTimestamp(endOfDay: endOfDay) { return fixed }
        return time.timestamp(endOfDay: endOfDay, clock: try await clock(client))
    }

    /// `day` when given.
    func givenDay(_ day: DayArgument?, client: CouncilClient) async throws -> LocalDate? {
        guard let day else { return nil }
        return try await self.day(day, client: client)
    }

    /// `day`, or the server's today when absent.
    func day(_ day: DayArgument?, client: CouncilClient) async throws -> LocalDate {
        if let fixed = day?.fixedDate { return fixed }
        let clock = try await clock(client)
        return day?.date(clock) ?? clock.today
    }

    /// Runs `body` with a client connected as this session's system, then closes it. Client errors become
    /// ``Failure``s with one clear line each.
    func withClient<T>(_ body: (CouncilClient) async throws -> T) async throws -> T {
        guard key != nil || tls?.certificate != nil else {
            throw Failure.usage("no API key: pass --key KEY or set COUNCIL_KEY (councild --demo prints development keys)")
        }
        var configuration = CouncilClient.Configuration(host: endpoint.host, port: endpoint.port, system: system, key: key, tls: tls)
        configuration.instance = "councilctl"
        configuration.defaultTimeout = timeout
        configuration.connectTimeout = min(timeout, .seconds(5))
        let client = CouncilClient(configuration: configuration)
        do {
            let result = try await body(client)
            await client.close()
            return result
        } catch let error as CouncilClientError {
            await client.close()
            throw Failure(error, server: endpoint.description, system: system)
        } catch {
            await client.close()
            throw error
        }
    }

    // MARK: Output

    /// Writes `text` to stdout as is.
    func write(_ text: String) { Console.out(text) }

    /// Writes lines to stdout.
    func print(_ lines: String...) { Console.out(lines.map { $0 + "\n" }.joined()) }

    /// Writes `value` as pretty JSON to stdout.
    func emit(_ value: JSONValue) { Console.out(value.rendered(pretty: true) + "\n") }

    /// Writes a note for people to stderr, so stdout stays what scripts read.
    func note(_ text: String) { Console.error(text + "\n") }

    /// A progress line on stderr for long work: drawn only when stderr is a terminal and `--no-progress` was not given.
    /// Finish it before writing anything else, on stdout too: both may be the same terminal.
    func progress() -> TerminalProgress { TerminalProgress(terminal: showsProgress ? .standardError() : nil) }
}

/// The server's clock once a command has asked for it.
final class KnownClock: Sendable {
    let value = Mutex<ServerClock?>(nil)
}

/// The process's output streams, written without buffering so `watch` shows events at once and nothing is lost on
/// exit.
enum Console {
    static func out(_ text: String) {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
        } catch {
            // The reader went away (`councilctl find | head`): stop quietly, as other tools do.
            exit(ExitStatus.ok.rawValue)
        }
    }

    static func error(_ text: String) { try? FileHandle.standardError.write(contentsOf: Data(text.utf8)) }
}

// MARK: Case keys

/// A case as the user names it: its id (a UUID), its number (QX05-20261129-0001) or SYSTEM/REF, the sending
/// system's external reference.
struct CaseArgument: ExpressibleByArgument, CustomStringConvertible {
    var key: CaseKey
    var description: String

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        if let id = CaseID(text) {
            key = .id(id)
        } else if let slash = text.firstIndex(of: "/") {
            let system = String(text[..<slash]), reference = String(text[text.index(after: slash)...])
            guard !system.isEmpty, !reference.isEmpty else { return nil }
            key = .externalReference(ExternalReference(system: system, reference: reference))
        } else if let number = CaseNumber(text) {
            key = .number(number)
        } else {
            return nil
        }
        description = text
    }

    static let help = "its number (QX05-20261129-0001), its id (a UUID) or SYSTEM/REF (an external reference)"

    /// The case's id, asking the server when the user gave a number or reference.
    func id(using client: CouncilClient) async throws -> CaseID {
        if case .id(let id) = key { return id }
        return try await client.getCase(key: key).state.id
    }
}
