import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilNode
import CouncilServer
import CouncilTestKit
import CouncilWire
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import Testing

// What the robustness suites share: a store whose `find` can be held at a gate (to make a call slow without
// sleeping), a server over it, and small waiting helpers that always time out.

/// Holds calls at a gate until the test opens it, and counts who arrived and who was cancelled while waiting.
///
/// With `honorsCancellation` the held work ends with `CancellationError` when its task is cancelled (the server
/// "stops the work where it can"); without it the work goes on until the gate opens, like a store call that cannot
/// be interrupted.
final class StoreGate: Sendable {
    private struct State {
        var isOpen = false
        var arrivals = 0
        var cancellations = 0
        var held: [Int: CheckedContinuation<Void, any Error>] = [:]
        var cancelledBeforeHeld: Set<Int> = []
        var nextID = 0
        var waiters: [Int: (condition: @Sendable (_ arrivals: Int, _ cancellations: Int) -> Bool, continuation: CheckedContinuation<Void, Never>)] = [:]
        var abandonedWaiters: Set<Int> = []

        /// Removes and returns the waiters whose condition now holds.
        mutating func satisfied() -> [CheckedContinuation<Void, Never>] {
            let (arrivals, cancellations) = (self.arrivals, self.cancellations)
            let ready = waiters.filter { $0.value.condition(arrivals, cancellations) }
            for id in ready.keys { waiters.removeValue(forKey: id) }
            return ready.values.map(\.continuation)
        }
    }

    let honorsCancellation: Bool
    private let state = Mutex(State())

    init(honorsCancellation: Bool = true) {
        self.honorsCancellation = honorsCancellation
    }

    /// How many calls reached the gate.
    var arrivals: Int { state.withLock { $0.arrivals } }
    /// How many held calls were cancelled while waiting.
    var cancellations: Int { state.withLock { $0.cancellations } }

    /// Lets every held call and every later one through.
    func open() {
        let held = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.isOpen = true
            defer { state.held.removeAll() }
            return Array(state.held.values)
        }
        for continuation in held { continuation.resume() }
    }

    /// Closes the gate again for the calls that arrive from now on.
    func reset() {
        state.withLock { $0.isOpen = false }
    }

    /// Called by the store: returns when the gate is open (or throws when cancelled, if it honours cancellation).
    func pass() async throws {
        let (id, ready) = state.withLock { state -> (Int, [CheckedContinuation<Void, Never>]) in
            state.arrivals += 1
            let id = state.nextID
            state.nextID += 1
            return (id, state.satisfied())
        }
        for continuation in ready { continuation.resume() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    if state.isOpen { return .success(()) }
                    if state.cancelledBeforeHeld.remove(id) != nil { return .failure(CancellationError()) }
                    state.held[id] = continuation
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let (cancelled, ready) = state.withLock { state -> (CheckedContinuation<Void, any Error>?, [CheckedContinuation<Void, Never>]) in
                state.cancellations += 1
                let ready = state.satisfied()
                guard honorsCancellation else { return (nil, ready) }
                guard let held = state.held.removeValue(forKey: id) else {
                    if !state.isOpen { state.cancelledBeforeHeld.insert(id) }
                    return (nil, ready)
                }
                return (held, ready)
            }
            for continuation in ready { continuation.resume() }
            cancelled?.resume(throwing: CancellationError())
        }
    }

    /// Returns once `count` calls have reached the gate, or throws after `timeout`.
    func waitForArrivals(_ count: Int, timeout: Duration = .seconds(5)) async throws {
        try await wait(until: "\(count) calls reaching the store", timeout: timeout) { arrivals, _ in arrivals >= count }
    }

    /// Returns once `count` held calls have been cancelled, or throws after `timeout`.
    func waitForCancellations(_ count: Int, timeout: Duration = .seconds(5)) async throws {
        try await wait(until: "\(count) held calls cancelled", timeout: timeout) { _, cancellations in cancellations >= count }
    }

    private func wait(
        until what: String, timeout: Duration, _ condition: @escaping @Sendable (_ arrivals: Int, _ cancellations: Int) -> Bool
    ) async throws {
        try await Harness.withTimeout(timeout, what) {
            let id = self.state.withLock { state in
                defer { state.nextID += 1 }
                return state.nextID
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let now = self.state.withLock { state -> Bool in
                        if condition(state.arrivals, state.cancellations) || state.abandonedWaiters.contains(id) { return true }
                        state.waiters[id] = (condition, continuation)
                        return false
                    }
                    if now { continuation.resume() }
                }
            } onCancel: {
                self.state.withLock { state in
                    state.abandonedWaiters.insert(id)
                    return state.waiters.removeValue(forKey: id)?.continuation
                }?.resume()
            }
        }
    }
}

