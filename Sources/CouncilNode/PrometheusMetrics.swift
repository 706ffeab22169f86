import CouncilKit
import CoreMetrics
import Prometheus

/// A node's metrics in Prometheus's text format: a registry, and the swift-metrics factory that records into it.
///
/// The factory takes each metric's help text and bucket bounds from ``CouncilKit/CouncilMetrics``, so the exposition
/// carries a `# HELP` line for every metric the hall defines. A metric it does not know (another library's) gets no
/// help line and the default buckets.
public final class PrometheusMetrics: Sendable {
    /// The registry the metrics are kept in.
    public let registry: PrometheusCollectorRegistry
    /// Records into ``registry``; hand it to every component that takes a `MetricsFactory`.
    public let factory: any MetricsFactory

    /// Creates an empty registry.
    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        self.factory = Factory(registry: registry)
    }

    /// The metrics in Prometheus's text exposition format, version 0.0.4.
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }

    /// The media type of ``exposition()``.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private struct Factory: MetricsFactory {
        let registry: PrometheusCollectorRegistry

        private func descriptor(_ label: String) -> (MetricNameDescriptor, MetricDescription?) {
            let known = CouncilMetrics.description(of: label)
            return (MetricNameDescriptor(metricName: label, unitName: "", helpText: known?.help ?? ""), known)
        }

        func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
            registry.makeCounter(descriptor: descriptor(label).0, labels: dimensions)
        }

        func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
            registry.makeCounter(descriptor: descriptor(label).0, labels: dimensions)
        }

        func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
            let (name, known) = descriptor(label)
            guard aggregate else { return registry.makeGauge(descriptor: name, labels: dimensions) }
            let buckets = known?.buckets.isEmpty == false ? known!.buckets : CouncilMetrics.durationBuckets
            return registry.makeValueHistogram(descriptor: name, labels: dimensions, buckets: buckets)
        }

        func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
            registry.makeGauge(descriptor: descriptor(label).0, labels: dimensions)
        }

        func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
            let (name, known) = descriptor(label)
            let seconds = known?.buckets.isEmpty == false ? known!.buckets : CouncilMetrics.durationBuckets
            return registry.makeDurationHistogram(
                descriptor: name, labels: dimensions, buckets: seconds.map { Duration.nanoseconds(Int64(($0 * 1e9).rounded())) })
        }

        func destroyCounter(_ handler: any CounterHandler) {
            if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
        }

        func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
            if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
        }

        func destroyRecorder(_ handler: any RecorderHandler) {
            if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
            if let histogram = handler as? ValueHistogram { registry.unregisterValueHistogram(histogram) }
        }

        func destroyMeter(_ handler: any MeterHandler) {
            if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
        }

        func destroyTimer(_ handler: any TimerHandler) {
            if let histogram = handler as? DurationHistogram { registry.unregisterDurationHistogram(histogram) }
        }
    }
}
