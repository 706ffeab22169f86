import AsyncHTTPClient
import CouncilKit
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// A ``Notifier`` that POSTs each notification as signed JSON to the recipient's HTTPS endpoint: the petition
/// office, the grid platform, a unit's system, a messaging-app gateway.
///
/// ## The request
///
/// `POST` to the endpoint configured for the recipient's ``Recipient/key`` (`unit:UM`, `system:petition-office`,
/// or `*` for any other), with a ``WebhookPayload`` JSON body and these headers:
///
/// | header | value |
/// |---|---|
/// | `Content-Type` | `application/json; charset=utf-8` |
/// | `X-Council-Notification-Id` | the notification id: the same on every retry and replay — deduplicate on it |
/// | `X-Council-Timestamp` | Unix time in seconds when this attempt was signed |
/// | `X-Council-Signature` | `v1=` + lowercase hex HMAC-SHA256(secret, timestamp + "." + body) |
/// | `X-Council-Event` | the topic, for example `resolved` |
/// | `X-Council-Attempt` | the attempt number, from 1 |
///
/// ## Verifying it (receivers)
///
/// 1. Read the raw body bytes before parsing them.
/// 2. Compute HMAC-SHA256 with the endpoint's secret over the `X-Council-Timestamp` value exactly as sent, a full
///    stop, and the body bytes; hex-encode it in lowercase.
/// 3. Compare it with the part of `X-Council-Signature` after `v1=` in constant time; refuse on mismatch (401).
/// 4. Refuse a timestamp more than 5 minutes from your clock (a replayed capture).
/// 5. Answer 2xx once the notification is stored; if you already stored its `X-Council-Notification-Id`, answer
///    2xx again without acting twice.
///
/// ```python
/// mac = hmac.new(secret, headers["X-Council-Timestamp"].encode() + b"." + raw_body, hashlib.sha256).hexdigest()
/// ok = hmac.compare_digest("v1=" + mac, headers["X-Council-Signature"]) \
///      and abs(time.time() - int(headers["X-Council-Timestamp"])) <= 300
/// ```
///
/// In Swift, ``WebhookSignature/verify(body:timestampHeader:signatureHeader:secret:now:tolerance:)`` does steps
/// 2–4. `docs/webhooks.md` in the repository has the same procedure with more examples.
///
/// ## What the answer means
///
/// 2xx: delivered. 408 and 429: retried. Any other 4xx: permanent — the courier writes a dead letter for an
/// operator to replay once the receiver is fixed. 5xx, redirects, connection failures and timeouts: retried with
/// backoff. Redirects are not followed: a webhook's address is configuration.
public final class WebhookNotifier: Notifier {
    /// Where one recipient's notifications go.
    public struct Endpoint: Hashable, Sendable {
        /// The URL, `https://` in production (`http://` is accepted for loopback tests).
        public var url: String
        /// The shared secret the signature is made with: at least 32 random characters, one per endpoint.
        public var secret: String

        /// Creates an endpoint.
        public init(url: String, secret: String) {
            self.url = url
            self.secret = secret
        }
    }

    /// Endpoints and timeouts.
    public struct Configuration: Sendable {
        /// Endpoints by recipient key (`unit:UM`, `system:grid-platform`); the key `*` serves every other
        /// recipient. A notification for a recipient with no endpoint fails as permanent.
        public var endpoints: [String: Endpoint]
        /// How long a whole request may take, connecting included. Defaults to 10 seconds.
        public var requestTimeout: Duration
        /// How long connecting may take. Defaults to 5 seconds.
        public var connectTimeout: Duration
        /// The `User-Agent` header. Defaults to `CouncilHall-Webhook/1`.
        public var userAgent: String

        /// Creates a configuration without endpoints.
        public init() {
            self.init(endpoints: [:])
        }

        /// Creates a configuration.
        /// - Parameter endpoints: Endpoints by recipient key, `*` for every other recipient.
        public init(endpoints: [String: Endpoint]) {
            self.endpoints = endpoints
            self.requestTimeout = .seconds(10)
            self.connectTimeout = .seconds(5)
            self.userAgent = "CouncilHall-Webhook/1"
        }
    }

    /// The header carrying the notification id.
    public static let idHeader = "X-Council-Notification-Id"
    /// The header carrying the signing time, Unix seconds.
    public static let timestampHeader = "X-Council-Timestamp"
    /// The header carrying `v1=` and the HMAC.
    public static let signatureHeader = "X-Council-Signature"
    /// The header carrying the event topic.
    public static let eventHeader = "X-Council-Event"
    /// The header carrying the attempt number.
    public static let attemptHeader = "X-Council-Attempt"

    /// Endpoints and timeouts.
    public let configuration: Configuration
    private let client: HTTPClient
    private let ownsClient: Bool
    private let clock: any CouncilClock
    private let logger: Logger