/// The in-memory store, except that `find` with the query text ``gatedText`` waits at a ``StoreGate`` first.
///
/// CouncilDaemon builds its own store from the configuration and offers no way to pass one in, so the tests that
/// need a slow operation build a ``CouncilServer`` over this store themselves (``GatedServer``).
struct GatedCaseStore: CaseStore {
    static let gatedText = "gated-slow-query"

    let base = InMemoryCaseStore()
    let gate: StoreGate

    func find(_ query: CaseQuery) async throws -> CasePage {
        if query.text == Self.gatedText { try await gate.pass() }
        return try await base.find(query)
    }

    func create(_ newCase: NewCase) async throws -> CaseCreation { try await base.create(newCase) }
    func append(_ update: CaseUpdate) async throws -> [CaseEvent] { try await base.append(update) }
    func fetch(_ id: CaseID) async throws -> CouncilCase? { try await base.fetch(id) }
    func fetch(number: CaseNumber) async throws -> CouncilCase? { try await base.fetch(number: number) }
    func fetch(externalReference: ExternalReference) async throws -> CouncilCase? { try await base.fetch(externalReference: externalReference) }
    func history(of id: CaseID) async throws -> [CaseEvent] { try await base.history(of: id) }
    func events(after sequence: Int64, limit: Int) async throws -> [CaseEvent] { try await base.events(after: sequence, limit: limit) }
    func latestSequence() async throws -> Int64 { try await base.latestSequence() }
    func close() async throws { await base.close() }
    var commits: CommitSignal { base.commits }
    var lastWrite: WriteOutcome { base.lastWrite }
    func probeWrite() async throws { try await base.probeWrite() }
    func saveRecord(_ record: StoredRecord, expectedVersion: Int) async throws -> StoredRecord {
        try await base.saveRecord(record, expectedVersion: expectedVersion)
    }
    func fetchRecord(kind: String, id: String) async throws -> StoredRecord? { try await base.fetchRecord(kind: kind, id: id) }
    func listRecords(_ query: RecordQuery) async throws -> [StoredRecord] { try await base.listRecords(query) }
}

/// A ``CouncilServer`` and its event feed over a ``GatedCaseStore``, run in a `ServiceGroup` on a free loopback
/// port with the demo keys.
struct GatedServer: Sendable {
    let server: CouncilServer
    let group: ServiceGroup
    let gate: StoreGate
    let port: Int
    /// The server's clock: its timers (handshake, idle, frame read, call deadlines, the shutdown grace period) fire
    /// when a test advances it.
    let clock: ManualClock

    /// A call that waits at the gate.
    static var slowQuery: CaseQuery { CaseQuery(text: GatedCaseStore.gatedText) }
    static var slowFind: WireRequest { .findCases(FindCasesRequest(query: slowQuery)) }

    /// A client with one of the demo keys.
    func client(_ system: String = "hall-staff") -> CouncilClient {
        CouncilClient(configuration: .init(host: "127.0.0.1", port: port, system: system, key: RawWireConnection.demoKey(system)))
    }

    /// Runs `body` against a fresh server. `run` is the server group's `run()` as a task, so a test may trigger a
    /// graceful shutdown and wait for it to return; otherwise the group is cancelled after `body`.
    static func with(
        gate: StoreGate = StoreGate(), limits: (inout ServerConfiguration.Limits) -> Void = { _ in }, gracePeriodMilliseconds: Int = 5000,
        _ body: (GatedServer, _ run: Task<Void, any Error>) async throws -> Void
    ) async throws {
        var configuration = ServerConfiguration()
        configuration.listen = "127.0.0.1:0"
        configuration.database = ":memory:"
        configuration.serverID = "gated-councild"
        configuration.shutdownGracePeriodMilliseconds = gracePeriodMilliseconds
        limits(&configuration.limits)
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let seed = try DirectorySeed.qiaoxiDemo()
        let store = GatedCaseStore(gate: gate)
        let clock = ManualClock(CouncilFixtures.monday)
        let feed = EventFeed(store: store, clock: clock, logger: logger)
        let environment = try ServerEnvironment(
            store: store, directory: try seed.directory(),
            configuration: CaseService.Configuration(policy: .standard, calendar: seed.calendar ?? WorkCalendar()), clock: clock,
            feed: feed, serverID: configuration.serverID)
        let server = CouncilServer(
            configuration: configuration, environment: environment, keys: try KeyRing(CouncilDaemon.demoKeys.map(\.entry)), logger: logger)
        let group = ServiceGroup(configuration: .init(services: [.init(service: feed), .init(service: server)], logger: logger))
        let run = Task { try await group.run() }
        defer {
            gate.open()
            run.cancel()
        }
        let address = try await server.listeningAddress()
        try await body(GatedServer(server: server, group: group, gate: gate, port: address.port ?? 0, clock: clock), run)
        gate.open()
        run.cancel()
        _ = await run.result
    }
}

