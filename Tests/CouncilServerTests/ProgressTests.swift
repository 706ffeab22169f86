import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilTerminal
import Dispatch
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A terminal of a fixed width that keeps every frame written to it.
private final class RecordingTerminal: Sendable {
    private let written = Mutex<[String]>([])
    let width: Int

    init(width: Int) { self.width = width }

    var terminal: ProgressTerminal {
        ProgressTerminal(columns: { [width] in width }, write: { [self] text in written.withLock { $0.append(text) } })
    }

    var frames: [String] { written.withLock { $0 } }
}

private let start = Timestamp(millisecondsSince1970: 1_796_000_000_000)

@Suite("The progress line: frames from progress reports and an injected clock")
struct ProgressLineTests {
    @Test("a step with a total shows a bar, done of total, percent, rate and estimate, and ends with how long it took")
    func counted() {
        let clock = ManualClock(start)
        let screen = RecordingTerminal(width: 100)
        let progress = TerminalProgress(terminal: screen.terminal, clock: clock)
        progress.begin("backup council.sqlite", total: 1000, unit: .items("pages"))
        clock.advance(milliseconds: 50)
        progress.update(100)  // 50 ms after the last frame: not drawn
        clock.advance(milliseconds: 50)
        progress.update(250)
        clock.advance(milliseconds: 50)
        progress.update(400)  // not drawn
        clock.advance(milliseconds: 850)
        progress.update(900)
        clock.advance(milliseconds: 50)
        progress.update(1000)  // not drawn; finish shows it
        clock.advance(milliseconds: 150)
        progress.finish()
        #expect(screen.frames == [
            "\rbackup council.sqlite  [>                            ]      0/1,000 pages    0%",
            "\rbackup council.sqlite  [=======>                     ]    250/1,000 pages   25%  2,500/s  ETA 0.3s",
            "\rbackup council.sqlite  [==========================>  ]    900/1,000 pages   90%  900/s  ETA 0.1s  ",
            "\rbackup council.sqlite  [=============================]  1,000/1,000 pages  100%  833/s  1.2s    \n",
        ])
    }

    @Test("without a total: a counter and its rate; a step that counts nothing shows its label, and the next covers it")
    func uncounted() {
        let clock = ManualClock(start)
        let screen = RecordingTerminal(width: 80)
        let progress = TerminalProgress(terminal: screen.terminal, clock: clock)
        progress.begin("export cases: waiting for councild")
        clock.advance(milliseconds: 2300)
        progress.begin("export: writing", unit: .bytes)
        clock.advance(milliseconds: 500)
        progress.update(3 << 20)
        clock.advance(milliseconds: 500)
        progress.update(5 << 20)
        progress.finish()
        #expect(screen.frames == [
            "\rexport cases: waiting for councild",
            "\rexport: writing  0 B" + String(repeating: " ", count: 14),
            "\rexport: writing  3.0 MiB  6.0 MiB/s",
            "\rexport: writing  5.0 MiB  5.0 MiB/s",
            "\rexport: writing  5.0 MiB  5.0 MiB/s  1.0s\n",
        ])
    }

    @Test("on a narrow terminal the bar goes first, then the label is cut by display columns (Chinese counting two), then the lesser figures")
    func narrow() {
        let clock = ManualClock(start)
        let screen = RecordingTerminal(width: 40)
        let progress = TerminalProgress(terminal: screen.terminal, clock: clock)
        progress.begin("导出桥西区议事厅案件 cases.csv", total: 2048, unit: .bytes)
        clock.advance(seconds: 1)
        progress.update(1024)
        #expect(screen.frames == [
            "\r导出桥西区议事厅案…  0 B/2.0 KiB    0%",
            "\r导出桥西区议事厅案件 c…   50%  ETA 1.0s",
        ])
        for frame in screen.frames {
            #expect(DisplayWidth.of(frame.dropFirst()) <= 39, "\(frame) fits in one column less than the terminal")
        }
    }

    @Test("a label is drawn on one line, without the control characters a file name or stored text could carry")
    func controlCharacters() {
        let screen = RecordingTerminal(width: 80)
        let progress = TerminalProgress(terminal: screen.terminal, clock: ManualClock(start))
        progress.begin("seed\u{1B}[2J\nfile.json")
        #expect(screen.frames == ["\rseed[2J file.json"])
    }

    @Test("reports every millisecond for ten seconds draw 101 frames: at most ten a second, and the first at once")
    func boundedRate() {
        let clock = ManualClock(start)
        let screen = RecordingTerminal(width: 80)
        let progress = TerminalProgress(terminal: screen.terminal, clock: clock)
        progress.begin("dataset", total: 10_000, unit: .items("cases"))
        for done in 1...10_000 {
            clock.advance(milliseconds: 1)
            progress.update(Int64(done))
        }
        #expect(screen.frames.count == 101)
        progress.finish()
        progress.finish()
        progress.update(1)
        #expect(screen.frames.count == 102, "finish draws once; what comes after it is ignored")
        #expect(screen.frames.last?.hasSuffix("10s\n") == true)
    }

    @Test("nothing is drawn where there is no terminal: a pipe is none, a pseudo-terminal is one, as wide as it says")
    func terminalDetection() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        #expect(ProgressTerminal.descriptor(ends[1], environment: [:]) == nil)
        #expect(!TerminalProgress(terminal: .descriptor(ends[1], environment: [:])).isShown)

        let pty = try PseudoTerminal(columns: 57)
        defer { pty.release() }
        let terminal = try #require(ProgressTerminal.descriptor(pty.secondary, environment: [:]))
        #expect(terminal.columns() == 57, "the width the terminal reports (TIOCGWINSZ)")
        #expect(ProgressTerminal.descriptor(pty.secondary, environment: ["COLUMNS": "99"])?.columns() == 99, "COLUMNS comes first")
        #expect(ProgressTerminal.descriptor(pty.secondary, environment: ["COLUMNS": "wide"])?.columns() == 57)
    }
}

