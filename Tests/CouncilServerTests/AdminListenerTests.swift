import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilNode
import CouncilSQLite
import CouncilServer
import CouncilTestKit
import Foundation
import NIOCore
import NIOPosix
import Testing

/// One HTTP exchange with the admin listener, over a plain socket: what an operator's curl or Prometheus sees.
struct AdminResponse {
    var status: Int
    var headers: [String: String]
    var body: String

    /// The value of each sample in a Prometheus exposition, by its series as written (`name{labels}`).
    var samples: [String: Double] {
        var samples: [String: Double] = [:]
        for line in body.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }

    /// Sends `method path` to the admin listener on `port` and reads the answer to the end (the listener closes).
    static func request(_ path: String, method: String = "GET", port: Int) async throws -> AdminResponse {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        let raw = try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: test\r\n\r\n"))
            var bytes: [UInt8] = []
            for try await buffer in inbound { bytes += buffer.readableBytesView }
            return String(decoding: bytes, as: UTF8.self)
        }
        let parts = raw.components(separatedBy: "\r\n\r\n")
        let head = parts[0].components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return AdminResponse(status: status, headers: headers, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }
}

@Suite("the admin listener: metrics, liveness and readiness over HTTP")
struct AdminListenerTests {
    static func adminPort(_ daemon: TestDaemon) async throws -> Int {
        let admin = try #require(daemon.daemon.admin)
        return try #require(try await admin.listeningAddress().port)
    }

    static func withAdmin(
        store: (any CaseStore)? = nil, metrics: PrometheusMetrics = PrometheusMetrics(), clock: any SleepingClock = SystemClock(),
        _ body: (TestDaemon, Int) async throws -> Void
    ) async throws {
        try await TestDaemon.with(store: store, clock: clock, metrics: metrics, configure: { $0.admin = .init(listen: "127.0.0.1:0") }) { daemon in
            try await body(daemon, try await adminPort(daemon))
        }
    }

    @Test("/metrics counts calls by method and code with latency histograms, refused sign-ins and connections, each with its help text")
    func metricsAfterCalls() async throws {
        try await Self.withAdmin { daemon, port in
            let staff = daemon.client("hall-staff")
            defer { Task { await staff.close() } }
            _ = try await staff.submit(submission: CouncilFixtures.walkIn("路灯不亮"))
            let missing = await refusal { _ = try await staff.getCase(key: .number(CaseNumber("QX01-20991231-0001")!)) }
            #expect(missing?.code == .notFound)
            let intruder = daemon.client("petition-office", key: "not-the-key")
            let refused = await refusal { _ = try await intruder.checkHealth() }
            #expect(refused?.code == .unauthenticated)
            await intruder.close()

            let metrics = try await AdminResponse.request("/metrics", port: port)
            #expect(metrics.status == 200)
            #expect(metrics.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
            let samples = metrics.samples
            #expect(samples[#"council_calls_total{method="submit",code="OK"}"#] == 1)
            #expect(samples[#"council_calls_total{method="get_case",code="NOT_FOUND"}"#] == 1)
            #expect(samples[#"council_call_duration_seconds_count{method="submit"}"#] == 1)
            #expect(samples[#"council_call_duration_seconds_bucket{method="submit",le="+Inf"}"#] == 1)
            #expect((samples[#"council_call_duration_seconds_sum{method="submit"}"#] ?? 0) > 0)
            #expect(samples[#"council_sign_ins_failed_total{kind="key"}"#] == 1)
            #expect(samples[#"council_connections_refused_total{reason="unauthenticated"}"#] == 1)
            #expect((samples["council_connections_total"] ?? 0) >= 2)
            #expect(samples["council_calls_in_flight"] == 0)
            #expect(samples["council_ready"] == 1)
            #expect(samples[#"council_store_commit_duration_seconds_count{store="memory"}"#] ?? 0 >= 1)
            #expect(samples[#"council_notifications_dead_letters{channel="log"}"#] == 0)

            // Every metric exposed is one the hall defines, of the kind it says, with its help line.
            let types = metrics.body.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ") }
            #expect(types.count >= 15)
            for type in types {
                let name = String(type[2])
                let known = CouncilMetrics.description(of: name)
                #expect(known?.kind.rawValue == String(type[3]), "\(name) is exposed as \(type[3])")
                #expect(metrics.body.contains("# HELP \(name) \(known?.help ?? "?")"), "\(name) has its help line")
            }
        }
    }

