import CouncilKit
import NIOCore
import Synchronization

/// The server's connection slots, kept so that sockets which never authenticate cannot lock authenticated clients
/// out.
///
/// * Authenticated connections hold up to ``ServerConfiguration/Limits/maxConnections`` slots; a handshake beyond
///   them is refused `RESOURCE_EXHAUSTED`, `tooManyConnections`.
/// * Connections waiting for their handshake to be accepted have a pool of their own,
///   ``ServerConfiguration/Limits/maxUnauthenticatedConnections``, of which one peer address may hold at most
///   ``ServerConfiguration/Limits/maxUnauthenticatedPerAddress``.
/// * A newcomer that finds its address's share or the pool full takes the place of the longest-waiting connection
///   there that has sent nothing for ``ServerConfiguration/Limits/silentGraceMilliseconds``: that one is closed.
///   When there is none, newcomers wait in arrival order, and the listener stops accepting until they are placed
///   (new connections wait in the listen backlog, their first bytes with them) — so a flood of silent sockets only
///   ever recycles its own slots, at a pace the grace sets, and a client that sends its handshake as soon as it
///   connects is never the one closed.
final class ConnectionBudget: Sendable {
    /// One connection's place in the budget.
    struct Slot: Hashable, Sendable {
        fileprivate let number: UInt64
    }

    private struct Waiting {
        var address: String
        var arrived: Timestamp
        var isSilent: @Sendable () -> Bool
        var evict: @Sendable () -> Void
    }

    private struct State {
        var next: UInt64 = 0
        /// Connections before their handshake, by slot number: the lowest number has waited longest.
        var waiting: [UInt64: Waiting] = [:]
        var authenticated: Set<UInt64> = []
        /// Newcomers in arrival order; only the first may take a slot.
        var queue: [UInt64] = []
        /// Newcomers waiting, woken when a slot frees or a silent connection's grace runs out.
        var sleepers: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var wakeTimer: ScheduledTimer?
        /// The server stopped accepting: newcomers get no slot.
        var stopped = false
        /// Whether the server was told to stop accepting for now.
        var paused = false
    }

    private enum Decision {
        case admit(Slot, evict: (@Sendable () -> Void)?)
        /// No room: look again when something leaves, or at this time when a silent connection's grace ends.
        case wait(until: Timestamp?)
    }

    private let maxAuthenticated: Int
    private let maxWaiting: Int
    private let maxWaitingPerAddress: Int
    private let grace: Int64
    private let clock: any SleepingClock
    private let state = Mutex(State())
    private let backPressure = Mutex<(@Sendable (Bool) -> Void)?>(nil)

    init(limits: ServerConfiguration.Limits, clock: any SleepingClock) {
        maxAuthenticated = limits.maxConnections
        maxWaiting = limits.maxUnauthenticatedConnections
        maxWaitingPerAddress = limits.maxUnauthenticatedPerAddress
        grace = Int64(limits.silentGraceMilliseconds)
        self.clock = clock
    }

    /// Sets what the budget calls with `true` when newcomers must wait for room (the listener should stop accepting,
    /// so new connections wait in the backlog) and with `false` when they need not any more.
    func onBackPressure(_ action: @escaping @Sendable (Bool) -> Void) {
        backPressure.withLock { $0 = action }
    }

    /// Takes a waiting slot for a connection from `address`, after the newcomers that came before it, waiting for
    /// room when there is none.
    /// - Parameters:
    ///   - isSilent: Whether the connection has sent nothing yet.
    ///   - evict: Closes the connection, should a later one take its place.
    /// - Returns: The slot; `nil` when the server stopped accepting or the task was cancelled while waiting.
    func admit(from address: String, isSilent: @escaping @Sendable () -> Bool, evict: @escaping @Sendable () -> Void) async -> Slot? {
        let ticket = state.withLock { state in
            state.next += 1
            state.queue.append(state.next)
            return state.next
        }
        while true {
            if Task.isCancelled || state.withLock({ $0.stopped }) {
                leaveQueue(ticket)
                return nil
            }
            let decision = state.withLock { $0.queue.first == ticket } ? decide(address, isSilent, evict) : .wait(until: nil)
            switch decision {
            case .admit(let slot, let victim):
                victim?()
                leaveQueue(ticket)
                return slot
            case .wait(let until):
                await sleep(ticket, until: until)
            }
        }
    }