/// A pseudo-terminal pair: councilctl writes to the secondary side as to a terminal; the test reads the primary.
private struct PseudoTerminal {
    struct Failed: Error {}

    let primary: Int32
    let secondary: Int32

    init(columns: UInt16) throws {
        var (primary, secondary): (Int32, Int32) = (-1, -1)
        var size = winsize(ws_row: 24, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&primary, &secondary, nil, nil, &size) == 0 else { throw Failed() }
        (self.primary, self.secondary) = (primary, secondary)
    }

    func release() {
        close(primary)
        close(secondary)
    }
}

@Suite("councilctl's progress line, run as a process against a loopback councild")
struct CouncilctlProgressTests {
    /// Runs councilctl with stderr on a pseudo-terminal 100 columns wide; what it printed and what reached the terminal.
    private func run(_ arguments: [String], server: TestDaemon) async throws -> (status: Int32, stdout: String, terminal: String) {
        let pty = try PseudoTerminal(columns: 100)
        // Read the terminal as councilctl writes, until every process has closed its side.
        let primary = pty.primary
        let reading = Task {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    var bytes: [UInt8] = []
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    while true {
                        let count = buffer.withUnsafeMutableBytes { read(primary, $0.baseAddress, $0.count) }
                        if count > 0 { bytes += buffer[..<count] } else if count < 0 && errno == EINTR { continue } else { break }
                    }
                    continuation.resume(returning: bytes)
                }
            }
        }
        let result: CouncilctlBinary.Result
        do {
            result = try await CouncilctlBinary.run(
                arguments, environment: ["COUNCIL_SERVER": "127.0.0.1:\(server.port)", "COUNCIL_KEY": "demo-hall-staff", "COLUMNS": ""],
                standardError: FileHandle(fileDescriptor: pty.secondary, closeOnDealloc: false))
        } catch {
            pty.release()
            throw error
        }
        close(pty.secondary)
        let terminal = await reading.value
        close(pty.primary)
        return (result.status, result.stdout, String(decoding: terminal, as: UTF8.self))
    }

    @Test(
        "on a terminal an export draws its steps in place and ends the line before its note; --no-progress draws nothing",
        .enabled(if: CouncilctlBinary.url != nil, Comment(rawValue: CouncilctlBinary.missing)))
    func exportOnATerminal() async throws {
        try await TestDaemon.with { server in
            let staff = server.client("hall-staff")
            _ = try await staff.submit(submission: Harness.submission("楼道灯不亮"))
            let csv = FileManager.default.temporaryDirectory.appendingPathComponent("cases-\(UUID().uuidString).csv")
            defer { try? FileManager.default.removeItem(at: csv) }
            let expected = try await staff.exportCases(query: CaseQuery(community: "QX01", order: .oldestFirst))

            let shown = try await run(["export", "cases", "--community", "QX01", "--out", csv.path], server: server)
            #expect(shown.status == 0, "\(shown.terminal)")
            #expect(Array(try Data(contentsOf: csv)) == expected)
            // The terminal turns each line break into CR LF.
            let lines = shown.terminal.components(separatedBy: "\r\n")
            #expect(lines.count == 3, "the progress line, the note, and nothing after: \(lines)")
            let frames = lines[0].split(separator: "\r", omittingEmptySubsequences: true).map(String.init)
            #expect(frames.first == "export cases: waiting for councild", "\(frames)")
            #expect(frames.last?.hasPrefix("export cases: writing ") == true, "\(frames)")
            #expect(frames.last?.contains("100%") == true, "\(frames)")
            #expect(lines[1] == "wrote 1 row (\(expected.count) bytes) to \(csv.path)")

            try FileManager.default.removeItem(at: csv)
            let quiet = try await run(["--no-progress", "export", "cases", "--community", "QX01", "--out", csv.path], server: server)
            #expect(quiet.status == 0)
            #expect(quiet.terminal == "wrote 1 row (\(expected.count) bytes) to \(csv.path)\r\n")

            // To stdout (a file here) the CSV is written as councild sent it, whatever is drawn beside it.
            let piped = try await run(["export", "cases", "--community", "QX01"], server: server)
            #expect(Array(piped.stdout.utf8) == expected)
            #expect(piped.terminal.hasPrefix("\rexport cases: waiting for councild") && piped.terminal.hasSuffix("\r\n"))
            await staff.close()
        }
    }
}
