import CouncilAPI
import CouncilWire
import Testing

@testable import CouncilServer

/// The protocol rules of one connection (PROTOCOL.md §4–§7), on the pure state machine: no socket, no clock.
@Suite("ConnectionStateMachine")
struct ConnectionStateMachineTests {
    /// A machine past its handshake.
    private func active(maxConcurrentCalls: Int = 100) -> ConnectionStateMachine {
        var machine = ConnectionStateMachine(maxConcurrentCalls: maxConcurrentCalls)
        let handshake1 = machine.handshakeReceived()
        #expect(handshake1 == nil)
        machine.handshakeAccepted()
        return machine
    }

    private func violationReason(_ decision: ConnectionStateMachine.CallDecision) -> String? {
        guard case .violation(let violation) = decision else { return nil }
        return violation.status.reason
    }

    private func refusal(_ decision: ConnectionStateMachine.CallDecision) -> CallStatus? {
        guard case .refuse(let status) = decision else { return nil }
        return status
    }

    // MARK: Handshake

    @Test("a new connection waits for its handshake; accepting it makes the connection active")
    func handshakeFirst() {
        var machine = ConnectionStateMachine(maxConcurrentCalls: 10)
        #expect(machine.phase == .awaitingHandshake)
        #expect(!machine.isIdle, "a connection without a handshake is not idle: the handshake timeout governs it")
        let handshake1 = machine.handshakeReceived()
        #expect(handshake1 == nil)
        machine.handshakeAccepted()
        #expect(machine.phase == .active)
        #expect(machine.isIdle)
        let early1 = machine.frameBeforeHandshake()
        #expect(early1 == nil, "after the handshake any frame may come")
    }

    @Test("a call before the handshake is a violation (handshakeRequired) and closes the connection")
    func callBeforeHandshake() {
        var machine = ConnectionStateMachine(maxConcurrentCalls: 10)
        let decision = machine.callReceived(id: 1)
        guard case .violation(let violation) = decision else {
            Issue.record("expected a violation, got \(decision)")
            return
        }
        #expect(violation.status.code == .invalidArgument)
        #expect(violation.status.reason == "handshakeRequired")
        #expect(violation.lastCallID == 0)
        #expect(machine.phase == .closed)
        #expect(machine.inFlight.isEmpty)
    }

    @Test("any other frame before the handshake is a violation (handshakeRequired)")
    func frameBeforeHandshake() {
        var machine = ConnectionStateMachine(maxConcurrentCalls: 10)
        let violation = machine.frameBeforeHandshake()
        #expect(violation?.status.code == .invalidArgument)
        #expect(violation?.status.reason == "handshakeRequired")
        #expect(machine.phase == .closed)
    }

    @Test("a second handshake is a violation (unexpectedHandshake) that drains the connection")
    func secondHandshake() {
        var machine = active()
        let decision1 = machine.callReceived(id: 7)
        #expect(decision1 == .start)
        let violation = machine.handshakeReceived()
        #expect(violation?.status.code == .invalidArgument)
        #expect(violation?.status.reason == "unexpectedHandshake")
        #expect(violation?.lastCallID == 7, "the GoAway tells the last call that will still be finished")
        #expect(machine.phase == .draining)
        let completion1 = machine.callFinished(id: 7)
        #expect(completion1.close, "the connection closes once the call in flight is done")
    }

    // MARK: Call ids

    @Test("call ids must be non-zero and increase; a repeat or a smaller one is callIDNotIncreasing", arguments: [UInt64(0), 3, 5])
    func callIDsIncrease(offending: UInt64) {
        var machine = active()
        let decision1 = machine.callReceived(id: 1)
        #expect(decision1 == .start)
        let decision2 = machine.callReceived(id: 5)
        #expect(decision2 == .start, "ids may skip")
        let decision = machine.callReceived(id: offending)
        #expect(violationReason(decision) == "callIDNotIncreasing")
        if case .violation(let violation) = decision {
            #expect(violation.status.code == .invalidArgument)
            #expect(violation.lastCallID == 5)
        }
        #expect(machine.phase == .draining)
        #expect(machine.lastCallID == 5)
    }

    @Test("the first call may not have id 0")
    func zeroFirstCallID() {
        var machine = active()
        let decision1 = machine.callReceived(id: 0)
        #expect(violationReason(decision1) == "callIDNotIncreasing")
    }

    // MARK: Concurrency limit

