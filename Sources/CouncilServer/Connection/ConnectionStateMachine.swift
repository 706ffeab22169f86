import CouncilAPI
import CouncilWire

/// The protocol rules of one connection, as a pure state machine: it decides, the connection performs.
///
/// It knows the phase (waiting for the handshake, active, draining, closed), the call ids seen, which calls are in
/// flight and whether each has been answered. It never touches a socket or a clock, so every rule of
/// `Schemas/PROTOCOL.md` §4–§8 is tested without one.
struct ConnectionStateMachine {
    enum Phase: Equatable {
        case awaitingHandshake
        case active
        /// No new calls; close once the calls in flight are done.
        case draining
        case closed
    }

    /// What to do with a frame that is not allowed here: answer the connection with a GoAway and close it.
    struct ProtocolViolation: Equatable {
        var status: CallStatus
        var lastCallID: UInt64
    }

    enum CallDecision: Equatable {
        /// Run the call.
        case start
        /// Answer it at once with this status; the connection goes on.
        case refuse(CallStatus)
        /// The connection cannot be trusted any more.
        case violation(ProtocolViolation)
    }

    enum Interruption: Equatable {
        /// Answer the call now with this status and cancel its work.
        case answer(CallStatus)
        /// Nothing to do: the call is unknown or answered already.
        case ignore
    }

    struct Completion: Equatable {
        /// Whether the call ended without any answer sent (its task ended early); the connection answers it.
        var unanswered: Bool
        /// Whether the connection should now close (draining, nothing left in flight).
        var close: Bool
    }

    private(set) var phase: Phase = .awaitingHandshake
    /// The highest call id received.
    private(set) var lastCallID: UInt64 = 0
    /// Calls in flight, by id, and whether each was answered already (cancelled or past its deadline: the answer went
    /// out, the work may still be running and still counts against the limit).
    private(set) var inFlight: [UInt64: Bool] = [:]
    let maxConcurrentCalls: Int

    init(maxConcurrentCalls: Int) {
        self.maxConcurrentCalls = maxConcurrentCalls
    }

    /// A handshake frame arrived. `nil`: authenticate it; otherwise the violation to answer.
    mutating func handshakeReceived() -> ProtocolViolation? {
        guard phase == .awaitingHandshake else {
            return violation(.invalidArgument, "a second handshake on an open connection", reason: "unexpectedHandshake")
        }
        return nil
    }

    /// The handshake was accepted.
    mutating func handshakeAccepted() {
        if phase == .awaitingHandshake { phase = .active }
    }

    /// A frame other than a handshake arrived before the handshake.
    mutating func frameBeforeHandshake() -> ProtocolViolation? {
        guard phase == .awaitingHandshake else { return nil }
        return violation(.invalidArgument, "the first frame must be a handshake", reason: "handshakeRequired")
    }

    /// A call arrived.
    mutating func callReceived(id: UInt64) -> CallDecision {
        switch phase {
        case .awaitingHandshake:
            return .violation(violation(.invalidArgument, "the first frame must be a handshake", reason: "handshakeRequired"))
        case .closed:
            return .refuse(CallStatus(.unavailable, "the connection is closing", reason: "draining"))
        case .active, .draining:
            break
        }
        guard id > lastCallID else {
            return .violation(
                violation(.invalidArgument, "call id \(id) is not greater than \(lastCallID), the last one used", reason: "callIDNotIncreasing"))
        }
        if phase == .draining {
            // It crossed our GoAway on the wire: not processed, the client sends it again elsewhere.
            return .refuse(CallStatus(.unavailable, "the server is draining this connection; send the call on a new one", reason: "draining"))
        }
        lastCallID = id
        guard inFlight.count < maxConcurrentCalls else {
            return .refuse(
                CallStatus(.resourceExhausted, "at most \(maxConcurrentCalls) calls may be in flight on a connection", reason: "tooManyCalls"))
        }
        inFlight[id] = false
        return .start
    }

    /// The client cancelled a call.
    mutating func cancelReceived(id: UInt64) -> Interruption {
        interrupt(id, CallStatus(.cancelled, "the call was cancelled", reason: "cancelled"))
    }

    /// A call's deadline passed.
    mutating func deadlinePassed(id: UInt64) -> Interruption {
        interrupt(id, CallStatus(.deadlineExceeded, "the call's deadline passed", reason: "deadlineExceeded"))
    }

    /// A call's work ended.
    mutating func callFinished(id: UInt64) -> Completion {
        guard let answered = inFlight.removeValue(forKey: id) else { return Completion(unanswered: false, close: false) }
        return Completion(unanswered: !answered, close: phase == .draining && inFlight.isEmpty)
    }

    /// One response of a stream is about to be sent; `false` when the call was answered already.
    func mayStream(id: UInt64) -> Bool {
        inFlight[id] == false
    }

    /// The call's final answer is about to be sent: `true` (and the call counts as answered) unless a cancel or a
    /// deadline answered it already. The call stays in flight until ``callFinished(id:)``.
    mutating func claimAnswer(id: UInt64) -> Bool {
        guard inFlight[id] == false else { return false }
        inFlight[id] = true
        return true
    }

    /// Stop taking calls. Returns the id of the last call that will be finished, and whether to close at once.
    mutating func beginDrain() -> (lastCallID: UInt64, closeNow: Bool)? {
        switch phase {
        case .awaitingHandshake:
            phase = .closed
            return (0, true)
        case .active:
            phase = .draining
            return (lastCallID, inFlight.isEmpty)
        case .draining, .closed:
            return nil
        }
    }

    /// The connection is closed; nothing more is sent.
    mutating func closed() {
        phase = .closed
    }

    /// Whether the connection is idle: active with no call in flight.
    var isIdle: Bool { phase == .active && inFlight.isEmpty }

    private mutating func interrupt(_ id: UInt64, _ status: CallStatus) -> Interruption {
        guard inFlight[id] == false else { return .ignore }
        inFlight[id] = true
        return .answer(status)
    }

    /// A violation ends the phase: the server finishes what it accepted, then closes.
    private mutating func violation(_ code: StatusCode, _ message: String, reason: String) -> ProtocolViolation {
        if phase == .awaitingHandshake { phase = .closed } else if phase != .closed { phase = .draining }
        return ProtocolViolation(status: CallStatus(code, message, reason: reason), lastCallID: lastCallID)
    }
}
