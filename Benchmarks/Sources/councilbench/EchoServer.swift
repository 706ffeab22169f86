import CouncilWire
import NIOCore
import NIOPosix

/// The transport bound: a SwiftNIO server that answers every length-prefixed frame with one frame of a fixed size,
/// in order, on the same event loops councild uses. It decodes nothing and stores nothing, so no RPC server on NIO
/// can beat it with the same frames.
enum EchoServer {
    static func serve(host: String, port: Int, replyBytes: Int) async throws {
        var reply = ByteBufferAllocator().buffer(capacity: replyBytes + 4)
        reply.writeInteger(UInt32(replyBytes), endianness: .big)
        reply.writeRepeatingByte(0x2A, count: replyBytes)
        let frame = reply
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LengthPrefixedFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(Answer(reply: frame))
                }
            }
            .bind(host: host, port: port).get()
        try await channel.closeFuture.get()
    }

    private final class Answer: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let reply: ByteBuffer

        init(reply: ByteBuffer) { self.reply = reply }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.write(wrapOutboundOut(reply), promise: nil)
        }

        func channelReadComplete(context: ChannelHandlerContext) {
            context.flush()
        }
    }
}
