import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilNode
import CouncilServer
import CouncilWire
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Deadlines, cancellation and shutdown (PROTOCOL.md §5.5, §5.6, §6, §7.2), in process and as a real `councild`
/// process.
@Suite("councild lifecycle")
struct ServerLifecycleTests {
    // MARK: Deadlines (§5.5)

    @Test("a call whose deadline passes on a slow operation is answered DEADLINE_EXCEEDED and its work is stopped")
    func deadline() async throws {
        try await GatedServer.with { server, _ in
            let connection = try await RawWireConnection.handshaken(port: server.port)
            try await connection.call(1, GatedServer.slowFind, timeoutMilliseconds: 50)
            try await server.gate.waitForArrivals(1)
            server.clock.advance(milliseconds: 49)
            try await connection.call(2, .checkHealth(CheckHealthRequest()))
            #expect(try await connection.nextResponse().callID == 2, "call 1 is not answered before its deadline")
            server.clock.advance(milliseconds: 1)
            let answer = try await connection.nextResponse()
            #expect(answer.callID == 1)
            #expect(answer.status.code == .deadlineExceeded)
            #expect(answer.endOfStream && answer.response == nil)
            try await server.gate.waitForCancellations(1)  // the store call was cancelled, not left running

            try await connection.call(3, .checkHealth(CheckHealthRequest()))
            let next = try await connection.nextResponse()
            #expect(next.callID == 3 && next.status.isOK, "the connection goes on, and call 1 gets no second answer")
            await connection.close()
        }
    }

    @Test("a call without timeout_ms gets the default deadline; a longer one than the maximum is cut to the maximum")
    func defaultAndMaximumDeadline() async throws {
        try await GatedServer.with(limits: {
            $0.defaultCallTimeoutMilliseconds = 100
            $0.maxCallTimeoutMilliseconds = 150
        }) { server, _ in
            let connection = try await RawWireConnection.handshaken(port: server.port)
            try await connection.call(1, GatedServer.slowFind)
            try await server.gate.waitForArrivals(1)
            server.clock.advance(milliseconds: 100)
            let defaulted = try await connection.nextResponse()
            #expect(defaulted.callID == 1 && defaulted.status.code == .deadlineExceeded)

            try await connection.call(2, GatedServer.slowFind, timeoutMilliseconds: 3_600_000)
            try await server.gate.waitForArrivals(2)
            server.clock.advance(milliseconds: 150)
            let capped = try await connection.nextResponse()
            #expect(capped.callID == 2 && capped.status.code == .deadlineExceeded)
            await connection.close()
        }
    }

    @Test("CouncilClient surfaces a passed deadline as DEADLINE_EXCEEDED")
    func clientDeadline() async throws {
        try await GatedServer.with { server, _ in
            let client = server.client()
            let slow = Task {
                try await client.findCases(query: GatedServer.slowQuery, options: CallOptions(timeout: .milliseconds(50)))
            }
            try await server.gate.waitForArrivals(1)
            server.clock.advance(milliseconds: 50)
            let error = await #expect(throws: CouncilClientError.self) { try await slow.value }
            #expect(error?.code == .deadlineExceeded)
            let health = try await client.checkHealth()
            #expect(health == .serving)
            await client.close()
        }
    }

    // MARK: Cancellation and streams (§5.6, §6)

