import ArgumentParser
import CouncilGRPCPeer
import CouncilAPI
import CouncilKit
import CouncilSQLite
import CouncilTerminal
import CouncilWire
import Foundation
import Histogram

@main
struct CouncilBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "councilbench",
        abstract: "Load councild and its peers, measure the SQLite store, and print one table of ratios.",
        subcommands: [Run.self, Load.self, BuildDataset.self, ServeEcho.self, ServeGRPC.self],
        defaultSubcommand: Run.self)
}

/// Options of a load run, shared by `run` and `load`.
struct LoadOptions: ParsableArguments {
    @Option(help: "Connections.")
    var connections = 4
    @Option(help: "Calls in flight on each connection (councild allows 100).")
    var inFlight = 32
    @Option(help: "Seconds of warm-up before the timed window.")
    var warmup = 1.0
    @Option(help: "Seconds of the timed window.")
    var window = 3.0
    @Option(help: "Event-loop threads of the load generator.")
    var clientThreads = 1

    var plan: LoadPlan {
        LoadPlan(
            connections: connections, inFlight: inFlight, warmup: .milliseconds(Int(warmup * 1000)),
            window: .milliseconds(Int(window * 1000)), clientThreads: clientThreads)
    }
}

/// Where the executables built beside councilbench are.
enum Executables {
    static var folder: String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: path).deletingLastPathComponent().path
    }
    static var councilbench: String { folder + "/councilbench" }
}

