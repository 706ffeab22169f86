import CouncilAPI
internal import CouncilWire
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// One connection to councild: handshake, then many calls at once, answers matched by call id.
final class ClientConnection: Sendable {
    private enum Waiter {
        case unary(CheckedContinuation<WireResponseFrame, any Error>)
        case stream(AsyncThrowingStream<WireResponseFrame, any Error>.Continuation)
    }

    private struct State {
        var nextCallID: UInt64 = 1
        var waiters: [UInt64: Waiter] = [:]
        /// Set by a GoAway: calls above it were not processed; no new calls may start.
        var goAwayLastCallID: UInt64?
        var failure: CouncilClientError?
        var timers: [UInt64: Scheduled<Void>] = [:]
    }

    let limits: ConnectionLimits
    private let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    private let outgoing: AsyncStream<WireFrame>.Continuation
    private let state = Mutex(State())

    private init(channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, outgoing: AsyncStream<WireFrame>.Continuation, limits: ConnectionLimits) {
        self.channel = channel
        self.outgoing = outgoing
        self.limits = limits
    }

    /// Connects, shakes hands and starts the reader and writer.
    /// - Throws: ``CouncilClientError``: UNAVAILABLE when the server cannot be reached, the handshake's status
    ///   when it refuses the connection.
    static func open(_ configuration: CouncilClient.Configuration, group: any EventLoopGroup) async throws -> ClientConnection {
        let maxFrame = configuration.maxFrameBytes
        let tls = try configuration.tls.map { try ClientTLS($0, host: configuration.host) }
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.milliseconds(Int64(configuration.connectTimeout.components.seconds * 1000)
                    + Int64(configuration.connectTimeout.components.attoseconds / 1_000_000_000_000_000)))
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .connect(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: tls.context, serverHostname: tls.serverHostname))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LengthPrefixedFrameDecoder(maxFrameBytes: maxFrame)))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw CouncilClientError(.unavailable, "cannot connect to \(configuration.host):\(configuration.port): \(error)", reason: "connectFailed")
        }

        let (frames, outgoing) = AsyncStream.makeStream(of: WireFrame.self)
        let handshake = Handshake(
            clientSystem: configuration.system, clientInstance: configuration.instance, bearerToken: configuration.key)
        let (results, resultContinuation) = AsyncStream.makeStream(of: Result<HandshakeResult, CouncilClientError>.self)
        let holder = Mutex<ClientConnection?>(nil)

        let address = "\(configuration.host):\(configuration.port)"
        Task {
            var ending = CouncilClientError.connectionLost(
                tls == nil ? "closed during the handshake (does the server expect TLS?)" : "closed during the handshake")
            do {
                try await channel.executeThenClose { inbound, outbound in
                    try await withThrowingDiscardingTaskGroup { group in
                        group.addTask {
                            let codec = WireCodec()
                            var buffer = channel.channel.allocator.buffer(capacity: 1024)
                            for await frame in frames {
                                buffer.clear()
                                try codec.encode(frame, into: &buffer)
                                try await outbound.write(buffer)
                            }
                            outbound.finish()
                        }
                        let codec = WireCodec()
                        var handshaken = false
                        for try await payload in inbound {
                            let frame = try codec.decode(payload: payload)
                            if !handshaken {
                                guard case .handshakeResult(let result) = frame else {
                                    resultContinuation.yield(.failure(CouncilClientError(.internal, "the server did not answer the handshake")))
                                    break
                                }
                                handshaken = true
                                resultContinuation.yield(.success(result))
                                resultContinuation.finish()
                                if !result.status.isOK { break }
                                continue
                            }
                            holder.withLock { $0 }?.received(frame)
                        }
                        outgoing.finish()
                    }
                }
                holder.withLock { $0 }?.fail(.connectionLost("the server closed the connection"))
            } catch {
                // TLS errors before the handshake's answer mean the TLS handshake failed (with TLS 1.3 a refused client
                // certificate is only heard on the first read).
                if holder.withLock({ $0 }) == nil, let reason = ClientTLS.failureReason(error) {
                    ending = CouncilClientError(.unavailable, "TLS handshake with \(address) failed: \(reason)", reason: "tlsHandshakeFailed")
                }
                holder.withLock { $0 }?.fail(.connectionLost("\(error)"))
            }
            resultContinuation.yield(.failure(ending))
            resultContinuation.finish()
        }

        outgoing.yield(.handshake(handshake))
        var iterator = results.makeAsyncIterator()
        guard let outcome = await iterator.next() else { throw CouncilClientError.connectionLost("closed during the handshake") }
        let result = try outcome.get()
        guard result.status.isOK else {
            outgoing.finish()
            throw CouncilClientError(result.status)
        }
        let connection = ClientConnection(channel: channel, outgoing: outgoing, limits: result.limits ?? ConnectionLimits())
        holder.withLock { $0 = connection }
        return connection
    }

    /// Whether new calls may start here.
    var isUsable: Bool { state.withLock { $0.failure == nil && $0.goAwayLastCallID == nil } }

    /// Sends a unary call and waits for its answer, at most `timeout` (plus a little, for the server's own deadline).
    /// - Throws: ``ConnectionFailure`` when the connection failed under the call or took it no more;
    ///   ``CouncilClientError`` DEADLINE_EXCEEDED when no answer came in time; `CancellationError`.
    func call(_ request: WireRequest, timeout: Duration, metadata: CallMetadata) async throws -> WireResponseFrame {
        let milliseconds = UInt32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        let assigned = Mutex<UInt64?>(nil)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let started = start { id, state in
                    state.waiters[id] = .unary(continuation)
                    return .call(WireCall(callID: id, timeoutMilliseconds: milliseconds, metadata: metadata, request: request))
                }
                switch started {
                case .failure(let error):
                    continuation.resume(throwing: error)
                case .success(let id):
                    assigned.withLock { $0 = id }
                    let timer = channel.channel.eventLoop.scheduleTask(in: .milliseconds(Int64(milliseconds) + 1000)) { [self] in
                        if resolve(id, .failure(CouncilClientError(.deadlineExceeded, "no answer within the call's deadline", reason: "deadlineExceeded"))) {
                            outgoing.yield(.cancel(callID: id))
                        }
                    }
                    state.withLock { $0.timers[id] = timer }
                    if Task.isCancelled, resolve(id, .failure(CancellationError())) { outgoing.yield(.cancel(callID: id)) }
                }
            }
        } onCancel: {
            if let id = assigned.withLock({ $0 }), resolve(id, .failure(CancellationError())) { outgoing.yield(.cancel(callID: id)) }
        }
    }

    /// Starts a streaming call; the stream ends with the call (and throws the status if it was not OK, or a
    /// ``ConnectionFailure`` if the connection failed under it).
    /// - Throws: ``ConnectionFailure/notProcessed(_:)`` when the connection takes no more calls.
    func stream(_ request: WireRequest, metadata: CallMetadata) throws -> AsyncThrowingStream<WireResponseFrame, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: WireResponseFrame.self)
        let started = start { id, state in
            state.waiters[id] = .stream(continuation)
            return .call(WireCall(callID: id, metadata: metadata, request: request))
        }
        let id = try started.get()
        continuation.onTermination = { [self] termination in
            if case .cancelled = termination, resolve(id, .success(WireResponseFrame(callID: id, response: nil))) {
                outgoing.yield(.cancel(callID: id))
            }
        }
        return stream
    }

    /// Takes the next call id, registers the call and queues its frame, all under one lock, so frames reach the
    /// server in increasing id order however many tasks call at once.
    private func start(_ register: (UInt64, inout State) -> WireFrame) -> Result<UInt64, ConnectionFailure> {
        state.withLock { state in
            if let failure = state.failure { return .failure(.notProcessed(failure)) }
            if state.goAwayLastCallID != nil {
                return .failure(.notProcessed(CouncilClientError(.unavailable, "the server is draining this connection", reason: "draining")))
            }
            let id = state.nextCallID
            state.nextCallID += 1
            outgoing.yield(register(id, &state))
            return .success(id)
        }
    }

    /// Stops taking calls and closes once the calls in flight are answered.
    func close() {
        state.withLock { $0.goAwayLastCallID = $0.goAwayLastCallID ?? ($0.nextCallID - 1) }
        outgoing.yield(.goAway(GoAway(lastCallID: 0, status: .ok)))
        closeIfIdle()
    }

    private func closeIfIdle() {
        let idle = state.withLock { $0.waiters.isEmpty && $0.goAwayLastCallID != nil }
        if idle {
            outgoing.finish()
            channel.channel.close(promise: nil)
        }
    }

    private func received(_ frame: WireFrame) {
        switch frame {
        case .response(let response):
            let waiter = state.withLock { state -> Waiter? in
                guard let waiter = state.waiters[response.callID] else { return nil }
                if response.endOfStream {
                    state.waiters.removeValue(forKey: response.callID)
                    state.timers.removeValue(forKey: response.callID)?.cancel()
                }
                return waiter
            }
            switch waiter {
            case .unary(let continuation)?:
                continuation.resume(returning: response)
            case .stream(let continuation)?:
                if response.endOfStream {
                    if response.status.isOK || response.status.code == .cancelled { continuation.finish() } else {
                        continuation.finish(throwing: CouncilClientError(response.status))
                    }
                } else {
                    continuation.yield(response)
                }
            case nil:
                break  // a call we gave up on
            }
            if response.endOfStream { closeIfIdle() }
        case .ping(let payload):
            outgoing.yield(.pong(payload))
        case .goAway(let goAway):
            // Calls above the last id were not processed: fail them as retryable; the rest will be answered.
            let unprocessed = state.withLock { state -> [Waiter] in
                state.goAwayLastCallID = goAway.lastCallID
                let ids = state.waiters.keys.filter { $0 > goAway.lastCallID }
                return ids.compactMap { state.waiters.removeValue(forKey: $0) }
            }
            let error = CouncilClientError(.unavailable, "the server did not process the call; send it again", reason: "draining")
            for waiter in unprocessed { finish(waiter, ConnectionFailure.notProcessed(error)) }
            closeIfIdle()
        case .pong, .handshake, .handshakeResult, .call, .cancel:
            break
        }
    }

    /// Ends a call that is still waiting; `false` when it was answered or ended already.
    @discardableResult
    private func resolve(_ id: UInt64, _ result: Result<WireResponseFrame, any Error>) -> Bool {
        let (waiter, timer) = state.withLock { ($0.waiters.removeValue(forKey: id), $0.timers.removeValue(forKey: id)) }
        timer?.cancel()
        guard let waiter else { return false }
        defer { closeIfIdle() }
        switch (waiter, result) {
        case (.unary(let continuation), _): continuation.resume(with: result)
        case (.stream(let continuation), .failure(let error)): continuation.finish(throwing: error)
        case (.stream(let continuation), .success): continuation.finish()
        }
        return true
    }

    private func fail(_ error: CouncilClientError) {
        let waiters = state.withLock { state -> [Waiter] in
            state.failure = state.failure ?? error
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { finish(waiter, ConnectionFailure.outcomeUnknown(error)) }
    }

    private func finish(_ waiter: Waiter, _ error: any Error) {
        switch waiter {
        case .unary(let continuation): continuation.resume(throwing: error)
        case .stream(let continuation): continuation.finish(throwing: error)
        }
    }
}