    private func sleep(_ ticket: UInt64, until: Timestamp?) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let (pause, resumeNow) = state.withLock { state -> (Bool, Bool) in
                    // Something may have changed since the decision: look again at once.
                    if state.stopped || Task.isCancelled { return (false, true) }
                    state.sleepers[ticket] = continuation
                    if let until, state.wakeTimer == nil {
                        let delay = max(1, until.millisecondsSince1970 - clock.now().millisecondsSince1970)
                        state.wakeTimer = clock.schedule(after: .milliseconds(delay)) { [weak self] in self?.wake(timer: true) }
                    }
                    defer { state.paused = true }
                    return (!state.paused, false)
                }
                if resumeNow { continuation.resume() }
                if pause { backPressure.withLock { $0 }?(true) }
            }
        } onCancel: {
            let continuation = state.withLock { $0.sleepers.removeValue(forKey: ticket) }
            continuation?.resume()
        }
    }

    private func leaveQueue(_ ticket: UInt64) {
        let resume = state.withLock { state -> Bool in
            state.queue.removeAll { $0 == ticket }
            guard state.queue.isEmpty, state.paused else { return false }
            state.paused = false
            return true
        }
        if resume { backPressure.withLock { $0 }?(false) }
        wake()
    }

    private func decide(_ address: String, _ isSilent: @escaping @Sendable () -> Bool, _ evict: @escaping @Sendable () -> Void) -> Decision {
        let now = clock.now()
        return state.withLock { state in
            var victim: UInt64?
            let fromAddress = state.waiting.filter { $0.value.address == address }
            let scope = fromAddress.count >= maxWaitingPerAddress ? fromAddress : state.waiting.count >= maxWaiting ? state.waiting : nil
            if let scope {
                let silent = scope.filter { $0.value.isSilent() }
                let ripe = silent.filter { now.millisecondsSince1970 - $0.value.arrived.millisecondsSince1970 >= grace }
                guard let oldest = ripe.keys.min() else {
                    let soonest = silent.values.map { $0.arrived.adding(milliseconds: grace) }.min()
                    return .wait(until: soonest)
                }
                victim = oldest
            }
            let evicted = victim.flatMap { state.waiting.removeValue(forKey: $0)?.evict }
            state.next += 1
            state.waiting[state.next] = Waiting(address: address, arrived: now, isSilent: isSilent, evict: evict)
            return .admit(Slot(number: state.next), evict: evicted)
        }
    }

    private func wake(timer: Bool = false) {
        let woken = state.withLock { state in
            if timer { state.wakeTimer = nil }
            defer { state.sleepers.removeAll() }
            return Array(state.sleepers.values)
        }
        for continuation in woken { continuation.resume() }
    }

    /// The connection's handshake was accepted: it moves to the authenticated slots if one is free.
    /// - Returns: `false` when every authenticated slot is taken (the connection keeps its waiting slot until it
    ///   leaves).
    func authenticate(_ slot: Slot) -> Bool {
        let moved = state.withLock { state in
            guard state.authenticated.count < maxAuthenticated else { return false }
            state.waiting[slot.number] = nil
            state.authenticated.insert(slot.number)
            return true
        }
        if moved { wake() }
        return moved
    }

    /// The connection closed: its slot is free.
    func leave(_ slot: Slot) {
        state.withLock { state in
            state.waiting[slot.number] = nil
            state.authenticated.remove(slot.number)
        }
        wake()
    }

    /// How many connections wait for their handshake, and how many are authenticated.
    var counts: (waiting: Int, authenticated: Int) {
        state.withLock { ($0.waiting.count, $0.authenticated.count) }
    }

    /// The server stops accepting: a newcomer waiting for room gets none, and the timer that would wake it ends.
    func stop() {
        let timer = state.withLock { state in
            state.stopped = true
            defer { state.wakeTimer = nil }
            return state.wakeTimer
        }
        timer?.cancel()
        wake()
    }
}

/// The first handler of a connection's pipeline: notes, on the event loop, that the peer sent a byte (a TLS hello
/// counts), for ``ConnectionBudget`` to spare it; then steps aside.
final class FirstByteMarker: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = ByteBuffer

    private let heard = Atomic<Bool>(false)

    /// Whether nothing has arrived yet.
    var isSilent: Bool { !heard.load(ordering: .relaxed) }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        heard.store(true, ordering: .relaxed)
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
