import CouncilKit
import CouncilServer
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The node's HTTP admin listener, on an address of its own (loopback by default), for the operator's tools:
///
/// * `GET /metrics`: the metrics in Prometheus's text format;
/// * `GET /healthz`: `200 ok` while the process answers at all (liveness);
/// * `GET /readyz`: `200` when every readiness check passes, `503` when one does not; the body lists each check on a
///   line of its own, `ok` or `FAIL`, with what was found.
///
/// It answers `HEAD` like `GET` without the body, `405` to other methods and `404` to other paths, and closes each
/// connection after its answer, or after ``requestTimeout`` without a complete request. It serves no personal data
/// and takes no input but the path. On graceful shutdown it
/// stops last, so `/readyz` reports the drain while the server finishes its calls.
public final class AdminListener: Service, Sendable {
    /// An answer to one request.
    public struct Answer: Sendable {
        /// The status.
        public var status: HTTPResponseStatus
        /// The body's media type.
        public var contentType: String
        /// The body.
        public var body: [UInt8]

        /// Creates an answer.
        public init(status: HTTPResponseStatus, contentType: String = "text/plain; charset=utf-8", body: [UInt8]) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    /// Where it listens, `HOST:PORT`.
    public let listen: String
    /// How long a connection may take to send its request and read the answer before it is closed.
    public let requestTimeout: Duration
    private let clock: any SleepingClock
    private let metrics: @Sendable () async -> [UInt8]
    private let readiness: @Sendable () async -> [ReadinessCheck]
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var address: SocketAddress?
        var failure: (any Error)?
        var waiters: [CheckedContinuation<SocketAddress, any Error>] = []
        var channel: (any Channel)?
        var open: [ObjectIdentifier: any Channel] = [:]
        var stopped = false
    }

    /// Creates the listener.
    /// - Parameters:
    ///   - listen: Where to listen, `HOST:PORT`; port 0 picks a free one.
    ///   - metrics: The exposition `/metrics` serves, made afresh for each request.
    ///   - readiness: The checks `/readyz` runs for each request.
    ///   - requestTimeout: How long a connection may take to send its request and read the answer. Default 10 s.
    ///   - clock: The clock the timeout runs on.
    ///   - group: The event loops to run on.
    ///   - logger: Where it logs its address and failures.
    public init(
        listen: String, metrics: @escaping @Sendable () async -> [UInt8], readiness: @escaping @Sendable () async -> [ReadinessCheck],
        requestTimeout: Duration = .seconds(10), clock: any SleepingClock = SystemClock(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger
    ) {
        self.listen = listen
        self.requestTimeout = requestTimeout
        self.clock = clock
        self.metrics = metrics
        self.readiness = readiness
        self.group = group
        self.logger = logger
    }

    /// The address it listens on, once it does (useful with port 0).
    /// - Throws: the error that stopped it from binding.
    public func listeningAddress() async throws -> SocketAddress {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<SocketAddress, any Error>? = state.withLock { state in
                if let address = state.address { return .success(address) }
                if let failure = state.failure { return .failure(failure) }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// Listens and answers until graceful shutdown or cancellation.
    /// - Throws: ``ServerConfigurationError`` when it cannot listen.
    public func run() async throws {
        let server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
        do {
            let (host, port) = try ServerConfiguration.Admin(listen: listen).hostAndPort()
            server = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 64)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        return try NIOAsyncChannel(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            let failure = error as? ServerConfigurationError ?? ServerConfigurationError("cannot listen on admin.listen \(listen): \(error)")
            resolve(.failure(failure))
            throw failure
        }
        guard let address = server.channel.localAddress else { return }
        state.withLock { $0.channel = server.channel }
        resolve(.success(address))
        logger.info("admin HTTP listener", metadata: ["adminAddress": "\(address.ipAddress ?? "?"):\(address.port ?? 0)"])

        try await withGracefulShutdownHandler {
            try await server.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { tasks in
                    for try await connection in inbound {
                        let key = ObjectIdentifier(connection.channel)
                        let admitted = state.withLock { state -> Bool in
                            guard !state.stopped else { return false }
                            state.open[key] = connection.channel
                            return true
                        }
                        guard admitted else {
                            connection.channel.close(promise: nil)
                            continue
                        }
                        tasks.addTask {
                            await self.serve(connection)
                            _ = self.state.withLock { $0.open.removeValue(forKey: key) }
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            self.stop()
        }
    }

    private func resolve(_ result: Result<SocketAddress, any Error>) {
        let waiters = state.withLock { state in
            switch result {
            case .success(let address): state.address = address
            case .failure(let error): state.failure = error
            }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    /// Stops listening and closes the connections open.
    private func stop() {
        let channels = state.withLock { state in
            state.stopped = true
            return [state.channel].compactMap { $0 } + Array(state.open.values)
        }
        for channel in channels { channel.close(promise: nil) }
    }

    /// Answers the first request of a connection, then closes it; closes it sooner when the request takes longer than
    /// ``requestTimeout``.
    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        let channel = connection.channel
        let timeout = clock.schedule(after: requestTimeout) { channel.close(promise: nil) }
        defer { timeout.cancel() }
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                for try await part in inbound {
                    switch part {
                    case .head(let request): head = request
                    case .body: continue
                    case .end:
                        guard let request = head else { return }
                        let answer = await self.answer(request)
                        var headers = HTTPHeaders()
                        headers.add(name: "Content-Type", value: answer.contentType)
                        headers.add(name: "Content-Length", value: "\(answer.body.count)")
                        headers.add(name: "Connection", value: "close")
                        headers.add(name: "Cache-Control", value: "no-store")
                        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: answer.status, headers: headers)))
                        if request.method != .HEAD { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: answer.body)))) }
                        try await outbound.write(.end(nil))
                        return
                    }
                }
            }
        } catch {
            logger.debug("admin connection ended with an error", metadata: ["error": "\(error)"])
        }
    }

    /// The answer to `request`.
    func answer(_ request: HTTPRequestHead) async -> Answer {
        let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.uri
        let known = ["/metrics", "/healthz", "/readyz"]
        guard known.contains(path) else {
            return Answer(status: .notFound, body: Array("not found: this listener serves \(known.joined(separator: ", "))\n".utf8))
        }
        guard request.method == .GET || request.method == .HEAD else {
            return Answer(status: .methodNotAllowed, body: Array("\(path) answers GET and HEAD only\n".utf8))
        }
        switch path {
        case "/metrics":
            return Answer(status: .ok, contentType: PrometheusMetrics.contentType, body: await metrics())
        case "/healthz":
            return Answer(status: .ok, body: Array("ok\n".utf8))
        default:
            let checks = await readiness()
            let ready = checks.allSatisfy(\.isReady)
            var text = ready ? "ready\n" : "not ready\n"
            for check in checks { text += "\(check.isReady ? "ok  " : "FAIL") \(check.name): \(check.detail)\n" }
            return Answer(status: ready ? .ok : .serviceUnavailable, body: Array(text.utf8))
        }
    }
}
