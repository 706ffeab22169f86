import CouncilAPI
import CouncilKit
import Synchronization

/// Counts failed sign-ins per peer address and per account, and slows both down after repeated failures.
///
/// A failure is a handshake refused for its credential: a wrong, unknown, revoked or expired key, a disabled account,
/// a revoked certificate. From the ``freeFailures``-th failure on, within ``window`` of the previous one, the next
/// refusal for that address (or account) is answered only after a wait that doubles with each failure, up to
/// ``maxDelay``. A valid credential is answered at once, so failures from a shared address (a NAT, a proxy) cannot
/// lock others out; parallel guessing is bounded by the per-address share of connections waiting for their handshake
/// (``ConnectionBudget``). A successful sign-in clears the account's count; an address's count lapses after
/// ``window``. Kept per node, in memory.
final class SignInGuard: Sendable {
    /// Failures answered without a wait.
    static let freeFailures = 3
    /// How long a count is kept after its last failure.
    static let window: Int64 = 15 * 60 * 1000
    /// The longest wait: below the 5 s clients wait for a handshake's answer, so a refusal reaches its client as a
    /// refusal, not a timeout. Keys are 256 random bits; the wait is there to make noise expensive, not guessing hard.
    static let maxDelay: Int64 = 3 * 1000

    private struct Count {
        var failures: Int
        var last: Timestamp
    }

    private struct State {
        var addresses: [String: Count] = [:]
        var accounts: [String: Count] = [:]
    }

    private let clock: any CouncilClock
    private let state = Mutex(State())

    init(clock: any CouncilClock) {
        self.clock = clock
    }

    /// How long to wait before refusing a handshake from `address` for `account`; zero when neither is slowed down.
    func delay(address: String, account: String?) -> Duration {
        let now = clock.now()
        let until = state.withLock { state in
            [state.addresses[address], account.flatMap { state.accounts[$0] }].compactMap { $0.flatMap { Self.delayedUntil($0, now) } }.max()
        }
        guard let until else { return .zero }
        return .milliseconds(until.millisecondsSince1970 - now.millisecondsSince1970)
    }

    /// A sign-in from `address` failed, for `account` when the credential named one.
    func failed(address: String, account: String?) {
        let now = clock.now()
        state.withLock { state in
            Self.count(&state.addresses[address], now)
            if let account { Self.count(&state.accounts[account], now) }
        }
    }

    /// `account` signed in: its count is cleared.
    func succeeded(account: String?) {
        guard let account else { return }
        state.withLock { _ = $0.accounts.removeValue(forKey: account) }
    }

    /// What operators see: every address and account with failures in the window, most failures first.
    func report() -> [SignInFailures] {
        let now = clock.now()
        return state.withLock { state in
            func rows(_ kind: String, _ counts: [String: Count]) -> [SignInFailures] {
                counts.filter { now.millisecondsSince1970 - $0.value.last.millisecondsSince1970 < Self.window }
                    .map { SignInFailures(kind: kind, subject: $0.key, failures: $0.value.failures, lastFailureAt: $0.value.last, delayedUntil: Self.delayedUntil($0.value, now)) }
                    .sorted { ($0.failures, $1.subject) > ($1.failures, $0.subject) }
            }
            return rows("address", state.addresses) + rows("account", state.accounts)
        }
    }

    private static func count(_ count: inout Count?, _ now: Timestamp) {
        if let current = count, now.millisecondsSince1970 - current.last.millisecondsSince1970 < window {
            count = Count(failures: current.failures + 1, last: now)
        } else {
            count = Count(failures: 1, last: now)
        }
    }

    private static func delayedUntil(_ count: Count, _ now: Timestamp) -> Timestamp? {
        guard count.failures >= freeFailures, now.millisecondsSince1970 - count.last.millisecondsSince1970 < window else { return nil }
        let delay = min(maxDelay, 1000 << min(20, count.failures - freeFailures))
        let until = count.last.adding(milliseconds: delay)
        return until > now ? until : nil
    }
}
