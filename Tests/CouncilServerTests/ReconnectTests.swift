import CouncilAPI
@testable import CouncilClient
import CouncilKit
import CouncilWire
import Foundation
import Glibc
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// The Swift client's reconnects (`CouncilClient.Configuration.reconnect`): back-off, which calls it sends again,
/// and a workload that must lose nothing and do nothing twice while councild restarts under it.
@Suite("Client reconnects")
struct ReconnectTests {
    // MARK: Back-off

    @Test("the wait doubles from the initial delay up to the cap; jitter takes off at most its share, as the random source says")
    func backOff() {
        let exact = ReconnectPolicy(random: { 0 })
        #expect((1...8).map(exact.delay(afterFailure:)) == [
            .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600),
            .milliseconds(3200), .seconds(5), .seconds(5),
        ])
        #expect(exact.delay(afterFailure: 1000) == .seconds(5), "no overflow however many attempts failed")

        let most = ReconnectPolicy(random: { 1 })
        #expect(most.delay(afterFailure: 1) == .milliseconds(50), "jitter 0.5 takes off at most half")
        #expect(most.delay(afterFailure: 20) == .milliseconds(2500))
        let some = ReconnectPolicy(random: { 0.5 })
        #expect(some.delay(afterFailure: 3) == .milliseconds(300))

        let none = ReconnectPolicy(jitter: 0, random: { 0.9 })
        #expect(none.delay(afterFailure: 2) == .milliseconds(200))
        let full = ReconnectPolicy(initialDelay: .seconds(1), multiplier: 3, maxDelay: .seconds(60), jitter: 1, random: { 0.25 })
        #expect(full.delay(afterFailure: 3) == .milliseconds(6750))

        let sequence = Mutex([0.0, 0.2, 0.4, 0.6, 0.8])
        let varied = ReconnectPolicy(random: { sequence.withLock { $0.removeFirst() } })
        let waits = (1...5).map { _ in varied.delay(afterFailure: 1) }
        #expect(waits == [.milliseconds(100), .milliseconds(90), .milliseconds(80), .milliseconds(70), .milliseconds(60)],
                "clients cut off together spread out")
    }

    @Test("reconnecting waits as the policy says between refused attempts, then fails UNAVAILABLE naming attempts and cause")
    func givesUp() async throws {
        let port = try await Self.closedPort()
        let slept = Mutex<[Duration]>([])
        let policy = ReconnectPolicy(
            maxAttempts: 3, sleep: { duration in slept.withLock { $0.append(duration) } }, random: { 0 })
        let configuration = CouncilClient.Configuration(host: "127.0.0.1", port: port, system: "hall-staff", key: "k")
        let error = await #expect(throws: CouncilClientError.self) {
            _ = try await CouncilClient.open(configuration, group: MultiThreadedEventLoopGroup.singleton, policy: policy)
        }
        #expect(error?.code == .unavailable)
        #expect(error?.reason == "connectFailed")
        #expect(error?.message.contains("after 4 attempts") == true, "\(String(describing: error))")
        #expect(error?.message.contains("cannot connect to 127.0.0.1:\(port)") == true, "\(String(describing: error))")
        #expect(slept.withLock { $0 } == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
    }

    @Test("a client that never connected fails its first call at once: a wrong address shows without waiting")
    func firstConnectionFailsAtOnce() async throws {
        let port = try await Self.closedPort()
        let slept = Mutex(0)
        var configuration = CouncilClient.Configuration(host: "127.0.0.1", port: port, system: "hall-staff", key: "k")
        configuration.reconnect = ReconnectPolicy(sleep: { _ in slept.withLock { $0 += 1 } })
        let client = CouncilClient(configuration: configuration)
        let error = await #expect(throws: CouncilClientError.self) { _ = try await client.checkHealth() }
        #expect(error?.reason == "connectFailed")
        #expect(slept.withLock { $0 } == 0)
        await client.close()
    }

    @Test("a call waiting for a reconnect ends as soon as its task is cancelled, without waiting out the back-off")
    func cancelledWhileReconnecting() async throws {
        let server = try await FakeCouncild.start(.closeOnCall)
        defer { server.stop() }
        var configuration = server.client().configuration
        configuration.reconnect = ReconnectPolicy(sleep: { _ in try await Task.sleep(for: .seconds(60)) })
        let client = CouncilClient(configuration: configuration)
        // Connected once (the call itself is cut off), then the server stops listening: reconnecting backs off.
        _ = await #expect(throws: CouncilClientError.self) { _ = try await client.addProgress(caseID: CaseID(), note: "一") }
        server.stop()
        try await Task.sleep(for: .milliseconds(100))
        let call = Task { try await client.getServerInfo() }
        try await Task.sleep(for: .milliseconds(300))
        call.cancel()
        let ended = try await Harness.outcome(of: call, within: .seconds(5), "the cancelled call to end")
        guard case .failure(let error) = ended else {
            Issue.record("the call should have failed, got \(ended)")
            return
        }
        #expect(error is CancellationError, "\(error)")
    }

    // MARK: What is sent again

    @Test("a write that is not idempotent, in flight when the connection breaks, fails `connectionLost` and is not sent again")
    func unknownOutcomeIsNotRetried() async throws {
        let server = try await FakeCouncild.start(.closeOnCall)
        defer { server.stop() }
        let client = server.client()
        let error = await #expect(throws: CouncilClientError.self) {
            _ = try await client.addProgress(caseID: CaseID(), note: "已联系物业")
        }
        #expect(error?.code == .unavailable)
        #expect(error?.reason == "connectionLost")
        #expect(error?.message.contains("may or may not have been done") == true, "\(String(describing: error))")
        #expect(server.calls.value == 1, "sent once, never again")
        await client.close()
    }

    @Test("a read, a keyed write of an idempotent method and a submit with an external reference are sent again, up to the policy's attempts")
    func safeCallsAreRetried() async throws {
        let server = try await FakeCouncild.start(.closeOnCall)
        defer { server.stop() }
        let client = server.client()
        let calls: [@Sendable () async throws -> Void] = [
            { _ = try await client.getServerInfo() },
            { _ = try await client.addProgress(caseID: CaseID(), note: "已联系物业", options: CallOptions(metadata: CallMetadata(idempotencyKey: "op-1"))) },
            { _ = try await client.submit(submission: Harness.submission("重试", reference: ExternalReference(system: "hall-staff", reference: "R-1"))) },
        ]
        for (n, call) in calls.enumerated() {
            let before = server.calls.value
            let error = await #expect(throws: CouncilClientError.self, "call \(n)") { try await call() }
            #expect(error?.reason == "connectionLost", "call \(n)")
            #expect(server.calls.value - before == 1 + FakeCouncild.attempts, "call \(n): the first send and every retry")
        }
        // A submit without a reference and a write of a method that keeps no key are not.
        let before = server.calls.value
        _ = await #expect(throws: CouncilClientError.self) { _ = try await client.submit(submission: Harness.submission("无编号")) }
        _ = await #expect(throws: CouncilClientError.self) {
            _ = try await client.cancelMeeting(meeting: "M-1", reason: "改期", options: CallOptions(metadata: CallMetadata(idempotencyKey: "op-2")))
        }
        #expect(server.calls.value - before == 2)
        await client.close()
    }

    @Test("a call above the GoAway's last_call_id was not processed: it is sent again on a new connection, even a write without a key")
    func unprocessedCallIsResent() async throws {
        let server = try await FakeCouncild.start(.goAwayOnCall)
        defer { server.stop() }
        let client = server.client()
        let error = await #expect(throws: CouncilClientError.self) {
            _ = try await client.addProgress(caseID: CaseID(), note: "已联系物业")
        }
        #expect(error?.code == .unavailable)
        #expect(error?.reason == "draining", "it was never done: the caller may simply send it again")
        #expect(server.calls.value == 1 + FakeCouncild.attempts)
        await client.close()
    }

    // MARK: Restarts under a workload

    @Test(
        "councild restarted under a workload (SIGTERM, then kill -9): every acknowledged submit and write exists once, the watch sees every event once",
        .enabled(if: CouncildProcess.executable != nil, "the councild executable is not next to the test bundle; run `swift build` first"),
        .timeLimit(.minutes(5)))
    func restartUnderWorkload() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("council-reconnect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("council.sqlite").path

        var councild = try await CouncildProcess.start(["--database", database, "--demo", "--listen", "127.0.0.1:0"])
        let port = councild.port
        defer { councild.kill() }
        let client = councild.client()
        #expect(try await client.checkHealth() == .serving)

        // The watch: every sequence number it delivers, in order.
        let watched = WatchedValue<[Int64]>([])
        let watch = Task {
            for try await item in client.watchEvents(after: 0) {
                watched.update { $0 += item.events.map(\.sequence) }
            }
        }

        // The workload: each worker submits under its own references, then accepts, handles and logs progress under
        // idempotency keys, and reads the case back. What was acknowledged goes into the ledger.
        let ledger = WatchedValue(Ledger())
        let stop = WatchedValue(false)
        let workers = (0..<4).map { worker in
            Task {
                var n = 0
                while !stop.value {
                    n += 1
                    let reference = "RC-\(worker)-\(n)"
                    ledger.update { $0.attempted.insert(reference) }
                    let submitted = try await client.submit(
                        submission: Harness.submission("重连测试 \(reference)", reference: ExternalReference(system: "hall-staff", reference: reference)))
                    let id = submitted.case.state.id
                    ledger.update { $0.cases[reference] = id }
                    _ = try await client.accept(caseID: id, category: "environment", options: Self.keyed())
                    _ = try await client.handleLocally(caseID: id, note: "社区即办", options: Self.keyed())
                    for step in 1...2 {
                        _ = try await client.addProgress(caseID: id, note: "第\(step)次进展", options: Self.keyed())
                        ledger.update { $0.progress[id, default: 0] += 1 }
                    }
                    let read = try await client.getCase(key: .externalReference(ExternalReference(system: "hall-staff", reference: reference)))
                    #expect(read.state.id == id)
                    ledger.update { $0.rounds += 1 }
                }
            }
        }
        func expectWorkersRunning() {
            for worker in workers { #expect(!worker.isCancelled) }
        }

        try await ledger.wait("the workload to get going", timeout: .seconds(30)) { $0.rounds >= 20 }

        // A graceful restart: councild drains (GoAway), then a new one serves the same database on the same port.
        councild.signal(SIGTERM)
        #expect(try await councild.waitForExit().status == 0, "log:\n\(councild.log)")
        let afterTerm = ledger.value.rounds
        councild = try await CouncildProcess.start(["--database", database, "--demo", "--listen", "127.0.0.1:\(port)"])
        try await ledger.wait("the workload to go on after SIGTERM", timeout: .seconds(60)) { $0.rounds >= afterTerm + 20 }

        // A crash: calls in flight get no answer at all.
        councild.signal(SIGKILL)
        #expect(try await councild.waitForExit().reason == .uncaughtSignal)
        let afterKill = ledger.value.rounds
        councild = try await CouncildProcess.start(["--database", database, "--demo", "--listen", "127.0.0.1:\(port)"])
        try await ledger.wait("the workload to go on after kill -9", timeout: .seconds(60)) { $0.rounds >= afterKill + 20 }
        expectWorkersRunning()

        stop.update { $0 = true }
        for worker in workers {
            // A worker fails only if a call failed: every call of the workload is safe to send again.
            try await Harness.outcome(of: worker, within: .seconds(60), "a worker to finish its round").get()
        }

        // What the store holds, read through a fresh connection.
        let reader = councild.client()
        var stored: [CaseEvent] = []
        var latest: Int64 = 0
        repeat {
            let page = try await reader.listChanges(after: stored.last?.sequence ?? 0, limit: 500)
            stored += page.events
            latest = page.latestSequence
        } while (stored.last?.sequence ?? 0) < latest
        #expect(stored.map(\.sequence) == Array(1...latest), "the store's sequence has no gap")

        let final = ledger.value
        // Every acknowledged submit exists, exactly once; and no reference made a second case.
        var submittedCases: [String: [CaseID]] = [:]
        var progress: [CaseID: Int] = [:]
        for event in stored {
            switch event.change {
            case .submitted(let intake):
                submittedCases[intake.submission.externalReference?.reference ?? "", default: []].append(event.caseID)
            case .progressAdded:
                progress[event.caseID, default: 0] += 1
            default:
                break
            }
        }
        #expect(final.cases.count == final.attempted.count, "every submit was acknowledged in the end")
        for (reference, id) in final.cases {
            #expect(submittedCases[reference] == [id], "\(reference): one case, the one acknowledged")
        }
        #expect(Set(submittedCases.keys) == final.attempted, "no case the workload did not submit")
        // Every acknowledged progress note is stored once: a write sent again under its key was not done twice.
        #expect(progress == final.progress)

        // The watch saw every stored event once, in order, across both restarts.
        let storedLatest = latest
        try await watched.wait("the watch to catch up", timeout: .seconds(30)) { ($0.last ?? 0) >= storedLatest }
        #expect(watched.value == Array(1...latest), "no event missed or delivered twice")
        expectWorkersRunning()

        watch.cancel()
        _ = await watch.result
        await reader.close()
        await client.close()
    }

    // MARK: Helpers

    struct Ledger: Sendable {
        var attempted: Set<String> = []
        var cases: [String: CaseID] = [:]
        var progress: [CaseID: Int] = [:]
        var rounds = 0
    }

    static func keyed() -> CallOptions {
        CallOptions(metadata: CallMetadata(idempotencyKey: UUID().uuidString))
    }

    /// A local port nothing listens on: bound, then closed.
    static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }
}

