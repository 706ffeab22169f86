import CouncilAPI

/// A step every call passes through on its way to its handler: authentication, authorization, idempotency, deadlines,
/// logging.
///
/// An interceptor sees the request, the call's context and the rest of the chain. It may refuse the call by throwing,
/// answer it itself (a retry under an idempotency key), change the context it passes on, or act on the result. It
/// decides from ``CallContext/method``, the method's description in the schema, never from the method's type: every
/// method, present and future, passes through the same rules.
public protocol ServerInterceptor: Sendable {
    /// Handles one call.
    /// - Parameters:
    ///   - request: The request.
    ///   - context: The call's context.
    ///   - next: The rest of the chain, ending in the handler. A streaming call's handler returns once its stream has
    ///     ended.
    /// - Returns: What `next` returns, or an answer of the interceptor's own.
    /// - Throws: An error the call is answered with.
    func intercept<Request: Sendable, Output: Sendable>(
        _ request: Request, context: CallContext, next: (Request, CallContext) async throws -> Output
    ) async throws -> Output
}

/// The interceptors every call runs through, in order, before its handler.
public struct InterceptorChain: Sendable {
    /// The interceptors, outermost first.
    public let interceptors: [any ServerInterceptor]

    /// Creates a chain.
    public init(_ interceptors: [any ServerInterceptor]) {
        self.interceptors = interceptors
    }

    /// Runs `handler` behind every interceptor.
    public func run<Request: Sendable, Output: Sendable>(
        _ request: Request, context: CallContext, handler: (Request, CallContext) async throws -> Output
    ) async throws -> Output {
        try await step(0, request, context, handler)
    }

    private func step<Request: Sendable, Output: Sendable>(
        _ index: Int, _ request: Request, _ context: CallContext, _ handler: (Request, CallContext) async throws -> Output
    ) async throws -> Output {
        guard index < interceptors.count else { return try await handler(request, context) }
        return try await interceptors[index].intercept(request, context: context) { request, context in
            try await step(index + 1, request, context, handler)
        }
    }
}