    /// Creates a webhook notifier.
    ///
    /// - Parameters:
    ///   - configuration: Endpoints and timeouts.
    ///   - httpClient: The client to send with; by default the notifier makes its own, which ``shutdown()`` ends.
    ///   - clock: The clock requests are signed with.
    ///   - logger: Where deliveries and failures are logged: ids, topics, status codes; never bodies or secrets.
    /// - Throws: ``CouncilError/Code/invalidArgument`` naming an endpoint whose URL is not http(s) or whose secret
    ///   is empty.
    public init(
        configuration: Configuration, httpClient: HTTPClient? = nil, clock: any CouncilClock = SystemClock(),
        logger: Logger = Logger(label: "council.notifications.webhook")
    ) throws {
        for (key, endpoint) in configuration.endpoints.sorted(by: { $0.key < $1.key }) {
            guard let url = URL(string: endpoint.url), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
                url.host != nil
            else {
                throw CouncilError.invalid("webhook.endpoints.\(key).url", "the URL must be http(s) with a host")
            }
            guard !endpoint.secret.isEmpty else {
                throw CouncilError.invalid("webhook.endpoints.\(key).secret", "every endpoint needs a secret")
            }
        }
        self.configuration = configuration
        if let httpClient {
            self.client = httpClient
            self.ownsClient = false
        } else {
            var clientConfiguration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(connect: Self.timeAmount(configuration.connectTimeout), read: Self.timeAmount(configuration.requestTimeout)))
            clientConfiguration.httpVersion = .http1Only
            // The courier owns the retry policy: a refused connection fails this attempt at once instead of
            // being retried inside the client until the request times out.
            clientConfiguration.connectionPool.retryConnectionEstablishment = false
            self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
            self.ownsClient = true
        }
        self.clock = clock
        self.logger = logger
    }

    /// Shuts down the HTTP client the notifier made; does nothing for a client passed in.
    public func shutdown() async throws {
        if ownsClient { try await client.shutdown() }
    }

    public func deliver(_ notification: CaseNotification) async throws {
        guard let endpoint = configuration.endpoints[notification.recipient.key] ?? configuration.endpoints["*"] else {
            throw NotificationError.permanent("no webhook endpoint is configured for \(notification.recipient.key)")
        }
        let body = try Self.body(for: notification)
        let timestamp = clock.now().millisecondsSince1970 / 1000
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: Self.idHeader, value: notification.id)
        request.headers.add(name: Self.timestampHeader, value: String(timestamp))
        request.headers.add(name: Self.signatureHeader, value: WebhookSignature.sign(body: body, timestamp: timestamp, secret: endpoint.secret))
        request.headers.add(name: Self.eventHeader, value: notification.topic)
        request.headers.add(name: Self.attemptHeader, value: String(notification.attempt))
        request.body = .bytes(ByteBuffer(bytes: body))

        let status: Int
        do {
            let response = try await client.execute(request, timeout: Self.timeAmount(configuration.requestTimeout), logger: logger)
            status = Int(response.status.code)
            _ = try await response.body.collect(upTo: 1 << 20)
        } catch {
            try Task.checkCancellation()
            let failure = NotificationError.retryable("webhook request failed: \(Self.describe(error))")
            logger.notice("webhook not delivered", metadata: Self.metadata(notification, ["error": "\(failure.message)"]))
            throw failure
        }
        if let failure = Self.failure(forStatus: status) {
            logger.notice("webhook refused", metadata: Self.metadata(notification, ["status": "\(status)", "permanent": "\(failure.isPermanent)"]))
            throw failure
        }
        logger.debug("webhook delivered", metadata: Self.metadata(notification, ["status": "\(status)"]))
    }

    /// What an answer with `status` means: `nil` for delivered (2xx), retryable for 408, 429, 5xx and anything else
    /// unexpected, permanent for every other 4xx.
    public static func failure(forStatus status: Int) -> NotificationError? {
        switch status {
        case 200..<300: return nil
        case 408, 429: return .retryable("the receiver answered HTTP \(status)")
        case 400..<500: return .permanent("the receiver refused the notification with HTTP \(status)")
        default: return .retryable("the receiver answered HTTP \(status)")
        }
    }

    /// The JSON body for a notification: a ``WebhookPayload`` with sorted keys.
    public static func body(for notification: CaseNotification) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return Array(try encoder.encode(WebhookPayload(notification))) } catch {
            throw NotificationError.permanent("the notification could not be encoded as JSON")
        }
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// A terse, safe name for a transport error: AsyncHTTPClient's own errors by their description, others by type.
    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        return "\(type(of: error))"
    }

    private static func metadata(_ notification: CaseNotification, _ extra: Logger.Metadata) -> Logger.Metadata {
        notification.logMetadata.merging(extra) { $1 }
    }
}