    @Test("cancelling a watch stream ends it with CANCELLED end_of_stream, and nothing more of it is sent")
    func cancelWatch() async throws {
        try await TestDaemon.with { server in
            let staff = server.client("hall-staff")
            _ = try await staff.submit(submission: Harness.submission("观察取消"))

            let connection = try await server.raw()
            try await connection.call(1, .watchEvents(WatchEventsRequest(after: 0)))
            let item = try await connection.nextResponse()
            #expect(item.callID == 1 && item.status.isOK && !item.endOfStream)
            guard case .watchEvents(let batch)? = item.response else {
                Issue.record("expected a watch item, got \(item)")
                return
            }
            #expect(batch.events.map(\.sequence) == [1])

            try await connection.send(.cancel(callID: 1))
            let end = try await connection.nextResponse()
            #expect(end.callID == 1)
            #expect(end.status.code == .cancelled)
            #expect(end.status.reason == "cancelled")
            #expect(end.endOfStream && end.response == nil)

            _ = try await staff.submit(submission: Harness.submission("取消以后"))
            try await connection.send(.cancel(callID: 1))  // a cancel for a finished call is ignored
            try await connection.call(2, .checkHealth(CheckHealthRequest()))
            let next = try await connection.nextResponse()
            #expect(next.callID == 2, "no item of the cancelled stream comes after its end")
            #expect(await connection.next(timeout: .milliseconds(200)).isTimedOut)
            await connection.close()
            await staff.close()
        }
    }

    @Test("a watch from a negative sequence ends at once INVALID_ARGUMENT naming after")
    func watchNegativeAfter() async throws {
        try await TestDaemon.with { server in
            let connection = try await server.raw()
            try await connection.call(1, .watchEvents(WatchEventsRequest(after: -1)))
            let end = try await connection.nextResponse()
            #expect(end.callID == 1 && end.endOfStream)
            #expect(end.status.code == .invalidArgument)
            #expect(end.status.field == "after")
            await connection.close()
        }
    }

    @Test("a watch stream sees events committed on other connections live, in order")
    func watchIsLive() async throws {
        try await TestDaemon.with { server in
            let connection = try await server.raw("petition-office")
            try await connection.call(1, .watchEvents(WatchEventsRequest(after: 0)))
            let staff = server.client("hall-staff")
            var sequences: [Int64] = []
            for n in 1...3 {
                _ = try await staff.submit(submission: Harness.submission("直播 \(n)"))
                while sequences.count < n {
                    let item = try await connection.nextResponse()
                    guard case .watchEvents(let batch)? = item.response else {
                        Issue.record("expected a watch item, got \(item)")
                        return
                    }
                    sequences += batch.events.map(\.sequence)
                }
            }
            #expect(sequences == [1, 2, 3])
            await staff.close()
            await connection.close()
        }
    }

    // MARK: Graceful shutdown (§7.2)

    /// A frame of Schemas/testdata, decoded.
    static func published(_ name: String) throws -> WireFrame {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Schemas/testdata/\(name).bin")
        return try WireCodec().decode(payload: Array(try Data(contentsOf: file).dropFirst(4)))
    }

