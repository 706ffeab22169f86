import CouncilAPI
import CouncilKit

/// Makes the call's principal, recorded on every event the call causes.
///
/// A person who signed in with a personal key acts as themself: the call's `acting_user` may only name them (or be
/// left out). A client system's key may name the person acting within it (`acting_user`); the principal then records
/// that person as asserted by the system, not as signed in.
public struct AuthenticationInterceptor: ServerInterceptor {
    /// Creates the interceptor.
    public init() {}

    public func intercept<Request: Sendable, Output: Sendable>(
        _ request: Request, context: CallContext, next: (Request, CallContext) async throws -> Output
    ) async throws -> Output {
        guard let user = context.metadata.actingUser, !user.isEmpty else { return try await next(request, context) }
        if context.caller.principal.userAuthenticated {
            guard user == context.caller.principal.user else {
                throw CallStatus(
                    .permissionDenied, "a person signed in with their own key acts as themself, not as \(user)",
                    field: "metadata.acting_user", reason: "permissionDenied")
            }
            return try await next(request, context)
        }
        var context = context
        context.caller.principal.user = user
        context.caller.principal.userAuthenticated = false
        return try await next(request, context)
    }
}
