import CouncilAPI
import CouncilKit
import Metrics
import CouncilWire
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization

/// The councild server: listens on TCP, speaks `Schemas/PROTOCOL.md`, and serves each connection until it
/// closes.
///
/// Run it as a `ServiceLifecycle.Service`. On graceful shutdown it stops accepting, sends every connection a
/// GoAway, lets calls in flight finish within the grace period, ends watch streams, and returns.
public final class CouncilServer: Service, Sendable {
    private let configuration: ServerConfiguration
    let service: CouncilService
    private let chain: InterceptorChain
    private let authenticator: HandshakeAuthenticator
    private let budget: ConnectionBudget
    private let logger: Logger
    private let group: any EventLoopGroup
    private let bound = Mutex<BoundState>(BoundState())

    private struct BoundState {
        var address: SocketAddress?
        var failure: (any Error)?
        var waiters: [CheckedContinuation<SocketAddress, any Error>] = []
        var channel: (any Channel)?
        var connections: [ObjectIdentifier: Connection] = [:]
        /// Callers of ``CouncilServer/connectionsClosed(downTo:)``, each with the count it waits for.
        var closeWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    /// Creates a server.
    /// - Parameters:
    ///   - configuration: Where to listen and the limits to enforce.
    ///   - environment: The store, directory, rules and event feed calls work with.
    ///   - keys: The client systems allowed to connect by key.
    ///   - security: TLS for the listener, and the client certificates that stand for client systems; `nil` for
    ///     plaintext, which ``run()`` refuses on a non-loopback address unless the configuration allows it.
    ///   - notifications: The notification courier whose dead letters clients may list and replay, if any.
    ///   - group: The event loops to run on; the shared multi-threaded group by default.
    ///   - logger: Where connections and failures are logged (never personal data).
    public init(
        configuration: ServerConfiguration, environment: ServerEnvironment, keys: KeyRing,
        security: TransportSecurity? = nil, notifications: NotificationCourier? = nil, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.configuration = configuration
        self.service = CouncilService(
            environment: environment, limits: configuration.limits.wire, notifications: notifications, logger: logger)
        self.chain = service.interceptors
        self.authenticator = HandshakeAuthenticator(keys: KeysInForce(keys), security: security, accounts: service.accounts, guardian: service.signIns,
            metrics: service.metrics)
        self.budget = ConnectionBudget(limits: configuration.limits, clock: environment.clock)
        self.group = group
        self.logger = logger
    }

