import CouncilWire
import NIOCore
import Synchronization

/// The frames waiting to be written on one connection, and the one task that writes them.
///
/// Call tasks put frames in from anywhere; the writer takes everything waiting, encodes it into one buffer and
/// writes and flushes once, so pipelined responses share syscalls. It counts the items each watch stream has
/// waiting, so a client that reads too slowly is noticed before the server's memory is.
final class Outbox: Sendable {
    enum Item: Sendable {
        case frame(WireFrame, streamCallID: UInt64?)
        /// Close the connection after everything before it is written.
        case close
    }

    private struct State {
        var items: [Item] = []
        var waiter: CheckedContinuation<Void, Never>?
        var finished = false
        var pendingByStream: [UInt64: Int] = [:]
    }

    private let state = Mutex(State())

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

    /// Stops the writer after it wrote everything queued.
    func finish() {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }?.resume()
    }

    /// How many items of one stream wait to be written.
    func pending(streamCallID: UInt64) -> Int {
        state.withLock { $0.pendingByStream[streamCallID] ?? 0 }
    }

    private func push(_ item: Item, _ count: (inout State) -> Void) {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.finished else { return nil }
            state.items.append(item)
            count(&state)
            defer { state.waiter = nil }
            return state.waiter
        }?.resume()
    }

    /// Writes queued frames until finished or told to close; then closes the channel.
    func run(writer: NIOAsyncChannelOutboundWriter<ByteBuffer>, channel: any Channel, codec: WireCodec) async {
        var buffer = channel.allocator.buffer(capacity: 4096)
        while true {
            let (items, finished) = await take()
            var closing = finished
            buffer.clear()
            for item in items {
                switch item {
                case .frame(let frame, let stream):
                    do {
                        try codec.encode(frame, into: &buffer)
                    } catch {
                        // A response the wire cannot carry (a string with NUL from stored data): answer the call with
                        // an error instead, so the client is not left waiting.
                        if case .response(let response) = frame {
                            let status = WireStatus(.internal, "the server could not encode the response", reason: "internal")
                            try? codec.encode(.response(WireResponseFrame(callID: response.callID, status: status, response: nil)), into: &buffer)
                        }
                    }
                    if let stream { state.withLock { $0.pendingByStream[stream, default: 1] -= 1 } }
                case .close:
                    closing = true
                }
                if closing { break }
            }
            if buffer.readableBytes > 0 {
                do { try await writer.write(buffer) } catch { closing = true }
            }
            if closing {
                state.withLock { $0.finished = true }
                writer.finish()
                try? await channel.close()
                return
            }
        }
    }

    private func take() async -> ([Item], finished: Bool) {
        while true {
            let taken: ([Item], Bool)? = state.withLock { state in
                guard state.items.isEmpty else {
                    defer { state.items.removeAll(keepingCapacity: true) }
                    return (state.items, false)
                }
                return state.finished ? ([], true) : nil
            }
            if let taken { return taken }
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if !state.items.isEmpty || state.finished { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }
}