    @Test("graceful shutdown: GoAway draining, calls in flight complete, new calls and connections are refused, streams end UNAVAILABLE, run returns")
    func gracefulShutdownWithCallsInFlight() async throws {
        try await GatedServer.with { server, run in
            let staff = server.client()
            _ = try await staff.submit(submission: Harness.submission("关机前登记"))
            await staff.close()
            let busy = try await RawWireConnection.handshaken(port: server.port)
            let idle = try await RawWireConnection.handshaken(port: server.port, system: "petition-office")
            try await busy.call(1, GatedServer.slowFind)
            try await busy.call(2, .watchEvents(WatchEventsRequest(after: 0)))
            let item = try await busy.nextResponse()
            #expect(item.callID == 2 && !item.endOfStream, "the stream is running")
            try await server.gate.waitForArrivals(1)

            await server.group.triggerGracefulShutdown()

            // The busy connection: GoAway naming the last call it will finish, the stream's end, then call 1's answer.
            var frames: [WireFrame] = []
            while !frames.contains(where: { if case .goAway = $0 { return true } else { return false } }) || frames.count < 2 {
                frames.append(try await busy.nextFrame())
            }
            let goAway = frames.compactMap { frame -> GoAway? in
                if case .goAway(let goAway) = frame { return goAway }
                return nil
            }.first
            #expect(goAway?.lastCallID == 2)
            #expect(goAway?.status.code == .unavailable && goAway?.status.reason == "draining")
            let streamEnd = frames.compactMap { frame -> WireResponseFrame? in
                if case .response(let response) = frame, response.callID == 2 { return response }
                return nil
            }.first
            #expect(streamEnd?.status.code == .unavailable)
            #expect(streamEnd?.status.reason == "draining")
            #expect(streamEnd?.endOfStream == true)
            // Both are what the published test vectors show (Schemas/testdata, PROTOCOL.md §13).
            if case .goAway(let published) = try Self.published("goaway-drain") { #expect(goAway?.status == published.status) }
            if case .response(let published) = try Self.published("watch-events-end") {
                #expect(streamEnd?.status == published.status && streamEnd?.endOfStream == published.endOfStream)
            }

            // The idle connection is told and closed at once.
            let idleFrames = await idle.framesUntilClose()
            #expect(idleFrames?.count == 1)
            if case .goAway(let idleGoAway)? = idleFrames?.first {
                #expect(idleGoAway.status.reason == "draining" && idleGoAway.lastCallID == 0)
            } else {
                Issue.record("the idle connection should get a GoAway, got \(String(describing: idleFrames))")
            }

            // A call that crosses the GoAway is refused, not processed.
            try await busy.call(3, .getServerInfo(GetServerInfoRequest()))
            let refused = try await busy.nextResponse()
            #expect(refused.callID == 3 && refused.status.code == .unavailable && refused.status.reason == "draining")

            // New connections are refused: the listener is closed (or a handshake is answered UNAVAILABLE).
            let client = server.client()
            let error = await #expect(throws: CouncilClientError.self) { try await client.checkHealth() }
            #expect(error?.code == .unavailable)
            await client.close()

            // The call in flight completes, then the connection closes and the server returns.
            server.gate.open()
            let rest = await busy.framesUntilClose()
            let first = rest?.compactMap { frame -> WireResponseFrame? in
                if case .response(let response) = frame, response.callID == 1 { return response }
                return nil
            }.first
            #expect(first?.status.isOK == true, "call 1 was finished: \(String(describing: rest))")
            if case .findCases? = first?.response {} else { Issue.record("call 1 should carry its result") }

            try await Harness.outcome(of: run, within: .seconds(5), "the server group to return").get()
        }
    }

    @Test("graceful shutdown cuts off calls still running after the grace period, and run returns")
    func gracePeriodExpires() async throws {
        try await GatedServer.with(gracePeriodMilliseconds: 200) { server, run in
            let busy = try await RawWireConnection.handshaken(port: server.port)
            try await busy.call(1, GatedServer.slowFind)
            try await server.gate.waitForArrivals(1)
            await server.group.triggerGracefulShutdown()
            #expect(try await busy.nextGoAway().status.reason == "draining")
            server.clock.advance(milliseconds: 199)
            try await busy.send(.ping(7))
            if case .pong(7) = try await busy.nextFrame() {} else { Issue.record("the connection is still open within the grace period") }
            server.clock.advance(milliseconds: 1)
            let frames = await busy.framesUntilClose()
            #expect(frames != nil, "the connection is closed after the grace period")
            try await Harness.outcome(of: run, within: .seconds(5), "the server group to return").get()
            #expect(server.gate.cancellations == 1, "the unfinished call's work was cancelled")
        }
    }

    @Test("CouncilDaemon under a ServiceGroup: graceful shutdown ends a watch UNAVAILABLE draining and run returns")
    func daemonGracefulShutdown() async throws {
        var configuration = ServerConfiguration()
        configuration.listen = "127.0.0.1:0"
        configuration.database = ":memory:"
        configuration.serverID = "lifecycle-councild"
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let daemon = try await CouncilDaemon(configuration: configuration, demo: true, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [.init(service: daemon)], logger: logger))
        let run = Task { try await group.run() }
        defer { run.cancel() }
        let port = try await daemon.server.listeningAddress().port ?? 0
        // Not reconnecting: the test looks at how the server ends the stream, which a reconnecting client hides.
        var clientConfiguration = CouncilClient.Configuration(host: "127.0.0.1", port: port, system: "hall-staff", key: "demo-hall-staff")
        clientConfiguration.reconnect = .disabled
        let client = CouncilClient(configuration: clientConfiguration)
        _ = try await client.submit(submission: Harness.submission("关机前"))

        let received = WatchedValue(0)
        let watch = Task {
            for try await batch in client.watchEvents(after: 0) { received.update { $0 += batch.events.count } }
        }
        try await received.wait("the first watch item") { $0 >= 1 }

        await group.triggerGracefulShutdown()
        let ended = try await Harness.outcome(of: watch, within: .seconds(10), "the watch to end")
        guard case .failure(let error as CouncilClientError) = ended else {
            Issue.record("the watch should end with UNAVAILABLE draining, got \(ended)")
            return
        }
        #expect(error.code == .unavailable)
        #expect(error.reason == "draining")
        try await Harness.outcome(of: run, within: .seconds(10), "CouncilDaemon.run to return").get()
        await client.close()
    }

