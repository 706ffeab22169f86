import CouncilKit
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A webhook receiver on loopback that does what docs/webhooks.md tells receivers to do: verify the signature
/// and the timestamp, answer, and act once per notification id. Its answers are scripted by the test.
final class WebhookReceiver: @unchecked Sendable {
    struct Request: Sendable {
        var path: String
        var headers: [String: String]
        var body: [UInt8]
        var signatureValid: Bool
        var status: Int

        var id: String { headers[WebhookHeader.id] ?? "" }
        var attempt: Int { Int(headers[WebhookHeader.attempt] ?? "") ?? 0 }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
    }

    /// Chooses the status for a request whose signature was checked; 401 is answered without asking.
    typealias Script = @Sendable (_ request: Request, _ seen: Int) -> Int

    let secret: String
    private let now: @Sendable () -> Timestamp
    private let lock = NSLock()
    private var script: Script
    private var received: [Request] = []
    private var actedOn: [String: Int] = [:]
    private var logLines: [String] = []
    private var channel: (any Channel)?
    private(set) var port: Int = 0
    private let continuation: AsyncStream<Request>.Continuation
    let requests: AsyncStream<Request>

    init(secret: String, now: @escaping @Sendable () -> Timestamp, script: @escaping Script = { _, _ in 200 }) {
        self.secret = secret
        self.now = now
        self.script = script
        (requests, continuation) = AsyncStream.makeStream(of: Request.self)
    }

    var url: String { "http://127.0.0.1:\(port)/hooks/council" }
    var all: [Request] { lock.withLock { received } }
    var log: [String] { lock.withLock { logLines } }

    func answer(_ script: @escaping Script) { lock.withLock { self.script = script } }

    /// How many times the receiver acted on `id` (stored it), after deduplication.
    func timesActedOn(_ id: String) -> Int { lock.withLock { actedOn[id] ?? 0 } }

    /// Listens on `port`, or on a free port the first time.
    ///
    /// The first port is chosen below the kernel's ephemeral range, so that while the receiver is stopped no
    /// outgoing connection (this suite's or another process's) is given it and a restart finds it free.
    func start(port requested: Int? = nil) async throws {
        if let requested {
            try await bind(port: requested)
            return
        }
        var lastError: (any Error)?
        for _ in 0..<50 {
            do {
                return try await bind(port: Int.random(in: 20_000..<32_000))
            } catch {
                lastError = error
            }
        }
        throw lastError!
    }

    private func bind(port: Int) async throws {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(receiver: self))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
        lock.withLock {
            self.channel = channel
            self.port = channel.localAddress?.port ?? 0
        }
    }

    /// Stops listening: connections are refused until ``start(port:)`` again.
    func stop() async throws {
        let channel = lock.withLock { () -> (any Channel)? in
            defer { self.channel = nil }
            return self.channel
        }
        try await channel?.close()
    }

    /// The documented verification, written out with swift-crypto rather than through WebhookSignature.
    func verify(_ headers: [String: String], _ body: [UInt8]) -> Bool {
        guard let timestamp = headers[WebhookHeader.timestamp], let signature = headers[WebhookHeader.signature],
            let seconds = Int64(timestamp), abs(now().millisecondsSince1970 / 1000 - seconds) <= 300
        else { return false }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(timestamp.utf8) + Data(".".utf8) + Data(body), using: SymmetricKey(data: Data(secret.utf8)))
        let expected = "v1=" + mac.map { String(format: "%02x", $0) }.joined()
        // Constant time: compare every byte.
        guard expected.utf8.count == signature.utf8.count else { return false }
        return zip(expected.utf8, signature.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    fileprivate func handle(path: String, headers: [String: String], body: [UInt8]) -> Int {
        let valid = verify(headers, body)
        let (request, status): (Request, Int) = lock.withLock {
            var request = Request(path: path, headers: headers, body: body, signatureValid: valid, status: 0)
            let seen = received.filter { $0.id == request.id }.count
            let status = valid ? script(request, seen) : 401
            request.status = status
            received.append(request)
            var note = "answered"
            if (200..<300).contains(status) {
                if actedOn[request.id] == nil {
                    actedOn[request.id] = 1
                    note = "stored"
                } else {
                    note = "duplicate, not acted on again"
                }
            }
            let message = request.json["message"] as? String ?? ""
            logLines.append(
                "POST \(path) id=\(request.id) event=\(headers[WebhookHeader.event] ?? "") attempt=\(request.attempt) "
                    + "signature=\(valid ? "valid" : "INVALID") → \(status) \(note): \(message)")
            return (request, status)
        }
        continuation.yield(request)
        return status
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let receiver: WebhookReceiver
        var head: HTTPRequestHead?
        var body: [UInt8] = []

        init(receiver: WebhookReceiver) { self.receiver = receiver }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
            case .body(var buffer):
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                guard let head else { return }
                var headers: [String: String] = [:]
                for (name, value) in head.headers { headers[name.lowercased()] = value }
                let status = receiver.handle(path: head.uri, headers: headers, body: body)
                var responseHeaders = HTTPHeaders([("content-length", "0"), ("connection", "close")])
                responseHeaders.add(name: "server", value: "loopback-receiver")
                let responseHead = HTTPResponseHead(
                    version: head.version, status: HTTPResponseStatus(statusCode: status), headers: responseHeaders)
                context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }
}

/// The header names as a receiver reads them (lowercased).
enum WebhookHeader {
    static let id = "x-council-notification-id"
    static let timestamp = "x-council-timestamp"
    static let signature = "x-council-signature"
    static let event = "x-council-event"
    static let attempt = "x-council-attempt"
}
