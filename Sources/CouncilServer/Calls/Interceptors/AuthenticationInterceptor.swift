import CouncilAPI
import CouncilKit

/// Makes the call's principal: the system authenticated at the handshake, and the person acting within it that the
/// call's metadata names (`acting_user`), recorded on every event the call causes.
public struct AuthenticationInterceptor: ServerInterceptor {
    /// Creates the interceptor.
    public init() {}

    public func intercept<Request: Sendable, Output: Sendable>(
        _ request: Request, context: CallContext, next: (Request, CallContext) async throws -> Output
    ) async throws -> Output {
        guard let user = context.metadata.actingUser, !user.isEmpty else { return try await next(request, context) }
        var context = context
        context.caller.principal.user = user
        return try await next(request, context)
    }
}
