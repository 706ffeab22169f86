import CouncilAPI
import CouncilWire
import Logging

/// Puts the call's method and trace id on its logger, and logs a call that failed inside the server (INTERNAL),
/// with the error, which its caller is not told.
///
/// It runs first, so a refusal by a later interceptor is seen too. It never logs a request or a response: they can
/// hold personal data.
public struct LoggingInterceptor: ServerInterceptor {
    /// Creates the interceptor.
    public init() {}

    public func intercept<Request: Sendable, Output: Sendable>(
        _ request: Request, context: CallContext, next: (Request, CallContext) async throws -> Output
    ) async throws -> Output {
        var context = context
        if let trace = context.metadata.traceID { context.logger[metadataKey: "trace"] = "\(trace)" }
        do {
            return try await next(request, context)
        } catch {
            let status = CallStatus(error: error)
            if status.code == .internal {
                context.logger.error("a call failed", metadata: ["method": "\(context.method.field)", "error": "\(error)"])
            } else {
                context.logger.debug(
                    "a call was refused", metadata: ["method": "\(context.method.field)", "status": "\(status.code)", "reason": "\(status.reason ?? "")"])
            }
            throw error
        }
    }
}
