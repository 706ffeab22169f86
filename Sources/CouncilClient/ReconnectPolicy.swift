/// How a ``CouncilClient`` reconnects after the server sent GoAway (a restart, a deploy, an idle connection) or the
/// connection broke, and how long it keeps trying (``CouncilClient/Configuration/reconnect``).
///
/// The first attempt is made at once; after each failed attempt the client waits
/// ``initialDelay`` · ``multiplier``ⁿ⁻¹, at most ``maxDelay``, of which a random part (``jitter``) is taken off so that
/// many clients cut off together do not come back in step. After ``maxAttempts`` failed attempts the calls waiting for
/// the connection fail with UNAVAILABLE naming the last cause (reason `connectFailed` for a refused connection); the
/// next call starts over. Only an UNAVAILABLE failure to connect is retried: a refused key or TLS handshake fails at
/// once.
///
/// The defaults (100 ms doubling to 5 s, 10 attempts) ride out a councild restart of up to about 25 s.
public struct ReconnectPolicy: Sendable {
    /// How many times to try to connect again before giving up; 0 turns reconnecting off.
    public var maxAttempts: Int
    /// The wait after the first failed attempt. Default 100 ms (`Schemas/PROTOCOL.md` §4).
    public var initialDelay: Duration
    /// The factor each further wait grows by. Default 2.
    public var multiplier: Double
    /// The longest wait between two attempts. Default 5 s.
    public var maxDelay: Duration
    /// The largest part of each wait taken off at random, from 0 (none: exact waits) to 1 (anything from nothing to
    /// the full wait). Default 0.5.
    public var jitter: Double
    /// Waits; `Task.sleep` unless a test stands in its own clock.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A random number in `0..<1`; the system's generator unless a test stands in its own.
    public var random: @Sendable () -> Double

    /// Creates a policy; the defaults are those of ``standard``.
    public init(
        maxAttempts: Int = 10, initialDelay: Duration = .milliseconds(100), multiplier: Double = 2,
        maxDelay: Duration = .seconds(5), jitter: Double = 0.5,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.sleep = sleep
        self.random = random
    }

    /// Reconnects with the defaults: 10 attempts, 100 ms doubling to 5 s, half of each wait jittered.
    public static var standard: ReconnectPolicy { ReconnectPolicy() }

    /// Never reconnects on its own: a call the connection fails under fails with it (the next call opens a new
    /// connection).
    public static var disabled: ReconnectPolicy { ReconnectPolicy(maxAttempts: 0) }

    /// Whether the client reconnects and retries on its own.
    public var isEnabled: Bool { maxAttempts > 0 }

    /// The wait after the `failures`-th failed attempt (1 for the first), jitter included.
    public func delay(afterFailure failures: Int) -> Duration {
        var full = initialDelay.seconds
        for _ in 1..<max(failures, 1) where full < maxDelay.seconds { full *= multiplier }
        full = min(full, maxDelay.seconds)
        let taken = min(max(jitter, 0), 1) * min(max(random(), 0), 1)
        return .nanoseconds(Int64((full * (1 - taken) * 1e9).rounded()))
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
