import CouncilKit

/// One frame's message (`council.v1.Frame`): what travels after each 4-byte length prefix.
public enum WireFrame: Hashable, Sendable {
    /// Client → server, first frame of a connection.
    case handshake(Handshake)
    /// Server → client, the answer to the handshake.
    case handshakeResult(HandshakeResult)
    /// Client → server: start a call.
    case call(WireCall)
    /// Server → client: the answer to a call, or one item of a stream.
    case response(WireResponseFrame)
    /// Client → server: abandon the call with this id.
    case cancel(callID: UInt64)
    /// Either direction: a liveness probe carrying an opaque payload.
    case ping(UInt64)
    /// Either direction: the answer to a ping, with its payload.
    case pong(UInt64)
    /// No new calls on this connection; calls up to `lastCallID` are finished.
    case goAway(GoAway)
}

/// The protocol versions this module speaks.
public enum WireProtocol {
    /// The version of `Schemas/council.proto` this module implements.
    public static let version: UInt32 = 1
}

/// The first frame a client sends (`council.v1.Handshake`).
public struct Handshake: Hashable, Sendable {
    /// The protocol version the client speaks.
    public var protocolVersion: UInt32
    /// The calling system's code, for example `petition-office`.
    public var clientSystem: String
    /// Free text naming the client software and instance; for logs.
    public var clientInstance: String
    /// The client's secret token, when it sends one.
    public var bearerToken: String?

    /// Creates a handshake.
    public init(
        protocolVersion: UInt32 = WireProtocol.version, clientSystem: String, clientInstance: String = "",
        bearerToken: String? = nil
    ) {
        self.protocolVersion = protocolVersion
        self.clientSystem = clientSystem
        self.clientInstance = clientInstance
        self.bearerToken = bearerToken
    }
}

/// The server's answer to a handshake (`council.v1.HandshakeResult`).
public struct HandshakeResult: Hashable, Sendable {
    /// OK when the connection is ready; anything else refuses it.
    public var status: WireStatus
    /// The protocol version the server speaks on this connection.
    public var protocolVersion: UInt32
    /// The server instance's identifier.
    public var serverID: String
    /// The limits the server enforces on this connection; `nil` when it did not say.
    public var limits: WireLimits?

    /// Creates a handshake result.
    public init(status: WireStatus, protocolVersion: UInt32 = WireProtocol.version, serverID: String, limits: WireLimits?) {
        self.status = status
        self.protocolVersion = protocolVersion
        self.serverID = serverID
        self.limits = limits
    }
}

/// The limits of one connection (`council.v1.Limits`), with the defaults `Schemas/PROTOCOL.md` documents.
///
/// Every limit is enforced before the work it guards is done: the frame size from the length prefix, the decode
/// budget while unpacking, the concurrency limit before a call is dispatched.
public struct WireLimits: Hashable, Sendable {
    /// The largest frame payload accepted, in bytes. Default 1 MiB (1,048,576).
    public var maxFrameBytes: UInt32
    /// The most memory decoding one frame may claim, in bytes (each allocation counts 16 bytes on top of its
    /// size). Default 8 MiB (8,388,608).
    public var decodeBudgetBytes: UInt32
    /// The most calls in flight on one connection. Default 100.
    public var maxConcurrentCalls: UInt32
    /// Closes a connection with no frame for this long, in milliseconds. Default 300,000 (5 minutes).
    public var idleTimeoutMilliseconds: UInt32
    /// The longest one frame may take to arrive once its first byte has, in milliseconds. Default 10,000.
    public var frameReadTimeoutMilliseconds: UInt32
    /// The deadline of a call that gives none, in milliseconds. Default 30,000.
    public var defaultCallTimeoutMilliseconds: UInt32

    /// The defaults.
    public init() {
        self.maxFrameBytes = 1 << 20
        self.decodeBudgetBytes = 8 << 20
        self.maxConcurrentCalls = 100
        self.idleTimeoutMilliseconds = 300_000
        self.frameReadTimeoutMilliseconds = 10_000
        self.defaultCallTimeoutMilliseconds = 30_000
    }

    /// Creates limits.
    public init(
        maxFrameBytes: UInt32, decodeBudgetBytes: UInt32, maxConcurrentCalls: UInt32, idleTimeoutMilliseconds: UInt32,
        frameReadTimeoutMilliseconds: UInt32, defaultCallTimeoutMilliseconds: UInt32
    ) {
        self.maxFrameBytes = maxFrameBytes
        self.decodeBudgetBytes = decodeBudgetBytes
        self.maxConcurrentCalls = maxConcurrentCalls
        self.idleTimeoutMilliseconds = idleTimeoutMilliseconds
        self.frameReadTimeoutMilliseconds = frameReadTimeoutMilliseconds
        self.defaultCallTimeoutMilliseconds = defaultCallTimeoutMilliseconds
    }
}

/// One call (`council.v1.Call`).
public struct WireCall: Hashable, Sendable {
    /// Chosen by the client: non-zero and increasing on a connection.
    public var callID: UInt64
    /// The relative deadline in milliseconds; `nil` for the server's default.
    public var timeoutMilliseconds: UInt32?
    /// Trace id, idempotency key and acting user.
    public var metadata: CallMetadata
    /// The method and its input.
    public var request: WireRequest

    /// Creates a call.
    public init(callID: UInt64, timeoutMilliseconds: UInt32? = nil, metadata: CallMetadata = CallMetadata(), request: WireRequest) {
        self.callID = callID
        self.timeoutMilliseconds = timeoutMilliseconds
        self.metadata = metadata
        self.request = request
    }
}

/// Context that travels with a call (`council.v1.CallMetadata`). Empty strings on the wire are `nil` here.
public struct CallMetadata: Hashable, Sendable {
    /// The caller's trace id.
    public var traceID: String?
    /// A key identifying one logical operation across retries.
    public var idempotencyKey: String?
    /// The person within the client system on whose behalf the call is made.
    public var actingUser: String?

    /// Creates metadata.
    public init(traceID: String? = nil, idempotencyKey: String? = nil, actingUser: String? = nil) {
        self.traceID = traceID
        self.idempotencyKey = idempotencyKey
        self.actingUser = actingUser
    }
}

/// The answer to a call, or one item of a stream (`council.v1.Response`).
public struct WireResponseFrame: Hashable, Sendable {
    /// The call this answers.
    public var callID: UInt64
    /// The outcome; OK when the frame carried none.
    public var status: WireStatus
    /// Whether this is the call's last response.
    public var endOfStream: Bool
    /// The result; `nil` on a non-OK status and on a stream's closing frame.
    public var response: WireResponse?

    /// Creates a response frame.
    public init(callID: UInt64, status: WireStatus = .ok, endOfStream: Bool = true, response: WireResponse?) {
        self.callID = callID
        self.status = status
        self.endOfStream = endOfStream
        self.response = response
    }
}

/// A goaway (`council.v1.GoAway`): no new calls; calls up to `lastCallID` are finished.
public struct GoAway: Hashable, Sendable {
    /// The highest call id that will still be finished; 0 when none.
    public var lastCallID: UInt64
    /// Why: OK for a drain, or the error that made the connection unusable.
    public var status: WireStatus

    /// Creates a goaway.
    public init(lastCallID: UInt64, status: WireStatus) {
        self.lastCallID = lastCallID
        self.status = status
    }
}