    @Test("one call more than maxConcurrentCalls is refused RESOURCE_EXHAUSTED tooManyCalls; the connection goes on")
    func tooManyCalls() {
        var machine = active(maxConcurrentCalls: 3)
        for id: UInt64 in 1...3 {
            let decision = machine.callReceived(id: id)
            #expect(decision == .start)
        }
        let status = refusal(machine.callReceived(id: 4))
        #expect(status?.code == .resourceExhausted)
        #expect(status?.reason == "tooManyCalls")
        #expect(machine.phase == .active, "a refused call does not end the connection")
        #expect(machine.lastCallID == 4, "the refused id is used up: ids keep increasing")
        let decision1 = machine.callReceived(id: 4)
        #expect(violationReason(decision1) == "callIDNotIncreasing")
    }

    @Test("a finished call frees its slot")
    func finishedCallFreesSlot() {
        var machine = active(maxConcurrentCalls: 1)
        let decision1 = machine.callReceived(id: 1)
        #expect(decision1 == .start)
        let claimed1 = machine.claimAnswer(id: 1)
        #expect(claimed1)
        let completion1 = machine.callFinished(id: 1)
        #expect(completion1 == .init(unanswered: false, close: false))
        let decision2 = machine.callReceived(id: 2)
        #expect(decision2 == .start)
    }

    @Test("a cancelled call still counts against the limit until its work ends")
    func cancelledCallStillCounts() {
        var machine = active(maxConcurrentCalls: 1)
        let decision1 = machine.callReceived(id: 1)
        #expect(decision1 == .start)
        guard case .answer(let status) = machine.cancelReceived(id: 1) else {
            Issue.record("the cancel should answer the call")
            return
        }
        #expect(status.code == .cancelled)
        let decision2 = machine.callReceived(id: 2)
        #expect(refusal(decision2)?.reason == "tooManyCalls", "its work is still running")
        let completion1 = machine.callFinished(id: 1)
        #expect(completion1 == .init(unanswered: false, close: false), "answered by the cancel already")
        let decision3 = machine.callReceived(id: 3)
        #expect(decision3 == .start)
    }

    @Test("a call past its deadline still counts against the limit until its work ends")
    func timedOutCallStillCounts() {
        var machine = active(maxConcurrentCalls: 1)
        let decision1 = machine.callReceived(id: 1)
        #expect(decision1 == .start)
        guard case .answer(let status) = machine.deadlinePassed(id: 1) else {
            Issue.record("the deadline should answer the call")
            return
        }
        #expect(status.code == .deadlineExceeded)
        let decision2 = machine.callReceived(id: 2)
        #expect(refusal(decision2)?.reason == "tooManyCalls")
        _ = machine.callFinished(id: 1)
        let decision3 = machine.callReceived(id: 3)
        #expect(decision3 == .start)
    }

    // MARK: Answering once

    @Test("a cancel answers the call once; later cancels, deadlines and the work's own answer are ignored")
    func cancelAnswersOnce() {
        var machine = active()
        let decision1 = machine.callReceived(id: 1)
        #expect(decision1 == .start)
        guard case .answer(let status) = machine.cancelReceived(id: 1) else {
            Issue.record("the first cancel should answer the call")
            return
        }
        #expect(status.code == .cancelled)
        #expect(status.reason == "cancelled")
        let cancel1 = machine.cancelReceived(id: 1)
        #expect(cancel1 == .ignore)
        let deadline1 = machine.deadlinePassed(id: 1)
        #expect(deadline1 == .ignore)
        let claimed1 = machine.claimAnswer(id: 1)
        #expect(!claimed1, "the work's result must not be sent after the CANCELLED answer")
        #expect(!machine.mayStream(id: 1), "nor stream items")
        let completion1 = machine.callFinished(id: 1)
        #expect(completion1 == .init(unanswered: false, close: false))
    }

    @Test("a deadline answers the call once; a later cancel and the work's answer are ignored")
    func deadlineAnswersOnce() {
        var machine = active()
        let decision1 = machine.callReceived(id: 1)
        #expect(decision1 == .start)
        guard case .answer(let status) = machine.deadlinePassed(id: 1) else {
            Issue.record("the deadline should answer the call")
            return
        }
        #expect(status.code == .deadlineExceeded)
        let deadline1 = machine.deadlinePassed(id: 1)
        #expect(deadline1 == .ignore)
        let cancel1 = machine.cancelReceived(id: 1)
        #expect(cancel1 == .ignore)
        let claimed1 = machine.claimAnswer(id: 1)
        #expect(!claimed1)
    }

    @Test("once the work answered, a cancel or deadline is ignored")
    func answeredThenInterrupted() {
        var machine = active()
        let decision1 = machine.callReceived(id: 1)
        #expect(decision1 == .start)
        let claimed1 = machine.claimAnswer(id: 1)
        #expect(claimed1)
        let claimed2 = machine.claimAnswer(id: 1)
        #expect(!claimed2, "a call gets exactly one final answer")
        let cancel1 = machine.cancelReceived(id: 1)
        #expect(cancel1 == .ignore)
        let deadline1 = machine.deadlinePassed(id: 1)
        #expect(deadline1 == .ignore)
    }