    // MARK: The councild process

    @Test(
        "councild --memory --demo exits 0 on SIGTERM, ending a watch stream UNAVAILABLE draining",
        .enabled(if: CouncildProcess.executable != nil, "the councild executable is not next to the test bundle; run `swift build` first"))
    func sigterm() async throws {
        let councild = try await CouncildProcess.start(["--memory", "--demo", "--listen", "127.0.0.1:0"])
        defer { councild.kill() }
        let client = councild.client(reconnect: .disabled)
        #expect(try await client.checkHealth() == .serving)
        _ = try await client.submit(submission: Harness.submission("进程测试"))
        let received = WatchedValue(0)
        let watch = Task {
            for try await batch in client.watchEvents(after: 0) { received.update { $0 += batch.events.count } }
        }
        try await received.wait("the first watch item") { $0 >= 1 }

        councild.signal(SIGTERM)
        let exit = try await councild.waitForExit()
        #expect(exit.reason == .exit)
        #expect(exit.status == 0, "log:\n\(councild.log)")
        let ended = try await Harness.outcome(of: watch, within: .seconds(10), "the watch to end")
        if case .failure(let error as CouncilClientError) = ended {
            #expect(error.code == .unavailable)
        } else {
            Issue.record("the watch should end with an error, got \(ended)")
        }
        await client.close()
    }

    @Test(
        "councild --stop-at-stdin-end shuts down gracefully, exit 0, once its standard input ends, as when the test process that started it dies",
        .enabled(if: CouncildProcess.executable != nil, "the councild executable is not next to the test bundle; run `swift build` first"))
    func stopAtStdinEnd() async throws {
        let councild = try await CouncildProcess.start(["--memory", "--demo", "--listen", "127.0.0.1:0"])
        defer { councild.kill() }
        let client = councild.client()
        #expect(try await client.checkHealth() == .serving)
        await client.close()
        councild.closeInput()
        let exit = try await councild.waitForExit()
        #expect(exit.reason == .exit && exit.status == 0, "log:\n\(councild.log)")
        #expect(councild.log.contains("standard input ended: shutting down"), "log:\n\(councild.log)")
        #expect(councild.log.contains("councild: stopped\n"), "a graceful shutdown, not a crash: \(councild.log)")
    }

    @Test(
        "councild keeps answering while nobody reads its log, drops what does not fit, and says so once the log is read",
        .enabled(if: CouncildProcess.executable != nil, "the councild executable is not next to the test bundle; run `swift build` first"))
    func unreadLog() async throws {
        let councild = try await CouncildProcess.start(["--memory", "--demo", "--listen", "127.0.0.1:0", "--log-buffer", "65536"])
        defer { councild.kill() }
        councild.stopReadingLog()
        // Each connection logs a line of about 300 bytes: 1,000 fill the pipe (64 KiB) and the log buffer several
        // times over. A daemon that waits for its log stops answering long before the last.
        let instance = "窗口-" + String(repeating: "x", count: 190)
        for n in 0..<1000 {
            var configuration = CouncilClient.Configuration(
                host: "127.0.0.1", port: councild.port, system: "hall-staff", key: RawWireConnection.demoKey("hall-staff"))
            configuration.instance = instance
            let client = CouncilClient(configuration: configuration)
            let health = try await client.checkHealth(options: CallOptions(timeout: .seconds(30)))
            #expect(health == .serving, "connection \(n)")
            await client.close()
        }
        councild.resumeReadingLog()
        try await councild.waitForLog("log lines were dropped: nobody read the log fast enough")
        councild.signal(SIGTERM)
        #expect(try await councild.waitForExit().status == 0)
        #expect(councild.log.contains("councild: stopped\n"), "the last line is written before councild exits")
    }

