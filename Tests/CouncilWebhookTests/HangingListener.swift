import NIOCore
import NIOPosix

/// Accepts connections and never answers: a receiver that hangs, for timeout tests.
struct HangingListener {
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    static func start() async throws -> HangingListener {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in channel.eventLoop.makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).get()
        return HangingListener(channel: channel)
    }

    func stop() async throws { try await channel.close() }
}
