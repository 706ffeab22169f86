import CouncilKit
import CouncilWire
import NIOCore
import NIOPosix
import Synchronization

/// A Swift client for councild: every case operation and query of `Schemas/PROTOCOL.md` as an async method.
///
/// One connection carries many concurrent calls; it is opened on the first call and reopened when it breaks.
/// Calls that are safe to repeat — reads, submissions with an external reference, and calls with an idempotency
/// key — are retried once on a new connection when the old one fails under them. Every failure is a
/// ``CouncilClientError`` with the status code and its details.
///
/// ```swift
/// let client = CouncilClient(configuration: .init(host: "127.0.0.1", port: 7420, system: "hall-staff", key: key))
/// let submitted = try await client.submit(Submission(title: "楼道灯不亮", description: "", source: .walkIn, community: "QX01"))
/// let accepted = try await client.accept(submitted.case.state.id, category: "infrastructure")
/// for try await events in client.watch(after: 0) { … }
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
        /// The API key the operator issued to the system.
        public var key: String
        /// Names this client in the server's logs. Default `CouncilClient`.
        public var instance: String
        /// How long connecting may take. Default 5 s.
        public var connectTimeout: Duration
        /// A call's deadline when it gives none. Default 30 s.
        public var defaultTimeout: Duration
        /// The largest frame accepted from the server. Default 1 MiB.
        public var maxFrameBytes: Int

        /// Creates a configuration.
        public init(host: String, port: Int = 7420, system: String, key: String) {
            self.host = host
            self.port = port
            self.system = system
            self.key = key
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

    /// Sends any request and returns its response; the building block of every method below.
    /// - Parameters:
    ///   - request: The method and its input.
    ///   - timeout: The call's deadline; the configuration's default when `nil`.
    ///   - metadata: Trace id, idempotency key, acting user.
    /// - Throws: ``CouncilClientError``.
    public func call(_ request: WireRequest, timeout: Duration? = nil, metadata: CallMetadata = CallMetadata()) async throws -> WireResponse {
        let retrySafe = Self.isSafeToRetry(request, metadata)
        var attempt = 0
        while true {
            attempt += 1
            let (connection, task) = try await connection()
            do {
                let frame = try await connection.call(request, timeout: timeout ?? configuration.defaultTimeout, metadata: metadata)
                guard frame.status.isOK, let response = frame.response else { throw CouncilClientError(frame.status) }
                return response
            } catch let error as CouncilClientError where error.isConnectionFailure && retrySafe && attempt < 2 {
                discard(task)
                continue
            } catch let error as CouncilClientError where error.isConnectionFailure {
                discard(task)
                throw error
            }
        }
    }

    /// Whether repeating `request` cannot do anything twice.
    static func isSafeToRetry(_ request: WireRequest, _ metadata: CallMetadata) -> Bool {
        // The server honours idempotency keys on case operations only.
        if let key = metadata.idempotencyKey, !key.isEmpty, request.method.operation != nil { return true }
        switch request {
        case .submit(let submission): return submission.externalReference != nil
        default: return request.method.isRead
        }
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

    func updated(_ request: WireRequest, _ metadata: CallMetadata) async throws -> CaseView {
        guard case .updated(_, let view) = try await call(request, metadata: metadata) else { throw Self.unexpected }
        return view
    }

    static let unexpected = CouncilClientError(.internal, "the server answered with a response of another method")
}
