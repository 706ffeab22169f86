import CouncilKit
import Foundation
import Metrics
import Synchronization

#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Musl)
import Musl
private let systemWrite = Musl.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Where councild's log lines go: a bounded queue that a thread of its own writes to a file descriptor, so logging
/// never waits for whoever reads the log.
///
/// When nobody drains councild's standard error — a terminal scrolled back, a pipe whose reader hung — a blocking
/// write would stop every task that logs, and with them the server. Here ``write(_:)`` only queues the line; when the
/// queue already holds ``capacityBytes``, the line is dropped and counted instead. Once the writer can write again it
/// first says how many lines were lost. ``flush(within:)`` lets the process write what is queued before it exits.
public final class LogSink: Sendable {
    /// The most bytes of lines the queue holds; lines beyond it are dropped. Default 4 MiB.
    public let capacityBytes: Int
    private let droppedLines: Counter
    private let fileDescriptor: Int32
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    private struct State {
        var lines: [String] = []
        var queuedBytes = 0
        /// Lines dropped since the writer last said so.
        var droppedUnreported = 0
        /// Lines dropped in all.
        var dropped = 0
        /// Whether the writer is writing a batch it took from the queue.
        var writing = false
    }

    /// Starts the writer thread for `fileDescriptor`.
    /// - Parameters:
    ///   - fileDescriptor: Where lines are written.
    ///   - capacityBytes: The most bytes of lines the queue holds.
    ///   - metrics: Where dropped lines are counted (``CouncilKit/CouncilMetrics/logLinesDropped``).
    public init(fileDescriptor: Int32 = STDERR_FILENO, capacityBytes: Int = 4 << 20, metrics: any MetricsFactory = MetricsSystem.factory) {
        self.fileDescriptor = fileDescriptor
        self.capacityBytes = capacityBytes
        self.droppedLines = metrics.counter(CouncilMetrics.logLinesDropped)
        let thread = Thread { [self] in run() }
        thread.name = "councild log writer"
        thread.start()
    }

    /// Queues `line` (with its newline) without waiting; drops it when the queue is full.
    public func write(_ line: String) {
        let queued = state.withLock { state -> Bool in
            guard state.queuedBytes + line.utf8.count <= capacityBytes else {
                state.dropped += 1
                state.droppedUnreported += 1
                return false
            }
            state.lines.append(line)
            state.queuedBytes += line.utf8.count
            return true
        }
        if queued { wake.signal() } else { droppedLines.increment() }
    }

    /// How many lines were dropped because the queue was full.
    public var dropped: Int { state.withLock { $0.dropped } }

    /// Waits until every queued line is written, or `timeout` passes; returns whether everything was written.
    @discardableResult
    public func flush(within timeout: Duration = .seconds(2)) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if state.withLock({ $0.lines.isEmpty && !$0.writing }) { return true }
            wake.signal()
            usleep(1000)
        }
        return false
    }

    private func run() {
        while true {
            wake.wait()
            let (batch, lost) = state.withLock { state -> ([String], Int) in
                defer {
                    state.lines.removeAll(keepingCapacity: true)
                    state.queuedBytes = 0
                    state.droppedUnreported = 0
                    state.writing = true
                }
                return (state.lines, state.droppedUnreported)
            }
            if lost > 0 { writeAll("councild: \(lost) log lines were dropped: nobody read the log fast enough\n") }
            if !batch.isEmpty { writeAll(batch.joined()) }
            state.withLock { $0.writing = false }
        }
    }

    /// Writes all of `text`, retrying after interruptions; gives up on any other error (a closed pipe).
    private func writeAll(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { systemWrite(fileDescriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