    @Test(
        "SIGHUP puts the configuration file's keys and log level in force, says what changed, and keeps open connections",
        .enabled(if: CouncildProcess.executable != nil, "the councild executable is not next to the test bundle; run `swift build` first"))
    func hangupReload() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("councild-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("councild.json").path
        func configure(_ hash: String, logLevel: String) throws {
            let json = """
                {"listen": "127.0.0.1:0", "database": ":memory:", "logLevel": "\(logLevel)",
                 "keys": [{"system": "petition-office", "keyHash": "\(hash)", "scopes": ["read", "submit"]}]}
                """
            try json.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let (old, oldHash) = KeyRing.newKey()
        let (new, newHash) = KeyRing.newKey()
        try configure(oldHash, logLevel: "info")
        let councild = try await CouncildProcess.start(["--config", path])
        defer { councild.kill() }
        func client(_ key: String) -> CouncilClient {
            CouncilClient(configuration: .init(host: "127.0.0.1", port: councild.port, system: "petition-office", key: key))
        }
        let open = client(old)
        #expect(try await open.checkHealth() == .serving)

        try configure(newHash, logLevel: "debug")
        councild.signal(SIGHUP)
        try await councild.waitForLog("log level changed from=info to=debug")
        #expect(councild.log.contains("reloaded the keys added= changed=petition-office removed="))
        #expect(!councild.log.contains(newHash) && !councild.log.contains(oldHash), "the log names systems, never keys")

        let refused = await refusal { _ = try await client(old).checkHealth() }
        #expect(refused?.code == .unauthenticated, "the replaced key signs nobody in")
        let fresh = client(new)
        #expect(try await fresh.checkHealth() == .serving)
        #expect(try await open.checkHealth() == .serving, "a connection opened with the replaced key stays open")
        await fresh.close()
        try await councild.waitForLog("debug councild: connection closed")

        try "{ not json".write(toFile: path, atomically: true, encoding: .utf8)
        councild.signal(SIGHUP)
        try await councild.waitForLog("could not reload the configuration; the keys and the log level in force stay")
        #expect(try await client(new).checkHealth() == .serving)
        await open.close()
        councild.signal(SIGTERM)
        #expect(try await councild.waitForExit().status == 0)
    }

    @Test(
        "a backup taken while cases keep arriving restores every case acknowledged before it began",
        .enabled(if: CouncildProcess.executable != nil, "the councild executable is not next to the test bundle; run `swift build` first"))
    func backupAndRestore() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("councild-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("council.sqlite").path
        let backup = directory.appendingPathComponent("backup.sqlite").path
        let restored = directory.appendingPathComponent("restored.sqlite").path

        let councild = try await CouncildProcess.start(["--database", database, "--demo", "--listen", "127.0.0.1:0"])
        defer { councild.kill() }
        let office = councild.client("petition-office")
        func submit(_ n: Int) async throws -> ExternalReference {
            let reference = ExternalReference(system: "petition-office", reference: "BACKUP-\(n)")
            _ = try await office.submit(submission: Harness.submission("备份 \(n)", source: .petitionOffice, reference: reference))
            return reference
        }
        var before: [ExternalReference] = []
        for n in 0..<20 { before.append(try await submit(n)) }
        // Writes keep arriving while the backup is taken.
        let writer = Task { var n = 1000; while !Task.isCancelled { _ = try await submit(n); n += 1 } }
        let run = try CouncildProcess.run(["backup", "--database", database, backup])
        writer.cancel()
        _ = await writer.result
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("checked:"), "\(run.output)")
        #expect(!run.output.contains("\r"), "no progress line is drawn into a pipe: \(run.output)")
        let refused = try CouncildProcess.run(["backup", "--database", database, backup])
        #expect(refused.status != 0 && refused.output.contains("exists"), "an existing file is never overwritten: \(refused.output)")
        await office.close()
        councild.signal(SIGTERM)
        #expect(try await councild.waitForExit().status == 0)

        let second = try await CouncildProcess.start(["--restore", backup, "--database", restored, "--demo", "--listen", "127.0.0.1:0"])
        defer { second.kill() }
        let staff = second.client("hall-staff")
        for reference in before {
            #expect(try await staff.getCase(key: .externalReference(reference)).state.submission.externalReference == reference)
        }
        await staff.close()
        second.signal(SIGTERM)
        #expect(try await second.waitForExit().status == 0)
        let again = try await CouncildProcess.refusal(["--restore", backup, "--database", restored, "--demo", "--listen", "127.0.0.1:0"])
        #expect(again.log.contains("exists"), "a restore never overwrites a database: \(again.log)")
    }

