import CouncilAPI
import CouncilWire
import NIOCore
import Synchronization

/// The frames waiting to be written on one connection.
///
/// Call tasks put frames in from anywhere. The first frame put into an empty outbox schedules one pass on the
/// connection's event loop, which takes everything waiting by then, encodes it into one buffer, and writes and
/// flushes once — so pipelined responses share syscalls, and a burst of answers costs one hop to the event loop
/// instead of a wake-up of a writer task and then one of the event loop. It counts the frames each watch stream
/// has not yet handed to the socket, so a client that reads too slowly is noticed before the server's memory is.
final class Outbox: Sendable {
    enum Item: Sendable {
        case frame(WireFrame, streamCallID: UInt64?)
        /// Close the connection after everything before it is written.
        case close
    }

    private struct State {
        var items: [Item] = []
        /// A pass is scheduled on the event loop and will take what is in `items`.
        var scheduled = false
        /// No more frames are accepted.
        var finished = false
        /// Everything is written (or the connection is closed) after ``finish()`` or a close.
        var done = false
        var doneWaiters: [CheckedContinuation<Void, Never>] = []
        var pendingByStream: [UInt64: Int] = [:]
    }

    private let channel: any Channel
    /// Used on the event loop only: a codec reuses its C arenas.
    private let codec: NIOLoopBoundBox<WireCodec>
    private let state = Mutex(State())

    /// Creates the outbox of a connection.
    init(channel: any Channel, codec configuration: WireCodec.Configuration) {
        self.channel = channel
        self.codec = NIOLoopBoundBox.makeBoxSendingValue(WireCodec(configuration: configuration), eventLoop: channel.eventLoop)
    }

    /// Queues a frame. A frame queued after ``close()`` or ``finish()`` is dropped.
    func send(_ frame: WireFrame, streamCallID: UInt64? = nil) {
        push(.frame(frame, streamCallID: streamCallID)) { state in
            if let streamCallID { state.pendingByStream[streamCallID, default: 0] += 1 }
        }
    }

    /// Closes the connection once everything queued so far is written.
    func close() {
        push(.close) { _ in }
    }

    /// Accepts no more frames; ``done()`` returns once everything queued is written.
    func finish() {
        let schedule = state.withLock { state -> Bool in
            state.finished = true
            if state.scheduled || state.done { return false }
            state.scheduled = true
            return true
        }
        if schedule { channel.eventLoop.execute { self.writePending() } }
    }

    /// Returns once everything queued before ``finish()`` or a close has been written.
    func done() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.done { return true }
                state.doneWaiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// How many frames of one stream wait to be handed to the socket.
    func pending(streamCallID: UInt64) -> Int {
        state.withLock { $0.pendingByStream[streamCallID] ?? 0 }
    }

    private func push(_ item: Item, _ count: (inout State) -> Void) {
        let schedule = state.withLock { state -> Bool in
            guard !state.finished else { return false }
            state.items.append(item)
            count(&state)
            if state.scheduled { return false }
            state.scheduled = true
            return true
        }
        if schedule { channel.eventLoop.execute { self.writePending() } }
    }

    /// On the event loop: encodes and writes everything waiting, then closes or reports being done when asked to.
    private func writePending() {
        let (items, finished) = state.withLock { state -> ([Item], Bool) in
            state.scheduled = false
            defer { state.items.removeAll(keepingCapacity: true) }
            return (state.items, state.finished)
        }
        let codec = self.codec.value
        var buffer = channel.allocator.buffer(capacity: 4096)
        var closing = false
        var streams: [UInt64: Int] = [:]
        for item in items {
            switch item {
            case .frame(let frame, let stream):
                do {
                    try codec.encode(frame, into: &buffer)
                } catch {
                    // A response the wire cannot carry (a string with NUL from stored data): answer the call with an
                    // error instead, so the client is not left waiting.
                    if case .response(let response) = frame {
                        let status = CallStatus(.internal, "the server could not encode the response", reason: "internal")
                        try? codec.encode(.response(WireResponseFrame(callID: response.callID, status: status, response: nil)), into: &buffer)
                    }
                }
                if let stream { streams[stream, default: 0] += 1 }
            case .close:
                closing = true
            }
            if closing { break }
        }
        var written: EventLoopFuture<Void>?
        if buffer.readableBytes > 0 {
            let promise = channel.eventLoop.makePromise(of: Void.self)
            channel.writeAndFlush(buffer, promise: promise)
            written = promise.futureResult
        }
        if !streams.isEmpty {
            let counted: @Sendable (Result<Void, any Error>) -> Void = { [self, streams] _ in
                state.withLock { state in
                    for (stream, count) in streams { state.pendingByStream[stream, default: count] -= count }
                }
            }
            if let written { written.whenComplete(counted) } else { counted(.success(())) }
        }
        guard closing || finished else { return }
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if closing { state.finished = true }
            // Frames queued after a finish were dropped; frames queued during this pass get a pass of their own.
            guard state.items.isEmpty || closing else { return [] }
            state.done = true
            defer { state.doneWaiters.removeAll() }
            return state.doneWaiters
        }
        if closing {
            let channel = self.channel
            if let written { written.whenComplete { _ in channel.close(promise: nil) } } else { channel.close(promise: nil) }
        }
        for waiter in waiters { waiter.resume() }
    }
}
