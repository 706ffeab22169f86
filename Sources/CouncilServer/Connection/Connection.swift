import CouncilKit
import CouncilWire
import Logging
import NIOCore
import Synchronization

/// One client connection: reads frames, applies the protocol rules of ``ConnectionStateMachine``, runs each call as
/// its own task and sends the answers through the ``Outbox``.
final class Connection: Sendable {
    struct Settings: Sendable {
        var limits: ServerConfiguration.Limits
        var serverID: String
        /// Whether the server already had its maximum number of connections when this one arrived.
        var overLimit: Bool
    }

    private struct Shared {
        var machine: ConnectionStateMachine
        var caller: Caller?
        var calls: [UInt64: Task<Void, Never>] = [:]
        /// When each unary call in flight must be answered.
        var deadlines: [UInt64: NIODeadline] = [:]
        /// The one timer that answers calls whose deadline passed, set for the earliest deadline.
        var sweep: (at: NIODeadline, task: Scheduled<Void>)?
        var watches: Set<UInt64> = []
        var lastActivity: NIODeadline
        var timers: [Scheduled<Void>] = []
        var idleTimer: RepeatedTask?
        var callsDone: [CheckedContinuation<Void, Never>] = []
        /// After a protocol violation nothing more is read from the peer: its calls in flight finish, then it closes.
        var ignoringInput = false
        /// Cut off: stop waiting for calls whose work ignores cancellation.
        var abandoned = false
    }

    private let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    private let dispatcher: CallDispatcher
    private let keys: KeyRing
    private let settings: Settings
    private let logger: Logger
    private let outbox: Outbox
    private let shared: Mutex<Shared>

    init(
        channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, dispatcher: CallDispatcher, keys: KeyRing, settings: Settings,
        logger: Logger
    ) {
        self.channel = channel
        self.dispatcher = dispatcher
        self.keys = keys
        self.settings = settings
        var logger = logger
        logger[metadataKey: "peer"] = "\(channel.channel.remoteAddress.map { "\($0)" } ?? "?")"
        self.logger = logger
        self.outbox = Outbox(channel: channel.channel, codec: Self.codecConfiguration(settings.limits))
        self.shared = Mutex(
            Shared(machine: ConnectionStateMachine(maxConcurrentCalls: settings.limits.maxConcurrentCalls), lastActivity: .now()))
    }

    private var eventLoop: any EventLoop { channel.channel.eventLoop }

    // MARK: Lifetime

    /// Serves the connection until it closes; returns once every call it started has ended.
    func run() async {
        startTimers()
        await withTaskCancellationHandler {
            do {
                // Frames go out through the outbox, straight to the channel on its event loop; the async outbound
                // writer stays unused.
                try await channel.executeThenClose { inbound, _ in
                    await self.read(inbound)
                    await self.callsFinished()
                    self.outbox.finish()
                    await self.outbox.done()
                }
            } catch {
                logger.debug("connection ended with an error", metadata: ["error": "\(error)"])
            }
        } onCancel: {
            self.abandonCalls()
        }
        stopTimers()
        logger.debug("connection closed")
    }

    /// Server shutdown: no new calls; finish those in flight, end watch streams, then close.
    func drain() {
        let decision: (lastCallID: UInt64, closeNow: Bool)? = shared.withLock { $0.machine.beginDrain() }
        guard let decision else { return }
        outbox.send(.goAway(GoAway(lastCallID: decision.lastCallID, status: WireStatus(.unavailable, "the server is shutting down", reason: "draining"))))
        endWatches(WireStatus(.unavailable, "the server is shutting down", reason: "draining"))
        if decision.closeNow { close() }
    }

    /// Ends every watch stream with `status` and stops its work.
    private func endWatches(_ status: WireStatus) {
        let watches = shared.withLock { shared in
            shared.watches.compactMap { id -> (UInt64, Task<Void, Never>?)? in
                shared.machine.claimAnswer(id: id) ? (id, shared.calls[id]) : nil
            }
        }
        for (id, task) in watches {
            outbox.send(.response(WireResponseFrame(callID: id, status: status, response: nil)))
            task?.cancel()
        }
    }