enum Harness {
    struct TimedOut: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out waiting for \(what)" }
    }

    /// Runs `body`, failing with ``TimedOut`` when it takes longer than `timeout` (`body` must end when cancelled).
    static func withTimeout<T: Sendable>(
        _ timeout: Duration, _ what: String = "an operation", _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw TimedOut(what: what) }
            return value
        }
    }

    /// How `task` ended, waiting at most `timeout`; past it the task is cancelled and ``TimedOut`` thrown.
    /// Waiting does not depend on the task honouring cancellation: a task that never ends fails the test instead of
    /// hanging it.
    static func outcome<T: Sendable>(of task: Task<T, any Error>, within timeout: Duration, _ what: String) async throws -> Result<T, any Error> {
        let ended = WatchedValue<Result<T, any Error>?>(nil)
        Task {
            let result = await task.result
            ended.update { $0 = result }
        }
        do {
            return try await ended.wait(what, timeout: timeout) { $0 != nil }!
        } catch {
            task.cancel()
            throw error
        }
    }

    /// A submission that passes validation, with an optional submitter and external reference.
    static func submission(
        _ title: String, source: CaseSource = .walkIn, submitter: PersonalData? = nil, reference: ExternalReference? = nil
    ) -> Submission {
        Submission(
            title: title, description: "robustness test", source: source, community: "QX01", category: "environment",
            submitter: submitter, externalReference: reference)
    }
}

extension TestDaemon {
    /// Fails the test unless a fresh client on a new connection gets an ordinary answer.
    func expectStillServing(sourceLocation: SourceLocation = #_sourceLocation) async {
        let client = client("hall-staff")
        do {
            let info = try await client.getServerInfo()
            #expect(info.serverID == "test-councild", sourceLocation: sourceLocation)
        } catch {
            Issue.record("the daemon stopped serving new connections: \(error)", sourceLocation: sourceLocation)
        }
        await client.close()
    }

    /// A raw connection that has shaken hands with a demo key.
    func raw(_ system: String = "hall-staff") async throws -> RawWireConnection {
        try await RawWireConnection.handshaken(port: port, system: system)
    }
}

/// A value that changes over time and that a test can wait on, with a timeout: `update` from anywhere, `wait(until:)`
/// returns once a condition on it holds.
final class WatchedValue<Value: Sendable>: Sendable {
    private struct Box {
        var value: Value
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
        var abandoned: Set<Int> = []
    }

    private let box: Mutex<Box>

    init(_ value: Value) {
        box = Mutex(Box(value: value))
    }

    var value: Value { box.withLock { $0.value } }

    func update(_ change: (inout Value) -> Void) {
        let waiters = box.withLock { box -> [CheckedContinuation<Void, Never>] in
            change(&box.value)
            defer { box.waiters.removeAll() }
            return Array(box.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// The value once `condition` holds for it; throws ``Harness/TimedOut`` after `timeout`.
    @discardableResult
    func wait(_ what: String, timeout: Duration = .seconds(10), until condition: @escaping @Sendable (Value) -> Bool) async throws -> Value {
        try await Harness.withTimeout(timeout, what) {
            while true {
                try Task.checkCancellation()
                let id = self.box.withLock { box in
                    defer { box.nextWaiter += 1 }
                    return box.nextWaiter
                }
                var result: Value?
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let now = self.box.withLock { box -> Bool in
                            if condition(box.value) {
                                result = box.value
                                return true
                            }
                            if box.abandoned.contains(id) { return true }
                            box.waiters[id] = continuation
                            return false
                        }
                        if now { continuation.resume() }
                    }
                } onCancel: {
                    self.box.withLock { box in
                        box.abandoned.insert(id)
                        return box.waiters.removeValue(forKey: id)
                    }?.resume()
                }
                if let result { return result }
            }
        }
    }
}