    @Test(
        "on PostgreSQL, pg_dump while councild serves and pg_restore into an empty database bring every case back",
        .enabled(if: CouncildProcess.executable != nil, "the councild executable is not next to the test bundle; run `swift build` first"),
        .enabled(if: ProcessInfo.processInfo.environment["COUNCIL_POSTGRES_URL"].map { !$0.isEmpty } ?? false,
                 "COUNCIL_POSTGRES_URL is not set: run `make test`, or point it at a throwaway PostgreSQL database"))
    func postgresDumpAndRestore() async throws {
        let base = try #require(URLComponents(string: ProcessInfo.processInfo.environment["COUNCIL_POSTGRES_URL"]!))
        let id = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let schema = "dump_\(id)", restoredDatabase = "council_restored_\(id)"
        func url(database: String? = nil, schema: String? = nil) -> String {
            var components = base
            if let database { components.path = "/" + database }
            components.queryItems = [URLQueryItem(name: "sslmode", value: "disable")] + (schema.map { [URLQueryItem(name: "schema", value: $0)] } ?? [])
            return components.string!
        }
        func tool(_ name: String, _ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [name] + arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "\(name): \(output)")
        }
        let dump = FileManager.default.temporaryDirectory.appendingPathComponent("council-\(id).dump").path
        defer { try? FileManager.default.removeItem(atPath: dump) }

        let councild = try await CouncildProcess.start(["--database", url(schema: schema), "--demo", "--listen", "127.0.0.1:0"])
        defer { councild.kill() }
        let office = councild.client("petition-office")
        var references: [ExternalReference] = []
        for n in 0..<10 {
            let reference = ExternalReference(system: "petition-office", reference: "PGDUMP-\(n)")
            _ = try await office.submit(submission: Harness.submission("转储 \(n)", source: .petitionOffice, reference: reference))
            references.append(reference)
        }
        try tool("pg_dump", ["--format=custom", "--schema=\(schema)", "--file=\(dump)", url()])
        await office.close()
        councild.signal(SIGTERM)
        #expect(try await councild.waitForExit().status == 0)