/// A stand-in for councild that accepts every handshake, then answers each call by cutting the connection or with a
/// GoAway that leaves the call out, and counts the calls it got.
final class FakeCouncild: Sendable {
    enum Behaviour: Sendable {
        /// Closes the connection without an answer: the call's outcome is unknown to the client.
        case closeOnCall
        /// Sends GoAway with `last_call_id` just below the call, then closes: the call was not processed.
        case goAwayOnCall
    }

    /// The reconnect attempts of ``client()``.
    static let attempts = 3

    /// The calls the server got, on all connections.
    let calls: WatchedValue<Int>
    private let channel: any Channel

    private init(channel: any Channel, calls: WatchedValue<Int>) {
        self.channel = channel
        self.calls = calls
    }

    static func start(_ behaviour: Behaviour) async throws -> FakeCouncild {
        let calls = WatchedValue(0)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LengthPrefixedFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(Handler(behaviour: behaviour, calls: calls))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FakeCouncild(channel: channel, calls: calls)
    }

    var port: Int { channel.localAddress?.port ?? 0 }

    /// A client of this server that reconnects at once (no waits), ``attempts`` times.
    func client() -> CouncilClient {
        var configuration = CouncilClient.Configuration(host: "127.0.0.1", port: port, system: "hall-staff", key: "k")
        configuration.reconnect = ReconnectPolicy(maxAttempts: Self.attempts, sleep: { _ in })
        configuration.defaultTimeout = .seconds(10)
        return CouncilClient(configuration: configuration)
    }

    func stop() {
        channel.close(promise: nil)
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let behaviour: Behaviour
        let calls: WatchedValue<Int>
        let codec = WireCodec()

        init(behaviour: Behaviour, calls: WatchedValue<Int>) {
            self.behaviour = behaviour
            self.calls = calls
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard let frame = try? codec.decode(payload: unwrapInboundIn(data)) else {
                context.close(promise: nil)
                return
            }
            switch frame {
            case .handshake:
                send(.handshakeResult(HandshakeResult(status: .ok, serverID: "fake-councild", limits: nil)), context)
            case .call(let call):
                calls.update { $0 += 1 }
                if case .goAwayOnCall = behaviour {
                    send(.goAway(GoAway(lastCallID: call.callID - 1, status: CallStatus(.unavailable, "draining", reason: "draining"))), context)
                }
                context.close(promise: nil)
            default:
                break
            }
        }

        private func send(_ frame: WireFrame, _ context: ChannelHandlerContext) {
            var buffer = context.channel.allocator.buffer(capacity: 256)
            guard (try? codec.encode(frame, into: &buffer)) != nil else { return }
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        }
    }
}
