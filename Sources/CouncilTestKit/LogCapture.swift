import Foundation
import Logging

/// Collects log lines in memory, for tests that check what was logged — and that personal data was not.
public final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var captured: [String] = []

    /// Creates an empty capture.
    public init() {}

    /// A logger that writes into this capture at every level.
    public func logger(label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every line so far: level, message and metadata.
    public var lines: [String] { lock.withLock { captured } }

    /// Whether any line contains `text`.
    public func contains(_ text: String) -> Bool { lines.contains { $0.contains(text) } }

    fileprivate func append(_ line: String) { lock.withLock { captured.append(line) } }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let rendered = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.append("\(event.level) \(event.message) \(rendered)")
        }
    }
}
