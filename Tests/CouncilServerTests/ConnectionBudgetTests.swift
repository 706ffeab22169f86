import CouncilAPI
import CouncilKit
import CouncilWire
import Foundation
import Synchronization
import Testing

@testable import CouncilServer

@Suite("The connection budget: unauthenticated sockets cannot lock authenticated clients out")
struct ConnectionBudgetTests {
    /// A connection as the budget sees it: silent until it speaks, and whether it was closed to make room.
    final class Peer: Sendable {
        let address: String
        private let state = Mutex((silent: true, evicted: false))
        init(_ address: String) { self.address = address }
        var evicted: Bool { state.withLock { $0.evicted } }
        func speak() { state.withLock { $0.silent = false } }
        func arrive(at budget: ConnectionBudget) async -> ConnectionBudget.Slot? {
            await budget.admit(from: address, isSilent: { self.state.withLock { $0.silent } }, evict: { self.state.withLock { $0.evicted = true } })
        }
    }

    private let clock = ManualClock(Timestamp(millisecondsSince1970: 1_800_000_000_000))

    private func budget(authenticated: Int = 2, waiting: Int = 4, perAddress: Int = 3) -> ConnectionBudget {
        var limits = ServerConfiguration.Limits()
        limits.maxConnections = authenticated
        limits.maxUnauthenticatedConnections = waiting
        limits.maxUnauthenticatedPerAddress = perAddress
        limits.silentGraceMilliseconds = 50
        return ConnectionBudget(limits: limits, clock: clock)
    }

