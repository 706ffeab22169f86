import CouncilAPI
import CouncilKit
internal import CouncilWire
import NIOCore
import NIOPosix
import Synchronization

/// A Swift client for councild: every method of `Schemas/PROTOCOL.md` as an async method of the same name, its
/// parameters the request's fields (generated from the schema: CouncilClient+Methods.generated.swift).
///
/// One connection carries many concurrent calls; it is opened on the first call and reopened when the server sends
/// GoAway or the connection breaks, with exponential back-off and jitter (``Configuration/reconnect``). Calls the
/// server did not process, and calls that are safe to repeat — reads, submissions with an external reference, writes
/// under an idempotency key — are sent again on the new connection; other calls in flight fail with UNAVAILABLE
/// `connectionLost` (their outcome is unknown), and `watchEvents` resumes after the last event it delivered. Every
/// failure is a ``CouncilClientError`` with the status code and its details.
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
        /// How the client reconnects once a connection it had is gone — the server drained it (a restart or deploy:
        /// SIGTERM), closed it when idle, or the connection broke — and which calls it then sends again on its own.
        /// Default ``ReconnectPolicy/standard``: on.
        ///
        /// It is on by default because an integrator such as a petition office keeps one client for the life of its
        /// process and expects it to outlive a councild restart: with reconnecting on, a restart costs the calls in
        /// flight a short wait, not an error — but only where sending again is safe:
        ///
        /// * a call the server did not process — never sent, or above the GoAway's `last_call_id` — is sent again;
        /// * a call that may have been processed is sent again only if repeating it cannot do anything twice: a
        ///   method that does not write, a submit whose submission carries an external reference, or a write of an
        ///   idempotent method under an idempotency key (`Schemas/PROTOCOL.md` §5.3, §5.4);
        /// * any other call fails with UNAVAILABLE, reason `connectionLost`: it may or may not have been done, and the
        ///   caller decides (read the case again, or send it with an idempotency key);
        /// * `watchEvents` goes on after the last event it delivered, on the new connection: no event is missed or
        ///   delivered twice.
        ///
        /// Only a client that has been connected reconnects: the very first connection fails at once, so that a wrong
        /// address, port or key shows without waiting. Once the policy's attempts are used up, the calls waiting fail
        /// with UNAVAILABLE saying how many attempts failed and why; ``ReconnectPolicy/disabled`` turns all of this off.
        public var reconnect: ReconnectPolicy

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
            self.reconnect = .standard
        }
    }

    /// Where to connect and as whom.
    public let configuration: Configuration
    private let group: any EventLoopGroup
    private let link = Mutex(Link())

    /// The connection calls go to, and whether this client has ever had one (only then does it reconnect).
    private struct Link {
        var current: Task<ClientConnection, any Error>?
        var hasConnected = false
    }

    /// Creates a client; nothing connects until the first call.
    public init(configuration: Configuration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.group = group
    }

    /// Closes the connection once the calls in flight are answered.
    public func close() async {
        let task = link.withLock { link in
            defer { link.current = nil }
            return link.current
        }
        (try? await task?.value)?.close()
    }

    // MARK: Calls

    /// Sends one call of `method` and returns its response; what every typed method (CouncilClient+Methods) does.
    ///
    /// When the connection fails under the call, the call is sent again on a new connection (``ReconnectPolicy``)
    /// if the server did not process it — it was never sent, or it crossed the server's GoAway — or if repeating it
    /// cannot do anything twice (``isSafeToRetry(_:_:_:)``). Otherwise it fails with UNAVAILABLE `connectionLost`:
    /// it may or may not have been done.
    /// - Throws: ``CouncilClientError``.
    func call<Method: WireMethod>(_ method: Method.Type, _ request: Method.Request, options: CallOptions) async throws -> Method.Response {
        let retrySafe = Self.isSafeToRetry(Method.descriptor, request, options.metadata)
        let policy = configuration.reconnect
        var resent = 0
        while true {
            let (connection, task) = try await connection()
            let failure: ConnectionFailure
            do {
                let frame = try await connection.call(
                    Method.wrap(request), timeout: options.timeout ?? configuration.defaultTimeout, metadata: options.metadata)
                if frame.status.isOK, let response = frame.response {
                    guard let answer = Method.unwrap(response) else { throw Self.unexpected }
                    return answer
                }
                let error = CouncilClientError(frame.status)
                // The server refuses a call that crossed its GoAway without running it (PROTOCOL.md §7.2).
                guard error.code == .unavailable, error.reason == "draining" else { throw error }
                failure = .notProcessed(error)
            } catch let error as ConnectionFailure {
                failure = error
            }
            discard(task)
            let again: Bool
            switch failure {
            case .notProcessed: again = policy.isEnabled
            case .outcomeUnknown: again = policy.isEnabled && retrySafe
            }
            guard again, resent < policy.maxAttempts else { throw failure.error }
            resent += 1
        }
    }

    /// Starts a streaming call of `method`: its items as they come, until the task is cancelled or the server ends
    /// the stream (the stream throws the ending status unless it was cancelled).
    ///
    /// A stream the connection or a draining server ends before it delivered anything is started again on a new
    /// connection (``ReconnectPolicy``); one that delivered items ends with the failure, unless the method can be
    /// resumed (``ResumableStreamMethod``). It ends with the failure after ``ReconnectPolicy/maxAttempts`` restarts in
    /// a row that delivered nothing.
    func stream<Method: WireMethod>(
        _ method: Method.Type, _ request: Method.Request, options: CallOptions
    ) -> AsyncThrowingStream<Method.Response, any Error> {
        stream(method, request, options: options, resume: nil)
    }

    /// Starts a streaming call of a method that can pick up where it stopped: when the connection breaks or the
    /// server drains, the stream goes on, on a new connection (``ReconnectPolicy``), right after the last item
    /// delivered — nothing missed, nothing twice.
    func stream<Method: ResumableStreamMethod>(
        _ method: Method.Type, _ request: Method.Request, options: CallOptions
    ) -> AsyncThrowingStream<Method.Response, any Error> {
        stream(method, request, options: options, resume: ({ Method.request($0, after: $1) }, { Method.unseen($0, by: $1) }))
    }

    private func stream<Method: WireMethod>(
        _ method: Method.Type, _ request: Method.Request, options: CallOptions,
        resume: (
            @Sendable (Method.Request, Method.Response) -> Method.Request,
            @Sendable (Method.Response, Method.Request) -> Method.Response?
        )?
    ) -> AsyncThrowingStream<Method.Response, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Method.Response.self)
        let policy = configuration.reconnect
        let retrySafe = Self.isSafeToRetry(Method.descriptor, request, options.metadata)
        let task = Task {
            var request = request
            var delivered = false
            var restarted = 0
            while true {
                let failure: ConnectionFailure
                do {
                    let (connection, task) = try await connection()
                    do {
                        for try await frame in try connection.stream(Method.wrap(request), metadata: options.metadata) {
                            guard var item = frame.response.flatMap(Method.unwrap) else { continue }
                            if let (next, unseen) = resume {
                                guard let new = unseen(item, request) else { continue }
                                item = new
                                request = next(request, item)
                            }
                            delivered = true
                            restarted = 0
                            continuation.yield(item)
                        }
                        continuation.finish()
                        return
                    } catch let error as ConnectionFailure {
                        discard(task)
                        failure = error
                    } catch let error as CouncilClientError where error.code == .unavailable && error.reason == "draining" {
                        discard(task)
                        failure = .notProcessed(error)
                    }
                    let again: Bool
                    switch failure {
                    case .notProcessed: again = policy.isEnabled
                    case .outcomeUnknown: again = policy.isEnabled && retrySafe
                    }
                    guard again, resume != nil || !delivered, restarted < policy.maxAttempts, !Task.isCancelled else {
                        throw failure.error
                    }
                    restarted += 1
                } catch {
                    continuation.finish(throwing: error)
                    return
                }
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Whether repeating a call cannot do anything twice: it writes nothing, or it is a write of an idempotent method
    /// under an idempotency key (the server answers a repeat with the first result), or its request says so
    /// (``RepeatableRequest``: a submission with an external reference).
    static func isSafeToRetry(_ method: MethodDescriptor, _ request: some Sendable, _ metadata: CallMetadata) -> Bool {
        if !method.writes { return true }
        if method.idempotent, let key = metadata.idempotencyKey, !key.isEmpty { return true }
        return (request as? any RepeatableRequest)?.isRepeatable ?? false
    }

    /// The open connection, opening one when there is none or the last one broke or is draining. Once this client
    /// has been connected, opening waits and tries again as ``Configuration/reconnect`` says; the first connection
    /// fails at once, so that a wrong address or key is told without delay.
    func connection() async throws -> (ClientConnection, Task<ClientConnection, any Error>) {
        while true {
            let task = link.withLock { link -> Task<ClientConnection, any Error> in
                if let existing = link.current { return existing }
                let configuration = configuration, group = group
                let policy = link.hasConnected ? configuration.reconnect : .disabled
                let task = Task { try await Self.open(configuration, group: group, policy: policy) }
                link.current = task
                return task
            }
            let outcome = try await Self.outcome(of: task)
            do {
                let connection = try outcome.get()
                link.withLock { $0.hasConnected = true }
                if connection.isUsable { return (connection, task) }
                discard(task)
            } catch {
                discard(task)
                throw error
            }
        }
    }

    /// How `task` ended; throws `CancellationError` as soon as the calling task is cancelled, without waiting for
    /// `task` (a reconnect's back-off, say), which goes on for the other calls waiting on it.
    static func outcome(of task: Task<ClientConnection, any Error>) async throws -> Result<ClientConnection, any Error> {
        let waiter = Waiter()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiter.set(continuation)
                Task { waiter.resume(with: .success(await task.result)) }
                if Task.isCancelled { waiter.resume(with: .failure(CancellationError())) }
            }
        } onCancel: {
            waiter.resume(with: .failure(CancellationError()))
        }
    }

    /// One continuation, resumed by whichever comes first: the task's end or the caller's cancellation.
    private final class Waiter: Sendable {
        typealias Outcome = Result<Result<ClientConnection, any Error>, any Error>
        private struct State {
            var continuation: CheckedContinuation<Result<ClientConnection, any Error>, any Error>?
            var early: Outcome?
            var resumed = false
        }

        private let state = Mutex(State())

        func set(_ continuation: CheckedContinuation<Result<ClientConnection, any Error>, any Error>) {
            let early = state.withLock { state -> Outcome? in
                guard let early = state.early else {
                    state.continuation = continuation
                    return nil
                }
                state.resumed = true
                return early
            }
            if let early { continuation.resume(with: early) }
        }

        func resume(with outcome: Outcome) {
            let pending = state.withLock { state -> CheckedContinuation<Result<ClientConnection, any Error>, any Error>? in
                if state.resumed { return nil }
                guard let continuation = state.continuation else {
                    state.early = state.early ?? outcome
                    return nil
                }
                state.resumed = true
                state.continuation = nil
                return continuation
            }
            pending?.resume(with: outcome)
        }
    }

    /// Opens a connection, trying again after an UNAVAILABLE failure as `policy` says.
    static func open(
        _ configuration: Configuration, group: any EventLoopGroup, policy: ReconnectPolicy
    ) async throws -> ClientConnection {
        var failures = 0
        while true {
            do {
                return try await ClientConnection.open(configuration, group: group)
            } catch let error as CouncilClientError where error.code == .unavailable && error.reason != "tlsHandshakeFailed" {
                failures += 1
                guard failures <= policy.maxAttempts else {
                    guard failures > 1 else { throw error }
                    throw CouncilClientError(
                        .unavailable,
                        "gave up reconnecting to \(configuration.host):\(configuration.port) after \(failures) attempts: \(error.message)",
                        reason: error.reason)
                }
                try await policy.sleep(policy.delay(afterFailure: failures))
            }
        }
    }

    private func discard(_ task: Task<ClientConnection, any Error>) {
        link.withLock { link in if link.current == task { link.current = nil } }
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
