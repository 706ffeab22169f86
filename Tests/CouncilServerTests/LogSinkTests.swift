@testable import CouncilNode
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// ``LogSink`` on descriptors that cannot be written: a pipe whose reader is gone, and one that is full and
/// non-blocking.
@Suite("councild's log sink when its descriptor fails")
struct LogSinkTests {
    /// A pipe's two ends.
    private static func pipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        try #require(Glibc.pipe(&ends) == 0)
        return (ends[0], ends[1])
    }

    @Test("once the log's reader is gone, the sink stops writing: every line is counted as dropped, none is queued")
    func readerGone() throws {
        // As councild does: a write to the closed pipe fails with EPIPE instead of ending the process.
        signal(SIGPIPE, SIG_IGN)
        let (reader, writer) = try Self.pipe()
        defer { close(writer) }
        close(reader)
        let sink = LogSink(fileDescriptor: writer, capacityBytes: 1 << 20)
        for n in 0..<100 { sink.write("line \(n)\n") }
        #expect(!sink.flush(within: .seconds(30)), "nothing can be written to a pipe nobody reads")
        #expect(sink.isBroken)
        #expect(sink.dropped == 100, "every line lost to the closed pipe is counted")
        for n in 100..<150 { sink.write("line \(n)\n") }
        #expect(sink.dropped == 150, "later lines are counted at once, with no write tried")
    }

    @Test("a full non-blocking descriptor is waited on until it drains, and no line is lost")
    func fullNonBlocking() async throws {
        let (reader, writer) = try Self.pipe()
        #expect(fcntl(writer, F_SETFL, fcntl(writer, F_GETFL) | O_NONBLOCK) == 0)
        let filler = [UInt8](repeating: UInt8(ascii: "."), count: 4096)
        while Glibc.write(writer, filler, filler.count) > 0 {}
        let sink = LogSink(fileDescriptor: writer, capacityBytes: 1 << 20)
        let lines = (0..<100).map { "line \($0)\n" }
        for line in lines { sink.write(line) }
        // Only once the writer found the pipe full does anyone drain it.
        try await Harness.withTimeout(.seconds(30), "the log writer to find the pipe full") {
            while sink.waits == 0 { await Task.yield() }
        }
        // Drained by another thread, to the end of the pipe.
        let read: Data = await withCheckedContinuation { continuation in
            Thread {
                continuation.resume(returning: FileHandle(fileDescriptor: reader, closeOnDealloc: true).readDataToEndOfFile())
            }.start()
            #expect(sink.flush(within: .seconds(30)), "every line is written once the pipe drains")
            close(writer)
        }
        let text = String(decoding: read, as: UTF8.self).drop { $0 == "." }
        #expect(text == lines.joined(), "the lines, whole and in order, after the filler")
        #expect(sink.dropped == 0)
    }
}
