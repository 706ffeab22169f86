import Foundation
import NIOCore
import NIOPosix

/// A server councilbench starts as a child process (councild, the echo server, the gRPC peer) and reads the memory
/// and CPU time of from `/proc`.
///
/// It is stopped (``stop()``) when the benchmark is done with it, when starting it fails, and at the latest when it is
/// released. Its standard input is a pipe only councilbench holds, so councild, run with `--stop-at-stdin-end`, stops
/// even when councilbench dies without cleaning up.
final class ServerProcess: @unchecked Sendable {
    let name: String
    let process: Process
    let port: Int
    private let input = Pipe()
    private let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    var pid: Int32 { process.processIdentifier }

    /// Starts `executable` with `arguments` and waits until it accepts TCP connections on `port`.
    init(name: String, executable: String, arguments: [String], port: Int, log: String) async throws {
        self.name = name
        self.port = port
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = output
        process.standardError = output
        // Only councilbench may hold the write end: a copy in another child would keep the input open.
        _ = fcntl(input.fileHandleForWriting.fileDescriptor, F_SETFD, FD_CLOEXEC)
        process.standardInput = input
        try process.run()
        do {
            let deadline = ContinuousClock.now + .seconds(300)
            while ContinuousClock.now < deadline {
                guard process.isRunning else { throw BenchError("\(name) exited at start (status \(process.terminationStatus)); see \(log)") }
                if await Self.accepts(port: port) { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw BenchError("\(name) did not listen on port \(port) within 300 s; see \(log)")
        } catch {
            stop()
            throw error
        }
    }

    deinit {
        stop()
    }

    private static func accepts(port: Int) async -> Bool {
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get()
            try? await channel.close()
            return true
        } catch {
            return false
        }
    }

    /// Resident memory now and its peak (`VmRSS`, `VmHWM`), in bytes.
    func memory() -> (rss: Int, peak: Int) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Int {
            for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
                let digits = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
                return digits * 1024
            }
            return 0
        }
        return (field("VmRSS"), field("VmHWM"))
    }

    /// User plus system CPU time the process has used, in seconds.
    func cpuSeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state is field 3, utime 14 and stime 15 (1-based over the whole line).
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / ticksPerSecond
    }

    /// Asks the server to stop (SIGTERM), and kills it if it has not after 15 seconds.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    /// A TCP port nobody listens on now.
    static func freePort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).wait()
        defer { try? channel.close().wait() }
        return channel.localAddress?.port ?? 0
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
