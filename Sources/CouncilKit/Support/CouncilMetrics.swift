import CoreMetrics

/// One metric the hall reports through swift-metrics: its name, kind, labels and meaning.
///
/// Every metric CouncilKit, the stores and the server record is listed in ``CouncilMetrics/all``. A backend that
/// shows help text (councild's Prometheus exposition) takes it from here, and the README's table of metrics is
/// written from the same list, so the three cannot disagree.
public struct MetricDescription: Hashable, Sendable {
    /// What kind of series a metric is.
    public enum Kind: String, Hashable, Sendable {
        /// Only goes up (a swift-metrics `Counter`); its Prometheus name ends in `_total`.
        case counter
        /// Goes up and down (a swift-metrics `Meter`, or a `Recorder` that does not aggregate).
        case gauge
        /// A distribution in buckets (a swift-metrics `Timer`, or an aggregating `Recorder`).
        case histogram
    }

    /// The metric's name, in Prometheus's style: `council_`, what it measures, its unit.
    public var name: String
    /// Its kind.
    public var kind: Kind
    /// The labels (swift-metrics dimensions) it is recorded with, always the same ones.
    public var labels: [String]
    /// What it measures, in a sentence an operator understands.
    public var help: String
    /// A histogram's bucket bounds, in its unit (seconds for durations); empty for other kinds.
    public var buckets: [Double]

    /// Creates a description.
    public init(_ name: String, _ kind: Kind, labels: [String] = [], help: String, buckets: [Double] = []) {
        self.name = name
        self.kind = kind
        self.labels = labels
        self.help = help
        self.buckets = buckets
    }
}

/// The names of the metrics the hall reports, and what each means (``all``).
///
/// Each component takes the `MetricsFactory` to record through (the process's `MetricsSystem.factory` unless told
/// otherwise), so an application that links CouncilKit chooses the backend; councild uses Prometheus and serves the
/// exposition on its admin listener.
public enum CouncilMetrics {
    /// Bucket bounds for durations, in seconds: from half a millisecond to ten seconds.
    public static let durationBuckets: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    // Calls and connections (councild's server).
    /// Calls answered, by method and status code.
    public static let calls = MetricDescription(
        "council_calls_total", .counter, labels: ["method", "code"],
        help: "Calls answered, by method and status code (OK, INVALID_ARGUMENT, UNAVAILABLE, ...).")
    /// How long calls took, by method.
    public static let callDuration = MetricDescription(
        "council_call_duration_seconds", .histogram, labels: ["method"],
        help: "Time from a call's request frame to its answer (a watch: to its end), by method.", buckets: durationBuckets)
    /// Calls being handled now.
    public static let callsInFlight = MetricDescription(
        "council_calls_in_flight", .gauge, help: "Calls being handled now, watch streams included.")
    /// Connections open now.
    public static let connectionsOpen = MetricDescription(
        "council_connections_open", .gauge, help: "Connections open now, whether or not their handshake is done.")
    /// Connections accepted.
    public static let connections = MetricDescription(
        "council_connections_total", .counter, help: "Connections accepted by the listener.")
    /// Connections refused or closed before serving a call, by reason.
    public static let connectionsRefused = MetricDescription(
        "council_connections_refused_total", .counter, labels: ["reason"],
        help: "Connections closed before they could call: tooManyConnections, unauthenticated, handshakeTimeout, "
            + "badHandshake, evicted (a silent socket made room), draining.")
    /// Handshakes refused for their credential.
    public static let signInsFailed = MetricDescription(
        "council_sign_ins_failed_total", .counter, labels: ["kind"],
        help: "Handshakes refused for their credential, by kind: key, certificate, account.")
    /// Watch streams open now.
    public static let watchStreams = MetricDescription(
        "council_watch_streams", .gauge, help: "Watch streams open now.")
    /// When the TLS certificate in force expires.
    public static let certificateExpiry = MetricDescription(
        "council_tls_certificate_expiry_timestamp_seconds", .gauge,
        help: "When the server's TLS certificate in force stops being valid, in seconds since 1970 (only with TLS).")

