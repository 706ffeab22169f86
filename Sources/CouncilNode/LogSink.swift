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
///
/// A descriptor that cannot take more just now (a non-blocking one, `EAGAIN`) is waited on until it can. One whose
/// reader is gone for good — a pipe whose reading process died (`EPIPE`), a terminal that hung up (`EIO`), a closed
/// descriptor — is given up: the lines queued for it and every later line are counted in ``dropped`` and never
/// written, so a daemon that outlived its log reader costs nothing more per line than the count. Other failures (a
/// full disk) lose the batch being written, counted, and the writer tries again with the next one.
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
        /// Lines lost to failed writes since the writer last said so, and the last failure.
        var failedUnreported = 0
        var lastFailure: Int32 = 0
        /// Lines dropped in all, for a full queue or a failed write.
        var dropped = 0
        /// Whether the writer is writing a batch it took from the queue.
        var writing = false
        /// Whether the descriptor was given up: nobody will ever read what is written to it.
        var broken = false
        /// How often the writer waited for the descriptor to take more (`EAGAIN`).
        var waits = 0
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
            guard !state.broken else {
                drop(1, &state)
                return false
            }
            guard state.queuedBytes + line.utf8.count <= capacityBytes else {
                drop(1, &state)
                state.droppedUnreported += 1
                return false
            }
            state.lines.append(line)
            state.queuedBytes += line.utf8.count
            return true
        }
        if queued { wake.signal() }
    }

    /// Counts `lines` dropped, in ``dropped`` and in the metric.
    private func drop(_ lines: Int, _ state: inout State) {
        state.dropped += lines
        if lines > 0 { droppedLines.increment(by: lines) }
    }

    /// How many lines were dropped: because the queue was full, or because writing them failed.
    public var dropped: Int { state.withLock { $0.dropped } }

    /// Whether the descriptor was given up because nobody can read it any more (its pipe's reader is gone, its
    /// terminal hung up, it was closed); lines are then only counted in ``dropped``.
    public var isBroken: Bool { state.withLock { $0.broken } }

    /// How often the writer waited for a non-blocking descriptor to take more.
    var waits: Int { state.withLock { $0.waits } }

    /// Waits until every queued line is written, or `timeout` passes; returns whether everything was written (never
    /// once the descriptor is given up, ``isBroken``).
    @discardableResult
    public func flush(within timeout: Duration = .seconds(2)) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            let (idle, broken) = state.withLock { ($0.lines.isEmpty && !$0.writing, $0.broken) }
            if broken { return false }
            if idle { return true }
            wake.signal()
            usleep(1000)
        }
        return false
    }

    private func run() {
        while true {
            wake.wait()
            let (batch, lost, failed, failure) = state.withLock { state -> ([String], Int, Int, Int32) in
                defer {
                    state.lines.removeAll(keepingCapacity: true)
                    state.queuedBytes = 0
                    state.droppedUnreported = 0
                    state.failedUnreported = 0
                    state.writing = true
                }
                return (state.lines, state.droppedUnreported, state.failedUnreported, state.lastFailure)
            }
            var report = ""
            if lost > 0 { report += "councild: \(lost) log lines were dropped: nobody read the log fast enough\n" }
            if failed > 0 {
                report += "councild: \(failed) log lines were lost: writing them failed (\(String(cString: strerror(failure))))\n"
            }
            var outcome = Outcome.written
            let reported = report.isEmpty || writeAll(report).isWritten(else: &outcome, losing: batch.count)
            if reported, !batch.isEmpty { outcome = writeAll(batch.joined()) }
            state.withLock { state in
                state.writing = false
                if !reported {
                    // Still to be said, with the batch that was lost with the report.
                    state.droppedUnreported += lost
                    state.failedUnreported += failed
                }
                switch outcome {
                case .written: break
                case .failed(let error, let lines):
                    drop(lines, &state)
                    state.failedUnreported += lines
                    state.lastFailure = error
                case .broken(_, let lines):
                    drop(lines, &state)
                    state.broken = true
                    // Nothing queued since can ever be written either.
                    drop(state.lines.count, &state)
                    state.lines.removeAll()
                    state.queuedBytes = 0
                }
            }
            if case .broken = outcome { return }
        }
    }

    private enum Outcome {
        case written
        /// The write failed with `errno`; `lines` lines (whole or in part) were not written.
        case failed(Int32, lines: Int)
        /// As `failed`, and the descriptor can never be written again.
        case broken(Int32, lines: Int)

        /// Whether this is `written`; if not, sets `failure` to this failure with `lines` lost lines instead.
        func isWritten(else failure: inout Outcome, losing lines: Int) -> Bool {
            switch self {
            case .written: return true
            case .failed(let error, _): failure = .failed(error, lines: lines)
            case .broken(let error, _): failure = .broken(error, lines: lines)
            }
            return false
        }
    }

    /// Writes all of `text`: retries after interruptions and waits while the descriptor cannot take more.
    private func writeAll(_ text: String) -> Outcome {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { systemWrite(fileDescriptor, $0.baseAddress, $0.count) }
            if written >= 0 {
                bytes = bytes.dropFirst(written)
                continue
            }
            let error = errno
            switch error {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                // A non-blocking descriptor that is full: sleep until it drains (or its reader goes, which the next
                // write reports), instead of trying again at once.
                state.withLock { $0.waits += 1 }
                var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&descriptor, 1, -1)
            default:
                // Every line ends in a newline, so the newlines left count the lines not (wholly) written.
                let lines = bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                return Self.isPermanent(error) ? .broken(error, lines: lines) : .failed(error, lines: lines)
            }
        }
        return .written
    }

    /// Whether a write error means nothing written to the descriptor will ever be read: its pipe or socket has no
    /// reader, its terminal hung up, or it is no (writable) descriptor at all.
    private static func isPermanent(_ error: Int32) -> Bool {
        [EPIPE, ECONNRESET, EIO, EBADF, EINVAL].contains(error)
    }
}
