import CouncilAPI
import CouncilKit
internal import CouncilWire
import NIOCore
import NIOPosix
import Synchronization

/// A Swift client for councild: every method of `Schemas/PROTOCOL.md` as an async method of the same name, its
/// parameters the request's fields (generated from the schema: CouncilClient+Methods.generated.swift).
///
/// One connection carries many concurrent calls; it is opened on the first call and reopened when it breaks.
/// Calls that are safe to repeat — reads, submissions with an external reference, and calls with an idempotency
/// key — are retried once on a new connection when the old one fails under them. Every failure is a
/// ``CouncilClientError`` with the status code and its details.
///
/// ```swift
/// let client = CouncilClient(configuration: .init(host: "127.0.0.1", port: 7420, system: "hall-staff", key: key))
/// let submitted = try await client.submit(submission: Submission(title: "楼道灯不亮", description: "", source: .walkIn, community: "QX01"))
/// let accepted = try await client.accept(caseID: submitted.case.state.id, category: "infrastructure")
/// for try await batch in client.watchEvents(after: 0) { … batch.events … }
/// await client.close()
/// ```
public final class CouncilClient: Sendable {
    /// Where to connect and as whom.
    public struct Configuration: Sendable {
        /// The server's host.
        public var host: String
        /// The server's port. Default 7420.
        public var port: Int
        /// This client system's code, for example `petition-office`.
        public var system: String
        /// The API key the operator issued to the system; `nil` when a client certificate alone authenticates it
        /// (``tls``).
        public var key: String?
        /// TLS to the server, and the client certificate for mutual TLS; `nil`: plaintext.
        public var tls: TLS?
        /// Names this client in the server's logs. Default `CouncilClient`.
        public var instance: String
        /// How long connecting may take. Default 5 s.
        public var connectTimeout: Duration
        /// A call's deadline when it gives none. Default 30 s.
        public var defaultTimeout: Duration
        /// The largest frame accepted from the server. Default 1 MiB.
        public var maxFrameBytes: Int

        /// Creates a configuration.
        public init(host: String, port: Int = 7420, system: String, key: String?, tls: TLS? = nil) {
            self.host = host
            self.port = port
            self.system = system
            self.key = key
            self.tls = tls
            self.instance = "CouncilClient"
            self.connectTimeout = .seconds(5)
            self.defaultTimeout = .seconds(30)
            self.maxFrameBytes = 1_048_576
        }
    }

    /// Where to connect and as whom.
    public let configuration: Configuration
    private let group: any EventLoopGroup
    private let current = Mutex<Task<ClientConnection, any Error>?>(nil)

    /// Creates a client; nothing connects until the first call.
    public init(configuration: Configuration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.group = group
    }

    /// Closes the connection once the calls in flight are answered.
    public func close() async {
        let task = current.withLock { task in
            defer { task = nil }
            return task
        }
        (try? await task?.value)?.close()
    }

    // MARK: Calls

    /// Sends one call of `method` and returns its response; what every typed method (CouncilClient+Methods) does.
    ///
    /// A call that is safe to repeat — one that writes nothing, a submission with an external reference, a write of
    /// an idempotent method under an idempotency key — is sent once more on a new connection when the connection
    /// fails under it.
    /// - Throws: ``CouncilClientError``.
    func call<Method: WireMethod>(_ method: Method.Type, _ request: Method.Request, options: CallOptions) async throws -> Method.Response {
        let retrySafe = Self.isSafeToRetry(Method.descriptor, request, options.metadata)
        var attempt = 0
        while true {
            attempt += 1
            let (connection, task) = try await connection()
            do {
                let frame = try await connection.call(
                    Method.wrap(request), timeout: options.timeout ?? configuration.defaultTimeout, metadata: options.metadata)
                guard frame.status.isOK, let response = frame.response else { throw CouncilClientError(frame.status) }
                guard let answer = Method.unwrap(response) else { throw Self.unexpected }
                return answer
            } catch let error as CouncilClientError where error.isConnectionFailure && retrySafe && attempt < 2 {
                discard(task)
                continue
            } catch let error as CouncilClientError where error.isConnectionFailure {
                discard(task)
                throw error
            }
        }
    }

    /// Starts a streaming call of `method`: its items as they come, until the task is cancelled or the server ends
    /// the stream (the stream throws the ending status unless it was cancelled).
    func stream<Method: WireMethod>(
        _ method: Method.Type, _ request: Method.Request, options: CallOptions
    ) -> AsyncThrowingStream<Method.Response, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Method.Response.self)
        let task = Task {
            do {
                let (connection, _) = try await connection()
                for try await frame in try connection.stream(Method.wrap(request), metadata: options.metadata) {
                    if let item = frame.response.flatMap(Method.unwrap) { continuation.yield(item) }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Whether repeating a call cannot do anything twice.
    static func isSafeToRetry(_ method: MethodDescriptor, _ request: some Sendable, _ metadata: CallMetadata) -> Bool {
        if !method.writes { return true }
        if method.idempotent, let key = metadata.idempotencyKey, !key.isEmpty { return true }
        return (request as? SubmitRequest)?.isRepeatable ?? false
    }

    /// The open connection, opening one when there is none or the last one broke or is draining.
    func connection() async throws -> (ClientConnection, Task<ClientConnection, any Error>) {
        while true {
            let task = current.withLock { current -> Task<ClientConnection, any Error> in
                if let existing = current { return existing }
                let configuration = configuration, group = group
                let task = Task { try await ClientConnection.open(configuration, group: group) }
                current = task
                return task
            }
            do {
                let connection = try await task.value
                if connection.isUsable { return (connection, task) }
                discard(task)
            } catch {
                discard(task)
                throw error
            }
        }
    }

    private func discard(_ task: Task<ClientConnection, any Error>) {
        current.withLock { current in if current == task { current = nil } }
    }

    static let unexpected = CouncilClientError(.internal, "the server answered with a response of another method")
}

/// How one call is made: its deadline and its metadata.
public struct CallOptions: Sendable {
    /// The call's deadline; the client configuration's default when `nil`.
    public var timeout: Duration?
    /// Trace id, idempotency key, acting user.
    public var metadata: CallMetadata

    /// Creates options; by default the configured deadline and no metadata.
    public init(timeout: Duration? = nil, metadata: CallMetadata = CallMetadata()) {
        self.timeout = timeout
        self.metadata = metadata
    }
}