        try tool("psql", [url(), "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE \(restoredDatabase)"])
        defer { try? tool("psql", [url(), "-c", "DROP DATABASE IF EXISTS \(restoredDatabase) WITH (FORCE)"]) }
        try tool("pg_restore", ["--exit-on-error", "--no-owner", "--dbname=\(url(database: restoredDatabase))", dump])
        let restored = try await CouncildProcess.start(["--database", url(database: restoredDatabase, schema: schema), "--demo", "--listen", "127.0.0.1:0"])
        defer { restored.kill() }
        let staff = restored.client("hall-staff")
        for reference in references {
            #expect(try await staff.getCase(key: .externalReference(reference)).state.submission.externalReference == reference)
        }
        _ = try await staff.submit(submission: Harness.submission("恢复后新案", source: .walkIn))
        #expect(try await staff.listChanges(after: 0, limit: 100).events.count == references.count + 1, "the sequence goes on after the restore")
        await staff.close()
        restored.signal(SIGTERM)
        #expect(try await restored.waitForExit().status == 0)
    }

    @Test(
        "councild on a SQLite file keeps every acknowledged case through kill -9",
        .enabled(if: CouncildProcess.executable != nil, "the councild executable is not next to the test bundle; run `swift build` first"))
    func crashDurability() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("councild-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("council.sqlite").path
        let arguments = ["--database", database, "--demo", "--listen", "127.0.0.1:0"]
        let count = 25

        let first = try await CouncildProcess.start(arguments)
        defer { first.kill() }
        let office = first.client("petition-office")
        var acknowledged: [CaseView] = []
        for n in 0..<count {
            let submission = Harness.submission(
                "崩溃前 \(n)", source: .petitionOffice, reference: ExternalReference(system: "petition-office", reference: "CRASH-\(n)"))
            let result = try await office.submit(submission: submission)
            #expect(result.created)
            acknowledged.append(result.case)
        }
        await office.close()
        first.signal(SIGKILL)
        let killed = try await first.waitForExit()
        #expect(killed.reason == .uncaughtSignal)

        let second = try await CouncildProcess.start(arguments)
        defer { second.kill() }
        let staff = second.client("hall-staff")
        for view in acknowledged {
            let reference = try #require(view.state.submission.externalReference)
            let found = try await staff.getCase(key: .externalReference(reference))
            #expect(found.state.id == view.state.id)
            #expect(found.state.number == view.state.number)
            #expect(found.state.submission.title == view.state.submission.title)
        }
        let feed = try await staff.listChanges(after: 0, limit: 1000)
        #expect(feed.events.count == count, "one event per acknowledged case, nothing lost or repeated")
        await staff.close()
        second.signal(SIGTERM)
        #expect(try await second.waitForExit().status == 0)
    }
}

extension RawWireConnection.Event {
    var isTimedOut: Bool {
        if case .timedOut = self { return true }
        return false
    }
}

/// A `councild` child process, its log, its port and its exit.
///
/// It never outlives the test that started it: councild runs with `--stop-at-stdin-end` on a pipe only this process
/// writes to, so it stops when the test process exits or is killed, even with SIGKILL; ``kill()`` (each test's
/// `defer`), a failed start and deinit stop it with SIGTERM and, after a grace, SIGKILL. (Foundation starts every
/// child in a process group of its own, so a signal to the test's group never reaches it.)
final class CouncildProcess: @unchecked Sendable {
    struct Exit: Sendable {
        var status: Int32
        var reason: Process.TerminationReason
    }

    private struct Observed: Sendable {
        var log = ""
        var port: Int?
        var exit: Exit?
    }