    private func close() {
        shared.withLock { $0.machine.closed() }
        outbox.close()
    }

    /// Cuts the connection off: cancels its calls and closes the socket.
    func forceClose() {
        abandonCalls()
    }

    private func abandonCalls() {
        let (tasks, waiters) = shared.withLock { shared in
            shared.abandoned = true
            defer { shared.callsDone.removeAll() }
            return (Array(shared.calls.values), shared.callsDone)
        }
        for task in tasks { task.cancel() }
        for waiter in waiters { waiter.resume() }
        channel.channel.close(promise: nil)
    }

    private func callsFinished() async {
        await withCheckedContinuation { continuation in
            let done = shared.withLock { shared -> Bool in
                if shared.calls.isEmpty || shared.abandoned { return true }
                shared.callsDone.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private static func codecConfiguration(_ limits: ServerConfiguration.Limits) -> WireCodec.Configuration {
        var configuration = WireCodec.Configuration()
        configuration.maxFrameBytes = limits.maxFrameBytes
        configuration.decodeBudgetBytes = limits.decodeBudgetBytes
        return configuration
    }

    // MARK: Timers

    private func startTimers() {
        let handshake = eventLoop.scheduleTask(in: .milliseconds(Int64(settings.limits.handshakeTimeoutMilliseconds))) { [self] in
            let violation: ConnectionStateMachine.ProtocolViolation? = shared.withLock { shared in
                guard shared.machine.phase == .awaitingHandshake else { return nil }
                shared.machine.closed()
                return .init(status: WireStatus(.deadlineExceeded, "no handshake arrived in time", reason: "handshakeTimeout"), lastCallID: 0)
            }
            if let violation { goAway(violation) }
        }
        let idle = TimeAmount.milliseconds(Int64(settings.limits.idleTimeoutMilliseconds))
        let check = TimeAmount.milliseconds(max(50, Int64(settings.limits.idleTimeoutMilliseconds) / 2))
        let repeated = eventLoop.scheduleRepeatedTask(initialDelay: check, delay: check) { [self] _ in
            let idleNow = shared.withLock { shared -> Bool in
                guard shared.machine.isIdle, NIODeadline.now() - shared.lastActivity >= idle else { return false }
                _ = shared.machine.beginDrain()
                return true
            }
            if idleNow {
                logger.debug("closing an idle connection")
                outbox.send(.goAway(GoAway(lastCallID: shared.withLock { $0.machine.lastCallID }, status: WireStatus(.ok, "the connection was idle", reason: "idle"))))
                close()
            }
        }
        shared.withLock {
            $0.timers.append(handshake)
            $0.idleTimer = repeated
        }
    }

    private func stopTimers() {
        let (timers, idle, sweep) = shared.withLock { shared in
            defer {
                shared.timers.removeAll()
                shared.deadlines.removeAll()
                shared.sweep = nil
                shared.idleTimer = nil
            }
            return (shared.timers, shared.idleTimer, shared.sweep?.task)
        }
        for timer in timers { timer.cancel() }
        sweep?.cancel()
        idle?.cancel()
    }

    // MARK: Reading

    private func read(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>) async {
        let codec = WireCodec(configuration: Self.codecConfiguration(settings.limits))
        do {
            for try await payload in inbound {
                let ignoring = shared.withLock { shared -> Bool in
                    shared.lastActivity = .now()
                    return shared.ignoringInput
                }
                if ignoring { continue }
                let frame: WireFrame
                do {
                    frame = try codec.decode(payload: payload)
                } catch let error as WireError {
                    undecodable(error)
                    continue
                }
                handle(frame)
            }
        } catch let error as WireError {
            // The byte stream itself failed: an oversized length or a frame that took too long.
            logger.notice("closing a connection whose frames cannot be read", metadata: ["reason": "\(error.code)"])
            goAway(.init(status: WireStatus(error: error), lastCallID: shared.withLock { $0.machine.lastCallID }), stopReading: true)
        } catch {
            logger.debug("reading ended", metadata: ["error": "\(error)"])
        }
    }

    private func undecodable(_ error: WireError) {
        // A newer peer's kind of frame is ignored (PROTOCOL.md §9.3).
        if error.code == .unknownFrameKind { return }
        // A call whose id could be read gets its own error status; anything else leaves the stream untrustworthy.
        if let callID = error.callID, error.isRecoverable {
            switch shared.withLock({ $0.machine.callReceived(id: callID) }) {
            case .start:
                _ = shared.withLock { $0.machine.callFinished(id: callID) }  // answered below, never run
                outbox.send(.response(WireResponseFrame(callID: callID, status: WireStatus(error: error), response: nil)))
            case .refuse(let status):
                outbox.send(.response(WireResponseFrame(callID: callID, status: status, response: nil)))
            case .violation(let violation):
                goAway(violation)
            }
            return
        }
        logger.notice("closing a connection that sent an undecodable frame", metadata: ["reason": "\(error.code)"])
        let status: WireStatus
        switch (error.code, error.field) {
        case (.missingField, "kind"):
            status = WireStatus(.invalidArgument, "the frame carries nothing", reason: "unexpectedFrame")
        case (.missingField, "call_id"):
            status = WireStatus(.invalidArgument, "call ids start at 1", reason: "callIDNotIncreasing")
        default:
            status = WireStatus(error: error)
        }
        let violation = shared.withLock { shared -> ConnectionStateMachine.ProtocolViolation in
            let lastCallID = shared.machine.lastCallID
            _ = shared.machine.beginDrain()
            return .init(status: status, lastCallID: lastCallID)
        }
        goAway(violation)
    }

    private func handle(_ frame: WireFrame) {
        switch frame {
        case .handshake(let handshake):
            if let violation = shared.withLock({ $0.machine.handshakeReceived() }) { return goAway(violation) }
            handshakeArrived(handshake)
        case .call(let call):
            callArrived(call)
        case .cancel(let id):
            if let violation = shared.withLock({ $0.machine.frameBeforeHandshake() }) { return goAway(violation) }
            interrupt(id) { $0.cancelReceived(id: id) }
        case .ping(let payload):
            if let violation = shared.withLock({ $0.machine.frameBeforeHandshake() }) { return goAway(violation) }
            outbox.send(.pong(payload))
        case .pong:
            break
        case .goAway:
            // The client sends no more calls: answer what it asked for, end its watch streams, then close.
            guard let decision = shared.withLock({ $0.machine.beginDrain() }) else { return }
            endWatches(WireStatus(.cancelled, "the client is closing the connection", reason: "cancelled"))
            if decision.closeNow { close() }
        case .handshakeResult, .response:
            let violation = shared.withLock { shared -> ConnectionStateMachine.ProtocolViolation in
                let lastCallID = shared.machine.lastCallID
                _ = shared.machine.beginDrain()
                return .init(status: WireStatus(.invalidArgument, "clients do not send this kind of frame", reason: "unexpectedFrame"), lastCallID: lastCallID)
            }
            goAway(violation)
        }
    }

    /// Sends a GoAway for a violation and closes once the calls in flight are done (at once when none are).
    private func goAway(_ violation: ConnectionStateMachine.ProtocolViolation, stopReading: Bool = false) {
        outbox.send(.goAway(GoAway(lastCallID: violation.lastCallID, status: violation.status)))
        let closeNow = shared.withLock { shared -> Bool in
            shared.ignoringInput = true
            _ = shared.machine.beginDrain()
            return shared.calls.isEmpty || stopReading
        }
        if closeNow { close() }
    }

    // MARK: Handshake

    private func handshakeArrived(_ handshake: Handshake) {
        let refusal: WireStatus? = {
            // A newer client speaks the older versions too: answer in ours. Only a version below ours is refused.
            if handshake.protocolVersion < WireProtocol.version {
                return WireStatus(.failedPrecondition, "this server speaks protocol version \(WireProtocol.version)", reason: "unsupportedVersion")
            }
            if dispatcher.environment.isDraining {
                return WireStatus(.unavailable, "the server is shutting down", reason: "draining")
            }
            if settings.overLimit {
                return WireStatus(.resourceExhausted, "the server has its maximum number of connections", reason: "tooManyConnections")
            }
            if !isCode(handshake.clientSystem) {
                return WireStatus(.invalidArgument, "client_system must be 1–64 ASCII letters, digits or -_.:", field: "handshake.client_system", reason: "invalidArgument")
            }
            if handshake.clientInstance.count > 200 {
                return WireStatus(.invalidArgument, "client_instance is longer than 200 characters", field: "handshake.client_instance", reason: "invalidArgument")
            }
            guard let token = handshake.bearerToken, let entry = keys.entry(forKey: token) else {
                return WireStatus(.unauthenticated, "the credential is missing or not valid", reason: "unauthenticated")
            }
            if entry.system != handshake.clientSystem {
                return WireStatus(.permissionDenied, "this key belongs to another client system", reason: "permissionDenied")
            }
            shared.withLock {
                $0.caller = Caller(principal: Principal(system: entry.system), scopes: entry.scopes)
                $0.machine.handshakeAccepted()
            }
            return nil
        }()
        if let refusal {
            logger.notice("refused a handshake", metadata: ["system": "\(handshake.clientSystem.prefix(64))", "reason": "\(refusal.reason ?? "")"])
            shared.withLock { $0.machine.closed() }
            outbox.send(.handshakeResult(HandshakeResult(status: refusal, serverID: settings.serverID, limits: nil)))
            close()
            return
        }
        logger.info("client connected", metadata: ["system": "\(handshake.clientSystem)", "instance": "\(handshake.clientInstance.prefix(200))"])
        outbox.send(.handshakeResult(HandshakeResult(status: .ok, serverID: settings.serverID, limits: settings.limits.wire)))
    }

    private func isCode(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64
            && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.:".unicodeScalars.contains($0)) }
    }

    // MARK: Calls

    private func callArrived(_ call: WireCall) {
        let (decision, caller) = shared.withLock { ($0.machine.callReceived(id: call.callID), $0.caller) }
        switch decision {
        case .violation(let violation):
            logger.notice("protocol violation", metadata: ["reason": "\(violation.status.reason ?? "")"])
            goAway(violation)
        case .refuse(let status):
            outbox.send(.response(WireResponseFrame(callID: call.callID, status: status, response: nil)))
        case .start:
            guard var caller else { return }
            if let user = call.metadata.actingUser, !user.isEmpty { caller.principal.user = user }
            start(call, as: caller)
        }
    }

    private func start(_ call: WireCall, as caller: Caller) {
        let id = call.callID
        let isWatch = call.request.method == .watchEvents
        shared.withLock { shared in
            if isWatch { shared.watches.insert(id) }
            shared.calls[id] = Task { [self] in
                let final: WireResponseFrame
                if case .watchEvents(let after) = call.request {
                    final = await stream(id, after: after, as: caller)
                } else {
                    final = await answer(call, as: caller)
                }
                finished(id, answer: final)
            }
            if !isWatch {
                let limits = settings.limits
                let requested = call.timeoutMilliseconds.map(Int.init) ?? 0
                let timeout = min(requested > 0 ? requested : limits.defaultCallTimeoutMilliseconds, limits.maxCallTimeoutMilliseconds)
                let due = NIODeadline.now() + .milliseconds(Int64(timeout))
                shared.deadlines[id] = due
                if shared.sweep.map({ due < $0.at }) ?? true { scheduleSweep(at: due, &shared) }
            }
        }
    }

    /// Runs a unary call; returns its response.
    private func answer(_ call: WireCall, as caller: Caller) async -> WireResponseFrame {
        let frame: WireResponseFrame
        do {
            let response = try await dispatcher.respond(to: call.request, metadata: call.metadata, as: caller)
            frame = WireResponseFrame(callID: call.callID, response: response)
            if CallDispatcher.changesCases(call.request.method) { dispatcher.environment.feed.poke() }
        } catch {
            let status = WireStatus(error: error)
            if status.code == .internal {
                logger.error("a call failed", metadata: ["method": "\(call.request.method)", "trace": "\(call.metadata.traceID ?? "")", "error": "\(error)"])
            }
            frame = WireResponseFrame(callID: call.callID, status: status, response: nil)
        }
        return frame
    }

    /// Runs a watch stream, sending its items as they come; returns its end-of-stream response.
    private func stream(_ id: UInt64, after: Int64, as caller: Caller) async -> WireResponseFrame {
        let backlog = settings.limits.maxStreamBacklog
        let lagging = Atomic<Bool>(false)
        var end: WireStatus
        do {
            try await dispatcher.watch(after: after, as: caller) { [self] events in
                guard shared.withLock({ $0.machine.mayStream(id: id) }) else { return false }
                guard outbox.pending(streamCallID: id) < backlog else {
                    lagging.store(true, ordering: .relaxed)
                    return false
                }
                outbox.send(.response(WireResponseFrame(
                    callID: id, endOfStream: false, response: .watchEvents(events, disclosure: caller.disclosure))), streamCallID: id)
                return true
            }
            end = WireStatus(.cancelled, "the stream ended", reason: "cancelled")
        } catch {
            end = WireStatus(error: error)
        }
        if lagging.load(ordering: .relaxed) {
            end = WireStatus(.resourceExhausted, "the client read the stream too slowly", reason: "streamLagging")
        }
        return WireResponseFrame(callID: id, status: end, response: nil)
    }

    /// Sets the deadline timer to fire at `due`. One timer per connection, not one per call: scheduling a timer from
    /// a call's task means a lock and a wake-up of the event loop, which cost more than a short call itself.
    private func scheduleSweep(at due: NIODeadline, _ shared: inout Shared) {
        shared.sweep?.task.cancel()
        shared.sweep = (due, eventLoop.scheduleTask(deadline: due) { [self] in sweepDeadlines() })
    }

    /// Answers every call whose deadline has passed with DEADLINE_EXCEEDED, then sets the timer for the next one.
    private func sweepDeadlines() {
        let now = NIODeadline.now()
        let expired = shared.withLock { shared -> [UInt64] in
            shared.sweep = nil
            let expired = shared.deadlines.filter { $0.value <= now }.map(\.key)
            for id in expired { shared.deadlines.removeValue(forKey: id) }
            if let next = shared.deadlines.values.min() { scheduleSweep(at: next, &shared) }
            return expired
        }
        for id in expired.sorted() { interrupt(id) { $0.deadlinePassed(id: id) } }
    }

    /// A cancel or a deadline: answer the call now if it was not, and stop its work.
    private func interrupt(_ id: UInt64, _ decide: (inout ConnectionStateMachine) -> ConnectionStateMachine.Interruption) {
        let (interruption, task) = shared.withLock { shared in (decide(&shared.machine), shared.calls[id]) }
        guard case .answer(let status) = interruption else { return }
        outbox.send(.response(WireResponseFrame(callID: id, status: status, response: nil)))
        task?.cancel()
    }

    /// A call's work ended. Its slot is freed before its answer is queued, so a client that sends its next call on
    /// receiving this answer never finds the connection full.
    private func finished(_ id: UInt64, answer: WireResponseFrame) {
        let (send, completion, waiters) = shared.withLock { shared in
            let send = shared.machine.claimAnswer(id: id)
            let completion = shared.machine.callFinished(id: id)
            shared.calls.removeValue(forKey: id)
            shared.watches.remove(id)
            shared.deadlines.removeValue(forKey: id)
            var waiters: [CheckedContinuation<Void, Never>] = []
            if shared.calls.isEmpty { swap(&waiters, &shared.callsDone) }
            return (send, completion, waiters)
        }
        if send { outbox.send(.response(answer)) }
        if completion.close { close() }
        for waiter in waiters { waiter.resume() }
    }
}