    @Test("/healthz answers ok; /readyz lists its checks; other paths are 404, other methods 405, HEAD has no body")
    func endpoints() async throws {
        try await Self.withAdmin { _, port in
            let health = try await AdminResponse.request("/healthz", port: port)
            #expect(health.status == 200 && health.body == "ok\n")
            let ready = try await AdminResponse.request("/readyz", port: port)
            #expect(ready.status == 200)
            let lines = ready.body.split(separator: "\n")
            #expect(lines.first == "ready")
            #expect(lines.contains { $0.hasPrefix("ok   store: reads and writes") })
            #expect(lines.contains { $0.hasPrefix("ok   directory: 桥西区: ") })
            #expect(lines.contains { $0.hasPrefix("ok   draining: accepting connections") })
            #expect(try await AdminResponse.request("/", port: port).status == 404)
            #expect(try await AdminResponse.request("/metrics/../readyz", port: port).status == 404)
            let post = try await AdminResponse.request("/metrics", method: "POST", port: port)
            #expect(post.status == 405 && post.body.contains("GET and HEAD only"))
            let head = try await AdminResponse.request("/readyz", method: "HEAD", port: port)
            #expect(head.status == 200 && head.body.isEmpty && head.headers["content-length"] != "0")
        }
    }

    @Test("a connection that sends no complete request is closed after the request timeout, on the daemon's clock")
    func requestTimeout() async throws {
        let clock = ManualClock(CouncilFixtures.monday)
        try await Self.withAdmin(clock: clock) { daemon, port in
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port) { channel in
                    channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
                }
            let received = try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: "GET /metr"))  // and nothing more
                // The timer is set once the listener has taken the connection: advance the clock until it has fired.
                for _ in 0..<500 where channel.channel.isActive {
                    clock.advance(seconds: 11)
                    try await Task.sleep(for: .milliseconds(10))
                }
                guard !channel.channel.isActive else {
                    Issue.record("the listener kept a silent connection open")
                    return -1
                }
                // Closed with the unread request in its buffer, the socket may end in a reset rather than an end of
                // stream: either way, nothing was answered.
                var bytes = 0
                do {
                    for try await buffer in inbound { bytes += buffer.readableBytes }
                } catch let error as IOError where error.errnoCode == ECONNRESET {}
                return bytes
            }
            #expect(received == 0, "closed without an answer")
            #expect(try await AdminResponse.request("/healthz", port: port).status == 200, "the listener still answers others")
        }
    }

    @Test("a full disk: /readyz is 503 and names the store and the disk; council_ready 0; the failed write is counted")
    func notReady() async throws {
        let metrics = PrometheusMetrics()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("council-admin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = SQLiteCaseStore.Configuration()
        configuration.metrics = metrics.factory
        let store = try SQLiteCaseStore(path: folder.appendingPathComponent("council.sqlite").path, configuration: configuration)
        let clock = ManualClock(CouncilFixtures.monday)
        try await Self.withAdmin(store: store, metrics: metrics, clock: clock) { daemon, port in
            let staff = daemon.client("hall-staff")
            defer { Task { await staff.close() } }
            _ = try await staff.submit(submission: CouncilFixtures.walkIn("有空间时登记"))
            await daemon.daemon.notifications.waitUntilHandled(through: try await store.latestSequence())
            #expect(try await AdminResponse.request("/readyz", port: port).status == 200)

            try await store.setMaximumPageCount(1)
            let full = await refusal { _ = try await staff.submit(submission: StorageFaultTests.large("磁盘已满时登记")) }
            #expect(full?.reason == "storageFull")
            let ready = try await AdminResponse.request("/readyz", port: port)
            #expect(ready.status == 503)
            #expect(ready.body.hasPrefix("not ready\n"))
            #expect(ready.body.contains("FAIL store: cannot write: storageFull"))
            #expect(ready.body.contains("FAIL disk: 0 bytes free, threshold"))
            let samples = try await AdminResponse.request("/metrics", port: port).samples
            #expect(samples["council_ready"] == 0)
            #expect(samples[#"council_store_write_failures_total{reason="storageFull"}"#] == 1)
            #expect(samples[#"council_calls_total{method="submit",code="RESOURCE_EXHAUSTED"}"#] == 1)
            #expect(samples[#"council_store_commit_duration_seconds_count{store="sqlite"}"#] ?? 0 >= 1)
            #expect(samples["council_store_group_commit_batch_size_count"] ?? 0 >= 1)
            #expect(samples["council_store_fsync_duration_seconds_count"] ?? 0 >= 1)
            #expect(samples["council_store_free_bytes"] == 0)

            // Room again: once the probe interval has passed, a probe write finds it.
            try await store.setMaximumPageCount(1_000_000)
            clock.advance(seconds: 11)
            let again = try await AdminResponse.request("/readyz", port: port)
            #expect(again.status == 200, "\(again.body)")
            #expect(try await AdminResponse.request("/metrics", port: port).samples["council_ready"] == 1)
        }
    }

    @Test("with TLS, the certificate's expiry is exposed, and a revoked client certificate counts as a failed sign-in")
    func certificate() async throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        try await TestDaemon.with(configure: { $0.tls = pki.server; $0.admin = .init(listen: "127.0.0.1:0") }) { daemon in
            let port = try await Self.adminPort(daemon)
            let summary = try #require(try daemon.daemon.server.reloadTransportSecurity())
            let revoked = daemon.client("grid-platform", key: .some(nil), tls: pki.client("revoked"))
            let refused = await refusal { _ = try await revoked.checkHealth() }
            #expect(refused?.reason == "certificateRevoked")
            await revoked.close()
            let samples = try await AdminResponse.request("/metrics", port: port).samples
            let expiry = try #require(samples["council_tls_certificate_expiry_timestamp_seconds"])
            #expect(expiry == summary.notValidAfter.timeIntervalSince1970.rounded())
            #expect(expiry > Date().timeIntervalSince1970, "the test certificate is valid now")
            #expect(samples[#"council_sign_ins_failed_total{kind="certificate"}"#] == 1)
            #expect(samples[#"council_connections_refused_total{reason="certificateRevoked"}"#] == 1)
        }
    }

    /// `COUNCIL_WRITE_DOCS=1 swift test --filter AdminListenerTests` rewrites the table after a deliberate change.
    @Test("the README's table of metrics is the one CouncilMetrics makes")
    func documented() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let begin = "<!-- metrics: made from CouncilMetrics.markdownTable -->\n", end = "<!-- end of metrics -->"
        let start = try #require(text.range(of: begin)), finish = try #require(text.range(of: end))
        if ProcessInfo.processInfo.environment["COUNCIL_WRITE_DOCS"] == "1" {
            try (text[..<start.upperBound] + CouncilMetrics.markdownTable + text[finish.lowerBound...])
                .write(to: readme, atomically: true, encoding: .utf8)
        }
        #expect(String(text[start.upperBound..<finish.lowerBound]) == CouncilMetrics.markdownTable, "run with COUNCIL_WRITE_DOCS=1 to rewrite the table")
    }

    @Test("the deadline monitor reports the overdue cases its scan found")
    func overdueGauge() async throws {
        let clock = ManualClock(CouncilFixtures.monday)
        try await Self.withAdmin(clock: clock) { daemon, port in
            let staff = daemon.client("hall-staff")
            defer { Task { await staff.close() } }
            let submitted = try await staff.submit(submission: CouncilFixtures.walkIn("井盖松动"))
            let due = try #require(submitted.case.state.currentDue)
            #expect(try await AdminResponse.request("/metrics", port: port).samples["council_cases_overdue"] == 0)
            clock.advance(milliseconds: due.millisecondsSince1970 - CouncilFixtures.monday.millisecondsSince1970 + 3_600_000)
            // The monitor wakes on the clock and scans; wait for its alert to be written, then for its gauge.
            var overdue: Double?
            for _ in 0..<500 {
                overdue = try await AdminResponse.request("/metrics", port: port).samples["council_cases_overdue"]
                if overdue == 1 { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(overdue == 1)
            let scanned = try await AdminResponse.request("/metrics", port: port).samples["council_deadline_monitor_last_scan_timestamp_seconds"]
            #expect(scanned == Double(clock.now().millisecondsSince1970) / 1000, "the last scan ended at the clock's time")
        }
    }
}
