import CouncilAPI
import CouncilKit
import CouncilWire
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// A TCP connection to councild that speaks bytes, not the protocol: it sends whatever it is given (garbage, a
/// lying length prefix, a frame one byte at a time) and reads back length-prefixed frames, decoding each with
/// `WireCodec`, and notices when the server closes.
///
/// Every wait has a timeout, so a server that never answers fails the test instead of hanging it.
final class RawWireConnection: Sendable {
    /// What the next read saw.
    enum Event: Sendable, CustomStringConvertible {
        /// A whole frame arrived.
        case frame(WireFrame)
        /// The server closed the connection (or reset it) and no whole frame is left to read.
        case closed
        /// Nothing arrived before the timeout.
        case timedOut
        /// A whole frame arrived that `WireCodec` cannot decode.
        case undecodable(WireError)

        var description: String {
            switch self {
            case .frame(let frame): return "frame \(frame)"
            case .closed: return "closed"
            case .timedOut: return "timed out"
            case .undecodable(let error): return "undecodable frame: \(error)"
            }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private let channel: any Channel
    private let inbox: Inbox

    private init(channel: any Channel, inbox: Inbox) {
        self.channel = channel
        self.inbox = inbox
    }

    /// Opens a TCP connection; nothing is sent.
    static func connect(host: String = "127.0.0.1", port: Int) async throws -> RawWireConnection {
        let inbox = Inbox()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(inbox: inbox))
                }
            }
            .connect(host: host, port: port).get()
        return RawWireConnection(channel: channel, inbox: inbox)
    }

    /// Opens a connection and shakes hands with one of the demo keys; fails unless the server says OK.
    static func handshaken(port: Int, system: String = "hall-staff", key: String? = nil) async throws -> RawWireConnection {
        let connection = try await connect(port: port)
        let result = try await connection.handshake(system: system, key: key ?? Self.demoKey(system))
        guard result.status.isOK else { throw Failure("the handshake was refused: \(result.status)") }
        return connection
    }

    static func demoKey(_ system: String) -> String {
        switch system {
        case "hall-staff": return "demo-hall-staff"
        case "petition-office": return "demo-petition-office"
        case "grid-platform": return "demo-grid-platform"
        default: return "no-such-key"
        }
    }

    // MARK: Sending

    /// Sends raw bytes. A failure to write (the server closed already) is swallowed: the test looks at what came back.
    func send(_ bytes: [UInt8]) async {
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        try? await channel.writeAndFlush(buffer).get()
    }

    /// Sends one frame, with its length prefix.
    func send(_ frame: WireFrame) async throws {
        await send(try WireCodec().encode(frame))
    }

    /// Sends a frame whose payload is `payload`, with a correct length prefix.
    func send(payload: [UInt8]) async {
        await send(Self.framed(payload))
    }

    /// Sends a handshake and returns the server's answer.
    func handshake(system: String, key: String?, version: UInt32 = WireProtocol.version, instance: String = "raw-socket-test") async throws
        -> HandshakeResult
    {
        try await send(.handshake(Handshake(protocolVersion: version, clientSystem: system, clientInstance: instance, bearerToken: key)))
        let event = await next()
        guard case .frame(.handshakeResult(let result)) = event else { throw Failure("expected a handshake result, got \(event)") }
        return result
    }

    /// Sends a call.
    func call(_ id: UInt64, _ request: WireRequest, timeoutMilliseconds: UInt32? = nil) async throws {
        try await send(.call(WireCall(callID: id, timeoutMilliseconds: timeoutMilliseconds, request: request)))
    }

    /// Closes this side's output only (a TCP half-close): the server reads the end of input and may still write.
    func closeOutput() async throws {
        try await channel.close(mode: .output).get()
    }

    /// Closes the connection from this side.
    func close() async {
        try? await channel.close().get()
    }

    // MARK: Reading

    /// The next frame, the close, or a timeout — whichever comes first.
    func next(timeout: Duration = .seconds(5)) async -> Event {
        let deadline = NIODeadline.now() + TimeAmount.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        while true {
            let (payload, closed, version) = inbox.take()
            if let payload {
                do {
                    return .frame(try WireCodec().decode(payload: payload))
                } catch let error as WireError {
                    return .undecodable(error)
                } catch {
                    return .undecodable(WireError(.malformedMessage, "\(error)"))
                }
            }
            if closed { return .closed }
            if NIODeadline.now() >= deadline { return .timedOut }
            await inbox.wait(since: version, until: deadline, on: channel.eventLoop)
        }
    }

    /// The next frame; throws when the connection closed or nothing came in time.
    func nextFrame(timeout: Duration = .seconds(5)) async throws -> WireFrame {
        let event = await next(timeout: timeout)
        guard case .frame(let frame) = event else { throw Failure("expected a frame, got \(event)") }
        return frame
    }

    /// The next response; throws on anything else.
    func nextResponse(timeout: Duration = .seconds(5)) async throws -> WireResponseFrame {
        let frame = try await nextFrame(timeout: timeout)
        guard case .response(let response) = frame else { throw Failure("expected a response, got \(frame)") }
        return response
    }

    /// The next frame, which must be a GoAway.
    func nextGoAway(timeout: Duration = .seconds(5)) async throws -> GoAway {
        let frame = try await nextFrame(timeout: timeout)
        guard case .goAway(let goAway) = frame else { throw Failure("expected a goaway, got \(frame)") }
        return goAway
    }

    /// Reads until the server closes; returns the frames that came before the close, or `nil` when it did not close in
    /// time.
    func framesUntilClose(timeout: Duration = .seconds(5)) async -> [WireFrame]? {
        var frames: [WireFrame] = []
        while true {
            switch await next(timeout: timeout) {
            case .frame(let frame): frames.append(frame)
            case .closed: return frames
            case .timedOut, .undecodable: return nil
            }
        }
    }

    /// Whether the server closed the connection within `timeout` with nothing more sent.
    func closesWithoutMoreFrames(timeout: Duration = .seconds(5)) async -> Bool {
        await framesUntilClose(timeout: timeout) == []
    }

    /// A payload with its 4-byte big-endian length prefix.
    static func framed(_ payload: [UInt8]) -> [UInt8] {
        let n = UInt32(payload.count)
        return [UInt8(n >> 24), UInt8((n >> 16) & 0xff), UInt8((n >> 8) & 0xff), UInt8(n & 0xff)] + payload
    }

    /// Encodes a frame's payload (no prefix).
    static func payload(of frame: WireFrame) throws -> [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: 256)
        try WireCodec().encode(payloadOf: frame, into: &buffer)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}

