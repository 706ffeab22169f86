import CouncilAPI
import CouncilKit
import CouncilWire
import Metrics

/// Counts every call by method and status code, records how long it took, and keeps the gauges of calls in flight
/// and watch streams open (``CouncilKit/CouncilMetrics``).
///
/// It runs first, so it sees every call the chain refuses as well as the handlers' answers. A call whose deadline has
/// passed when it ends is counted DEADLINE_EXCEEDED, as its caller was answered, however its work stopped.
struct MetricsInterceptor: ServerInterceptor {
    let metrics: ServerMetrics
    let clock: any CouncilClock

    func intercept<Request: Sendable, Output: Sendable>(
        _ request: Request, context: CallContext, next: (Request, CallContext) async throws -> Output
    ) async throws -> Output {
        let start = ContinuousClock.now
        let streams = context.method.streams
        metrics.callsInFlight.increment()
        if streams { metrics.watchStreams.increment() }
        defer {
            metrics.callsInFlight.decrement()
            if streams { metrics.watchStreams.decrement() }
            metrics.took(ContinuousClock.now - start, context.method)
        }
        do {
            let output = try await next(request, context)
            metrics.answered(context.method, .ok)
            return output
        } catch {
            var code = CallStatus(error: error).code
            if let deadline = context.deadline, clock.now() >= deadline { code = .deadlineExceeded }
            metrics.answered(context.method, code)
            throw error
        }
    }
}
