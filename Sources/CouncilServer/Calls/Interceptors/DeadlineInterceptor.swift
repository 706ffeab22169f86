import CouncilAPI
import CouncilKit

/// Refuses to start a call whose deadline has already passed (it waited too long to be run), so no work is done for
/// an answer nobody waits for. The connection answers calls whose deadline passes while they run.
public struct DeadlineInterceptor: ServerInterceptor {
    private let clock: any CouncilClock

    /// Creates the interceptor.
    /// - Parameter clock: The server's clock, the one deadlines are set on.
    public init(clock: any CouncilClock) {
        self.clock = clock
    }

    public func intercept<Request: Sendable, Output: Sendable>(
        _ request: Request, context: CallContext, next: (Request, CallContext) async throws -> Output
    ) async throws -> Output {
        if let deadline = context.deadline, clock.now() >= deadline {
            throw CallStatus(.deadlineExceeded, "the call's deadline passed before it started", reason: "deadlineExceeded")
        }
        return try await next(request, context)
    }
}