    /// The `councild` built next to the test bundle, if there is one.
    static let executable: URL? = {
        var directories = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(), Bundle.main.bundleURL]
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        return directories.map { $0.appendingPathComponent("councild") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    private let process = Process()
    private let pipe = Pipe()
    /// councild's standard input: when its write end closes, councild stops (`--stop-at-stdin-end`).
    private let input = Pipe()
    private let observed = WatchedValue(Observed())
    private(set) var port = 0

    /// How long ``kill()`` waits after SIGTERM before SIGKILL.
    static let grace = DispatchTimeInterval.seconds(5)

    private init() {
        // Only this process may hold the write end: a copy in another child would keep councild's input open.
        _ = fcntl(input.fileHandleForWriting.fileDescriptor, F_SETFD, FD_CLOEXEC)
    }

    deinit {
        kill()
    }

    /// Runs a councild command that ends by itself (`backup`, say) to its end; its exit status and output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        guard let executable else { throw Harness.TimedOut(what: "a councild executable") }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// Starts councild and returns once it listens; stops it if it does not.
    static func start(_ arguments: [String]) async throws -> CouncildProcess {
        let councild = CouncildProcess()
        do {
            try await councild.launch(arguments)
        } catch {
            councild.kill()
            throw error
        }
        return councild
    }

    /// Starts councild with arguments it must refuse; returns its exit and log once it has stopped without listening.
    static func refusal(_ arguments: [String]) async throws -> (exit: Exit, log: String) {
        let councild = CouncildProcess()
        defer { councild.kill() }
        do {
            try await councild.launch(arguments)
        } catch {
            if let exit = councild.observed.value.exit { return (exit, councild.log) }
            throw error
        }
        throw Harness.TimedOut(what: "councild to refuse \(arguments); it listens on \(councild.port)")
    }

    private func launch(_ arguments: [String]) async throws {
        guard let executable = Self.executable else { throw Harness.TimedOut(what: "a councild executable") }
        process.executableURL = executable
        process.arguments = arguments + ["--stop-at-stdin-end"]
        process.standardInput = input
        process.standardError = pipe
        process.standardOutput = pipe
        resumeReadingLog()
        let observed = observed
        process.terminationHandler = { process in
            let exit = Exit(status: process.terminationStatus, reason: process.terminationReason)
            observed.update { $0.exit = exit }
        }
        try process.run()
        let state = try await observed.wait("councild to listen", timeout: .seconds(20)) { $0.port != nil || $0.exit != nil }
        guard let port = state.port else { throw Harness.TimedOut(what: "councild to listen; it exited: \(state.log)") }
        self.port = port
    }

    /// The port in a line such as `… address=[IPv4]127.0.0.1/127.0.0.1:41234 … listening`.
    private static func listeningPort(in log: String) -> Int? {
        for line in log.split(separator: "\n") where line.contains("listening") || line.contains("running in demo mode on") {
            guard let range = line.range(of: #"(127\.0\.0\.1|0\.0\.0\.0):(\d+)"#, options: .regularExpression) else { continue }
            if let port = Int(line[range].split(separator: ":").last ?? "") { return port }
        }
        return nil
    }

    var log: String { observed.value.log }

    /// Stops reading councild's output: its pipe fills and stays full, as with a log reader that hung.
    func stopReadingLog() {
        pipe.fileHandleForReading.readabilityHandler = nil
    }

    /// Reads councild's output into ``log`` (again).
    func resumeReadingLog() {
        let observed = observed
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            observed.update { state in
                state.log += String(decoding: data, as: UTF8.self)
                if state.port == nil { state.port = Self.listeningPort(in: state.log) }
            }
        }
    }

    /// Waits until the log contains `text`.
    func waitForLog(_ text: String, timeout: Duration = .seconds(20)) async throws {
        _ = try await observed.wait("councild to log \"\(text)\"", timeout: timeout) { $0.log.contains(text) }
    }

    func client(_ system: String = "hall-staff", reconnect: ReconnectPolicy = .standard) -> CouncilClient {
        var configuration = CouncilClient.Configuration(host: "127.0.0.1", port: port, system: system, key: RawWireConnection.demoKey(system))
        configuration.reconnect = reconnect
        return CouncilClient(configuration: configuration)
    }

    func signal(_ signal: Int32) {
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, signal) }
    }

    /// Stops the process if it still runs (cleanup, also when a test failed or threw): SIGTERM now, SIGKILL after
    /// ``grace`` if it has not exited by then. Returns at once.
    func kill() {
        guard process.isRunning else { return }
        signal(SIGTERM)
        let process = process
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.grace) {
            if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// Closes councild's standard input, as the test process's exit would.
    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    func waitForExit(timeout: Duration = .seconds(15)) async throws -> Exit {
        let state = try await observed.wait("councild to exit", timeout: timeout) { $0.exit != nil }
        return state.exit!
    }
}
