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
/// * A newcomer that finds its address's share or the pool full waits in a queue of newcomers, as long again as the
///   pool, until a slot frees.
/// * A newcomer that has sent something may also take the place of the longest-waiting connection in its scope that
///   has sent nothing for ``ServerConfiguration/Limits/silentGraceMilliseconds``: that one is closed. A newcomer
///   that has sent nothing never closes anyone.
/// * Beyond its length, the queue closes its longest-waiting newcomers that have sent nothing through their grace;
///   younger ones get their grace first.
///
/// So a flood of silent sockets fills the pool and the queue and then only recycles its own queued sockets, while a
/// client that sends its handshake at once goes past them: a slow client is never closed for a silent one, only
/// silent ones are.
final class ConnectionBudget: Sendable {
    /// One connection's place in the budget.
    struct Slot: Hashable, Sendable {
        fileprivate let number: UInt64
    }

    private struct Peer {
        var address: String
        var arrived: Timestamp
        var isSilent: @Sendable () -> Bool
        var evict: @Sendable () -> Void
    }

    private struct State {
        var next: UInt64 = 0
        /// Connections before their handshake holding a slot, by number: the lowest has waited longest.
        var waiting: [UInt64: Peer] = [:]
        var authenticated: Set<UInt64> = []
        /// Newcomers without a slot yet, by number.
        var queue: [UInt64: Peer] = [:]
        /// Newcomers asleep until something changes.
        var sleepers: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Counts changes, so a newcomer that decided to wait notices one made before it fell asleep.
        var generation: UInt64 = 0
        var wakeTimer: ScheduledTimer?
        var trimTimer: ScheduledTimer?
        /// The server stopped accepting: newcomers get no slot.
        var stopped = false
    }

    private enum Decision {
        case admit(Slot, evict: (@Sendable () -> Void)?)
        /// No room for now: look again when something changes, or at this time when a silent connection's grace ends.
        case wait(until: Timestamp?, generation: UInt64)
        case refuse
    }

    private let maxAuthenticated: Int
    private let maxWaiting: Int
    private let maxWaitingPerAddress: Int
    private let grace: Int64
    private let clock: any SleepingClock
    private let state = Mutex(State())

    init(limits: ServerConfiguration.Limits, clock: any SleepingClock) {
        maxAuthenticated = limits.maxConnections
        maxWaiting = limits.maxUnauthenticatedConnections
        maxWaitingPerAddress = limits.maxUnauthenticatedPerAddress
        grace = Int64(limits.silentGraceMilliseconds)
        self.clock = clock
    }

    /// Takes a waiting slot for a connection from `address`, waiting for room when there is none.
    /// - Parameters:
    ///   - isSilent: Whether the connection has sent nothing yet; call ``changed()`` when that changes.
    ///   - evict: Closes the connection, should another take its place.
    /// - Returns: The slot; `nil` when the connection was closed to make room, the server stopped accepting, or the
    ///   task was cancelled.
    func admit(from address: String, isSilent: @escaping @Sendable () -> Bool, evict: @escaping @Sendable () -> Void) async -> Slot? {
        let now = clock.now()
        let ticket = state.withLock { state in
            state.next += 1
            state.queue[state.next] = Peer(address: address, arrived: now, isSilent: isSilent, evict: evict)
            return state.next
        }
        trimQueue()
        while true {
            switch decide(ticket) {
            case .admit(let slot, let victim):
                victim?()
                changed()
                return slot
            case .refuse:
                state.withLock { _ = $0.queue.removeValue(forKey: ticket) }
                changed()
                return nil
            case .wait(let until, let generation):
                await sleep(ticket, until: until, generation: generation)
            }
        }
    }

    /// Over its length, the queue closes its newcomers that have sent nothing through their grace, longest-waiting
    /// first; younger ones get their grace, so a client that speaks at once is never closed. Looks again when the
    /// next grace ends.
    private func trimQueue() {
        let now = clock.now()
        let closed: [@Sendable () -> Void] = state.withLock { state in
            var closed: [@Sendable () -> Void] = []
            guard state.queue.count > maxWaiting else { return [] }
            let silent = state.queue.filter { $0.value.isSilent() }
            for (ticket, peer) in silent.sorted(by: { $0.key < $1.key }) where state.queue.count > maxWaiting {
                guard now.millisecondsSince1970 - peer.arrived.millisecondsSince1970 >= grace else {
                    if state.trimTimer == nil {
                        let delay = max(1, peer.arrived.millisecondsSince1970 + grace - now.millisecondsSince1970)
                        state.trimTimer = clock.schedule(after: .milliseconds(delay)) { [weak self] in
                            self?.state.withLock { $0.trimTimer = nil }
                            self?.trimQueue()
                        }
                    }
                    break
                }
                state.queue[ticket] = nil
                closed.append(peer.evict)
            }
            return closed
        }
        guard !closed.isEmpty else { return }
        for evict in closed { evict() }
        changed()  // the closed newcomers, asleep, learn they have no place
    }

