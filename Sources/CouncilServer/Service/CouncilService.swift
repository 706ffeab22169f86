import CouncilAPI
import CouncilKit
import CouncilWire
import Logging

/// councild's handlers: one per method of the schema (``CouncilHandlers``), each a call of a CouncilKit service over
/// the server's environment.
///
/// The interceptor chain has authenticated and authorized the call before a handler runs (``CallContext``); a handler
/// only does the method's work and answers in the caller's terms: cases and events masked for callers without the
/// personal-data scope. It knows nothing of sockets or encodings.
public struct CouncilService: CouncilHandlers {
    /// What calls work with.
    public let environment: ServerEnvironment
    /// The limits clients are told in server information; exports must fit one frame of them.
    public let limits: ConnectionLimits
    /// The notification courier whose dead letters the dead-letter methods reach; `nil` when the server delivers
    /// no notifications.
    public let notifications: NotificationCourier?
    /// People's accounts and keys.
    public let accounts: AccountRegistry
    /// Failed sign-ins, counted by the handshake and reported by `list_sign_in_failures`.
    let signIns: SignInGuard
    /// Whether the store can write, for `check_health`.
    public let writeHealth: WriteHealth
    /// Where calls the store refused are logged, once per interval for each cause.
    public let refusals: RefusalLog
    /// The server's metrics, recorded through the environment's factory.
    let metrics: ServerMetrics

    /// Creates the handlers, with the environment's store holding people's accounts.
    /// - Parameters:
    ///   - environment: What calls work with.
    ///   - limits: The limits clients are told.
    ///   - notifications: The notification courier whose dead letters the dead-letter methods reach, if any.
    ///   - logger: Where the counts of refused calls go (``RefusalLog``); each call logs to its connection's logger.
    public init(
        environment: ServerEnvironment, limits: ConnectionLimits, notifications: NotificationCourier? = nil, logger: Logger
    ) {
        self.environment = environment
        self.limits = limits
        self.notifications = notifications
        self.accounts = AccountRegistry(
            store: environment.store, clock: environment.clock, people: { Set(environment.directory.people.keys) })
        self.signIns = SignInGuard(clock: environment.clock)
        self.writeHealth = WriteHealth(store: environment.store, clock: environment.clock)
        self.refusals = RefusalLog(clock: environment.clock, logger: logger)
        self.metrics = ServerMetrics(factory: environment.metrics)
    }

    /// The interceptors every call passes through, in order: metrics, metadata limits, logging, authentication,
    /// authorization, idempotency, deadline.
    public var interceptors: InterceptorChain {
        InterceptorChain([
            MetricsInterceptor(metrics: metrics, clock: environment.clock),
            MetadataInterceptor(),
            LoggingInterceptor(refusals: refusals),
            AuthenticationInterceptor(),
            AuthorizationInterceptor(lookUp: { [environment] id in try await environment.cases.case(id) }),
            IdempotencyInterceptor(store: environment.store, clock: environment.clock) { [self] id, context in
                view(try await environment.cases.case(id), context)
            },
            DeadlineInterceptor(clock: environment.clock),
        ])
    }

    // MARK: Answers in the caller's terms

    /// A case as `context`'s caller is answered with it.
    func view(_ state: CouncilCase, _ context: CallContext) -> CaseView {
        let service = environment.cases
        let disclosure = context.caller.disclosure
        return CaseView(
            state: disclosure == .full ? state : state.maskingPersonalData(), submitterDisclosure: disclosure,
            allowedOperations: service.allowedOperations(for: state), deadlineState: service.deadlineState(of: state))
    }

    /// An event as `context`'s caller is answered with it.
    func mask(_ event: CaseEvent, _ context: CallContext) -> CaseEvent {
        context.caller.disclosure == .full ? event : event.maskingPersonalData()
    }

    /// `csv` if it fits in one response frame, with room for the envelope.
    func exportable(_ csv: String) throws -> [UInt8] {
        let bytes = Array(csv.utf8)
        let room = Int(limits.maxFrameBytes) - 1024
        guard bytes.count <= room else {
            throw WireError(
                .frameTooLarge,
                "the export is \(bytes.count) bytes, more than one frame of \(limits.maxFrameBytes) carries; narrow the query")
        }
        return bytes
    }

    // MARK: Server

    public func getServerInfo(_ request: GetServerInfoRequest, context: CallContext) async throws -> GetServerInfoResponse {
        GetServerInfoResponse(
            serverID: environment.serverID, serverVersion: environment.serverVersion,
            protocolVersions: [Int(WireProtocol.version)], serverTime: environment.clock.now(), limits: limits,
            district: environment.directory.district)
    }

    /// SERVING when the store can be read and written; NOT_SERVING when it cannot (a full disk included); DRAINING
    /// while the server shuts down. Writing is judged by ``WriteHealth``: from the calls' own writes while there are
    /// any, otherwise by a probe write at most every ten seconds.
    public func checkHealth(_ request: CheckHealthRequest, context: CallContext) async throws -> ServingStatus {
        if environment.isDraining { return .draining }
        do {
            _ = try await environment.store.latestSequence()
        } catch {
            return .notServing
        }
        return await writeHealth.check() == nil ? .serving : .notServing
    }
}
