import CouncilAPI
import CouncilKit

/// Refuses a call whose metadata breaks a limit of ``FieldLimits`` — a trace id, idempotency key or acting user too
/// long, blank, or holding control or invisible characters — with INVALID_ARGUMENT naming the field, before any other
/// interceptor sees it.
public struct MetadataInterceptor: ServerInterceptor {
    /// Creates the interceptor.
    public init() {}

    public func intercept<Request: Sendable, Output: Sendable>(
        _ request: Request, context: CallContext, next: (Request, CallContext) async throws -> Output
    ) async throws -> Output {
        if let (field, message) = FieldLimits.problem(in: context.metadata) {
            throw CallStatus(.invalidArgument, message, field: field, reason: "invalidArgument")
        }
        return try await next(request, context)
    }
}