    private func decide(_ ticket: UInt64) -> Decision {
        let now = clock.now()
        return state.withLock { state in
            guard !state.stopped, !Task.isCancelled, let me = state.queue[ticket] else { return .refuse }
            let fromAddress = state.waiting.filter { $0.value.address == me.address }
            let scope = fromAddress.count >= maxWaitingPerAddress ? fromAddress : state.waiting.count >= maxWaiting ? state.waiting : nil
            let speaking = !me.isSilent()
            var victim: UInt64?
            if let scope {
                // Full: only a newcomer that has spoken may take the place of one silent past its grace.
                let silent = scope.filter { $0.value.isSilent() }
                let ripe = silent.filter { now.millisecondsSince1970 - $0.value.arrived.millisecondsSince1970 >= grace }
                guard speaking, let oldest = ripe.keys.min() else {
                    let soonest = speaking ? silent.values.map { $0.arrived.adding(milliseconds: grace) }.min() : nil
                    return .wait(until: soonest, generation: state.generation)
                }
                victim = oldest
            }
            let evicted = victim.flatMap { state.waiting.removeValue(forKey: $0)?.evict }
            state.queue[ticket] = nil
            state.waiting[ticket] = Peer(address: me.address, arrived: now, isSilent: me.isSilent, evict: me.evict)
            return .admit(Slot(number: ticket), evict: evicted)
        }
    }

    private func sleep(_ ticket: UInt64, until: Timestamp?, generation: UInt64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    // Something changed since the decision: look again at once.
                    if state.stopped || Task.isCancelled || state.generation != generation || state.queue[ticket] == nil { return true }
                    state.sleepers[ticket] = continuation
                    if let until, state.wakeTimer == nil {
                        let delay = max(1, until.millisecondsSince1970 - clock.now().millisecondsSince1970)
                        state.wakeTimer = clock.schedule(after: .milliseconds(delay)) { [weak self] in self?.changed(timer: true) }
                    }
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = state.withLock { $0.sleepers.removeValue(forKey: ticket) }
            continuation?.resume()
        }
    }

    /// Something that may make room or change a decision happened: a slot freed, a newcomer spoke, a grace ended.
    func changed(timer: Bool = false) {
        let woken = state.withLock { state in
            state.generation &+= 1
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
        if moved { changed() }
        return moved
    }

    /// The connection closed: its slot is free.
    func leave(_ slot: Slot) {
        state.withLock { state in
            state.waiting[slot.number] = nil
            state.authenticated.remove(slot.number)
        }
        changed()
    }

    /// How many newcomers wait for a slot.
    var queued: Int { state.withLock { $0.queue.count } }

    /// How many connections wait for their handshake, and how many are authenticated.
    var counts: (waiting: Int, authenticated: Int) {
        state.withLock { ($0.waiting.count, $0.authenticated.count) }
    }

    /// The server stops accepting: a newcomer waiting for room gets none, and the timer that would wake it ends.
    func stop() {
        let timers = state.withLock { state in
            state.stopped = true
            defer { (state.wakeTimer, state.trimTimer) = (nil, nil) }
            return [state.wakeTimer, state.trimTimer]
        }
        for timer in timers { timer?.cancel() }
        changed()
    }
}

/// The first handler of a connection's pipeline: notes, on the event loop, that the peer sent a byte (a TLS hello
/// counts) and tells whoever asked; then steps aside.
final class FirstByteMarker: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = ByteBuffer

    private let heard = Mutex<(heard: Bool, then: (@Sendable () -> Void)?)>((false, nil))

    /// Whether nothing has arrived yet.
    var isSilent: Bool { !heard.withLock { $0.heard } }

    /// Runs `action` when the first byte arrives (at once if it has).
    func onFirstByte(_ action: @escaping @Sendable () -> Void) {
        let now = heard.withLock { state -> Bool in
            if state.heard { return true }
            state.then = action
            return false
        }
        if now { action() }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let then = heard.withLock { state in
            state.heard = true
            defer { state.then = nil }
            return state.then
        }
        then?()
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
