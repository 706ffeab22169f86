/// Context that travels with a call (`council.v1.CallMetadata`); every value at most 128 characters.
public struct CallMetadata: Hashable, Sendable {
    /// The caller's trace id, echoed in the server's logs.
    public var traceID: String?
    /// A key for one logical operation: a retry with the same key is answered with the first result instead of
    /// being done again (methods marked idempotent in `Schemas/PROTOCOL.md` §5.1).
    public var idempotencyKey: String?
    /// The person within the client system on whose behalf the call is made, recorded on the events it causes.
    public var actingUser: String?

    /// Creates metadata; everything is optional.
    public init(traceID: String? = nil, idempotencyKey: String? = nil, actingUser: String? = nil) {
        self.traceID = traceID
        self.idempotencyKey = idempotencyKey
        self.actingUser = actingUser
    }
}

/// The limits a server enforces on a connection, as its handshake and server information tell them
/// (`council.v1.Limits`, `Schemas/PROTOCOL.md` §8).
public struct ConnectionLimits: Hashable, Sendable {
    /// The largest frame payload accepted, in bytes.
    public var maxFrameBytes: UInt32
    /// The most memory decoding one frame may claim, in bytes.
    public var decodeBudgetBytes: UInt32
    /// The most calls one connection may have in flight.
    public var maxConcurrentCalls: UInt32
    /// How long a connection may go without a frame, in milliseconds.
    public var idleTimeoutMilliseconds: UInt32
    /// How long one frame may take to arrive once its first byte has, in milliseconds.
    public var frameReadTimeoutMilliseconds: UInt32
    /// The deadline of a call that gives none, in milliseconds.
    public var defaultCallTimeoutMilliseconds: UInt32

    /// The defaults of `Schemas/PROTOCOL.md` §8.
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
