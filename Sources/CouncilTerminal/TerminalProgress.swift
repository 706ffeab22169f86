import CouncilKit
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A terminal a progress line is drawn on: how wide it is, and how to write to it.
public struct ProgressTerminal: Sendable {
    /// The terminal's width in columns now; asked once per frame, so a resized window is followed.
    public var columns: @Sendable () -> Int
    /// Writes a frame as it is.
    public var write: @Sendable (String) -> Void

    /// A terminal of your own: tests give a fixed width and collect the frames.
    public init(columns: @escaping @Sendable () -> Int, write: @escaping @Sendable (String) -> Void) {
        self.columns = columns
        self.write = write
    }

    /// Standard error, when it is a terminal; nil when it is a file or a pipe, so nothing is drawn for scripts, logs
    /// and tests.
    public static func standardError(environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressTerminal? {
        descriptor(STDERR_FILENO, environment: environment)
    }

    /// The file descriptor `descriptor`, when it is a terminal; nil otherwise.
    ///
    /// Its width is `COLUMNS` when the environment sets it to a number, else the terminal's own (`TIOCGWINSZ`),
    /// else 80.
    public static func descriptor(_ descriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressTerminal? {
        guard isatty(descriptor) == 1 else { return nil }
        let fixed = environment["COLUMNS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
        return ProgressTerminal(
            columns: { fixed ?? windowColumns(descriptor) ?? 80 },
            write: { text in
                // A terminal that went away takes no progress; the work goes on.
                try? FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).write(contentsOf: Data(text.utf8))
            })
    }

    /// The width the terminal reports, if it does.
    static func windowColumns(_ descriptor: Int32) -> Int? {
        var size = winsize()
        let status = withUnsafeMutablePointer(to: &size) { ioctl(descriptor, UInt(TIOCGWINSZ), $0) }
        return status == 0 && size.ws_col > 0 ? Int(size.ws_col) : nil
    }
}

/// A progress line on standard error for long work — exports, backups, loads — drawn only when standard error is a
/// terminal, and redrawn in place at most ten times a second (``ProgressMeter/redrawInterval``).
///
/// The work drives it: each ``update(_:total:)`` may redraw, and nothing redraws between reports — no timer, no
/// thread. Give it no terminal (`--no-progress`, or standard error is a file or a pipe) and every call returns at once
/// having written nothing. Safe to report from many tasks at once.
///
/// ```swift
/// let progress = TerminalProgress()
/// progress.begin("backup council.sqlite", unit: .items("pages"))
/// for step in steps { progress.update(step.copied, total: step.pageCount) }
/// progress.finish()
/// ```
public final class TerminalProgress: Sendable {
    private let terminal: ProgressTerminal?
    private let clock: any CouncilClock
    private let meter = Mutex<ProgressMeter?>(nil)

    /// A progress line drawn on `terminal` — by default standard error when it is a terminal — timed by `clock`.
    public init(terminal: ProgressTerminal? = .standardError(), clock: any CouncilClock = SystemClock()) {
        self.terminal = terminal
        self.clock = clock
    }

    /// Whether anything is drawn: a caller with another way to report (lines in a log) uses it when nothing is.
    public var isShown: Bool { terminal != nil }

    /// Starts a step of the work — the first, or the next on the same line — and draws it at once.
    /// - Parameters:
    ///   - label: What is being done, for example `backup council.sqlite` or `seed.json: checking`.
    ///   - total: How many there are to do, when known: then a bar, a percentage and an estimate are shown.
    ///   - unit: What is counted; nil for a step that counts nothing, such as waiting for a server.
    public func begin(_ label: String, total: Int64? = nil, unit: ProgressUnit? = nil) {
        guard let terminal else { return }
        let now = clock.now()
        meter.withLock { meter in
            if meter == nil {
                meter = ProgressMeter(label, total: total, unit: unit, at: now)
            } else {
                meter!.begin(label, total: total, unit: unit, at: now)
            }
            terminal.write(meter!.frame(at: now, columns: terminal.columns()))
        }
    }

    /// Records that `done` are done (and the total, when it is learnt or changes); redraws when the last frame is a
    /// tenth of a second old. Ignored before ``begin(_:total:unit:)`` and after ``finish()``.
    public func update(_ done: Int64, total: Int64? = nil) {
        guard let terminal else { return }
        let now = clock.now()
        meter.withLock { meter in
            guard meter != nil, meter!.update(done, total: total, at: now) else { return }
            terminal.write(meter!.frame(at: now, columns: terminal.columns()))
        }
    }

    /// Draws the last frame — the step as it ended and how long it took — and ends the line, so whatever is written
    /// next starts on a line of its own. Call it on failure too. Calling it again does nothing.
    public func finish() {
        guard let terminal else { return }
        let now = clock.now()
        meter.withLock { meter in
            guard var ended = meter else { return }
            terminal.write(ended.finish(at: now, columns: terminal.columns()))
            meter = nil
        }
    }
}
