import CouncilAPI
import CouncilWire
import Logging

/// Puts the call's method and trace id on its logger, and logs a call that failed inside the server (INTERNAL),
/// with the error, which its caller is not told.
///
/// Calls the store refused (`storageFull`, `storageUnavailable`) are logged at error too, through a ``RefusalLog``:
/// the first of each class at once, the rest as a count once per interval, so a full disk under load is one line a
/// minute and not one per call. Other refusals are the caller's business and are logged at debug.
///
/// It runs before every interceptor but the metadata limits (so the trace id it logs has been checked), and sees the
/// refusals of the later ones too. It never logs a request or a response: they can
/// hold personal data.
public struct LoggingInterceptor: ServerInterceptor {
    /// The reasons of refusals that say the store cannot work: an operator must hear of them.
    public static let storageReasons: Set<String> = ["storageFull", "storageUnavailable"]

    private let refusals: RefusalLog?

    /// Creates the interceptor.
    /// - Parameter refusals: Where the store's refusals are counted and logged; `nil` logs them at debug like the
    ///   others.
    public init(refusals: RefusalLog? = nil) {
        self.refusals = refusals
    }

    public func intercept<Request: Sendable, Output: Sendable>(
        _ request: Request, context: CallContext, next: (Request, CallContext) async throws -> Output
    ) async throws -> Output {
        var context = context
        if let trace = context.metadata.traceID { context.logger[metadataKey: "trace"] = "\(trace)" }
        do {
            return try await next(request, context)
        } catch {
            let status = CallStatus(error: error)
            let reason = status.reason ?? ""
            if status.code == .internal {
                context.logger.error("a call failed", metadata: ["method": "\(context.method.field)", "error": "\(error)"])
            } else if let refusals, Self.storageReasons.contains(reason) {
                refusals.refused(
                    reason, "the store refused a call", logger: context.logger,
                    metadata: ["method": "\(context.method.field)", "status": "\(status.code)", "error": "\(error)"])
            } else {
                context.logger.debug(
                    "a call was refused", metadata: ["method": "\(context.method.field)", "status": "\(status.code)", "reason": "\(reason)"])
            }
            throw error
        }
    }
}
