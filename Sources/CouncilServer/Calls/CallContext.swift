import CouncilAPI
import CouncilKit
import CouncilWire
import Logging

/// What a handler and the interceptors before it know of one call besides its request.
public struct CallContext: Sendable {
    /// The method called.
    public let method: MethodDescriptor
    /// The request as it arrived, before any interceptor: what an idempotency key is bound to.
    public let request: WireRequest
    /// Who is calling. The authentication interceptor adds the acting user of ``metadata``.
    public var caller: Caller
    /// The call's metadata: trace id, idempotency key, acting user.
    public var metadata: CallMetadata
    /// When the call must be answered; `nil` for a stream, which runs until it is cancelled.
    public var deadline: Timestamp?
    /// Where the call logs; it carries the method and the trace id.
    public var logger: Logger
    /// Whether the caller may act on the case only because its own system sent it (the method's
    /// ``MethodDescriptor/ownCasesScope``); set by the authorization interceptor, which has checked the case.
    public var actsOnOwnCaseOnly: Bool = false

    /// Creates the context of a call.
    public init(
        method: MethodDescriptor, request: WireRequest, caller: Caller, metadata: CallMetadata, deadline: Timestamp?, logger: Logger
    ) {
        self.method = method
        self.request = request
        self.caller = caller
        self.metadata = metadata
        self.deadline = deadline
        self.logger = logger
    }
}