    // The store.
    /// How long writes took to become durable, by store.
    public static let commitDuration = MetricDescription(
        "council_store_commit_duration_seconds", .histogram, labels: ["store"],
        help: "Time from a write's start to its commit, waiting for its turn included, by store (sqlite, postgres, memory).",
        buckets: durationBuckets)
    /// Writes per SQLite transaction.
    public static let groupCommitBatch = MetricDescription(
        "council_store_group_commit_batch_size", .histogram,
        help: "Writes that shared one SQLite transaction (group commit).",
        buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 500])
    /// How long SQLite's COMMIT took.
    public static let fsyncDuration = MetricDescription(
        "council_store_fsync_duration_seconds", .histogram,
        help: "Time of SQLite's COMMIT statement, which writes the log and waits for fsync.", buckets: durationBuckets)
    /// Writes the store could not make, by reason.
    public static let writeFailures = MetricDescription(
        "council_store_write_failures_total", .counter, labels: ["reason"],
        help: "Writes that failed because the store could not write: storageFull or storageUnavailable.")
    /// The store's free disk space.
    public static let freeBytes = MetricDescription(
        "council_store_free_bytes", .gauge, help: "Free space on the SQLite store's file system, in bytes.")

    // Notifications.
    /// Events a channel has not handled yet.
    public static let notificationBacklog = MetricDescription(
        "council_notifications_backlog", .gauge, labels: ["channel"],
        help: "Events committed that a notification channel has not handled yet.")
    /// Dead letters waiting for an operator.
    public static let deadLetters = MetricDescription(
        "council_notifications_dead_letters", .gauge, labels: ["channel"],
        help: "Notifications that could not be delivered and wait for an operator (councilctl dead-letters).")
    /// Notifications delivered.
    public static let notificationsDelivered = MetricDescription(
        "council_notifications_delivered_total", .counter, labels: ["channel"],
        help: "Notifications delivered, by channel.")

    // Deadlines.
    /// How late the last deadline scan started.
    public static let deadlineLag = MetricDescription(
        "council_deadline_monitor_lag_seconds", .gauge,
        help: "How late the deadline monitor's last scan started against its schedule, in seconds.")
    /// When the last deadline scan finished.
    public static let deadlineLastScan = MetricDescription(
        "council_deadline_monitor_last_scan_timestamp_seconds", .gauge,
        help: "When the deadline monitor last finished a scan, in seconds since 1970: a monitor that stopped scanning stops moving it.")
    /// Overdue open cases.
    public static let casesOverdue = MetricDescription(
        "council_cases_overdue", .gauge, help: "Open cases past their due time, as the last deadline scan found them.")

    // The daemon.
    /// Whether the node is ready.
    public static let ready = MetricDescription(
        "council_ready", .gauge,
        help: "1 when the node is ready to serve (the store writes, disk space is above the threshold, a directory is loaded, not draining), else 0.")
    /// Log lines dropped.
    public static let logLinesDropped = MetricDescription(
        "council_log_lines_dropped_total", .counter,
        help: "Log lines dropped because standard error was not read fast enough.")

    /// Every metric, in the order the README lists them.
    public static let all: [MetricDescription] = [
        calls, callDuration, callsInFlight, connectionsOpen, connections, connectionsRefused, signInsFailed, watchStreams,
        certificateExpiry, commitDuration, groupCommitBatch, fsyncDuration, writeFailures, freeBytes, notificationBacklog,
        deadLetters, notificationsDelivered, deadlineLag, deadlineLastScan, casesOverdue, ready, logLinesDropped,
    ]

    /// The README's table of metrics: one row per metric of ``all``, with its kind, labels and meaning.
    public static var markdownTable: String {
        var lines = ["| metric | kind | labels | what it measures |", "|---|---|---|---|"]
        for metric in all {
            let labels = metric.labels.isEmpty ? "" : metric.labels.map { "`\($0)`" }.joined(separator: ", ")
            lines.append("| `\(metric.name)` | \(metric.kind.rawValue) | \(labels) | \(metric.help) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The description of the metric named `name`, if it is one of ``all``.
    public static func description(of name: String) -> MetricDescription? {
        byName[name]
    }

    private static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}

extension MetricsFactory {
    /// A counter of `metric` with `labels` (in the order of ``MetricDescription/labels``).
    public func counter(_ metric: MetricDescription, _ labels: String...) -> Counter {
        Counter(label: metric.name, dimensions: Array(zip(metric.labels, labels)), factory: self)
    }

    /// A gauge of `metric` that is set (a swift-metrics `Meter`).
    public func meter(_ metric: MetricDescription, _ labels: String...) -> Meter {
        Meter(label: metric.name, dimensions: Array(zip(metric.labels, labels)), factory: self)
    }

    /// A histogram of durations of `metric` (a swift-metrics `Timer`).
    public func timer(_ metric: MetricDescription, _ labels: String...) -> CoreMetrics.Timer {
        CoreMetrics.Timer(label: metric.name, dimensions: Array(zip(metric.labels, labels)), factory: self)
    }

    /// A histogram of values of `metric` (an aggregating swift-metrics `Recorder`).
    public func recorder(_ metric: MetricDescription, _ labels: String...) -> Recorder {
        Recorder(label: metric.name, dimensions: Array(zip(metric.labels, labels)), aggregate: true, factory: self)
    }
}
