import CouncilAPI
import CouncilKit
import CouncilWire
import NIOCore

/// Splits the byte stream into frame payloads like `LengthPrefixedFrameDecoder`, and cuts off a peer that takes
/// longer than the frame read timeout to deliver one frame (slowloris): the timer starts with a frame's first byte
/// and stops when its last arrives.
///
/// A length above the maximum is refused from the 4-byte header alone, and input that ends in the middle of a frame
/// as `truncatedFrame`; these failures reach the connection as a ``WireError`` in the inbound stream.
struct FrameReader: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    let maxFrameBytes: Int
    let readTimeout: Duration
    /// The server's clock, which the timer runs on.
    let clock: any SleepingClock
    private var timer: ScheduledTimer?
    /// Whether the timer's frame is still incomplete, read on the event loop: a timer that fired on the clock's thread
    /// just as the frame completed must not cut the connection off.
    private var armed: NIOLoopBoundBox<Bool>?

    init(maxFrameBytes: Int, readTimeout: Duration, clock: any SleepingClock) {
        self.maxFrameBytes = maxFrameBytes
        self.readTimeout = readTimeout
        self.clock = clock
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let payload = try WireFraming.readFrame(from: &buffer, maxFrameBytes: maxFrameBytes) else {
            if buffer.readableBytes > 0, timer == nil {
                // A frame has begun; it must end in time.
                let handlerContext = NIOLoopBound(context, eventLoop: context.eventLoop)
                let eventLoop = context.eventLoop, timeout = readTimeout
                let armed = NIOLoopBoundBox(true, eventLoop: eventLoop)
                self.armed = armed
                timer = clock.schedule(after: timeout) {
                    eventLoop.execute {
                        guard armed.value else { return }
                        handlerContext.value.fireErrorCaught(WireError(.frameReadTimeout, "a frame took longer than \(timeout) to arrive"))
                    }
                }
            }
            return .needMoreData
        }
        disarm()
        context.fireChannelRead(Self.wrapInboundOut(payload))
        return .continue
    }

    private mutating func disarm() {
        armed?.value = false
        armed = nil
        timer?.cancel()
        timer = nil
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        disarm()
        while let payload = try WireFraming.readFrame(from: &buffer, maxFrameBytes: maxFrameBytes) {
            context.fireChannelRead(Self.wrapInboundOut(payload))
        }
        // A partial frame at the end of the stream: the peer stopped sending in the middle of it. It is refused with a
        // GoAway (`truncatedFrame`), which a peer that only closed its sending side still reads.
        let left = buffer.readableBytes
        buffer.moveReaderIndex(forwardBy: left)
        if left > 0 { throw WireError(.truncatedFrame, "the connection's input ended \(left) bytes into a frame") }
        return .needMoreData
    }

    mutating func decoderRemoved(context: ChannelHandlerContext) {
        disarm()
    }
}