// MARK: - Plumbing

/// The bytes received so far, whether the peer closed, and whoever waits for either.
private final class Inbox: Sendable {
    private struct State {
        var bytes: [UInt8] = []
        var start = 0
        var closed = false
        var version = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    func append(_ bytes: [UInt8]) {
        changed { $0.bytes += bytes }
    }

    func markClosed() {
        changed { $0.closed = true }
    }

    private func changed(_ update: (inout State) -> Void) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            update(&state)
            state.version += 1
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Removes the next whole frame's payload, if there is one; also tells whether the peer closed and the version of
    /// the state looked at.
    func take() -> (payload: [UInt8]?, closed: Bool, version: Int) {
        state.withLock { state in
            let available = state.bytes.count - state.start
            if available >= 4 {
                let s = state.start
                let length = Int(state.bytes[s]) << 24 | Int(state.bytes[s + 1]) << 16 | Int(state.bytes[s + 2]) << 8 | Int(state.bytes[s + 3])
                if available >= 4 + length {
                    let payload = Array(state.bytes[(s + 4)..<(s + 4 + length)])
                    state.start += 4 + length
                    if state.start == state.bytes.count {
                        state.bytes.removeAll(keepingCapacity: true)
                        state.start = 0
                    }
                    return (payload, false, state.version)
                }
            }
            return (nil, state.closed, state.version)
        }
    }

    /// Returns when the state changed after `version`, or at `deadline`.
    func wait(since version: Int, until deadline: NIODeadline, on eventLoop: any EventLoop) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let id = state.withLock { state -> Int? in
                guard state.version == version else { return nil }
                let id = state.nextWaiter
                state.nextWaiter += 1
                state.waiters[id] = continuation
                return id
            }
            guard let id else { return continuation.resume() }
            eventLoop.scheduleTask(deadline: deadline) { [self] in
                state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
            }
        }
    }
}

/// Collects what the server sends into an ``Inbox``.
private final class Collector: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    let inbox: Inbox

    init(inbox: Inbox) {
        self.inbox = inbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        inbox.append(buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.markClosed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A reset by the server counts as a close.
        inbox.markClosed()
        context.close(promise: nil)
    }
}