// MARK: - run

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Everything, then one table (what `make bench` runs).")

    @OptionGroup var load: LoadOptions
    @Option(help: "Cases in the large store.")
    var cases = 1_000_000
    @Option(help: "Where the large store is kept between runs (built on first use).")
    var dataDirectory = ".data"
    @Option(help: "The call mix of the mixed run.")
    var mix = "get=70,submit=10,find=10,text=5,changes=5"
    @Option(help: "The councild executable (default: the one built beside councilbench).")
    var councild: String?
    @Option(help: "Seconds each storage figure is measured for.")
    var storageSeconds = 3.0
    @Option(help: "Concurrent writers of the group-commit figure.")
    var writers = 32
    @Flag(help: "Draw no progress line while the large store is built (drawn only when stderr is a terminal).")
    var noProgress = false

    func run() async throws {
        guard let mix = CallMix(parsing: mix) else { throw ValidationError("--mix: kind=weight,… with kinds \(CallKind.allCases.map(\.rawValue))") }
        let councild = councild ?? Executables.folder + "/councild"
        let plan = load.plan
        var table = Table()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("councilbench-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)

        // The large store, built once and kept.
        let dataset = URL(fileURLWithPath: dataDirectory).appendingPathComponent("council-\(cases).sqlite").path
        if !FileManager.default.fileExists(atPath: dataset) {
            note("building the \(cases)-case store at \(dataset) (once; kept for later runs)…")
            let took = try await buildDataset(cases: cases, path: dataset, progress: !noProgress)
            table.notes.append("The \(cases)-case store was built in this run: \(seconds(took)) s (kept in \(dataDirectory) for later runs).")
        }
        let sample = try Dataset.sample(path: dataset, count: 20_000)
        let tag = "bench-\(UUID().uuidString.prefix(8))"
        let workload = Workload(caseIDs: sample.ids, latestSequence: sample.latestSequence, runTag: tag)

        // Storage: durable submits.
        note("storage: durable submits…")
        let bound = try await StorageBench.bound(executable: Executables.folder + "/sqlite-insert-bound", folder: scratch, seconds: storageSeconds)
        let single = try await StorageBench.submits(path: scratch + "/one.sqlite", writers: 1, seconds: storageSeconds)
        let ungrouped = try await StorageBench.submits(
            path: scratch + "/ungrouped.sqlite", writers: writers, seconds: storageSeconds, writesPerTransaction: 1)
        let grouped = try await StorageBench.submits(path: scratch + "/grouped.sqlite", writers: writers, seconds: storageSeconds)

        // councild: idle on an empty store, then on the large one under load.
        note("councild, empty store…")
        let empty = try await startCouncild(councild, database: scratch + "/empty.sqlite", scratch)
        defer { empty.stop() }  // also when a measurement throws
        try await Task.sleep(for: .seconds(1))
        let idleEmpty = empty.memory().rss
        empty.stop()

        note("councild, \(sample.cases) cases: get-case…")
        let daemon = try await startCouncild(councild, database: dataset, scratch)
        defer { daemon.stop() }
        try await Task.sleep(for: .seconds(1))
        let idleLarge = daemon.memory().rss
        let target = LoadGenerator.Target.council(host: "127.0.0.1", port: daemon.port, system: "petition-office", key: "demo-petition-office")
        var cpu = daemon.cpuSeconds()
        let ours = try await LoadGenerator.run(target, plan: plan, mix: .only(.get), workload: workload)
        let oursCPU = (daemon.cpuSeconds() - cpu) / Double(max(ours.completed, 1)) / (1 + plan.warmupShare)
        note("councild: find-cases and text search, one call at a time…")
        let single1 = LoadPlan(connections: 1, inFlight: 1, warmup: .milliseconds(500), window: plan.window, clientThreads: 1)
        let find = try await LoadGenerator.run(target, plan: single1, mix: .only(.find), workload: workload)
        let text = try await LoadGenerator.run(target, plan: single1, mix: .only(.text), workload: workload)
        note("councild: mixed load \(mix)…")
        let mixed = try await LoadGenerator.run(target, plan: plan, mix: mix, workload: workload)
        let peakLarge = daemon.memory().peak
        daemon.stop()

        // The transport bound, with frames of the sizes councild exchanged.
        note("NIO echo bound…")
        let request = try WireCodec().encode(.call(WireCall(callID: 1_000, request: .getCase(GetCaseRequest(key: .id(sample.ids[0]))))))
        let echoServer = try await startChild("echo", ["serve-echo", "--reply-bytes", "\(ours.meanResponseBytes)"], scratch)
        defer { echoServer.stop() }
        cpu = echoServer.cpuSeconds()
        let echo = try await LoadGenerator.run(
            .echo(host: "127.0.0.1", port: echoServer.port, request: Array(request.dropFirst(4))), plan: plan, mix: .only(.get),
            workload: workload)
        let echoCPU = (echoServer.cpuSeconds() - cpu) / Double(max(echo.completed, 1)) / (1 + plan.warmupShare)
        echoServer.stop()

        // The gRPC peer on the same large store.
        note("grpc-swift-2 peer: get-case…")
        let grpcServer = try await startChild("grpc", ["serve-grpc", "--database", dataset], scratch)
        defer { grpcServer.stop() }
        cpu = grpcServer.cpuSeconds()
        let grpc = try await GRPCLoad.run(host: "127.0.0.1", port: grpcServer.port, plan: plan, kind: .get, workload: workload)
        let grpcCPU = (grpcServer.cpuSeconds() - cpu) / Double(max(grpc.completed, 1)) / (1 + plan.warmupShare)
        let grpcPeak = grpcServer.memory().peak
        grpcServer.stop()

        // submit-case over the wire, each server on a store of its own.
        note("submit-case over the wire: councild, then the gRPC peer…")
        let submitDaemon = try await startCouncild(councild, database: scratch + "/wire-submit.sqlite", scratch)
        defer { submitDaemon.stop() }
        let oursSubmit = try await LoadGenerator.run(
            .council(host: "127.0.0.1", port: submitDaemon.port, system: "petition-office", key: "demo-petition-office"),
            plan: plan, mix: .only(.submit), workload: workload)
        submitDaemon.stop()
        let submitPeer = try await startChild("grpc", ["serve-grpc", "--database", scratch + "/grpc-submit.sqlite"], scratch)
        defer { submitPeer.stop() }
        let grpcSubmit = try await GRPCLoad.run(host: "127.0.0.1", port: submitPeer.port, plan: plan, kind: .submit, workload: workload)
        submitPeer.stop()

        // The store's size on disk.
        let size = Self.fileSize(dataset) + Self.fileSize(dataset + "-wal")

        let shape = "\(plan.connections)×\(plan.inFlight)"
        table.header = [
            "Council Hall benchmarks, \(Self.machine())",
            "large store: \(sample.cases) cases; load: \(shape) in flight, \(Int(load.warmup)) s warm-up, \(Int(load.window)) s window, \(plan.clientThreads) client thread",
        ]
        table.row("get-case pipelined, calls/s (\(shape))", ours.throughput, "NIO echo bound", echo.throughput, target: ">= 0.50", atLeast: 0.5)
        table.row("get-case pipelined, calls/s (\(shape))", ours.throughput, "grpc-swift-2", grpc.throughput, target: ">= 2.00", atLeast: 2)
        table.latency("get-case latency p50/p99/p99.9 ms", ours.overall, "grpc-swift-2", grpc.overall)
        table.latency("get-case latency p50/p99/p99.9 ms", ours.overall, "NIO echo bound", echo.overall)
        table.row("server CPU per get-case, µs", oursCPU * 1e6, "NIO echo bound", echoCPU * 1e6, decimals: 1)
        table.row("server CPU per get-case, µs", oursCPU * 1e6, "grpc-swift-2", grpcCPU * 1e6, decimals: 1)
        table.row("submit-case over the wire, calls/s", oursSubmit.throughput, "grpc-swift-2", grpcSubmit.throughput)
        table.row("durable submits/s, SQLite FULL, 1 writer", single, "plain sqlite3 (C)", bound)
        table.row("durable submits/s, \(writers) writers, group commit", grouped, "plain sqlite3 (C)", bound, target: ">= 0.50", atLeast: 0.5)
        table.row("durable submits/s, \(writers) writers, 1 write per txn", ungrouped, "plain sqlite3 (C)", bound)
        table.single("find-cases community+status p99, ms", Self.ms(find.overall, 99), target: "< 10", met: Self.ms(find.overall, 99) < 10)
        table.single("  p50 / p99.9, ms", nil, text: "\(Self.format(Self.ms(find.overall, 50), 2)) / \(Self.format(Self.ms(find.overall, 99.9), 2))")
        table.single("text search p99, ms", Self.ms(text.overall, 99), target: "< 50", met: Self.ms(text.overall, 99) < 50)
        table.single("  p50 / p99.9, ms", nil, text: "\(Self.format(Self.ms(text.overall, 50), 2)) / \(Self.format(Self.ms(text.overall, 99.9), 2))")
        table.single("mixed load calls/s (\(mix))", mixed.throughput)
        for (kind, histogram) in mixed.histograms.sorted(by: { $0.key < $1.key }) {
            table.single("  \(kind.rawValue) p50/p99 ms", nil, text: "\(Self.format(Self.ms(histogram, 50), 2)) / \(Self.format(Self.ms(histogram, 99), 2))")
        }
        table.single("daemon RSS idle, empty store, MB", Double(idleEmpty) / 1e6)
        table.single("daemon RSS idle, \(sample.cases) cases, MB", Double(idleLarge) / 1e6)
        table.row("daemon peak RSS (VmHWM), \(sample.cases) cases, MB", Double(peakLarge) / 1e6, "grpc-swift-2 peer", Double(grpcPeak) / 1e6, target: "< 100", atMost: nil, met: Double(peakLarge) / 1e6 < 100)
        table.single("store size on disk per case, bytes", Double(size) / Double(max(sample.cases, 1)))
        for (name, result) in [("get-case", ours), ("find", find), ("text", text), ("mixed", mixed), ("echo", echo), ("grpc get", grpc), ("submit", oursSubmit), ("grpc submit", grpcSubmit)] where result.errors > 0 {
            table.notes.append("\(name): \(result.errors) errors, first: \(result.firstError ?? "?")")
        }
        table.notes.append("get-case responses averaged \(ours.meanResponseBytes) bytes; the echo bound answered each call with a frame of that size.")
        print(table.render())
    }

    private func startCouncild(_ executable: String, database: String, _ scratch: String) async throws -> ServerProcess {
        let port = try ServerProcess.freePort()
        return try await ServerProcess(
            name: "councild", executable: executable,
            arguments: ["--listen", "127.0.0.1:\(port)", "--database", database, "--demo", "--log-level", "warning", "--stop-at-stdin-end"],
            port: port,
            log: scratch + "/councild-\(port).log")
    }

    private func startChild(_ name: String, _ arguments: [String], _ scratch: String) async throws -> ServerProcess {
        let port = try ServerProcess.freePort()
        return try await ServerProcess(
            name: name, executable: Executables.councilbench, arguments: arguments + ["--port", "\(port)"], port: port,
            log: scratch + "/\(name)-\(port).log")
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    static func ms(_ histogram: Histogram<UInt64>, _ percentile: Double) -> Double {
        histogram.totalCount == 0 ? .nan : Double(histogram.valueAtPercentile(percentile)) / 1e6
    }

    static func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

    static func machine() -> String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?
            .trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 30) GiB"
    }
}