    @Test("over its address's share, a newcomer that has spoken takes the place of that address's longest-silent connection past its grace")
    func perAddress() async {
        let budget = budget()
        let other = Peer("10.0.0.9")
        #expect(await other.arrive(at: budget) != nil)
        let flood = (0..<3).map { _ in Peer("10.0.0.1") }
        for peer in flood { #expect(await peer.arrive(at: budget) != nil) }
        flood[0].speak()
        clock.advance(milliseconds: 50)
        let newcomer = Peer("10.0.0.1")
        newcomer.speak()
        #expect(await newcomer.arrive(at: budget) != nil)
        #expect(!flood[0].evicted, "it has spoken")
        #expect(flood[1].evicted, "the longest-silent connection of the address")
        #expect(!flood[2].evicted && !other.evicted, "another address's connection is never taken")
        #expect(budget.counts.waiting == 4)
    }

    @Test("a silent newcomer closes nobody: it waits until a slot frees", .timeLimit(.minutes(1)))
    func silentNewcomerWaits() async throws {
        let budget = budget(waiting: 2, perAddress: 2)
        let first = try #require(await Peer("a").arrive(at: budget))
        #expect(await Peer("a").arrive(at: budget) != nil)
        clock.advance(milliseconds: 10_000)
        let newcomer = Peer("a")
        let admitted = Task { await newcomer.arrive(at: budget) }
        while budget.queued < 1 { await Task.yield() }
        budget.leave(first)
        #expect(await admitted.value != nil)
        #expect(budget.counts.waiting == 2)
    }

    @Test("a newcomer that has spoken, finding only connections within their grace, waits for the grace to end")
    func waitsForGrace() async throws {
        let budget = budget(waiting: 2, perAddress: 2)
        let first = Peer("a"), second = Peer("a")
        #expect(await first.arrive(at: budget) != nil)
        clock.advance(milliseconds: 10)
        #expect(await second.arrive(at: budget) != nil)
        let newcomer = Peer("a")
        newcomer.speak()
        let admitted = Task { await newcomer.arrive(at: budget) }
        await clock.waitForTimers(1, dueBy: clock.now().adding(milliseconds: 40))
        #expect(!first.evicted && !second.evicted, "both are within their grace")
        clock.advance(milliseconds: 40)
        #expect(await admitted.value != nil)
        #expect(first.evicted && !second.evicted, "the first's grace ended first")
    }

    @Test("a full queue of newcomers closes its longest-waiting silent one; a slow client that has spoken is never closed", .timeLimit(.minutes(1)))
    func queueOverflow() async throws {
        let budget = budget(waiting: 2, perAddress: 2)
        let members = [Peer("a"), Peer("a")]
        for member in members {
            #expect(await member.arrive(at: budget) != nil)
            member.speak()  // slow to authenticate, but speaking: nobody may take their place
        }
        let silent = Peer("a"), speaking = Peer("a")
        speaking.speak()
        let silentTask = Task { await silent.arrive(at: budget) }
        while budget.queued < 1 { await Task.yield() }
        let speakingTask = Task { await speaking.arrive(at: budget) }
        while budget.queued < 2 { await Task.yield() }
        let late = Task { await Peer("a").arrive(at: budget) }
        await clock.waitForTimers(1, dueBy: clock.now().adding(milliseconds: 50))
        #expect(!silent.evicted, "a newcomer gets its grace even beyond the queue's length")
        clock.advance(milliseconds: 50)
        #expect(await silentTask.value == nil)
        #expect(silent.evicted, "past its grace, the longest-waiting silent newcomer makes room in the queue")
        #expect(!members.contains { $0.evicted } && !speaking.evicted)
        budget.stop()
        _ = await (speakingTask.value, late.value)
    }

    @Test("a newcomer waiting for room gets none once the server stops accepting")
    func stopped() async {
        let budget = budget(waiting: 1, perAddress: 1)
        let only = Peer("a")
        #expect(await only.arrive(at: budget) != nil)
        only.speak()
        let newcomer = Task { await Peer("a").arrive(at: budget) }
        budget.stop()
        #expect(await newcomer.value == nil)
    }

    @Test("authenticated connections have slots of their own; the waiting pool does not count against them")
    func authenticatedSlots() async throws {
        let budget = budget(authenticated: 2, waiting: 4, perAddress: 4)
        let first = try #require(await Peer("a").arrive(at: budget)), second = try #require(await Peer("a").arrive(at: budget))
        let third = try #require(await Peer("a").arrive(at: budget))
        #expect(budget.authenticate(first) && budget.authenticate(second))
        #expect(!budget.authenticate(third), "both authenticated slots are taken")
        #expect(budget.counts == (waiting: 1, authenticated: 2))
        budget.leave(first)
        #expect(budget.authenticate(third))
        for _ in 0..<4 { #expect(await Peer("b").arrive(at: budget) != nil) }
        #expect(budget.counts.authenticated == 2, "waiting connections never take authenticated slots")
    }

    @Test("during a flood of twice the connection limit of silent sockets, a valid client is served", .timeLimit(.minutes(2)))
    func flood() async throws {
        let maxConnections = 16
        try await TestDaemon.with(limits: {
            $0.maxConnections = maxConnections
            $0.maxUnauthenticatedConnections = 8
            $0.maxUnauthenticatedPerAddress = 8
        }) { server async throws in
            let flood = SilentFlood(port: server.port, sockets: 2 * maxConnections)
            flood.start()
            defer { flood.stop() }
            await flood.waitForChurn()
            var served = 0, refusals: [String: Int] = [:]
            let tries = 200
            for _ in 0..<tries {
                do {
                    let connection = try await RawWireConnection.connect(port: server.port)
                    let result = try await connection.handshake(system: "hall-staff", key: "demo-hall-staff")
                    if result.status.isOK {
                        served += 1
                    } else {
                        refusals[result.status.reason ?? "\(result.status.code)", default: 0] += 1
                    }
                    await connection.close()
                } catch {
                    refusals["\(type(of: error))", default: 0] += 1
                }
            }
            #expect(served * 100 >= tries * 99, "\(served) of \(tries) handshakes served; refused: \(refusals)")
            #expect(flood.closedByServer > 2 * maxConnections, "the flood kept coming back: \(flood.closedByServer) closed")
        }
    }
}

/// TCP connections to loopback that never send a byte, each re-opened as soon as the server closes it.
final class SilentFlood: @unchecked Sendable {
    private let port: Int
    private let sockets: Int
    private let running = Atomic<Bool>(true)
    private let closed = Atomic<Int>(0)
    private let churned = Mutex<CheckedContinuation<Void, Never>?>(nil)
    private var thread: Thread?

    init(port: Int, sockets: Int) {
        self.port = port
        self.sockets = sockets
    }

    /// How many of its connections the server closed.
    var closedByServer: Int { closed.load(ordering: .relaxed) }

    func start() {
        let thread = Thread { [self] in loop() }
        self.thread = thread
        thread.start()
    }

    func stop() { running.store(false, ordering: .relaxed) }

    /// Returns once the server has closed more connections than the flood holds: the pool is full and churning.
    func waitForChurn() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = churned.withLock { state -> Bool in
                if closedByServer > sockets { return true }
                state = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Counts a connection the server closed, waking ``waitForChurn()`` once there are enough.
    private func countClose() {
        let total = closed.add(1, ordering: .relaxed).newValue
        guard total > sockets else { return }
        churned.withLock { state in
            defer { state = nil }
            return state
        }?.resume()
    }

    private func open() -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return -1 }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if connected != 0 {
            close(fd)
            return -1
        }
        return fd
    }

    private func loop() {
        var descriptors = (0..<sockets).map { _ in pollfd(fd: open(), events: Int16(POLLIN), revents: 0) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while running.load(ordering: .relaxed) {
            _ = poll(&descriptors, nfds_t(descriptors.count), 20)
            for i in descriptors.indices {
                if descriptors[i].fd < 0 {
                    descriptors[i].fd = open()
                    continue
                }
                guard descriptors[i].revents != 0 else { continue }
                let n = recv(descriptors[i].fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                if n > 0 { continue }
                close(descriptors[i].fd)
                countClose()
                descriptors[i].fd = open()
            }
        }
        for descriptor in descriptors where descriptor.fd >= 0 { close(descriptor.fd) }
    }
}
