import CouncilAPI
import CouncilKit
import Metrics
import CouncilWire
import Logging
import NIOCore
import NIOSSL
import Synchronization

/// One client connection: reads frames, applies the protocol rules of ``ConnectionStateMachine``, runs each call as
/// its own task and sends the answers through the ``Outbox``.
final class Connection: Sendable {
    struct Settings: Sendable {
        var limits: ServerConfiguration.Limits
        var serverID: String
        /// The server's connection slots.
        var budget: ConnectionBudget
    }

    private struct Shared {
        var machine: ConnectionStateMachine
        var caller: Caller?
        /// The connection's place in the server's budget; `nil` until admitted, and after it left.
        var slot: ConnectionBudget.Slot?
        var calls: [UInt64: Task<Void, Never>] = [:]
        /// When each unary call in flight must be answered.
        var deadlines: [UInt64: Timestamp] = [:]
        /// The one timer that answers calls whose deadline passed, set for the earliest deadline.
        var sweep: (at: Timestamp, timer: ScheduledTimer)?
        var watches: Set<UInt64> = []
        var lastActivity: Timestamp
        var handshakeTimer: ScheduledTimer?
        var idleTimer: ScheduledTimer?
        /// The connection has ended: no timer may be set any more.
        var timersStopped = false
        var callsDone: [CheckedContinuation<Void, Never>] = []
        /// After a protocol violation nothing more is read from the peer: its calls in flight finish, then it closes.
        var ignoringInput = false
        /// Cut off: stop waiting for calls whose work ignores cancellation.
        var abandoned = false
    }

    private let channel: NIOAsyncChannel<ByteBuffer, Never>
    private let service: CouncilService
    private let chain: InterceptorChain
    private let authenticator: HandshakeAuthenticator
    private let settings: Settings
    private let logger: Logger
    private let outbox: Outbox
    private let shared: Mutex<Shared>

    init(
        channel: NIOAsyncChannel<ByteBuffer, Never>, service: CouncilService, chain: InterceptorChain,
        authenticator: HandshakeAuthenticator, settings: Settings, logger: Logger
    ) {
        self.channel = channel
        self.service = service
        self.chain = chain
        self.authenticator = authenticator
        self.settings = settings
        var logger = logger
        logger[metadataKey: "peer"] = "\(channel.channel.remoteAddress.map { "\($0)" } ?? "?")"
        self.logger = logger
        self.outbox = Outbox(channel: channel.channel, codec: Self.codecConfiguration(settings.limits))
        self.shared = Mutex(
            Shared(
                machine: ConnectionStateMachine(maxConcurrentCalls: settings.limits.maxConcurrentCalls),
                lastActivity: service.environment.clock.now()))
    }

    // MARK: Lifetime

    /// Takes a slot in the server's budget, waiting for room if need be.
    /// - Returns: `false` when it was closed to make room or the server stopped accepting meanwhile.
    /// - Parameter marker: Tells whether the peer has sent anything yet.
    func admit(_ marker: FirstByteMarker) async -> Bool {
        let address = channel.channel.remoteAddress?.ipAddress ?? "?"
        let budget = settings.budget
        marker.onFirstByte { budget.changed() }
        guard let slot = await settings.budget.admit(from: address, isSilent: { marker.isSilent }, evict: { [weak self] in self?.evict() })
        else {
            service.metrics.refused(service.environment.isDraining ? "draining" : "evicted")
            try? await channel.executeThenClose { _ in }
            return false
        }
        shared.withLock { $0.slot = slot }
        return true
    }

    /// A newer connection needed this one's slot before it sent anything.
    private func evict() {
        logger.debug("closing a connection that sent nothing while new ones waited")
        shared.withLock { $0.machine.closed() }
        channel.channel.close(promise: nil)
    }