extension LoadPlan {
    /// CPU time is read around warm-up and window together; this scales it to the calls of the window.
    var warmupShare: Double {
        let w = warmup.components, t = window.components
        let warm = Double(w.seconds) + Double(w.attoseconds) / 1e18
        let timed = Double(t.seconds) + Double(t.attoseconds) / 1e18
        return timed > 0 ? warm / timed : 0
    }
}

func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

func seconds(_ duration: Duration) -> String {
    String(format: "%.0f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
}

// MARK: - load

struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a running councild (or the echo server) and print throughput, latencies, errors and the daemon's peak RSS.")

    @OptionGroup var load: LoadOptions
    @Option(help: "The server's port on 127.0.0.1.")
    var port: Int
    @Option(help: "The call mix: kind=weight,… (kinds: get, submit, find, text, changes).")
    var mix = "get=70,submit=10,find=10,text=5,changes=5"
    @Option(help: "The SQLite file councild serves, for case ids to get (read-only).")
    var database: String
    @Option(help: "The daemon's process id, for its peak RSS (VmHWM).")
    var pid: Int32?
    @Option(help: "The client system and its key.")
    var system = "petition-office"
    @Option(help: "The client system's key.")
    var key = "demo-petition-office"

    func run() async throws {
        guard let mix = CallMix(parsing: mix) else { throw ValidationError("--mix: kind=weight,…") }
        let sample = try Dataset.sample(path: database, count: 20_000)
        let workload = Workload(caseIDs: sample.ids, latestSequence: sample.latestSequence, runTag: "load-\(UUID().uuidString.prefix(8))")
        let result = try await LoadGenerator.run(
            .council(host: "127.0.0.1", port: port, system: system, key: key), plan: load.plan, mix: mix, workload: workload)
        print(String(format: "throughput: %.0f calls/s (%d in %.1f s), errors: %d", result.throughput, result.completed, result.windowSeconds, result.errors))
        if let first = result.firstError { print("first error: \(first)") }
        for (kind, histogram) in result.histograms.sorted(by: { $0.key < $1.key }) {
            print(String(
                format: "  %-8@ %8d calls  p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms", kind.rawValue, histogram.totalCount,
                Run.ms(histogram, 50), Run.ms(histogram, 99), Run.ms(histogram, 99.9)))
        }
        if let pid {
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            for line in status.split(separator: "\n") where line.hasPrefix("VmHWM") || line.hasPrefix("VmRSS") { print("daemon \(line)") }
        }
    }
}

