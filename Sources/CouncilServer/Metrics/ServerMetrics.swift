import CouncilAPI
import CouncilKit
import Foundation
import Metrics
import Synchronization

/// The server's metrics (``CouncilKit/CouncilMetrics``): calls, connections, sign-ins, watch streams and the TLS
/// certificate, recorded through the environment's `MetricsFactory`.
///
/// Handles are made once and kept: a call's counter is looked up by method and code in a table of its own rather
/// than made anew by the factory at every call.
final class ServerMetrics: Sendable {
    /// Calls being handled now.
    let callsInFlight: Meter
    /// Connections open now.
    let connectionsOpen: Meter
    /// Connections accepted.
    let connectionsAccepted: Counter
    /// Watch streams open now.
    let watchStreams: Meter
    private let factory: any MetricsFactory
    private let handles = Mutex(Handles())

    private struct Handles {
        var calls: [CallKey: Counter] = [:]
        var durations: [String: CoreMetrics.Timer] = [:]
        var refusals: [String: Counter] = [:]
        var signIns: [String: Counter] = [:]
    }

    private struct CallKey: Hashable {
        var method: String
        var code: Int32
    }

    /// Makes the handles through `factory`.
    init(factory: any MetricsFactory) {
        self.factory = factory
        callsInFlight = factory.meter(CouncilMetrics.callsInFlight)
        connectionsOpen = factory.meter(CouncilMetrics.connectionsOpen)
        connectionsAccepted = factory.counter(CouncilMetrics.connections)
        watchStreams = factory.meter(CouncilMetrics.watchStreams)
    }

    /// Counts a call of `method` answered with `code`.
    func answered(_ method: MethodDescriptor, _ code: StatusCode) {
        let key = CallKey(method: method.field, code: code.rawValue)
        let counter = handles.withLock { handles in
            if let counter = handles.calls[key] { return counter }
            let counter = factory.counter(CouncilMetrics.calls, method.field, code.description)
            handles.calls[key] = counter
            return counter
        }
        counter.increment()
    }

    /// Records how long a call of `method` took.
    func took(_ duration: Duration, _ method: MethodDescriptor) {
        let timer = handles.withLock { handles in
            if let timer = handles.durations[method.field] { return timer }
            let timer = factory.timer(CouncilMetrics.callDuration, method.field)
            handles.durations[method.field] = timer
            return timer
        }
        timer.record(duration: duration)
    }

    /// Counts a connection closed before it could call, for `reason` (a protocol reason such as `unauthenticated`).
    func refused(_ reason: String) {
        counter(in: \.refusals, CouncilMetrics.connectionsRefused, reason).increment()
    }

    /// Counts a handshake refused for its credential, by the kind of credential: `key`, `certificate`, `account`.
    func signInFailed(_ kind: String) {
        counter(in: \.signIns, CouncilMetrics.signInsFailed, kind).increment()
    }

    /// Sets the expiry of the TLS certificate in force. A server without TLS never calls it, and has no such series.
    func certificate(_ summary: TransportSecurity.Summary) {
        factory.meter(CouncilMetrics.certificateExpiry).set(summary.notValidAfter.timeIntervalSince1970)
    }

    private func counter(in table: WritableKeyPath<Handles, [String: Counter]>, _ metric: MetricDescription, _ label: String) -> Counter {
        handles.withLock { handles in
            if let counter = handles[keyPath: table][label] { return counter }
            let counter = factory.counter(metric, label)
            handles[keyPath: table][label] = counter
            return counter
        }
    }
}
