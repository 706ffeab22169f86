import CouncilAPI
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
    public var status: CallStatus
    /// The protocol version the server speaks on this connection.
    public var protocolVersion: UInt32
    /// The server instance's identifier.
    public var serverID: String
    /// The limits the server enforces on this connection; `nil` when it did not say.
    public var limits: ConnectionLimits?

    /// Creates a handshake result.
    public init(status: CallStatus, protocolVersion: UInt32 = WireProtocol.version, serverID: String, limits: ConnectionLimits?) {
        self.status = status
        self.protocolVersion = protocolVersion
        self.serverID = serverID
        self.limits = limits
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

/// The answer to a call, or one item of a stream (`council.v1.Response`).
public struct WireResponseFrame: Hashable, Sendable {
    /// The call this answers.
    public var callID: UInt64
    /// The outcome; OK when the frame carried none.
    public var status: CallStatus
    /// Whether this is the call's last response.
    public var endOfStream: Bool
    /// The result; `nil` on a non-OK status and on a stream's closing frame.
    public var response: WireResponse?

    /// Creates a response frame.
    public init(callID: UInt64, status: CallStatus = .ok, endOfStream: Bool = true, response: WireResponse?) {
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
    public var status: CallStatus

    /// Creates a goaway.
    public init(lastCallID: UInt64, status: CallStatus) {
        self.lastCallID = lastCallID
        self.status = status
    }
}