    @Test("a cancel for an unknown or finished call is ignored")
    func cancelUnknown() {
        var machine = active()
        let cancel1 = machine.cancelReceived(id: 42)
        #expect(cancel1 == .ignore)
        let decision1 = machine.callReceived(id: 1)
        #expect(decision1 == .start)
        let claimed1 = machine.claimAnswer(id: 1)
        #expect(claimed1)
        _ = machine.callFinished(id: 1)
        let cancel2 = machine.cancelReceived(id: 1)
        #expect(cancel2 == .ignore)
        let deadline1 = machine.deadlinePassed(id: 1)
        #expect(deadline1 == .ignore)
    }

    @Test("work that ends without an answer is reported unanswered, so the connection answers it")
    func unansweredCompletion() {
        var machine = active()
        let decision1 = machine.callReceived(id: 1)
        #expect(decision1 == .start)
        let completion1 = machine.callFinished(id: 1)
        #expect(completion1 == .init(unanswered: true, close: false))
        let completion2 = machine.callFinished(id: 1)
        #expect(completion2 == .init(unanswered: false, close: false), "finishing twice changes nothing")
    }

    @Test("stream items may be sent until the stream's final answer")
    func streaming() {
        var machine = active()
        let decision1 = machine.callReceived(id: 1)
        #expect(decision1 == .start)
        #expect(machine.mayStream(id: 1))
        #expect(machine.mayStream(id: 1))
        let claimed1 = machine.claimAnswer(id: 1)
        #expect(claimed1)
        #expect(!machine.mayStream(id: 1))
        #expect(!machine.mayStream(id: 99), "nor for an unknown call")
    }

    // MARK: Drain

    @Test("drain returns the last call id, refuses later calls UNAVAILABLE draining, and closes when the last call finishes")
    func drain() {
        var machine = active()
        let decision1 = machine.callReceived(id: 1)
        #expect(decision1 == .start)
        let decision2 = machine.callReceived(id: 2)
        #expect(decision2 == .start)
        let decision = machine.beginDrain()
        #expect(decision?.lastCallID == 2)
        #expect(decision?.closeNow == false, "two calls are in flight")
        #expect(machine.phase == .draining)
        #expect(!machine.isIdle)

        let refused = refusal(machine.callReceived(id: 3))
        #expect(refused?.code == .unavailable)
        #expect(refused?.reason == "draining")
        #expect(machine.lastCallID == 2, "a call that crossed the GoAway was not processed: last_call_id stays")
        #expect(machine.inFlight.count == 2)

        let claimed1 = machine.claimAnswer(id: 1)
        #expect(claimed1)
        let completion1 = machine.callFinished(id: 1)
        #expect(completion1 == .init(unanswered: false, close: false))
        let claimed2 = machine.claimAnswer(id: 2)
        #expect(claimed2)
        let completion2 = machine.callFinished(id: 2)
        #expect(completion2 == .init(unanswered: false, close: true), "the last call done: close")
        let drained1 = machine.beginDrain()
        #expect(drained1 == nil, "draining twice does nothing")
    }

    @Test("draining a connection with nothing in flight closes it at once")
    func drainIdle() {
        var machine = active()
        let decision1 = machine.callReceived(id: 4)
        #expect(decision1 == .start)
        _ = machine.claimAnswer(id: 4)
        _ = machine.callFinished(id: 4)
        let decision = machine.beginDrain()
        #expect(decision?.lastCallID == 4)
        #expect(decision?.closeNow == true)
    }

    @Test("draining before the handshake closes at once with last call id 0")
    func drainBeforeHandshake() {
        var machine = ConnectionStateMachine(maxConcurrentCalls: 10)
        let decision = machine.beginDrain()
        #expect(decision?.lastCallID == 0)
        #expect(decision?.closeNow == true)
        #expect(machine.phase == .closed)
        let drained1 = machine.beginDrain()
        #expect(drained1 == nil)
    }

    @Test("a closed connection refuses calls and is not idle")
    func closed() {
        var machine = active()
        machine.closed()
        #expect(machine.phase == .closed)
        #expect(!machine.isIdle)
        let decision1 = machine.callReceived(id: 1)
        #expect(refusal(decision1)?.code == .unavailable)
        let drained1 = machine.beginDrain()
        #expect(drained1 == nil)
    }

    @Test("a call in flight keeps an active connection from being idle")
    func idleness() {
        var machine = active()
        #expect(machine.isIdle)
        let decision1 = machine.callReceived(id: 1)
        #expect(decision1 == .start)
        #expect(!machine.isIdle)
        _ = machine.claimAnswer(id: 1)
        _ = machine.callFinished(id: 1)
        #expect(machine.isIdle)
    }
}