// MARK: - dataset

struct BuildDataset: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dataset", abstract: "Build the large store.")

    @Option(help: "Cases.")
    var cases = 1_000_000
    @Option(help: "The SQLite file to write (replaced).")
    var path: String
    @Flag(help: "Draw no progress line (drawn only when stderr is a terminal).")
    var noProgress = false

    func run() async throws {
        let took = try await buildDataset(cases: cases, path: path, progress: !noProgress)
        print("\(cases) cases in \(seconds(took)) s")
    }
}

/// Builds the large store with a progress line when stderr is a terminal; elsewhere (the log of `make bench`) with a
/// line every 50,000 cases.
func buildDataset(cases: Int, path: String, progress showProgress: Bool) async throws -> Duration {
    let progress = TerminalProgress(terminal: showProgress ? .standardError() : nil)
    progress.begin("building \(path)", total: Int64(cases), unit: .items("cases"))
    defer { progress.finish() }
    return try await Dataset.load(cases: cases, path: path) { count in
        if progress.isShown { progress.update(Int64(count)) } else if count % 50_000 == 0 { note("  \(count) cases") }
    }
}

// MARK: - peers

struct ServeEcho: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve-echo", abstract: "The NIO echo bound (internal).")

    @Option var port: Int
    @Option var replyBytes: Int

    func run() async throws {
        try await EchoServer.serve(host: "127.0.0.1", port: port, replyBytes: replyBytes)
    }
}

struct ServeGRPC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve-grpc", abstract: "The grpc-swift-2 peer (internal).")

    @Option var port: Int
    @Option var database: String

    func run() async throws {
        let store = try SQLiteCaseStore(path: database)
        try await CouncilGRPCPeer.serve(service: try Dataset.service(store: store), host: "127.0.0.1", port: port)
    }
}