    /// Serves the connection until it closes; returns once every call it started has ended.
    func run() async {
        startTimers()
        await withTaskCancellationHandler {
            do {
                // Frames go out through the outbox, straight to the channel on its event loop: the async channel has
                // no outbound side, so a connection dropped before it runs leaves nothing unfinished.
                try await channel.executeThenClose { inbound in
                    await self.read(inbound)
                    // Nothing more can arrive, not even a Cancel: a watch would otherwise run, and keep the
                    // connection counted, forever.
                    self.endWatches(CallStatus(.cancelled, "the connection's input ended", reason: "connectionClosed"))
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
        if let slot = shared.withLock({ shared in defer { shared.slot = nil }; return shared.slot }) { settings.budget.leave(slot) }
        logger.debug("connection closed")
    }

    /// Server shutdown: no new calls; finish those in flight, end watch streams, then close.
    func drain() {
        let decision: (lastCallID: UInt64, closeNow: Bool)? = shared.withLock { $0.machine.beginDrain() }
        guard let decision else { return }
        outbox.send(.goAway(GoAway(lastCallID: decision.lastCallID, status: CallStatus(.unavailable, "the server is shutting down", reason: "draining"))))
        endWatches(CallStatus(.unavailable, "the server is shutting down", reason: "draining"))
        if decision.closeNow { close() }
    }

    /// Ends every watch stream with `status` and stops its work.
    private func endWatches(_ status: CallStatus) {
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

    /// The server's clock: every timer of the connection runs on it, so tests advance it instead of waiting.
    private var clock: any SleepingClock { service.environment.clock }

    private func startTimers() {
        let handshake = clock.schedule(after: .milliseconds(settings.limits.handshakeTimeoutMilliseconds)) { [self] in
            let violation: ConnectionStateMachine.ProtocolViolation? = shared.withLock { shared in
                guard shared.machine.phase == .awaitingHandshake else { return nil }
                shared.machine.closed()
                return .init(status: CallStatus(.deadlineExceeded, "no handshake arrived in time", reason: "handshakeTimeout"), lastCallID: 0)
            }
            if let violation {
                service.metrics.refused("handshakeTimeout")
                goAway(violation)
            }
        }
        shared.withLock { shared in
            shared.handshakeTimer = handshake
            armIdleCheck(after: settings.limits.idleTimeoutMilliseconds, &shared)
        }
    }

    /// Sets the idle timer to look again in `milliseconds`.
    private func armIdleCheck(after milliseconds: Int, _ shared: inout Shared) {
        guard !shared.timersStopped else { return }
        shared.idleTimer = clock.schedule(after: .milliseconds(max(1, milliseconds))) { [self] in idleCheck() }
    }

    /// Closes the connection if it has had no frame and no call for the idle timeout; otherwise looks again when it
    /// would have.
    private func idleCheck() {
        let idle = settings.limits.idleTimeoutMilliseconds
        let now = clock.now()
        let idleNow = shared.withLock { shared -> Bool in
            let quiet = Int(now.millisecondsSince1970 - shared.lastActivity.millisecondsSince1970)
            guard shared.machine.isIdle, quiet >= idle else {
                armIdleCheck(after: shared.machine.isIdle ? idle - quiet : idle, &shared)
                return false
            }
            _ = shared.machine.beginDrain()
            return true
        }
        guard idleNow else { return }
        logger.debug("closing an idle connection")
        outbox.send(.goAway(GoAway(lastCallID: shared.withLock { $0.machine.lastCallID }, status: CallStatus(.ok, "the connection was idle", reason: "idle"))))
        close()
    }

    private func stopTimers() {
        let timers = shared.withLock { shared in
            shared.timersStopped = true
            defer {
                shared.handshakeTimer = nil
                shared.deadlines.removeAll()
                shared.sweep = nil
                shared.idleTimer = nil
            }
            return [shared.handshakeTimer, shared.idleTimer, shared.sweep?.timer]
        }
        for timer in timers { timer?.cancel() }
    }

    // MARK: Reading

    private func read(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>) async {
        let codec = WireCodec(configuration: Self.codecConfiguration(settings.limits))
        do {
            for try await payload in inbound {
                let ignoring = shared.withLock { shared -> Bool in
                    shared.lastActivity = clock.now()
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
                if case .handshake(let handshake) = frame {
                    if let violation = shared.withLock({ $0.machine.handshakeReceived() }) {
                        goAway(violation)
                        continue
                    }
                    await handshakeArrived(handshake, certificate: await peerCertificate())
                } else {
                    handle(frame)
                }
            }
        } catch let error as WireError {
            // The byte stream itself failed: an oversized length or a frame that took too long.
            logger.notice("closing a connection whose frames cannot be read", metadata: ["reason": "\(error.code)"])
            goAway(.init(status: CallStatus(error: error), lastCallID: shared.withLock { $0.machine.lastCallID }), stopReading: true)
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
                outbox.send(.response(WireResponseFrame(callID: callID, status: CallStatus(error: error), response: nil)))
            case .refuse(let status):
                outbox.send(.response(WireResponseFrame(callID: callID, status: status, response: nil)))
            case .violation(let violation):
                goAway(violation)
            }
            return
        }
        logger.notice("closing a connection that sent an undecodable frame", metadata: ["reason": "\(error.code)"])
        let status: CallStatus
        switch (error.code, error.field) {
        case (.missingField, "kind"):
            status = CallStatus(.invalidArgument, "the frame carries nothing", reason: "unexpectedFrame")
        case (.missingField, "call_id"):
            status = CallStatus(.invalidArgument, "call ids start at 1", reason: "callIDNotIncreasing")
        default:
            status = CallStatus(error: error)
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
        case .handshake:
            break  // read() hands it to handshakeArrived with the client certificate
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
            endWatches(CallStatus(.cancelled, "the client is closing the connection", reason: "cancelled"))
            if decision.closeNow { close() }
        case .handshakeResult, .response:
            let violation = shared.withLock { shared -> ConnectionStateMachine.ProtocolViolation in
                let lastCallID = shared.machine.lastCallID
                _ = shared.machine.beginDrain()
                return .init(status: CallStatus(.invalidArgument, "clients do not send this kind of frame", reason: "unexpectedFrame"), lastCallID: lastCallID)
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

    /// The client certificate the TLS handshake verified; `nil` without TLS or without a certificate. The TLS
    /// handshake is over once a frame has been read.
    private func peerCertificate() async -> PeerCertificate? {
        guard authenticator.security != nil,
            let certificate = try? await channel.channel.nioSSL_peerCertificate().get()
        else { return nil }
        return PeerCertificate(certificate)
    }

    private func handshakeArrived(_ handshake: Handshake, certificate: PeerCertificate?) async {
        // The handshake is complete: its timeout is over, however long signing in takes.
        shared.withLock { shared in defer { shared.handshakeTimer = nil }; return shared.handshakeTimer }?.cancel()
        var account: String?
        let refusal: CallStatus? = await {
            // A newer client speaks the older versions too: answer in ours. Only a version below ours is refused.
            if handshake.protocolVersion < WireProtocol.version {
                return CallStatus(.failedPrecondition, "this server speaks protocol version \(WireProtocol.version)", reason: "unsupportedVersion")
            }
            if service.environment.isDraining {
                return CallStatus(.unavailable, "the server is shutting down", reason: "draining")
            }
            for (limit, value) in [(FieldLimits.clientSystem, handshake.clientSystem), (FieldLimits.clientInstance, handshake.clientInstance)] {
                if let problem = limit.problem(value) {
                    return CallStatus(.invalidArgument, problem, field: limit.field, reason: "invalidArgument")
                }
            }
            let caller: Caller
            let address = channel.channel.remoteAddress?.ipAddress ?? "?"
            let decision = await authenticator.authenticate(
                system: handshake.clientSystem, token: handshake.bearerToken, certificate: certificate, address: address, clock: clock)
            account = decision.account
            switch decision.result {
            case .success(let authenticated): caller = authenticated
            case .failure(let status): return status
            }
            if let slot = shared.withLock({ $0.slot }), !settings.budget.authenticate(slot) {
                return CallStatus(.resourceExhausted, "the server has its maximum number of connections", reason: "tooManyConnections")
            }
            shared.withLock { shared in
                shared.caller = caller
                shared.machine.handshakeAccepted()
            }
            return nil
        }()
        if let refusal {
            var metadata: Logger.Metadata = ["system": "\(handshake.clientSystem.prefix(64))", "reason": "\(refusal.reason ?? "")"]
            if let account { metadata["account"] = "\(account)" }
            logger.notice("refused a handshake", metadata: metadata)
            service.metrics.refused(refusal.reason ?? "\(refusal.code)")
            shared.withLock { $0.machine.closed() }
            outbox.send(.handshakeResult(HandshakeResult(status: refusal, serverID: settings.serverID, limits: nil)))
            close()
            return
        }
        var metadata: Logger.Metadata = ["system": "\(handshake.clientSystem)", "instance": "\(handshake.clientInstance)"]
        if let account { metadata["account"] = "\(account)" }
        logger.info("client connected", metadata: metadata)
        outbox.send(.handshakeResult(HandshakeResult(status: .ok, serverID: settings.serverID, limits: settings.limits.wire)))
    }

    // MARK: Calls

    private func callArrived(_ call: WireCall) {
        let (decision, caller) = shared.withLock { ($0.machine.callReceived(id: call.callID), $0.caller) }
        switch decision {
        case .violation(let violation):
            logger.notice("protocol violation", metadata: ["reason": "\(violation.status.reason ?? "")"])
            goAway(violation)
        case .refuse(let status):
            service.metrics.answered(call.request.method, status.code)
            outbox.send(.response(WireResponseFrame(callID: call.callID, status: status, response: nil)))
        case .start:
            guard let caller else { return }
            start(call, as: caller)
        }
    }

    private func start(_ call: WireCall, as caller: Caller) {
        let id = call.callID
        let method = call.request.method
        var context = CallContext(method: method, request: call.request, caller: caller, metadata: call.metadata, deadline: nil, logger: logger)
        shared.withLock { shared in
            if method.streams {
                shared.watches.insert(id)
            } else {
                let limits = settings.limits
                let requested = call.timeoutMilliseconds.map(Int.init) ?? 0
                let timeout = min(requested > 0 ? requested : limits.defaultCallTimeoutMilliseconds, limits.maxCallTimeoutMilliseconds)
                let due = clock.now().adding(milliseconds: Int64(timeout))
                context.deadline = due
                shared.deadlines[id] = due
                if shared.sweep.map({ due < $0.at }) ?? true { scheduleSweep(at: due, &shared) }
            }
            shared.calls[id] = Task { [self, context] in
                finished(id, answer: method.streams ? await stream(call, context) : await answer(call, context))
            }
        }
    }

    /// Runs a unary call; returns its response.
    private func answer(_ call: WireCall, _ context: CallContext) async -> WireResponseFrame {
        do {
            let response = try await service.route(call.request, context: context, through: chain) { _ in false }
            return WireResponseFrame(callID: call.callID, response: response)
        } catch {
            return WireResponseFrame(callID: call.callID, status: CallStatus(error: error), response: nil)
        }
    }

    /// Runs a streaming call, sending its items as they come; returns its end-of-stream response.
    private func stream(_ call: WireCall, _ context: CallContext) async -> WireResponseFrame {
        let id = call.callID
        let backlog = settings.limits.maxStreamBacklog
        let lagging = Atomic<Bool>(false)
        var end: CallStatus
        do {
            _ = try await service.route(call.request, context: context, through: chain) { [self] item in
                guard shared.withLock({ $0.machine.mayStream(id: id) }) else { return false }
                guard outbox.pending(streamCallID: id) < backlog else {
                    lagging.store(true, ordering: .relaxed)
                    return false
                }
                outbox.send(.response(WireResponseFrame(callID: id, endOfStream: false, response: item)), streamCallID: id)
                return true
            }
            end = CallStatus(.cancelled, "the stream ended", reason: "cancelled")
        } catch {
            end = CallStatus(error: error)
        }
        if lagging.load(ordering: .relaxed) {
            end = CallStatus(.resourceExhausted, "the client read the stream too slowly", reason: "streamLagging")
        }
        return WireResponseFrame(callID: id, status: end, response: nil)
    }

    /// Sets the deadline timer to fire at `due`. One timer per connection, not one per call: setting a timer from a
    /// call's task means a lock and a wake-up, which cost more than a short call itself.
    private func scheduleSweep(at due: Timestamp, _ shared: inout Shared) {
        shared.sweep?.timer.cancel()
        guard !shared.timersStopped else { return }
        let delay = max(1, due.millisecondsSince1970 - clock.now().millisecondsSince1970)
        shared.sweep = (due, clock.schedule(after: .milliseconds(delay)) { [self] in sweepDeadlines() })
    }

    /// Answers every call whose deadline has passed with DEADLINE_EXCEEDED, then sets the timer for the next one.
    private func sweepDeadlines() {
        let now = clock.now()
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
            shared.lastActivity = clock.now()
            var waiters: [CheckedContinuation<Void, Never>] = []
            if shared.calls.isEmpty { swap(&waiters, &shared.callsDone) }
            return (send, completion, waiters)
        }
        if send { outbox.send(.response(answer)) }
        if completion.close { close() }
        for waiter in waiters { waiter.resume() }
    }
}