    /// The address the server listens on, once it does (useful with port 0).
    /// - Throws: the error that stopped the server from binding.
    public func listeningAddress() async throws -> SocketAddress {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<SocketAddress, any Error>? = bound.withLock { state in
                if let address = state.address { return .success(address) }
                if let failure = state.failure { return .failure(failure) }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// How many connections are open.
    public var connectionCount: Int { bound.withLock { $0.connections.count } }

    /// Returns once at most `count` connections are open: the server has finished with the others, their calls and
    /// watch streams included.
    public func connectionsClosed(downTo count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = bound.withLock { state -> Bool in
                if state.connections.count <= count { return true }
                state.closeWaiters.append((count, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Reads the TLS files again (certificate, key, client CA, revoked serials): new handshakes use them, live
    /// connections keep what they negotiated. Logs the certificate's subject and expiry.
    /// - Returns: What the certificate now in force says of itself; `nil` without TLS.
    /// - Throws: ``ServerConfigurationError`` when a file cannot be read or used; what was in force stays.
    @discardableResult
    public func reloadTransportSecurity() throws -> TransportSecurity.Summary? {
        guard let security = authenticator.security else { return nil }
        do {
            let summary = try security.reload()
            logCertificate(summary, "reloaded the TLS certificate")
            service.metrics.certificate(summary)
            return summary
        } catch {
            logger.error("could not reload TLS; the certificate in force stays", metadata: ["error": "\(error)"])
            throw error
        }
    }

    /// Puts `keys` in force for the handshakes that follow; connections already open keep the caller they
    /// authenticated as. Logs which client systems were added, removed or changed.
    /// - Returns: What changed, by client system.
    @discardableResult
    public func reloadKeys(_ keys: KeyRing) -> (added: [String], removed: [String], changed: [String]) {
        let earlier = authenticator.keys.replace(with: keys)
        let changes = keys.changes(since: earlier)
        logger.info(
            "reloaded the keys",
            metadata: [
                "added": "\(changes.added.joined(separator: ","))", "removed": "\(changes.removed.joined(separator: ","))",
                "changed": "\(changes.changed.joined(separator: ","))",
            ])
        return changes
    }

    private func logCertificate(_ summary: TransportSecurity.Summary, _ message: Logger.Message) {
        logger.info(
            message,
            metadata: [
                "subject": "\(summary.subject)", "notValidAfter": "\(summary.notValidAfter.formatted(.iso8601))",
                "revokedSerials": "\(summary.revokedSerials)",
            ])
    }

    /// Listens and serves until cancelled or shut down gracefully.
    /// - Throws: ``ServerConfigurationError`` for a listener that cannot be opened, or a plaintext one on a
    ///   non-loopback address without ``ServerConfiguration/allowPlaintext``.
    public func run() async throws {
        let (host, port) = try configuration.hostAndPort()
        do {
            try configuration.checkTransport()
        } catch {
            logger.critical("\(error)")
            failBinding(error)
            throw error
        }
        let limits = configuration.limits, clock = service.environment.clock
        let security = authenticator.security, budget = budget
        let serverChannel: NIOAsyncChannel<(NIOAsyncChannel<ByteBuffer, Never>, FirstByteMarker), Never>
        do {
            serverChannel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
                // A client that closes its sending side still gets the answers to its calls, or the GoAway that
                // refuses a frame it left unfinished.
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let marker = FirstByteMarker()
                        try channel.pipeline.syncOperations.addHandler(marker)
                        if let security {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: security.context))
                        }
                        try channel.pipeline.syncOperations.addHandler(
                            ByteToMessageHandler(
                                FrameReader(
                                    maxFrameBytes: limits.maxFrameBytes, readTimeout: .milliseconds(limits.frameReadTimeoutMilliseconds),
                                    clock: clock)))
                        return (try NIOAsyncChannel<ByteBuffer, Never>(wrappingChannelSynchronously: channel), marker)
                    }
                }
        } catch {
            failBinding(error)
            throw ServerConfigurationError("cannot listen on \(configuration.listen): \(error)")
        }

        let address = serverChannel.channel.localAddress
        let waiters = bound.withLock { state in
            state.address = address
            state.channel = serverChannel.channel
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        if let address { for waiter in waiters { waiter.resume(returning: address) } }
        logger.info(
            "listening",
            metadata: [
                "address": "\(address.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? configuration.listen)",
                "transport": "\(security == nil ? "plaintext" : security?.configuration.clientCA == nil ? "tls" : "mutual-tls")",
            ])
        if let security {
            logCertificate(security.summary, "TLS certificate in force")
            service.metrics.certificate(security.summary)
        }
        let metrics = service.metrics

        try await withGracefulShutdownHandler {
            try await serverChannel.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await (channel, marker) in inbound {
                        let connection = Connection(
                            channel: channel, service: service, chain: chain, authenticator: authenticator,
                            settings: .init(limits: limits, serverID: configuration.serverID, budget: budget), logger: logger)
                        let key = ObjectIdentifier(connection)
                        bound.withLock { $0.connections[key] = connection }
                        metrics.connectionsAccepted.increment()
                        metrics.connectionsOpen.increment()
                        group.addTask {
                            if await connection.admit(marker) { await connection.run() }
                            metrics.connectionsOpen.decrement()
                            let satisfied = self.bound.withLock { state in
                                _ = state.connections.removeValue(forKey: key)
                                let open = state.connections.count
                                defer { state.closeWaiters.removeAll { $0.count >= open } }
                                return state.closeWaiters.filter { $0.count >= open }.map(\.continuation)
                            }
                            for waiter in satisfied { waiter.resume() }
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            self.shutDown()
        }
        logger.info("stopped listening")
    }

    private func failBinding(_ error: any Error) {
        let waiters = bound.withLock { state in
            state.failure = error
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    /// Stops accepting, drains every connection, and cuts off what is still open after the grace period.
    private func shutDown() {
        service.environment.beginDraining()
        budget.stop()
        // Set before any connection hears of the drain, so the grace period runs from now.
        _ = service.environment.clock.schedule(after: .milliseconds(configuration.shutdownGracePeriodMilliseconds)) { [self] in
            let left = bound.withLock { Array($0.connections.values) }
            if !left.isEmpty { logger.warning("closing connections still busy after the grace period", metadata: ["connections": "\(left.count)"]) }
            for connection in left { connection.forceClose() }
        }
        let (channel, connections) = bound.withLock { ($0.channel, Array($0.connections.values)) }
        logger.info("draining", metadata: ["connections": "\(connections.count)"])
        channel?.close(promise: nil)
        for connection in connections { connection.drain() }
    }
}
